package backtest

import "krmarket/backend/market"

// RegimeBars is how many index closes Regime needs (the SMA60).
const RegimeBars = 60

// Regime classifies the market on the last of closes (oldest first):
// close > SMA20 > SMA60 is KR_BULLISH, close < SMA20 < SMA60 is KR_BEARISH,
// anything else KR_NEUTRAL. With fewer than 60 closes it is KR_NEUTRAL (the
// original's "no data" default is neutral too). This is the price part of the
// original's MarketRegime; its "foreign net buying" condition has no market-
// wide flow series here and is left out.
func Regime(closes []float64) string {
	n := len(closes)
	if n < RegimeBars {
		return Neutral
	}
	var s20, s60 float64
	for i, c := range closes[n-RegimeBars:] {
		s60 += c
		if i >= RegimeBars-20 {
			s20 += c
		}
	}
	last, sma20, sma60 := closes[n-1], s20/20, s60/RegimeBars
	switch {
	case last > sma20 && sma20 > sma60:
		return Bullish
	case last < sma20 && sma20 < sma60:
		return Bearish
	}
	return Neutral
}

// regimeOn is Regime over the index bars up to and including day t.
func regimeOn(index []market.Bar, t int64) string {
	end := atOrBefore(index, t) + 1
	from := max(0, end-RegimeBars)
	closes := make([]float64, 0, RegimeBars)
	for _, b := range index[from:end] {
		closes = append(closes, b.Close)
	}
	return Regime(closes)
}

// atOrBefore is the index of the last bar with Time ≤ t, or −1.
func atOrBefore(bars []market.Bar, t int64) int {
	lo, hi := 0, len(bars) // first index with Time > t
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if bars[m].Time <= t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// on is the index of the bar dated t, or −1.
func on(bars []market.Bar, t int64) int {
	if i := atOrBefore(bars, t); i >= 0 && bars[i].Time == t {
		return i
	}
	return -1
}
