package gate

import "krmarket/backend/indicator"

// Regimes of the simple market status (api-reference K1).
const (
	RiskOn  = "RISK_ON"
	RiskOff = "RISK_OFF"
	// Neutral ("NEUTRAL") is shared with the score signals.
)

// RegimeBars is the fewest closes Regime needs (the SMA200).
const RegimeBars = 200

// Regime is K1's market regime of a proxy's daily closes (oldest first):
// RISK_ON (80) when close > SMA200 and SMA20 > SMA50; RISK_OFF (20) when
// close < SMA200 and SMA20 < SMA50; else NEUTRAL (50). Fewer than
// RegimeBars closes give NEUTRAL (50): the caller reports "Insufficient
// data".
func Regime(closes []float64) (regime string, score int) {
	if len(closes) < RegimeBars {
		return Neutral, 50
	}
	last := len(closes) - 1
	c := closes[last]
	s20 := indicator.SMA(closes, 20)[last]
	s50 := indicator.SMA(closes, 50)[last]
	s200 := indicator.SMA(closes, 200)[last]
	switch {
	case c > s200 && s20 > s50:
		return RiskOn, 80
	case c < s200 && s20 < s50:
		return RiskOff, 20
	}
	return Neutral, 50
}
