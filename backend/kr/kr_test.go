package kr

import (
	"testing"

	"krmarket/backend/store"
)

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
