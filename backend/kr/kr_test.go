package kr

import (
	"testing"

	"krmarket/backend/market"
	"krmarket/backend/store"
)

// Hand-checked §6.1: first 10 bars range 120−80 = 40, last 10 range
// 110−100 = 10 → ratio 0.25; last close 108 ≥ 0.92·110; volume 500 < 1.2·1000.
func TestContractionGolden(t *testing.T) {
	bars := make([]market.Bar, 20)
	for i := range bars {
		if i < 10 {
			bars[i] = market.Bar{High: 100, Low: 90, Close: 95, Volume: 1000}
		} else {
			bars[i] = market.Bar{High: 110, Low: 100, Close: 105, Volume: 500}
		}
	}
	bars[3].High, bars[6].Low = 120, 80
	bars[19].Close = 108
	s, ok := Contraction(bars, 0.92)
	if !ok || s.ContractionRatio != 0.25 || !s.NearHigh || !s.VolumeContract {
		t.Fatalf("got %+v %v", s, ok)
	}
	bars[19].Close = 90 // 90 < 0.92·108
	if s, _ := Contraction(bars, 0.92); s.NearHigh {
		t.Fatal("near high with a close 17 % below the max")
	}
	if _, ok := Contraction(bars[:19], 0.92); ok {
		t.Fatal("19 bars accepted")
	}
}

func TestFilterAndFinalScore(t *testing.T) {
	base := store.Signal{Score: 80, ContractionRatio: 0.5, Foreign5d: 900_000, Inst5d: 100_000, SignalDate: "2026-11-26"}
	if !PassesFilter(base) {
		t.Fatal("good signal filtered out")
	}
	for name, mod := range map[string]func(*store.Signal){
		"loose base":   func(g *store.Signal) { g.ContractionRatio = 0.81 },
		"both selling": func(g *store.Signal) { g.Foreign5d, g.Inst5d = -1, -1 },
		"weak score":   func(g *store.Signal) { g.Score = 49.9 },
	} {
		g := base
		mod(&g)
		if PassesFilter(g) {
			t.Errorf("%s passed the filter", name)
		}
	}
	// 32 + 15 + 2·min(10, 30) = 67; +10 when dated today.
	if v := FinalScore(base, "2026-11-27"); v != 67 {
		t.Fatalf("final %v", v)
	}
	if v := FinalScore(base, "2026-11-26"); v != 77 {
		t.Fatalf("final today %v", v)
	}
	// Huge flows: capped at 100 (the spec's formula can exceed it).
	big := base
	big.Foreign5d, big.ContractionRatio, big.Score = 1e9, 0, 100
	if v := FinalScore(big, big.SignalDate); v != 100 {
		t.Fatalf("cap %v", v)
	}
	neg := base
	neg.Score, neg.ContractionRatio, neg.Foreign5d, neg.Inst5d = 0, 0.8, -1e9, 0
	if v := FinalScore(neg, ""); v != 0 {
		t.Fatalf("floor %v", v)
	}
}

func TestTickerAndPeriodParsing(t *testing.T) {
	for _, s := range []string{"005930", "000000", "999999", "00680K"} {
		if !ValidTicker(s) {
			t.Errorf("%q rejected", s)
		}
	}
	for _, s := range []string{"", "12345", "1234567", "abcdef", "A05930", "00593a", "../etc", "00593\x00", "٠٠٥٩٣٠", "005930 "} {
		if ValidTicker(s) {
			t.Errorf("%q accepted", s)
		}
	}
	for p, n := range map[string]int{"": 300, "1mo": 21, "3mo": 63, "6mo": 126, "1y": 252, "2y": 504, "5y": 1260} {
		if got, err := ParsePeriod(p); err != nil || got != n {
			t.Errorf("%q → %d %v", p, got, err)
		}
	}
	if _, err := ParsePeriod("max"); err == nil {
		t.Error("max accepted")
	}
}

func FuzzTicker(f *testing.F) {
	for _, s := range []string{"005930", "../etc", "%00", "12345", "1234567", "abcdef", "０５９３０"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := ValidTicker(s)
		if ok != (len(s) == 6 && s[0] >= '0' && s[0] <= '9' && digitsOrCapitals(s)) {
			t.Fatalf("ValidTicker(%q) = %v", s, ok)
		}
	})
}

func digitsOrCapitals(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}

func FuzzPeriod(f *testing.F) {
	for _, s := range []string{"1y", "", "5y", "1Y", "max", "1mo\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParsePeriod(s)
		if (err == nil) != (s == "" || periods[s] > 0) || (err == nil && n <= 0) {
			t.Fatalf("ParsePeriod(%q) = %d, %v", s, n, err)
		}
	})
}
