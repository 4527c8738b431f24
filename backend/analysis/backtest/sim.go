package backtest

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"krmarket/backend/analysis/exits"
	"krmarket/backend/market"
)

// ErrNoDays is returned when no stock has a bar in [Start, End].
var ErrNoDays = errors.New("backtest: no stock has a bar in the range")

// position is an open holding.
type position struct {
	stock     int
	signal    int64 // signal date
	entryIdx  int   // index of the entry bar in the stock's bars
	entry     float64
	qty       int64
	cost      float64 // qty × entry + buy commission
	buyFee    float64
	score     float64
	lastClose float64
	lastIdx   int // index of the latest bar seen (mark and hold days)
}

// order is a decision taken at a close, filled at the next open.
type order struct {
	stock  int
	signal int64
	score  float64
}

// sim is the state of one run.
type sim struct {
	in     Input
	cfg    Config
	cash   float64
	pos    []position
	orders []order

	trades   []ClosedTrade
	curve    []EquityPoint
	equity   []float64
	peak     float64
	fees     float64
	tax      float64
	slippage float64
	stats    SignalStats
	regimes  map[string]int
	gateDays int
}

// Run simulates cfg over in. It fails on an invalid config or a range with
// no trading day.
func Run(in Input, cfg Config) (Result, error) { return run(in, cfg, nil) }

// run is Run with a hook called after each day's decisions (tests).
func run(in Input, cfg Config, decided func(d int64, orders []order)) (Result, error) {
	if err := cfg.Validate(); err != nil {
		return Result{}, fmt.Errorf("backtest config: %w", err)
	}
	if in.End < in.Start {
		return Result{}, fmt.Errorf("backtest: end %s before start %s", day(in.End), day(in.Start))
	}
	dates := tradingDays(in)
	if len(dates) == 0 {
		return Result{}, ErrNoDays
	}
	bySym := make(map[string]int, len(in.Stocks))
	for i, s := range in.Stocks {
		bySym[s.Symbol] = i
	}
	signals := groupSignals(in.Signals, bySym)
	s := &sim{in: in, cfg: cfg, cash: cfg.InitialCapital, peak: cfg.InitialCapital, regimes: map[string]int{Bullish: 0, Neutral: 0, Bearish: 0}}
	for i, d := range dates {
		s.fill(d)
		s.exit(d)
		s.mark(d)
		regime := regimeOn(in.Index, d)
		s.regimes[regime]++
		gate := s.gateClosed(d)
		if gate {
			s.gateDays++
		}
		if i < len(dates)-1 {
			s.decide(d, signals[d], regime, gate)
		}
		if decided != nil {
			decided(d, s.orders)
		}
	}
	return s.result(), nil
}

