// Package exits decides when a long position is closed. It is the single
// exit model shared by the KR signal ledger (backend/kr/ledger) and the
// backtests, replacing the original's "compare today's close with the
// thresholds, count calendar days" check (api-reference §8). Pure code: no
// I/O, no clock.
//
// # Semantics (First)
//
// A position is bought at entry. bars[0] is the first bar on which an exit may
// happen: the ledger enters at the signal day's close, so its bars start the
// day after; a backtest entering at the next open passes the entry bar
// itself. Bars are scanned oldest first; the first rule that fires wins.
// HoldDays of an exit on bars[i] is i+1 (trading days = bars, never calendar
// days).
//
// For each bar, in this order:
//
//  1. STOP_LOSS (StopLossPct > 0): stop = entry·(1−StopLossPct/100). If the
//     bar opens at/below the stop the exit is at the open (gap down);
//     otherwise, if its low touches the stop, the exit is at the stop.
//  2. TAKE_PROFIT (TakeProfitPct > 0): target = entry·(1+TakeProfitPct/100).
//     If the bar opens at/above the target the exit is at the open (gap up);
//     otherwise, if its high touches the target, the exit is at the target.
//     A bar touching both the stop and the target exits at the stop: the
//     intrabar order is unknown, so the conservative outcome is assumed.
//  3. TRAILING_STOP (TrailingStopPct > 0): peak = the highest of entry and
//     the highs of the bars BEFORE the current one (the current bar's high is
//     not used: no intrabar look-ahead); level = peak·(1−TrailingStopPct/100).
//     The trail is only active when level > entry (it locks in a profit; below
//     that the stop loss is the protection). When the bar's low ≤ level the
//     exit is at min(open, level).
//  4. TIME_EXIT (MaxHoldDays > 0): at the close of the bar whose HoldDays
//     equals MaxHoldDays.
//
// Bar hygiene: a bar whose close is not a finite positive number cannot be
// judged, so the scan stops there and the position is reported open. Missing
// (non-positive or non-finite) open/high/low values — KRX reports 0 for a
// halted day — are replaced by the close, and the range is widened to cover
// open and close (low = min(low, open, close), high = max(high, open,
// close)), so an exit price always lies within the bar's [low, high].
package exits

import (
	"fmt"
	"math"

	"krmarket/backend/market"
)

// Exit reasons.
const (
	StopLoss     = "STOP_LOSS"
	TakeProfit   = "TAKE_PROFIT"
	TrailingStop = "TRAILING_STOP"
	TimeExit     = "TIME_EXIT"
)

// Rules are the exit thresholds; a zero value switches a rule off.
type Rules struct {
	StopLossPct     float64 `json:"stop_loss_pct" doc:"close when the price falls this percent below entry (gap: at the open); 0 = off (default 7)"`                   // default 7; 0 = off
	TakeProfitPct   float64 `json:"take_profit_pct" doc:"close when the price rises this percent above entry (gap: at the open); 0 = off (default 15)"`                // default 15; 0 = off
	TrailingStopPct float64 `json:"trailing_stop_pct" doc:"close this percent below the highest high since entry once that level is above entry; 0 = off (default 5)"` // default 5; 0 = off
	MaxHoldDays     int     `json:"max_hold_days" doc:"close at the close of this many TRADING days held; 0 = off (default 5)"`                                        // TRADING days (bars), default 5; 0 = off
}

// DefaultRules are the ledger's defaults: −7 % stop, +15 % target, 5 %
// trailing stop, exit after 5 trading days.
func DefaultRules() Rules {
	return Rules{StopLossPct: 7, TakeProfitPct: 15, TrailingStopPct: 5, MaxHoldDays: 5}
}

// Limits accepted by Validate.
const (
	MaxTakeProfitPct = 1000
	MaxHoldDaysLimit = 3650
)

