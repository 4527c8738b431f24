// Package flow computes the KR supply/demand index from daily foreign and
// institutional net buying (api-reference §6.3). Pure: no I/O, no clock.
package flow

import "krmarket/backend/market"

// Day is one day of flows with the day's traded volume (shares).
type Day struct {
	ForeignNet int64
	InstNet    int64
	Volume     float64
}

// Index is the supply/demand index of one stock.
type Index struct {
	Foreign5d, Inst5d   int64   // net buying over the last 5 days (shares)
	Foreign20d, Inst20d int64   // last 20 days
	Foreign60d, Inst60d int64   // last 60 days
	ForeignRatio20      float64 // foreign net 20d / volume 20d, percent
	InstRatio20         float64 // institutional net 20d / volume 20d, percent
	ForeignScore        float64 // 0–50
	InstScore           float64 // 0–50
	Value               float64 // supply_demand_index, 0–100
	Stage               string  // Korean stage label
}

// Window sizes and the scale denominators of §6.3.
const (
	instScale    = 6_000_000
	foreignScale = 10_000_000
	volumeScale  = 10_000_000
)

// Compute returns the index over days (oldest first); it uses at most the
// last 60 days.
func Compute(days []Day) Index {
	if len(days) > 60 {
		days = days[len(days)-60:]
	}
	var ix Index
	var vol20 float64
	n := len(days)
	for i, d := range days {
		back := n - i // 1 = newest
		ix.Foreign60d += d.ForeignNet
		ix.Inst60d += d.InstNet
		if back <= 20 {
			ix.Foreign20d += d.ForeignNet
			ix.Inst20d += d.InstNet
			vol20 += d.Volume
		}
		if back <= 5 {
			ix.Foreign5d += d.ForeignNet
			ix.Inst5d += d.InstNet
		}
	}
	if vol20 > 0 {
		ix.ForeignRatio20 = float64(ix.Foreign20d) / vol20 * 100
		ix.InstRatio20 = float64(ix.Inst20d) / vol20 * 100
	}
	ix.InstScore = investorScore(ix.Inst60d, ix.Inst20d, ix.InstRatio20, instScale)
	ix.ForeignScore = investorScore(ix.Foreign60d, ix.Foreign20d, ix.ForeignRatio20, foreignScale)
	volFactor := 0.8 + 0.2*min(vol20/volumeScale, 1)
	ix.Value = clamp((ix.InstScore+ix.ForeignScore)*volFactor, 0, 100)
	ix.Stage = Stage(ix.Value)
	return ix
}

// investorScore is base (0–35) + recent (0–10) + ratio (0–5).
func investorScore(net60, net20 int64, ratio20, scale float64) float64 {
	base := clamp(float64(net60)/scale*25+25, 0, 35)
	recent := clamp(float64(net20)/(float64(net60)+1)*10, 0, 10)
	ratio := clamp(ratio20/10*2.5+2.5, 0, 5)
	return base + recent + ratio
}

// Stage labels the index value.
func Stage(v float64) string {
	switch {
	case v >= 85:
		return "강한매집"
	case v >= 70:
		return "매집"
	case v >= 60:
		return "약매집"
	case v >= 40:
		return "중립"
	case v >= 30:
		return "약분산"
	case v >= 15:
		return "분산"
	default:
		return "강한분산"
	}
}

// Join pairs flows with the volume of the bar of the same date. Flows
// without a bar get volume 0. Both lists are normally oldest first, which
// a single merge pass handles; unsorted input falls back to a lookup table.
func Join(flows []market.Flow, bars []market.Bar) []Day {
	out := make([]Day, len(flows))
	if !sortedFlows(flows) || !sortedBars(bars) {
		vol := make(map[int64]float64, len(bars))
		for _, b := range bars {
			vol[b.Time] = b.Volume
		}
		for i, f := range flows {
			out[i] = Day{ForeignNet: f.ForeignNet, InstNet: f.InstNet, Volume: vol[f.Time]}
		}
		return out
	}
	j := 0
	for i, f := range flows {
		for j < len(bars) && bars[j].Time < f.Time {
			j++
		}
		out[i] = Day{ForeignNet: f.ForeignNet, InstNet: f.InstNet}
		if j < len(bars) && bars[j].Time == f.Time {
			out[i].Volume = bars[j].Volume
		}
	}
	return out
}

func sortedFlows(fs []market.Flow) bool {
	for i := 1; i < len(fs); i++ {
		if fs[i].Time < fs[i-1].Time {
			return false
		}
	}
	return true
}

func sortedBars(bs []market.Bar) bool {
	for i := 1; i < len(bs); i++ {
		if bs[i].Time < bs[i-1].Time {
			return false
		}
	}
	return true
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }
