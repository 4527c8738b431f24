package gate

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"krmarket/backend/indicator"
	"krmarket/backend/market"
)

var day0 = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// series builds daily bars (one per calendar day) from closes and volumes.
func series(closes, vols []float64) []market.Bar {
	out := make([]market.Bar, len(closes))
	for i, c := range closes {
		out[i] = market.Bar{Symbol: "T", Interval: market.Daily, Time: day0.AddDate(0, 0, i).Unix(),
			Open: c, High: c, Low: c, Close: c, AdjClose: c, Volume: vols[i]}
	}
	return out
}

func flat(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// bullish is 58 closes at 100, then 102 and 101, with volume 1000 and
// 2000 on the last bar. Hand-checked terms:
//   - SMA20 = (18·100 + 102 + 101)/20 = 100.15, SMA60 = (58·100 + 203)/60
//     = 100.05, close 101 > 100.15 > 100.05 → trend 25.
//   - Wilder RSI(14): the flat prefix keeps both averages at exactly 0, so
//     gain = (2/14)·(13/14), loss = 1/14 and RSI = 100·(26/14)/(26/14 +
//     14/14) = 65.0 → 25. (Simple rolling means would give 100·2/3 = 66.7.)
//   - MACD: EMA12 100.30769 → 100.41420, EMA26 100.14815 → 100.21125, line
//     0.15954 → 0.20295; signal 0.2·0.15954 = 0.03191 → 0.03191 +
//     0.2·(0.20295 − 0.03191) = 0.06612; line > signal → 20.
//   - volume: 2000 / ((19·1000 + 2000)/20 = 1050) = 1.905 > 1.2 → 15.
func bullish() []market.Bar {
	c := append(flat(58, 100), 102, 101)
	v := append(flat(59, 1000), 2000)
	return series(c, v)
}

// bearish mirrors bullish (… 98, 99) with constant volume: SMA20 99.85,
// SMA60 99.95, close 99 below both → 0; RSI = 100·(1/14)/((1/14) +
// (2/14)(13/14)) = 100·14/40 = 35.0 → 20; MACD line −0.20295 < signal
// −0.06612 → 0; volume ratio 1 → 10. Raw 30, no benchmark → 30·100/85 =
// 35.29 → 35, BEARISH.
func bearish() []market.Bar {
	return series(append(flat(58, 100), 98, 99), flat(60, 1000))
}

func TestScoreBullishIndexReaches100(t *testing.T) {
	cfg := DefaultConfig()
	r := Score(bullish(), nil, cfg)
	want := ScoreTerms{Trend: 25, RSI: 25, MACD: 20, Volume: 15, RS: 0}
	if !r.Scored || r.Components != want || r.Raw != 85 || r.Score != 100 || r.Signal != Bullish || r.RSApplicable {
		t.Fatalf("got %+v", r)
	}
	// The 85-cap of the original (§11.6) is gone: raw 85 of 85 → 100.
	if math.Abs(r.RSI-65) > 1e-9 {
		t.Fatalf("Wilder RSI %v, want 65 (hand-computed)", r.RSI)
	}
	if simple := indicator.RSISimple(closesOf(bullish()), 14)[59]; math.Abs(simple-200.0/3) > 1e-9 {
		t.Fatalf("simple RSI %v, want 66.67 (the original's method differs)", simple)
	}
	if math.Abs(r.SMAShort-100.15) > 1e-9 || math.Abs(r.SMALong-100.05) > 1e-9 || r.Trend != TrendStrong {
		t.Fatalf("trend %+v", r)
	}
	if math.Abs(r.MACDLine-0.20295) > 1e-5 || math.Abs(r.MACDSig-0.06612) > 1e-5 || r.MACD != Bullish {
		t.Fatalf("macd %v %v", r.MACDLine, r.MACDSig)
	}
	if math.Abs(r.VolumeRatio-2000.0/1050) > 1e-12 || !r.VolumeKnown {
		t.Fatalf("volume %v", r.VolumeRatio)
	}
	if math.Abs(r.ChangePct-(101.0/102-1)*100) > 1e-12 || r.Close != 101 {
		t.Fatalf("change %v", r.ChangePct)
	}
}

func TestScoreBearish(t *testing.T) {
	r := Score(bearish(), nil, DefaultConfig())
	want := ScoreTerms{Trend: 0, RSI: 20, MACD: 0, Volume: 10}
	if r.Components != want || r.Raw != 30 || r.Score != 35 || r.Signal != Bearish || r.Trend != TrendDown || r.MACD != Bearish {
		t.Fatalf("got %+v", r)
	}
	if math.Abs(r.RSI-35) > 1e-9 || r.VolumeRatio != 1 || !r.VolumeKnown {
		t.Fatalf("rsi %v volume known %v", r.RSI, r.VolumeKnown)
	}
}

// The RS bands against a benchmark over the same 20 bars: the series gains
// 1 % (100 → 101, bars 39 → 59). A flat benchmark leaves +1 pp → 10 (total
// 95); a benchmark ending at 98.9 (−1.1 %) leaves 2.1 pp → 15 (100); at 99
// exactly 2 pp → 10 (not above 2); at 101 0 pp → 5; at 103.6 −2.6 pp → 0.
func TestScoreRelativeStrengthBands(t *testing.T) {
	cfg := DefaultConfig()
	for _, c := range []struct {
		benchLast float64
		rs, score int
	}{{100, 10, 95}, {98.9, 15, 100}, {99, 10, 95}, {101, 5, 90}, {103.6, 0, 85}} {
		bench := series(append(flat(59, 100), c.benchLast), flat(60, 0))
		r := Score(bullish(), bench, cfg)
		if !r.RSApplicable || r.Components.RS != c.rs || r.Score != c.score {
			t.Errorf("bench %v: rs %v (%d pts) score %d, want %d pts %d", c.benchLast, r.RS, r.Components.RS, r.Score, c.rs, c.score)
		}
	}
	// A benchmark that starts after the window began cannot score RS: the
	// terms are rescaled as for an index.
	short := series(flat(10, 100), flat(10, 0))
	for i := range short {
		short[i].Time = day0.AddDate(0, 0, 50+i).Unix()
	}
	if r := Score(bullish(), short, cfg); r.RSApplicable || r.Score != 100 {
		t.Fatalf("short benchmark: %+v", r)
	}
}

func TestScoreInsufficientData(t *testing.T) {
	r := Score(bullish()[1:], nil, DefaultConfig())
	if r.Scored || r.Score != 50 || r.Signal != Neutral || !strings.Contains(r.Reason, "59 daily bars, 60 needed") {
		t.Fatalf("59 bars: %+v", r)
	}
	if r.Close != 101 || r.Bars != 59 {
		t.Fatalf("last close not reported: %+v", r)
	}
	if r := Score(nil, nil, DefaultConfig()); r.Scored || r.Score != 50 || r.Close != 0 {
		t.Fatalf("no bars: %+v", r)
	}
}

// A flat series has no RSI (both averages 0): the original's 50 applies.
func TestScoreFlatSeries(t *testing.T) {
	r := Score(series(flat(80, 100), flat(80, 0)), nil, DefaultConfig())
	// trend 0 (close equals both SMAs), RSI 50 → 25, MACD 0 = 0 → 0,
	// volume unknown → ratio 1 → 10; raw 35 → 35·100/85 = 41.18 → 41.
	if r.RSI != 50 || r.Components != (ScoreTerms{RSI: 25, Volume: 10}) || r.Score != 41 || r.Signal != Neutral {
		t.Fatalf("got %+v", r)
	}
}

func TestTermBands(t *testing.T) {
	for _, c := range []struct {
		close, short, long float64
		pts                int
	}{{11, 10, 9, 25}, {11, 10, 12, 15}, {11, 12, 10, 10}, {9, 10, 11, 0}, {10, 10, 9, 10}, {10, 10, 10, 0}} {
		if got := trendPoints(trendState(c.close, c.short, c.long)); got != c.pts {
			t.Errorf("trend %v/%v/%v: %d, want %d", c.close, c.short, c.long, got, c.pts)
		}
	}
	for rsi, pts := range map[float64]int{0: 10, 29.99: 10, 30: 20, 39.99: 20, 40: 15, 49.99: 15, 50: 25, 70: 25, 70.01: 0, 100: 0} {
		if got := rsiPoints(rsi); got != pts {
			t.Errorf("rsi %v: %d, want %d", rsi, got, pts)
		}
	}
	for ratio, pts := range map[float64]int{0: 0, 0.8: 0, 0.81: 10, 1.2: 10, 1.21: 15} {
		if got := volumePoints(ratio); got != pts {
			t.Errorf("volume %v: %d, want %d", ratio, got, pts)
		}
	}
	for diff, pts := range map[float64]int{-5: 0, -2: 0, -1.99: 5, 0: 5, 0.01: 10, 2: 10, 2.01: 15} {
		if got := rsPoints(diff); got != pts {
			t.Errorf("rs %v: %d, want %d", diff, got, pts)
		}
	}
	cfg := DefaultConfig()
	for score, sig := range map[int]string{0: Bearish, 39: Bearish, 40: Neutral, 69: Neutral, 70: Bullish, 100: Bullish} {
		if got := SignalOf(score, cfg); got != sig {
			t.Errorf("signal %d: %s, want %s", score, got, sig)
		}
	}
}

// Properties over random walks: the score stays in 0–100 and agrees with
// its signal and terms; doubling every price and volume (exact in floating
// point) changes nothing; a series without a benchmark scores exactly
// round(raw·100/85).
func TestScoreProperties(t *testing.T) {
	cfg := DefaultConfig()
	rng := rand.New(rand.NewPCG(7, 11))
	for k := range 300 {
		n := 60 + rng.IntN(200)
		c, v, b := make([]float64, n), make([]float64, n), make([]float64, n)
		p, q := 100.0, 100.0
		for i := range c {
			p *= 1 + 0.02*rng.NormFloat64()
			q *= 1 + 0.015*rng.NormFloat64()
			c[i], b[i] = p, q
			if k%5 != 0 { // every fifth series has no volume
				v[i] = float64(1000 + rng.IntN(2000))
			}
		}
		bars, bench := series(c, v), series(b, flat(n, 0))
		for _, bm := range [][]market.Bar{nil, bench} {
			r := Score(bars, bm, cfg)
			if r.Score < 0 || r.Score > 100 || r.Signal != SignalOf(r.Score, cfg) || !r.Scored {
				t.Fatalf("series %d: %+v", k, r)
			}
			cs := r.Components
			if r.Raw != cs.Trend+cs.RSI+cs.MACD+cs.Volume+cs.RS {
				t.Fatalf("series %d: raw %d ≠ terms %+v", k, r.Raw, cs)
			}
			if r.RSApplicable != (bm != nil) {
				t.Fatalf("series %d: rs applicable %v", k, r.RSApplicable)
			}
			if !r.RSApplicable && (cs.RS != 0 || r.Score != int(math.Round(float64(r.Raw)*100/85))) {
				t.Fatalf("series %d: no-benchmark score %d raw %d", k, r.Score, r.Raw)
			}
			if r.VolumeKnown == (k%5 == 0) {
				t.Fatalf("series %d: volume known %v", k, r.VolumeKnown)
			}
			r2 := Score(scale(bars, 2), scale(bm, 2), cfg)
			if r2.Score != r.Score || r2.Components != r.Components || r2.RSI != r.RSI {
				t.Fatalf("series %d: doubling prices changed the score: %+v vs %+v", k, r2, r)
			}
		}
	}
}

func scale(bars []market.Bar, f float64) []market.Bar {
	if bars == nil {
		return nil
	}
	out := slices.Clone(bars)
	for i := range out {
		out[i].Open *= f
		out[i].High *= f
		out[i].Low *= f
		out[i].Close *= f
		out[i].Volume *= f
	}
	return out
}

func closesOf(bars []market.Bar) []float64 {
	out := make([]float64, len(bars))
	for i, b := range bars {
		out[i] = b.Close
	}
	return out
}

func TestGateBands(t *testing.T) {
	cfg := DefaultConfig()
	scored := func(score int) Result {
		return Result{Scored: true, Score: score, Signal: SignalOf(score, cfg), RSI: 55.06, MACD: Bullish, Trend: TrendStrong}
	}
	for _, c := range []struct {
		score int
		fx    float64
		gate  string
	}{
		{100, 1300, Green}, {70, 1300, Green}, {69, 1300, Yellow}, {45, 1300, Yellow}, {44, 1300, Red}, {0, 1300, Red},
		// USD/KRW at the danger level overrides everything.
		{100, 1450, Red}, {100, 1449.99, Green}, {100, 2000, Red},
		// unknown USD/KRW: no FX rule
		{100, 0, Green}, {100, math.NaN(), Green}, {100, math.Inf(1), Green},
	} {
		d := Gate(scored(c.score), c.fx, nil, cfg)
		if d.Gate != c.gate || d.Status != c.gate || d.Score != c.score || d.FXOverride != (c.fx >= 1450 && !math.IsInf(c.fx, 0)) {
			t.Errorf("score %d fx %v: %+v, want %s", c.score, c.fx, d, c.gate)
		}
	}
}

func TestGateReasonsOrder(t *testing.T) {
	cfg := DefaultConfig()
	idx := Result{Scored: true, Score: 82, Signal: Bullish, RSI: 61.04, MACD: Bullish, Trend: TrendStrong}
	secs := []Named{{"은행", "Banks", 35}, {"반도체", "Semiconductors", 80}, {"IT", "IT", 35}, {"자동차", "Autos", 80}}
	d := Gate(idx, 1460.4, secs, cfg)
	want := []string{"⚠️ 환율 경계 (1460원)", "RSI(61.0), MACD: BULLISH", "코스피 정배열 강세", "🔥 강세: 반도체 (80)", "❄️ 약세: IT (35)"}
	wantEn := []string{"⚠️ USD/KRW warning (1460 KRW)", "RSI(61.0), MACD: BULLISH", "KOSPI strong uptrend (close > short MA > long MA)",
		"🔥 Strongest: Semiconductors (80)", "❄️ Weakest: IT (35)"}
	if !slices.Equal(d.Reasons, want) || !slices.Equal(d.ReasonsEn, wantEn) || d.Gate != Red || !d.FXOverride || d.Label != Bullish {
		t.Fatalf("got %+v\n%q\n%q", d, d.Reasons, d.ReasonsEn)
	}
	// Warning without override, the bearish caution, one sector only.
	low := Result{Scored: true, Score: 30, Signal: Bearish, RSI: 28.96, MACD: Bearish, Trend: TrendDown}
	d = Gate(low, 1400, secs[:1], cfg)
	want = []string{"⚠️ 환율 경계 (1400원)", "RSI(29.0), MACD: BEARISH", "시장 하락추세. 보수적 접근 권장.", "🔥 강세: 은행 (35)"}
	if !slices.Equal(d.Reasons, want) || len(d.ReasonsEn) != len(want) || d.Gate != Red || d.FXOverride {
		t.Fatalf("got %+v %q", d, d.Reasons)
	}
	// Neutral score, quiet FX: just RSI/MACD and the sectors.
	mid := Result{Scored: true, Score: 55, Signal: Neutral, RSI: 50, MACD: Bearish, Trend: TrendAboveLong}
	d = Gate(mid, 1399.9, secs, cfg)
	want = []string{"RSI(50.0), MACD: BEARISH", "🔥 강세: 반도체 (80)", "❄️ 약세: IT (35)"}
	if !slices.Equal(d.Reasons, want) || d.Gate != Yellow {
		t.Fatalf("got %+v %q", d, d.Reasons)
	}
}

func TestGateDegraded(t *testing.T) {
	cfg := DefaultConfig()
	none := Score(nil, nil, cfg)
	d := Gate(none, 1380, []Named{{"반도체", "", 80}}, cfg)
	if !d.Degraded || d.Gate != Yellow || d.Score != 50 || d.Label != Neutral ||
		!slices.Equal(d.Reasons, []string{"데이터 소스 오류"}) || !slices.Equal(d.ReasonsEn, []string{"No data"}) {
		t.Fatalf("got %+v", d)
	}
	d = Gate(none, 1455, nil, cfg)
	if !d.Degraded || d.Gate != Red || !slices.Equal(d.Reasons, []string{"⚠️ 환율 경계 (1455원)", "데이터 소스 오류"}) {
		t.Fatalf("got %+v", d)
	}
}

func TestRegimeBands(t *testing.T) {
	up, down := make([]float64, 200), make([]float64, 200)
	for i := range up {
		up[i], down[i] = float64(i+1), float64(200-i)
	}
	// 1..200: close 200 > SMA200 100.5, SMA20 190.5 > SMA50 175.5.
	if r, s := Regime(up); r != RiskOn || s != 80 {
		t.Fatalf("up: %s %d", r, s)
	}
	// 200..1: close 1 < SMA200 100.5, SMA20 10.5 < SMA50 25.5.
	if r, s := Regime(down); r != RiskOff || s != 20 {
		t.Fatalf("down: %s %d", r, s)
	}
	// 1..199 then 50: SMA200 = (19900 + 50)/200 = 99.75 > 50, but SMA20 =
	// (3610 + 50)/20 = 183 > SMA50 = (8575 + 50)/50 = 172.5: mixed.
	mixed := append(up[:199:199], 50)
	if r, s := Regime(mixed); r != Neutral || s != 50 {
		t.Fatalf("mixed: %s %d", r, s)
	}
	if r, s := Regime(up[:199]); r != Neutral || s != 50 {
		t.Fatalf("199 closes: %s %d", r, s)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	if lb := DefaultConfig().Lookback(); lb != 60 {
		t.Fatalf("lookback %d", lb)
	}
	for name, mod := range map[string]func(*Config){
		"warning above danger": func(c *Config) { c.USDKRWWarning = 1500 },
		"zero danger":          func(c *Config) { c.USDKRWDanger = 0 },
		"NaN warning":          func(c *Config) { c.USDKRWWarning = math.NaN() },
		"yellow above green":   func(c *Config) { c.Yellow = 80 },
		"green above 100":      func(c *Config) { c.Green = 101 },
		"bearish above bull":   func(c *Config) { c.Bearish = 75 },
		"zero rsi period":      func(c *Config) { c.RSIPeriod = 0 },
		"short ≥ long":         func(c *Config) { c.MAShort = 60 },
		"fast ≥ slow":          func(c *Config) { c.MACDFast = 26 },
		"min bars too few":     func(c *Config) { c.MinBars = 59 },
		"min bars vs long MA":  func(c *Config) { c.MALong = 120 },
	} {
		c := DefaultConfig()
		mod(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	us := DefaultConfig()
	us.MAShort, us.MALong, us.MinBars = 50, 200, 200 // §7.2's settings are valid
	if err := us.Validate(); err != nil {
		t.Fatal(err)
	}
}

// settings.json may set a few keys; the rest keep their defaults.
func TestConfigPartialJSON(t *testing.T) {
	c := DefaultConfig()
	if err := json.Unmarshal([]byte(`{"usd_krw_danger": 1500, "green": 75}`), &c); err != nil {
		t.Fatal(err)
	}
	want := DefaultConfig()
	want.USDKRWDanger, want.Green = 1500, 75
	if c != want || c.Validate() != nil {
		t.Fatalf("%+v", c)
	}
}