// Validate reports the first invalid threshold: percentages must be finite,
// stop loss and trailing stop in [0, 100), take profit in [0, 1000], and
// MaxHoldDays in [0, 3650].
func (r Rules) Validate() error {
	pct := func(name string, v, max float64, inclusive bool) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > max || (!inclusive && v == max) {
			op := ")"
			if inclusive {
				op = "]"
			}
			return fmt.Errorf("exits: %s must be in [0, %g%s, got %v", name, max, op, v)
		}
		return nil
	}
	if err := pct("stop_loss_pct", r.StopLossPct, 100, false); err != nil {
		return err
	}
	if err := pct("take_profit_pct", r.TakeProfitPct, MaxTakeProfitPct, true); err != nil {
		return err
	}
	if err := pct("trailing_stop_pct", r.TrailingStopPct, 100, false); err != nil {
		return err
	}
	if r.MaxHoldDays < 0 || r.MaxHoldDays > MaxHoldDaysLimit {
		return fmt.Errorf("exits: max_hold_days must be in [0, %d], got %d", MaxHoldDaysLimit, r.MaxHoldDays)
	}
	return nil
}

// Exit is where and why a position was closed.
type Exit struct {
	Index    int     // index into the bars passed to First
	Price    float64 // fill price
	Reason   string  // StopLoss, TakeProfit, TrailingStop or TimeExit
	HoldDays int     // trading days held = Index+1
}

// First returns the first exit of a long position bought at entry, scanning
// bars in order (see the package doc for the rules). ok=false: the position
// is still open after the last usable bar, or entry is not a finite positive
// number.
func First(entry float64, bars []market.Bar, r Rules) (Exit, bool) {
	if !finitePos(entry) {
		return Exit{}, false
	}
	stop := entry - entry*r.StopLossPct/100
	target := entry + entry*r.TakeProfitPct/100
	peak := entry
	for i, raw := range bars {
		b, ok := clean(raw)
		if !ok {
			return Exit{}, false
		}
		hold := i + 1
		switch {
		case r.StopLossPct > 0 && b.Open <= stop:
			return Exit{i, b.Open, StopLoss, hold}, true
		case r.StopLossPct > 0 && b.Low <= stop:
			return Exit{i, stop, StopLoss, hold}, true
		case r.TakeProfitPct > 0 && b.Open >= target:
			return Exit{i, b.Open, TakeProfit, hold}, true
		case r.TakeProfitPct > 0 && b.High >= target:
			return Exit{i, target, TakeProfit, hold}, true
		}
		if r.TrailingStopPct > 0 {
			level := peak - peak*r.TrailingStopPct/100
			if level > entry && b.Low <= level {
				return Exit{i, math.Min(b.Open, level), TrailingStop, hold}, true
			}
		}
		if r.MaxHoldDays > 0 && hold == r.MaxHoldDays {
			return Exit{i, b.Close, TimeExit, hold}, true
		}
		peak = math.Max(peak, b.High)
	}
	return Exit{}, false
}

// Usable reports how many leading bars First can judge: the index of the
// first bar whose close is not a finite positive number, or len(bars).
func Usable(bars []market.Bar) int {
	for i, b := range bars {
		if _, ok := clean(b); !ok {
			return i
		}
	}
	return len(bars)
}

// clean fills missing open/high/low with the close and widens the range to
// cover open and close; ok=false when the close itself is unusable.
func clean(b market.Bar) (market.Bar, bool) {
	if !finitePos(b.Close) {
		return b, false
	}
	if !finitePos(b.Open) {
		b.Open = b.Close
	}
	if !finitePos(b.High) {
		b.High = b.Close
	}
	if !finitePos(b.Low) {
		b.Low = b.Close
	}
	b.Low = math.Min(b.Low, math.Min(b.Open, b.Close))
	b.High = math.Max(b.High, math.Max(b.Open, b.Close))
	return b, true
}

func finitePos(v float64) bool { return v > 0 && !math.IsInf(v, 0) }
