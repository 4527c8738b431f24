package backtest

import (
	"math"
	"strconv"
	"time"

	bt "krmarket/backend/analysis/backtest"
	"krmarket/backend/contract"
)

// Params are the query parameters of GET /api/kr/backtest. Nil overrides
// keep the preset's value.
type Params struct {
	Start, End string // YYYY-MM-DD; "" = the last DefaultDays trading days stored
	Preset     string // default, conservative or aggressive

	MinScore        *float64
	StopLossPct     *float64
	TakeProfitPct   *float64
	TrailingStopPct *float64
	MaxHoldDays     *int
	MaxPositions    *int
	PositionSizePct *float64
	InitialCapital  *float64
}

// DefaultDays is the run's length when no start is given.
const DefaultDays = 250

// MaxSpanDays bounds a run (about ten years of trading days).
const MaxSpanDays = 2520

// limit is one numeric parameter's accepted range.
type limit struct {
	name         string
	lo, hi       float64
	loOpen       bool // lo itself is not accepted
	integer      bool
	description  string
	floatTarget  func(*Params) **float64
	intTarget    func(*Params) **int
	exampleValue string
}

// Limits lists the numeric overrides, their ranges and meaning (the API
// table documents them from here).
var limits = []limit{
	{name: "min_score", lo: 0, hi: 100, description: "lowest signal score traded (0–100)", exampleValue: "60",
		floatTarget: func(p *Params) **float64 { return &p.MinScore }},
	{name: "stop_loss_pct", lo: 0, hi: bt.MaxStopLoss, loOpen: true, description: "stop loss below the entry, % (more than 0, at most 50)", exampleValue: "5",
		floatTarget: func(p *Params) **float64 { return &p.StopLossPct }},
	{name: "take_profit_pct", lo: 0, hi: bt.MaxTakeProfit, description: "profit target above the entry, % (0 = off, at most 1000)", exampleValue: "15",
		floatTarget: func(p *Params) **float64 { return &p.TakeProfitPct }},
	{name: "trailing_stop_pct", lo: 0, hi: bt.MaxTrailing, description: "trailing stop below the highest high, % (0 = off, at most 50)", exampleValue: "5",
		floatTarget: func(p *Params) **float64 { return &p.TrailingStopPct }},
	{name: "max_hold_days", lo: 0, hi: bt.MaxHoldDays, integer: true, description: "time exit after this many trading days (0 = off, at most 250)", exampleValue: "15",
		intTarget: func(p *Params) **int { return &p.MaxHoldDays }},
	{name: "max_positions", lo: 1, hi: bt.MaxPositions, integer: true, description: "positions held at once (1–100)", exampleValue: "10",
		intTarget: func(p *Params) **int { return &p.MaxPositions }},
	{name: "position_size_pct", lo: 0, hi: 100, loOpen: true, description: "share of current cash per position, % (more than 0, at most 100)", exampleValue: "10",
		floatTarget: func(p *Params) **float64 { return &p.PositionSizePct }},
	{name: "initial_capital", lo: bt.MinCapital, hi: bt.MaxCapital, description: "starting cash, KRW (100,000 to 1,000,000,000,000)", exampleValue: "100000000",
		floatTarget: func(p *Params) **float64 { return &p.InitialCapital }},
}

// ParamDoc describes one numeric parameter.
type ParamDoc struct{ Name, Description, Example string }

// NumericParams documents the numeric overrides, in order.
func NumericParams() []ParamDoc {
	out := make([]ParamDoc, len(limits))
	for i, l := range limits {
		out[i] = ParamDoc{l.name, l.description, l.exampleValue}
	}
	return out
}

// Presets are the accepted preset names.
var Presets = []string{"default", "conservative", "aggressive"}

// ParseParams reads and checks the query parameters; every problem is a
// 400 with a code naming the parameter.
func ParseParams(q map[string]string) (Params, error) {
	p := Params{Start: q["start"], End: q["end"], Preset: q["preset"]}
	if p.Preset == "" {
		p.Preset = "default"
	}
	if _, ok := bt.Preset(p.Preset); !ok {
		return p, contract.BadRequest("invalid_preset", "preset %q: want default, conservative or aggressive", p.Preset)
	}
	var start, end time.Time
	for _, d := range []struct {
		name string
		v    string
		dst  *time.Time
	}{{"start", p.Start, &start}, {"end", p.End, &end}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.v)
		if err != nil {
			return p, contract.BadRequest("invalid_"+d.name, "%s %q is not a date in YYYY-MM-DD form", d.name, d.v)
		}
		*d.dst = t
	}
	if p.Start != "" && p.End != "" && end.Before(start) {
		return p, contract.BadRequest("invalid_range", "end %s is before start %s", p.End, p.Start)
	}
	for _, l := range limits {
		s, ok := q[l.name]
		if !ok || s == "" {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || (l.integer && v != math.Trunc(v)) {
			kind := "a number"
			if l.integer {
				kind = "a whole number"
			}
			return p, contract.BadRequest("invalid_"+l.name, "%s %q is not %s", l.name, s, kind)
		}
		if v < l.lo || v > l.hi || (l.loOpen && v == l.lo) {
			return p, contract.BadRequest("invalid_"+l.name, "%s %s is out of range: %s", l.name, s, l.description)
		}
		if l.integer {
			n := int(v)
			*l.intTarget(&p) = &n
		} else {
			*l.floatTarget(&p) = &v
		}
	}
	return p, nil
}

// Config is the preset with the overrides applied.
func (p Params) Config() (bt.Config, error) {
	cfg, ok := bt.Preset(p.Preset)
	if !ok {
		return cfg, contract.BadRequest("invalid_preset", "preset %q: want default, conservative or aggressive", p.Preset)
	}
	setF := func(dst *float64, v *float64) {
		if v != nil {
			*dst = *v
		}
	}
	setF(&cfg.MinScore, p.MinScore)
	setF(&cfg.Exits.StopLossPct, p.StopLossPct)
	setF(&cfg.Exits.TakeProfitPct, p.TakeProfitPct)
	setF(&cfg.Exits.TrailingStopPct, p.TrailingStopPct)
	setF(&cfg.PositionSizePct, p.PositionSizePct)
	setF(&cfg.InitialCapital, p.InitialCapital)
	if p.MaxHoldDays != nil {
		cfg.Exits.MaxHoldDays = *p.MaxHoldDays
	}
	if p.MaxPositions != nil {
		cfg.MaxPositions = *p.MaxPositions
	}
	if err := cfg.Validate(); err != nil {
		return cfg, contract.BadRequest("invalid_config", "%v", err)
	}
	return cfg, nil
}
