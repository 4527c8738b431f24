package flow

import (
	"krmarket/backend/market"
	"math"
	"testing"
)

// Hand-checked: 60 days, each foreign +100,000 and inst +50,000 shares with
// volume 1,000,000.
//
//	foreign60 = 6,000,000 → base = 6e6/1e7·25+25 = 40 → clamp 35
//	foreign20 = 2,000,000 → recent = 2e6/(6e6+1)·10 = 3.3333328
//	ratio20 = 2e6/2e7·100 = 10 % → 10/10·2.5+2.5 = 5
//	foreign score = 43.3333328
//	inst60 = 3,000,000 → base = 3e6/6e6·25+25 = 37.5 → 35
//	inst20 = 1,000,000 → recent = 1e6/(3e6+1)·10 = 3.3333322
//	ratio20 = 5 % → 3.75
//	inst score = 42.0833322
//	vol20 = 2e7 → factor = 0.8 + 0.2·min(2,1) = 1.0
//	index = 85.416665 → 강한매집
func TestComputeGolden(t *testing.T) {
	days := make([]Day, 60)
	for i := range days {
		days[i] = Day{ForeignNet: 100_000, InstNet: 50_000, Volume: 1_000_000}
	}
	ix := Compute(days)
	check := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-5 {
			t.Errorf("%s = %.7f, want %.7f", name, got, want)
		}
	}
	check("foreign score", ix.ForeignScore, 35+20.0/6.000001+5)
	check("inst score", ix.InstScore, 35+10.0/3.000001+3.75)
	check("index", ix.Value, 35+20.0/6.000001+5+35+10.0/3.000001+3.75)
	if ix.Foreign5d != 500_000 || ix.Inst5d != 250_000 || ix.Foreign20d != 2_000_000 {
		t.Errorf("sums: %+v", ix)
	}
	if ix.Stage != "강한매집" {
		t.Errorf("stage %q", ix.Stage)
	}
}

// Heavy selling with thin volume: bases and ratios clamp at 0. The recent
// term divides two negative sums, so persistent selling scores
// 20e6/(30e6−1)·10 = 6.6666669 per investor — the spec's formula, kept as is.
// Volume factor 0.8 + 0.2·(20·10,000/1e7) = 0.804 → 13.3333338·0.804 = 10.72.
func TestComputeSelling(t *testing.T) {
	days := make([]Day, 30)
	for i := range days {
		days[i] = Day{ForeignNet: -1_000_000, InstNet: -1_000_000, Volume: 10_000}
	}
	ix := Compute(days)
	want := 2 * 20e6 / (30e6 - 1) * 10 * 0.804
	if math.Abs(ix.Value-want) > 1e-6 || ix.Stage != "강한분산" {
		t.Fatalf("got %v %q, want %v 강한분산", ix.Value, ix.Stage, want)
	}
}

func TestStageBoundaries(t *testing.T) {
	for v, want := range map[float64]string{85: "강한매집", 84.99: "매집", 70: "매집", 60: "약매집", 40: "중립", 30: "약분산", 15: "분산", 14.9: "강한분산"} {
		if got := Stage(v); got != want {
			t.Errorf("Stage(%v) = %q, want %q", v, got, want)
		}
	}
}

// The merge pass and the lookup table agree, sorted or not, with gaps and
// duplicates.
func TestJoinMergeMatchesLookup(t *testing.T) {
	bars := []market.Bar{{Time: 1, Volume: 10}, {Time: 3, Volume: 30}, {Time: 4, Volume: 40}, {Time: 7, Volume: 70}}
	flows := []market.Flow{{Time: 0, ForeignNet: 1}, {Time: 3, ForeignNet: 2}, {Time: 3, InstNet: 5}, {Time: 5}, {Time: 7, ForeignNet: -1}, {Time: 9}}
	want := []float64{0, 30, 30, 0, 70, 0}
	got := Join(flows, bars)
	for i, d := range got {
		if d.Volume != want[i] || d.ForeignNet != flows[i].ForeignNet || d.InstNet != flows[i].InstNet {
			t.Fatalf("day %d: %+v want volume %v", i, d, want[i])
		}
	}
	rev := []market.Flow{flows[4], flows[1], flows[0]}
	got = Join(rev, bars)
	if got[0].Volume != 70 || got[1].Volume != 30 || got[2].Volume != 0 {
		t.Fatalf("unsorted: %+v", got)
	}
}
