package gate

import (
	"fmt"
	"math"
)

// Gate colours.
const (
	Green  = "GREEN"
	Yellow = "YELLOW"
	Red    = "RED"
)

// Named is a scored sector for the reasons: its Korean and English names
// and its score.
type Named struct {
	Name   string
	NameEn string
	Score  int
}

// Decision is the KR market gate.
type Decision struct {
	// Gate is the colour; Status carries the same value (the KR endpoint
	// puts the colour in status, api-reference K10).
	Gate   string
	Status string
	Score  int    // the index's score (50 when it could not be scored)
	Label  string // the index's signal
	// Reasons are in Korean, as the original; ReasonsEn[i] translates
	// Reasons[i].
	Reasons   []string
	ReasonsEn []string
	// FXOverride is true when USD/KRW at or above the danger level made
	// the gate RED.
	FXOverride bool
	// Degraded is true when the index could not be scored (no or too few
	// bars): the answer is the original's failure fallback, YELLOW / 50
	// (RED when USD/KRW is at the danger level), not a computed gate.
	Degraded bool
}

// Gate decides the KR market gate (api-reference §7.1) from the KOSPI
// score, USD/KRW (≤ 0 or NaN: unknown, no FX rule) and the scored sectors
// (any order). USD/KRW ≥ cfg.USDKRWDanger → RED whatever the score; else
// score ≥ cfg.Green → GREEN, ≥ cfg.Yellow → YELLOW, else RED. Reasons, in
// order: the FX warning (USD/KRW ≥ cfg.USDKRWWarning); "RSI(x), MACD: y";
// the KOSPI trend when the score is BULLISH or the downtrend caution when
// BEARISH; the strongest sector; the weakest sector (only with two or more
// sectors, so one sector is never both).
func Gate(index Result, usdkrw float64, sectors []Named, cfg Config) Decision {
	d := Decision{Score: index.Score, Label: index.Signal}
	fx := usdkrw > 0 && !math.IsInf(usdkrw, 0) // NaN fails > 0
	if fx && usdkrw >= cfg.USDKRWWarning {
		d.add(fmt.Sprintf("⚠️ 환율 경계 (%.0f원)", usdkrw), fmt.Sprintf("⚠️ USD/KRW warning (%.0f KRW)", usdkrw))
	}
	switch {
	case fx && usdkrw >= cfg.USDKRWDanger:
		d.Gate, d.FXOverride = Red, true
	case !index.Scored:
		d.Gate = Yellow
	case index.Score >= cfg.Green:
		d.Gate = Green
	case index.Score >= cfg.Yellow:
		d.Gate = Yellow
	default:
		d.Gate = Red
	}
	d.Status = d.Gate
	if !index.Scored {
		d.Degraded, d.Score, d.Label = true, 50, Neutral
		d.add("데이터 소스 오류", "No data")
		return d
	}
	rsiMACD := fmt.Sprintf("RSI(%.1f), MACD: %s", index.RSI, index.MACD)
	d.add(rsiMACD, rsiMACD)
	switch {
	case index.Score >= cfg.Bullish:
		d.add("코스피 "+trendKo[index.Trend], "KOSPI "+trendEn[index.Trend])
	case index.Score < cfg.Bearish:
		d.add("시장 하락추세. 보수적 접근 권장.", "Market in a downtrend: a defensive stance is advised.")
	}
	if len(sectors) > 0 {
		best, worst := sectors[0], sectors[0]
		for _, s := range sectors[1:] {
			if s.Score > best.Score {
				best = s
			}
			if s.Score <= worst.Score {
				worst = s
			}
		}
		d.add(fmt.Sprintf("🔥 강세: %s (%d)", best.Name, best.Score), fmt.Sprintf("🔥 Strongest: %s (%d)", orName(best), best.Score))
		if len(sectors) > 1 {
			d.add(fmt.Sprintf("❄️ 약세: %s (%d)", worst.Name, worst.Score), fmt.Sprintf("❄️ Weakest: %s (%d)", orName(worst), worst.Score))
		}
	}
	return d
}

func (d *Decision) add(ko, en string) {
	d.Reasons = append(d.Reasons, ko)
	d.ReasonsEn = append(d.ReasonsEn, en)
}

func orName(n Named) string {
	if n.NameEn != "" {
		return n.NameEn
	}
	return n.Name
}

// Trend labels: the original's "정배열 강세" and "하락추세"; the two middle
// states are ours (the original names only the ends).
var (
	trendKo = map[string]string{
		TrendStrong: "정배열 강세", TrendAboveShort: "단기 상승세", TrendAboveLong: "중기 지지", TrendDown: "하락추세",
	}
	trendEn = map[string]string{
		TrendStrong: "strong uptrend (close > short MA > long MA)", TrendAboveShort: "above its short moving average",
		TrendAboveLong: "above its long moving average", TrendDown: "downtrend",
	}
)

// TrendLabel returns the Korean and English labels of a trend state.
func TrendLabel(state string) (ko, en string) { return trendKo[state], trendEn[state] }
