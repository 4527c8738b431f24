package demo

import (
	"slices"
	"strings"
)

// load is one factor exposure: returns += beta × factor.
type load struct {
	factor string
	beta   float64
}

// recipe builds a fund's or a derived index's daily log returns from the
// common factors. Bond funds load on yield changes in points: beta = −
// duration/100 on "dtnx"/"dtyx".
type recipe struct {
	loads   []load
	idio    float64 // daily idiosyncratic σ (Student-t, GARCH)
	idioKey string  // whose idiosyncratic stream to use ("" = own): trackers share their index's
	track   float64 // extra tracking-error σ on the own stream
	lev     float64 // geared funds: daily leverage of base's simple return
	base    string  // geared funds: the recipe being levered
	vol     float64 // typical daily volume, shares
	ref     string  // trackers of a level series: end at ref's last level × (table price / ref's table level)
}

func l(f string, b float64) load { return load{f, b} }

// recipeFor returns the recipe of a fund or derived index; tags choose a
// sensible default for dividend-universe funds without their own entry.
func recipeFor(key string, tags []string) recipe {
	sec := func(name string, beta, b float64, vol float64) recipe {
		return recipe{loads: []load{l("spx", beta), l("sec:"+name, b)}, idio: 0.0015, vol: vol}
	}
	krsec := func(name string, vol float64) recipe {
		return recipe{loads: []load{l("kospi", 1.0), l("krsec:"+name, 1.0)}, idio: 0.002, vol: vol}
	}
	bond := func(rate string, dur, eq, idio, vol float64) recipe {
		return recipe{loads: []load{l(rate, -dur/100), l("spx", eq)}, idio: idio, vol: vol}
	}
	switch key {
	// KR sector ETFs.
	case "069500.KS":
		return recipe{loads: []load{l("kospi", 1.03)}, idio: 0.0008, vol: 5e6, ref: "^KS11"}
	case "091160.KS":
		return krsec("반도체", 8e5)
	case "305720.KS":
		return krsec("2차전지", 1.2e6)
	case "091170.KS":
		return krsec("자동차", 1.5e5)
	case "102780.KS":
		return krsec("IT", 1e5)
	case "102960.KS":
		return krsec("은행", 2e5)
	case "117680.KS":
		return krsec("철강", 1e5)
	case "102970.KS":
		return krsec("증권", 2.5e5)

	// US indices derived from the S&P 500 and sectors, and their trackers.
	case "^DJI":
		return recipe{loads: []load{l("spx", 0.9), l("sec:Industrials", 0.12), l("sec:Financials", 0.08)}, idio: 0.002, vol: 3.5e8}
	case "^IXIC":
		return recipe{loads: []load{l("spx", 1.05), l("sec:Technology", 0.45), l("sec:Communication Services", 0.1)}, idio: 0.002, vol: 7e9}
	case "^RUT":
		return recipe{loads: []load{l("spx", 1.05), l("small", 1.0)}, idio: 0.002, vol: 1.2e9}
	case "SPY":
		return recipe{loads: []load{l("spx", 1)}, track: 0.0002, vol: 6e7, ref: "^GSPC"}
	case "QQQ":
		r := recipeFor("^IXIC", nil)
		r.idioKey, r.track, r.vol = "^IXIC", 0.0003, 4e7
		return r
	case "IWM":
		r := recipeFor("^RUT", nil)
		r.idioKey, r.track, r.vol = "^RUT", 0.0003, 3e7
		return r
	case "DIA":
		r := recipeFor("^DJI", nil)
		r.idioKey, r.track, r.vol = "^DJI", 0.0002, 3e6
		return r
	case "TQQQ":
		return recipe{lev: 3, base: "QQQ", vol: 6e7}
	case "SQQQ":
		return recipe{lev: -3, base: "QQQ", vol: 8e7}
	case "RSP":
		return recipe{loads: []load{l("spx", 0.95), l("small", 0.25)}, idio: 0.002, vol: 7e6}
	case "XHB":
		return recipe{loads: []load{l("spx", 1.25), l("small", 0.35), l("dtnx", -0.08)}, idio: 0.008, vol: 2e6}
	case "ARKK":
		return recipe{loads: []load{l("spx", 1.5), l("sec:Technology", 0.8), l("small", 0.5)}, idio: 0.015, vol: 1.2e7}
	case "EEM":
		return recipe{loads: []load{l("spx", 0.55)}, idio: 0.008, vol: 3e7}
	case "VEA":
		return recipe{loads: []load{l("spx", 0.65)}, idio: 0.006, vol: 1e7}
	case "GLD":
		return recipe{loads: []load{l("gold", 1)}, track: 0.0005, vol: 8e6, ref: "GC=F"}
	case "USO":
		return recipe{loads: []load{l("oil", 1)}, track: 0.002, vol: 4e6, ref: "CL=F"}

	// Sector SPDRs.
	case "XLK":
		return sec("Technology", 1.15, 1, 8e6)
	case "XLF":
		return sec("Financials", 1.05, 1, 4e7)
	case "XLV":
		return sec("Healthcare", 0.75, 1, 9e6)
	case "XLE":
		return sec("Energy", 0.8, 1, 1.6e7)
	case "XLI":
		return sec("Industrials", 1.0, 1, 9e6)
	case "XLP":
		return sec("Consumer Staples", 0.6, 1, 1e7)
	case "XLY":
		return sec("Consumer Discretionary", 1.15, 1, 4e6)
	case "XLU":
		return sec("Utilities", 0.55, 1, 1.2e7)
	case "XLB":
		return sec("Materials", 1.0, 1, 6e6)
	case "XLRE":
		return sec("Real Estate", 0.85, 1, 6e6)
	case "XLC":
		return sec("Communication Services", 1.0, 1, 5e6)
	case "VNQ":
		return recipe{loads: []load{l("spx", 0.7), l("sec:Real Estate", 1), l("dtnx", -0.05)}, idio: 0.003, vol: 4e6}

	// Bond funds: duration on the 10- or 30-year yield, a little equity beta.
	case "TLT":
		return bond("dtyx", 17, 0, 0.002, 3e7)
	case "IEF":
		return bond("dtnx", 7.5, 0, 0.001, 8e6)
	case "LQD":
		return bond("dtnx", 8.5, 0.08, 0.002, 2e7)
	case "HYG":
		return bond("dtnx", 3.5, 0.3, 0.002, 3e7)
	case "BND", "AGG":
		return bond("dtnx", 6, 0, 0.0008, 7e6)
	case "VCIT":
		return bond("dtnx", 6.2, 0.05, 0.001, 7e6)
	case "TIP", "SCHP":
		return bond("dtnx", 4, 0, 0.0015, 3e6)
	case "PFF", "PGX":
		return bond("dtnx", 5, 0.25, 0.003, 4e6)
	}
	has := func(t string) bool { return slices.Contains(tags, t) }
	switch {
	case has("covered_call") && (has("tech_div") || strings.HasPrefix(key, "Q")):
		return recipe{loads: []load{l("spx", 0.55), l("sec:Technology", 0.25)}, idio: 0.003, vol: 5e6}
	case has("covered_call"):
		return recipe{loads: []load{l("spx", 0.6)}, idio: 0.003, vol: 5e6}
	case has("reit"):
		return recipe{loads: []load{l("spx", 0.7), l("sec:Real Estate", 1), l("dtnx", -0.05)}, idio: 0.004, vol: 2e6}
	case has("mreits"):
		return recipe{loads: []load{l("spx", 0.5), l("sec:Financials", 0.4), l("dtnx", -0.03)}, idio: 0.008, vol: 1e6}
	case has("bdc"):
		return recipe{loads: []load{l("spx", 0.6), l("sec:Financials", 0.6)}, idio: 0.006, vol: 1e6}
	case has("midstream"):
		return recipe{loads: []load{l("spx", 0.5), l("oil", 0.25), l("sec:Energy", 0.4)}, idio: 0.006, vol: 2e6}
	case has("utilities"):
		return recipe{loads: []load{l("spx", 0.5), l("sec:Utilities", 1)}, idio: 0.002, vol: 3e6}
	case has("international_div"):
		return recipe{loads: []load{l("spx", 0.6)}, idio: 0.006, vol: 4e6}
	case has("low_vol"):
		return recipe{loads: []load{l("spx", 0.7), l("sec:Consumer Staples", 0.2), l("sec:Utilities", 0.1)}, idio: 0.003, vol: 2e6}
	default:
		return recipe{loads: []load{l("spx", 0.85)}, idio: 0.003, vol: 3e6}
	}
}