// tradingDays is in.Days within [Start, End], or the sorted union of the
// stocks' bar dates in that range.
func tradingDays(in Input) []int64 {
	if in.Days != nil {
		var out []int64
		for _, d := range in.Days {
			if d >= in.Start && d <= in.End && (len(out) == 0 || d > out[len(out)-1]) {
				out = append(out, d)
			}
		}
		return out
	}
	seen := map[int64]bool{}
	for _, s := range in.Stocks {
		for _, b := range s.Bars {
			if b.Time >= in.Start && b.Time <= in.End {
				seen[b.Time] = true
			}
		}
	}
	out := make([]int64, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

type daySignal struct {
	stock int
	score float64
}

// groupSignals groups the signals of known stocks by date, one per stock
// and day (the highest score), highest score first (ties: input order of
// the stocks).
func groupSignals(sigs []Signal, bySym map[string]int) map[int64][]daySignal {
	best := map[[2]int64]float64{}
	for _, g := range sigs {
		i, ok := bySym[g.Symbol]
		if !ok || math.IsNaN(g.Score) {
			continue
		}
		k := [2]int64{g.Time, int64(i)}
		if v, seen := best[k]; !seen || g.Score > v {
			best[k] = g.Score
		}
	}
	out := map[int64][]daySignal{}
	for k, v := range best {
		out[k[0]] = append(out[k[0]], daySignal{stock: int(k[1]), score: v})
	}
	for _, list := range out {
		sort.Slice(list, func(i, j int) bool {
			if list[i].score != list[j].score {
				return list[i].score > list[j].score
			}
			return list[i].stock < list[j].stock
		})
	}
	return out
}

// fill executes yesterday's orders at today's open.
func (s *sim) fill(d int64) {
	for _, o := range s.orders {
		st := &s.in.Stocks[o.stock]
		j := on(st.Bars, d)
		if j < 0 || !(st.Bars[j].Open > 0) || math.IsInf(st.Bars[j].Open, 0) {
			s.stats.Skipped.NoNextBar++
			continue
		}
		if len(s.pos) >= s.cfg.MaxPositions {
			s.stats.Skipped.MaxPositions++
			continue
		}
		open := st.Bars[j].Open
		price := open * (1 + s.cfg.SlippagePct/100)
		value := s.cash * s.cfg.PositionSizePct / 100 * (0.8 + 0.4*o.score/100)
		qty := max(int64(1), int64(math.Floor(value/price)))
		fee := float64(qty) * price * s.cfg.CommissionPct / 100
		cost := float64(qty)*price + fee
		if cost > s.cash {
			s.stats.Skipped.Cash++
			continue
		}
		s.cash -= cost
		s.fees += fee
		s.slippage += float64(qty) * (price - open)
		s.stats.Entered++
		s.pos = append(s.pos, position{stock: o.stock, signal: o.signal, entryIdx: j, entry: price, qty: qty,
			cost: cost, buyFee: fee, score: o.score, lastClose: st.Bars[j].Close, lastIdx: j})
	}
	s.orders = s.orders[:0]
}

// exit closes the positions whose exit rule fires on day d.
func (s *sim) exit(d int64) {
	kept := s.pos[:0]
	for _, p := range s.pos {
		st := &s.in.Stocks[p.stock]
		j := on(st.Bars, d)
		if j < 0 {
			kept = append(kept, p)
			continue
		}
		// Only the bars from the entry bar through today: no look-ahead.
		ex, ok := exits.First(p.entry, st.Bars[p.entryIdx:j+1], s.cfg.Exits)
		if !ok {
			kept = append(kept, p)
			continue
		}
		s.close(p, st, p.entryIdx+ex.Index, ex)
	}
	s.pos = kept
}

// close books the sale of p at ex.
func (s *sim) close(p position, st *Stock, idx int, ex exits.Exit) {
	gross := float64(p.qty) * ex.Price
	fee := gross * s.cfg.CommissionPct / 100
	tax := gross * s.cfg.TaxPct / 100 // every sale is taxed, win or lose
	net := gross - fee - tax
	s.cash += net
	s.fees += fee
	s.tax += tax
	pnl := net - p.cost
	risk := float64(p.qty) * p.entry * s.cfg.Exits.StopLossPct / 100
	s.trades = append(s.trades, ClosedTrade{
		Ticker: st.Ticker, Symbol: st.Symbol, Name: st.Name,
		SignalDate: day(p.signal), EntryDate: st.Bars[p.entryIdx].Date(), EntryPrice: p.entry,
		ExitDate: st.Bars[idx].Date(), ExitPrice: ex.Price, Quantity: p.qty, Reason: ex.Reason,
		ReturnPct: pnl / p.cost * 100, PnL: pnl, RMultiple: pnl / risk, HoldDays: ex.HoldDays,
		Score: p.score, Fees: p.buyFee + fee, Tax: tax,
	})
}

// mark adds day d to the equity curve.
func (s *sim) mark(d int64) {
	eq := s.cash
	for i := range s.pos {
		p := &s.pos[i]
		bars := s.in.Stocks[p.stock].Bars
		if j := on(bars, d); j >= 0 && bars[j].Close > 0 && !math.IsInf(bars[j].Close, 0) {
			p.lastClose, p.lastIdx = bars[j].Close, j
		}
		eq += float64(p.qty) * p.lastClose
	}
	s.peak = max(s.peak, eq)
	s.equity = append(s.equity, eq)
	s.curve = append(s.curve, EquityPoint{Date: day(d), Equity: eq, Cash: s.cash, Positions: len(s.pos),
		DrawdownPct: (s.peak - eq) / s.peak * 100})
}

// gateClosed reports whether USD/KRW closed above the gate on day d (its
// latest close at or before d; no data: open).
func (s *sim) gateClosed(d int64) bool {
	if !s.cfg.UseUSDKRWGate {
		return false
	}
	i := atOrBefore(s.in.USDKRW, d)
	return i >= 0 && s.in.USDKRW[i].Close > s.cfg.USDKRWMax
}

// decide turns day d's signals into orders for the next open.
func (s *sim) decide(d int64, sigs []daySignal, regime string, gate bool) {
	for _, g := range sigs {
		s.stats.Total++
		switch {
		case g.score < s.cfg.MinScore:
			s.stats.Skipped.BelowMinScore++
		case !s.cfg.allows(regime):
			s.stats.Skipped.Regime++
		case gate:
			s.stats.Skipped.USDKRW++
		case s.holds(g.stock):
			s.stats.Skipped.Held++
		case len(s.pos)+len(s.orders) >= s.cfg.MaxPositions:
			s.stats.Skipped.MaxPositions++
		default:
			s.orders = append(s.orders, order{stock: g.stock, signal: d, score: g.score})
		}
	}
}

// holds reports whether a stock is held or already ordered.
func (s *sim) holds(stock int) bool {
	for _, p := range s.pos {
		if p.stock == stock {
			return true
		}
	}
	for _, o := range s.orders {
		if o.stock == stock {
			return true
		}
	}
	return false
}

// result builds the report.
func (s *sim) result() Result {
	r := Result{Config: s.cfg, EquityCurve: s.curve, Trades: s.trades, SignalStats: s.stats,
		RegimeDays: s.regimes, GateDays: s.gateDays, OpenPositions: []OpenPosition{}}
	if r.Trades == nil {
		r.Trades = []ClosedTrade{}
	}
	var unreal float64
	for _, p := range s.pos {
		st := &s.in.Stocks[p.stock]
		mv := float64(p.qty) * p.lastClose
		unreal += mv - p.cost
		r.OpenPositions = append(r.OpenPositions, OpenPosition{
			Ticker: st.Ticker, Symbol: st.Symbol, Name: st.Name, SignalDate: day(p.signal),
			EntryDate: st.Bars[p.entryIdx].Date(), EntryPrice: p.entry, Quantity: p.qty,
			LastDate: st.Bars[p.lastIdx].Date(), LastPrice: p.lastClose, MarketValue: mv,
			UnrealizedPnL: mv - p.cost, UnrealizedPct: (mv - p.cost) / p.cost * 100,
			HoldDays: p.lastIdx - p.entryIdx + 1, Score: p.score,
		})
	}
	r.Performance = summarize(s.trades, s.equity, s.cfg.InitialCapital)
	r.Performance.TotalFees, r.Performance.TotalTax, r.Performance.TotalSlippage = s.fees, s.tax, s.slippage
	r.Performance.UnrealizedPnL = unreal
	r.ByExitReason = byReason(s.trades)
	roundResult(&r)
	return r
}

func day(t int64) string { return market.Bar{Time: t}.Date() }
