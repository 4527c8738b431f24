package backtest

import (
	"fmt"
	"math"

	"krmarket/backend/analysis/exits"
)

// Market regimes (the original's MarketRegime enum, price part only).
const (
	Bullish = "KR_BULLISH" // KOSPI close > SMA20 > SMA60
	Neutral = "KR_NEUTRAL" // anything else, and too little index history
	Bearish = "KR_BEARISH" // KOSPI close < SMA20 < SMA60
)

// Config is one backtest's settings (api-reference §8). Percentages are
// percent (0.015 = 0.015 %).
type Config struct {
	// MinScore is the lowest signal score (0–100) that is traded.
	MinScore float64 `json:"min_score"`
	// Exits are the exit rules; StopLossPct must be > 0 (the R-multiple is
	// measured against the stop).
	Exits exits.Rules `json:"exits"`
	// InitialCapital is the starting cash in KRW.
	InitialCapital float64 `json:"initial_capital"`
	// PositionSizePct is the share of CURRENT cash put into one position,
	// scaled by 0.8 + 0.4·score/100.
	PositionSizePct float64 `json:"position_size_pct"`
	// MaxPositions caps the positions held at once.
	MaxPositions int `json:"max_positions"`
	// CommissionPct is charged on each side (buy and sell) on the traded value.
	CommissionPct float64 `json:"commission_pct"`
	// SlippagePct is applied ONCE per round trip, at entry: the fill price is
	// the open × (1 + SlippagePct/100). Exits fill at the exit rule's price.
	SlippagePct float64 `json:"slippage_pct"`
	// TaxPct is the KR securities transaction tax, charged on EVERY sale's
	// value (the original charged it only on profitable exits, which is
	// wrong: Korea taxes the sale, not the gain).
	TaxPct float64 `json:"tax_pct"`
	// UseUSDKRWGate skips new entries on days when USD/KRW (KRW=X) closes
	// above USDKRWMax.
	UseUSDKRWGate bool    `json:"use_usd_krw_gate"`
	USDKRWMax     float64 `json:"usd_krw_max"`
	// AllowedRegimes are the KOSPI regimes in which new entries are taken.
	AllowedRegimes []string `json:"allowed_regimes"`
}

// Default is §8's default column.
func Default() Config {
	return Config{
		MinScore:        60,
		Exits:           exits.Rules{StopLossPct: 5, TakeProfitPct: 15, TrailingStopPct: 5, MaxHoldDays: 15},
		InitialCapital:  100_000_000,
		PositionSizePct: 10,
		MaxPositions:    10,
		CommissionPct:   0.015,
		SlippagePct:     0.1,
		TaxPct:          0.23,
		UseUSDKRWGate:   true,
		USDKRWMax:       1400,
		AllowedRegimes:  []string{Bullish, Neutral},
	}
}

// Conservative is §8's conservative() column.
func Conservative() Config {
	c := Default()
	c.MinScore = 70
	c.Exits = exits.Rules{StopLossPct: 3, TakeProfitPct: 10, TrailingStopPct: 4, MaxHoldDays: 10}
	c.PositionSizePct = 5
	c.MaxPositions = 5
	return c
}

// Aggressive is §8's aggressive() column.
func Aggressive() Config {
	c := Default()
	c.MinScore = 50
	c.Exits = exits.Rules{StopLossPct: 7, TakeProfitPct: 25, TrailingStopPct: 6, MaxHoldDays: 20}
	c.PositionSizePct = 15
	c.MaxPositions = 15
	return c
}

// Preset returns a named configuration: default, conservative or aggressive.
func Preset(name string) (Config, bool) {
	switch name {
	case "", "default":
		return Default(), true
	case "conservative":
		return Conservative(), true
	case "aggressive":
		return Aggressive(), true
	}
	return Config{}, false
}

// Limits accepted by Validate.
const (
	MinCapital    = 100_000           // KRW
	MaxCapital    = 1_000_000_000_000 // KRW (1 trillion)
	MaxPositions  = 100
	MaxHoldDays   = 250 // trading days
	MaxCostPct    = 5   // commission, slippage and tax each
	MaxStopLoss   = 50
	MaxTrailing   = 50
	MaxTakeProfit = exits.MaxTakeProfitPct
)

// Validate reports the first setting out of range. Every error names the
// JSON field.
func (c Config) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	in := func(name string, v, lo, hi float64) error {
		if !finite(v) || v < lo || v > hi {
			return fmt.Errorf("%s %v: want %g–%g", name, v, lo, hi)
		}
		return nil
	}
	e := c.Exits
	checks := []error{
		in("min_score", c.MinScore, 0, 100),
		in("initial_capital", c.InitialCapital, MinCapital, MaxCapital),
		in("commission_pct", c.CommissionPct, 0, MaxCostPct),
		in("slippage_pct", c.SlippagePct, 0, MaxCostPct),
		in("tax_pct", c.TaxPct, 0, MaxCostPct),
		in("take_profit_pct", e.TakeProfitPct, 0, MaxTakeProfit),
		in("trailing_stop_pct", e.TrailingStopPct, 0, MaxTrailing),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	switch {
	case !finite(e.StopLossPct) || e.StopLossPct <= 0 || e.StopLossPct > MaxStopLoss:
		return fmt.Errorf("stop_loss_pct %v: want more than 0, at most %d", e.StopLossPct, MaxStopLoss)
	case e.MaxHoldDays < 0 || e.MaxHoldDays > MaxHoldDays:
		return fmt.Errorf("max_hold_days %d: want 0 (off) to %d", e.MaxHoldDays, MaxHoldDays)
	case !finite(c.PositionSizePct) || c.PositionSizePct <= 0 || c.PositionSizePct > 100:
		return fmt.Errorf("position_size_pct %v: want more than 0, at most 100", c.PositionSizePct)
	case c.MaxPositions < 1 || c.MaxPositions > MaxPositions:
		return fmt.Errorf("max_positions %d: want 1–%d", c.MaxPositions, MaxPositions)
	case c.UseUSDKRWGate && (!finite(c.USDKRWMax) || c.USDKRWMax <= 0):
		return fmt.Errorf("usd_krw_max %v: want a positive rate", c.USDKRWMax)
	}
	if len(c.AllowedRegimes) == 0 {
		return fmt.Errorf("allowed_regimes: name at least one of %s, %s, %s", Bullish, Neutral, Bearish)
	}
	for _, r := range c.AllowedRegimes {
		if r != Bullish && r != Neutral && r != Bearish {
			return fmt.Errorf("allowed_regimes: %q is not %s, %s or %s", r, Bullish, Neutral, Bearish)
		}
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return nil
}

// allows reports whether regime r is allowed.
func (c Config) allows(r string) bool {
	for _, a := range c.AllowedRegimes {
		if a == r {
			return true
		}
	}
	return false
}
