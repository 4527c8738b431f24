package demo

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"krmarket/backend/calendar"
	"krmarket/backend/data"
	"krmarket/backend/market"
)

// digest hashes a sink's contents in a canonical order.
func digest(m *memSink) string {
	h := sha256.New()
	var buf [8]byte
	f := func(x float64) {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(x))
		h.Write(buf[:])
	}
	bars := slices.Clone(m.bars)
	slices.SortFunc(bars, func(a, b market.Bar) int {
		if c := strings.Compare(a.Symbol, b.Symbol); c != 0 {
			return c
		}
		if c := strings.Compare(a.Interval, b.Interval); c != 0 {
			return c
		}
		return int(a.Time - b.Time)
	})
	for i := range bars {
		b := &bars[i]
		h.Write([]byte(b.Symbol))
		h.Write([]byte(b.Interval))
		f(float64(b.Time))
		f(b.Open)
		f(b.High)
		f(b.Low)
		f(b.Close)
		f(b.AdjClose)
		f(b.Volume)
	}
	flows := slices.Clone(m.flows)
	slices.SortFunc(flows, func(a, b market.Flow) int {
		if c := strings.Compare(a.Symbol, b.Symbol); c != 0 {
			return c
		}
		return int(a.Time - b.Time)
	})
	for _, x := range flows {
		h.Write([]byte(x.Symbol))
		f(float64(x.Time))
		f(float64(x.ForeignNet))
		f(float64(x.InstNet))
		f(float64(x.RetailNet))
	}
	rest := []string{fmt.Sprint(m.insts)}
	for _, x := range m.divs {
		rest = append(rest, fmt.Sprintf("%+v", x))
	}
	for _, x := range m.opts {
		rest = append(rest, fmt.Sprintf("%+v", x))
	}
	for _, x := range m.quots {
		rest = append(rest, fmt.Sprintf("%+v", x))
	}
	for _, x := range m.funds {
		rest = append(rest, fmt.Sprintf("%v %v %v %v %v %v %v", x.Symbol, x.MarketCap, x.EPS, x.BPS, x.DividendRate, fmtPtr(x.PE), fmtPtr(x.Beta)))
	}
	slices.Sort(rest)
	fmt.Fprint(h, rest)
	return fmt.Sprintf("%x", h.Sum(nil))
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func TestDeterminism(t *testing.T) {
	small := Config{Seed: 7, Now: pinnedNow, DailyBars: 180, FlowDays: 40, H4Bars: 120}
	var sums []string
	for _, w := range []int{1, 4} {
		cfg := small
		cfg.Workers = w
		m := &memSink{}
		if _, err := Generate(context.Background(), cfg, m); err != nil {
			t.Fatal(err)
		}
		sums = append(sums, digest(m))
	}
	if sums[0] != sums[1] {
		t.Fatalf("output depends on the number of workers: %v", sums)
	}
	other := small
	other.Seed = 8
	m := &memSink{}
	if _, err := Generate(context.Background(), other, m); err != nil {
		t.Fatal(err)
	}
	if digest(m) == sums[0] {
		t.Error("a different seed gave the same market")
	}
}

// A series is a function of its own dates: moving Now by a week changes
// the window, but the level tables keep every series in range.
func TestEndDates(t *testing.T) {
	d := fullMarket(t)
	want := date("2026-11-27")
	if !d.st.KRLast.Equal(want) || !d.st.USLast.Equal(want) || !d.st.CryptoLast.Equal(time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC)) {
		t.Fatalf("ends: KR %v US %v crypto %v", d.st.KRLast, d.st.USLast, d.st.CryptoLast)
	}
	krx, nyse := calendar.KRX(), calendar.NYSE()
	check := func(sym string, cal *calendar.Calendar, last time.Time) {
		bars := d.bars[sym]
		if len(bars) != 500 {
			t.Errorf("%s: %d daily bars", sym, len(bars))
			return
		}
		if got := time.Unix(bars[len(bars)-1].Time, 0).UTC(); !got.Equal(last) {
			t.Errorf("%s ends %v, want %v", sym, got, last)
		}
		for _, b := range bars {
			if cal != nil && !cal.IsTradingDay(time.Unix(b.Time, 0).UTC()) {
				t.Errorf("%s: bar on a closed day %s", sym, b.Date())
				return
			}
		}
	}
	check("005930.KS", krx, want)
	check("^KS11", krx, want)
	check("069500.KS", krx, want)
	check("AAPL", nyse, want)
	check("^GSPC", nyse, want)
	check("KRW=X", nil, want)
	check("BTCUSDT", nil, want)
	check("BTC-USD", nil, want)
	if h := d.h4["BTCUSDT"]; len(h) != 600 || h[len(h)-1].Time != d.st.CryptoLast.Unix() {
		t.Errorf("BTC 4h: %d bars ending %v", len(h), time.Unix(h[len(h)-1].Time, 0).UTC())
	}

	// During the early-close session the US series still ends on Wednesday.
	cfg := Config{Seed: 1, Now: time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC), DailyBars: 40, FlowDays: 10, H4Bars: 20}
	st, err := Generate(context.Background(), cfg, Discard{})
	if err != nil {
		t.Fatal(err)
	}
	if !st.KRLast.Equal(want) || !st.USLast.Equal(date("2026-11-25")) || !st.CryptoLast.Equal(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("mid-session ends: KR %v US %v crypto %v", st.KRLast, st.USLast, st.CryptoLast)
	}
}

func TestUniverse(t *testing.T) {
	d := fullMarket(t)
	if len(d.sink.insts) != d.st.Instruments || len(d.insts) != len(d.sink.insts) {
		t.Fatalf("%d instruments, %d unique", len(d.sink.insts), len(d.insts))
	}
	count := map[string]int{}
	for _, x := range d.insts {
		count[x.Market]++
		if x.Name == "" || x.Kind == "" || x.Currency == "" || x.Exchange == "" {
			t.Errorf("incomplete instrument %+v", x)
		}
		if x.Market == market.KR && x.Kind == market.KindStock && x.Sector == "" {
			t.Errorf("%s has no sector", x.Symbol)
		}
	}
	if count[market.KR] != 2760+2+8 || count[market.Crypto] != len(data.CryptoPairs()) {
		t.Errorf("markets %v", count)
	}
	for _, sym := range []string{"^KS11", "^KQ11", "KRW=X", "069500.KS", "091160.KS", "SPY", "XLK", "SCHD", "JEPI", "O", "^VIX", "^TNX", "GC=F", "BTC-USD", "BTCUSDT", "COIN", "PLTR"} {
		if _, ok := d.insts[sym]; !ok {
			t.Errorf("missing %s", sym)
		}
		if _, ok := d.quote[sym]; !ok {
			t.Errorf("no quote for %s", sym)
		}
	}
	if d.insts["005930.KS"].Sector != "반도체" || d.insts["105560.KS"].Sector != "은행" || d.insts["005380.KS"].Sector != "자동차" {
		t.Errorf("sectors: %s %s %s", d.insts["005930.KS"].Sector, d.insts["105560.KS"].Sector, d.insts["005380.KS"].Sector)
	}
	if d.st.Quotes != d.st.Instruments {
		t.Errorf("%d quotes for %d instruments", d.st.Quotes, d.st.Instruments)
	}
}

func TestBarsAreValid(t *testing.T) {
	d := fullMarket(t)
	for _, set := range []map[string][]market.Bar{d.bars, d.h4} {
		for sym, bars := range set {
			x := d.insts[sym]
			for _, b := range bars {
				// NaN fails every comparison, so !(v >= 0) catches NaN and negatives.
				if !(b.Low > 0) || !(b.AdjClose > 0) || !(b.Volume >= 0) || math.IsInf(b.High, 0) || math.IsInf(b.Volume, 0) ||
					b.Low > min(b.Open, b.Close) || b.High < max(b.Open, b.Close) || !(b.Open > 0) || !(b.Close > 0) {
					t.Fatalf("%s %s: inconsistent candle %+v", sym, b.Date(), b)
				}
				switch {
				case x.Market == market.KR && x.Kind == market.KindStock:
					for _, v := range [4]float64{b.Open, b.High, b.Low, b.Close} {
						if v != math.Trunc(v) || math.Mod(v, krxTick(v)) != 0 {
							t.Fatalf("%s %s: %v is off the KRX tick grid", sym, b.Date(), v)
						}
					}
				case x.Market == market.KR && x.Kind == market.KindETF:
					if math.Mod(b.Close, 5) != 0 || math.Mod(b.Open, 5) != 0 {
						t.Fatalf("%s: ETF price %v not on the 5-won grid", sym, b.Close)
					}
				case x.Market == market.US:
					if c := b.Close * 100; math.Abs(c-math.Round(c)) > 1e-6 {
						t.Fatalf("%s: %v has more than 2 decimals", sym, b.Close)
					}
				}
				if x.Kind == market.KindStock && b.Volume != math.Trunc(b.Volume) {
					t.Fatalf("%s: fractional share volume %v", sym, b.Volume)
				}
			}
			// KRX daily limit ±30 % (a tick of slack for rounding).
			if x.Market == market.KR && x.Kind == market.KindStock {
				for i := 1; i < len(bars); i++ {
					if r := bars[i].Close / bars[i-1].Close; r > 1.31 || r < 0.69 {
						t.Fatalf("%s %s: move beyond the daily limit (%.3f)", sym, bars[i].Date(), r)
					}
				}
			}
		}
	}
}

func TestLevelsInRange(t *testing.T) {
	d := fullMarket(t)
	cases := []struct {
		sym    string
		lo, hi float64
	}{
		{"^KS11", 2250, 3350}, {"^KQ11", 650, 1000}, {"KRW=X", 1280, 1500}, {"^VIX", 10.5, 48},
		{"^TNX", 3, 5.8}, {"^IRX", 3, 6}, {"BTCUSDT", 35000, 130000}, {"005930.KS", 30000, 160000},
		{"^GSPC", 4300, 8000}, {"GC=F", 1800, 4300}, {"EURUSD=X", 0.95, 1.25},
	}
	for _, c := range cases {
		for _, b := range d.bars[c.sym] {
			if b.Close < c.lo || b.Close > c.hi {
				t.Errorf("%s %s: close %v outside [%v, %v]", c.sym, b.Date(), b.Close, c.lo, c.hi)
				break
			}
		}
	}
	// USD/KRW sometimes crosses 1,400, the KR gate's warning level.
	crossed := 0
	for seed := uint64(1); seed <= 6; seed++ {
		w := newWorld(Config{Seed: seed, Now: pinnedNow, DailyBars: 500})
		lo, hi := math.Inf(1), 0.0
		for _, v := range w.levels["KRW=X"].lvl {
			lo, hi = min(lo, v), max(hi, v)
		}
		if lo < 1400 && hi > 1400 {
			crossed++
		}
	}
	if crossed < 2 {
		t.Errorf("USD/KRW crossed 1,400 in %d of 6 markets", crossed)
	}
}

func TestVIXFollowsRegimes(t *testing.T) {
	var bullV, bearV []float64
	for seed := uint64(1); seed <= 5; seed++ {
		w := newWorld(Config{Seed: seed, Now: pinnedNow, DailyBars: 500})
		spx, vix := w.levels["^GSPC"], w.levels["^VIX"]
		for t, reg := range spx.regime {
			switch reg {
			case bull:
				bullV = append(bullV, vix.lvl[t])
			case bear:
				bearV = append(bearV, vix.lvl[t])
			}
		}
		// The VIX rises when the index falls.
		if c := corr(spx.ret, vix.ret); c > -0.4 {
			t.Errorf("seed %d: corr(S&P, VIX changes) = %.2f", seed, c)
		}
	}
	if len(bullV) == 0 || len(bearV) == 0 || mean(bearV) < mean(bullV)+4 {
		t.Errorf("VIX: bull mean %.1f (%d days), bear mean %.1f (%d days)", mean(bullV), len(bullV), mean(bearV), len(bearV))
	}
}

func TestSectorCoMovement(t *testing.T) {
	d := fullMarket(t)
	check := func(name string, groups map[string][]string) {
		var rets [][]float64
		var sec []string
		for s, syms := range groups {
			for _, sym := range syms {
				rets = append(rets, logReturns(d.bars[sym]))
				sec = append(sec, s)
			}
		}
		var in, across []float64
		for i := range rets {
			for j := i + 1; j < len(rets); j++ {
				c := corr(rets[i], rets[j])
				if sec[i] == sec[j] {
					in = append(in, c)
				} else {
					across = append(across, c)
				}
			}
		}
		if mean(in) < mean(across)+0.08 || mean(across) < 0.05 {
			t.Errorf("%s: mean correlation within sectors %.3f, across %.3f", name, mean(in), mean(across))
		}
		t.Logf("%s: within %.3f across %.3f", name, mean(in), mean(across))
	}
	us := map[string][]string{}
	for _, s := range data.USHeatmap() {
		if !d.specs[s.Symbol].vcp {
			us[s.Sector] = append(us[s.Sector], s.Symbol)
		}
	}
	check("US heatmap", us)
	kr := map[string][]string{}
	for _, x := range d.sink.insts {
		if x.Market == market.KR && x.Kind == market.KindStock && d.specs[x.Symbol].rank < 150 && !d.specs[x.Symbol].vcp {
			kr[x.Sector] = append(kr[x.Sector], x.Symbol)
		}
	}
	check("KR", kr)
}

func TestFatTailsAndClustering(t *testing.T) {
	d := fullMarket(t)
	var ks []float64
	var pooled []float64
	clustered := 0
	n := 0
	for _, x := range d.sink.insts {
		if x.Market != market.KR || x.Kind != market.KindStock || d.specs[x.Symbol].vcp {
			continue
		}
		r := logReturns(d.bars[x.Symbol])
		ks = append(ks, kurtosis(r))
		pooled = append(pooled, r...)
		// Volatility clustering: |r| is autocorrelated.
		a := make([]float64, len(r))
		for i, v := range r {
			a[i] = math.Abs(v)
		}
		if corr(a[1:], a[:len(a)-1]) > 0.05 {
			clustered++
		}
		n++
	}
	sort.Float64s(ks)
	if med := ks[len(ks)/2]; med < 4 {
		t.Errorf("median kurtosis of KR daily returns %.2f, want fat tails (> 3)", med)
	}
	if k := kurtosis(pooled); k < 5 {
		t.Errorf("pooled kurtosis %.2f", k)
	}
	if float64(clustered) < 0.6*float64(n) {
		t.Errorf("only %d of %d stocks show volatility clustering", clustered, n)
	}
}

// swingVCP runs the crypto scanner's fractal-swing VCP extraction (k = 3)
// on the last w bars and returns the three contraction depths (percent).
func swingVCP(bars []market.Bar, w int) (c1, c2, c3, pivot float64, ok bool) {
	bars = bars[len(bars)-w:]
	const k = 3
	type sw struct {
		i    int
		high bool
		p    float64
	}
	var s []sw
	for i := k; i < len(bars)-k; i++ {
		hi, lo := true, true
		for j := i - k; j <= i+k; j++ {
			if j == i {
				continue
			}
			hi = hi && bars[i].High > bars[j].High
			lo = lo && bars[i].Low < bars[j].Low
		}
		if hi {
			s = append(s, sw{i, true, bars[i].High})
		}
		if lo {
			s = append(s, sw{i, false, bars[i].Low})
		}
	}
	var alt []sw
	for _, x := range s {
		if n := len(alt); n > 0 && alt[n-1].high == x.high {
			if (x.high && x.p >= alt[n-1].p) || (!x.high && x.p <= alt[n-1].p) {
				alt[n-1] = x
			}
			continue
		}
		alt = append(alt, x)
	}
	var highs []sw
	for _, x := range alt {
		if x.high {
			highs = append(highs, x)
		}
	}
	if len(highs) < 3 {
		return
	}
	h := highs[len(highs)-3:]
	lowBetween := func(a, b int) float64 {
		m := math.Inf(1)
		for _, x := range alt {
			if !x.high && x.i > a && x.i < b {
				m = min(m, x.p)
			}
		}
		return m
	}
	l1, l2 := lowBetween(h[0].i, h[1].i), lowBetween(h[1].i, h[2].i)
	l3 := lowBetween(h[2].i, len(bars))
	if math.IsInf(l3, 1) {
		for _, b := range bars[h[2].i:] {
			l3 = min(l3, b.Low)
		}
	}
	if math.IsInf(l1, 1) || math.IsInf(l2, 1) {
		return
	}
	c1, c2, c3 = (h[0].p-l1)/h[0].p*100, (h[1].p-l2)/h[1].p*100, (h[2].p-l3)/h[2].p*100
	return c1, c2, c3, h[2].p, c1 > c2 && c2 > c3 && c3 > 0
}

func TestPlantedVCP(t *testing.T) {
	d := fullMarket(t)
	kr, krStocks, detected, three := 0, 0, 0, 0
	for _, x := range d.sink.insts {
		if x.Market == market.KR && x.Kind == market.KindStock {
			krStocks++
		}
	}
	for _, sym := range d.st.Planted {
		sp := d.specs[sym]
		bars := d.bars[sym]
		if sp.model == mCrypto {
			continue
		}
		if sp.model == mKRStock {
			kr++
		}
		plan := planVCP(stream(42, sym, "vcp"), 1)
		cs := plan.contractions(len(bars))
		prevDepth := 1.0
		for i, c := range cs {
			hi := 0.0
			for _, b := range bars[c.high-1 : c.high+2] {
				hi = max(hi, b.High)
			}
			lo := math.Inf(1)
			for _, b := range bars[c.low-1 : c.low+2] {
				lo = min(lo, b.Low)
			}
			depth := (hi - lo) / hi
			if depth >= prevDepth || math.Abs(depth-c.depth) > 0.04 {
				t.Errorf("%s: contraction %d depth %.3f (planned %.3f, previous %.3f)", sym, i, depth, c.depth, prevDepth)
			}
			prevDepth = depth
		}
		volMean := func(c contraction) float64 {
			s := 0.0
			for _, b := range bars[c.from:c.to] {
				s += b.Volume
			}
			return s / float64(c.to-c.from)
		}
		if first, last := volMean(cs[0]), volMean(cs[len(cs)-1]); last > 0.8*first {
			t.Errorf("%s: volume in the last contraction %.0f vs first %.0f", sym, last, first)
		}
		pivot := bars[cs[len(cs)-1].high].High
		lastClose := bars[len(bars)-1].Close
		if plan.breakout && lastClose <= pivot || !plan.breakout && (lastClose > pivot*1.005 || lastClose < pivot*0.97) {
			t.Errorf("%s: last close %v vs pivot %v (breakout %v)", sym, lastClose, pivot, plan.breakout)
		}
		if len(cs) >= 3 {
			three++
			c1, c2, c3, _, ok := swingVCP(bars, 260)
			if ok {
				detected++
			} else {
				t.Logf("%s: swing detector saw %.1f %.1f %.1f", sym, c1, c2, c3)
			}
		}
	}
	share := float64(kr) / float64(krStocks)
	if share < 0.03 || share > 0.05 {
		t.Errorf("%d of %d KR stocks (%.1f %%) carry a VCP", kr, krStocks, 100*share)
	}
	if float64(detected) < 0.8*float64(three) {
		t.Errorf("fractal-swing detector found %d of %d planted setups", detected, three)
	}
	var crypto []string
	for _, s := range d.st.Planted {
		if d.specs[s].model == mCrypto {
			crypto = append(crypto, s)
		}
	}
	if len(crypto) < 3 {
		t.Errorf("planted crypto setups: %v", crypto)
	}
	for _, sym := range crypto {
		bars, w, stretch := d.h4[sym], 220, 1
		if hash64(42, sym, "vcp-scale")%2 == 0 {
			bars, w, stretch = d.bars[sym], 260, 6
		}
		plan := planVCP(stream(42, sym, "vcp"), stretch)
		c1, c2, c3, pivot, ok := swingVCP(bars, w)
		if len(plan.depths) >= 3 && !ok {
			t.Errorf("%s (stretch %d): swing detector saw %.1f %.1f %.1f", sym, stretch, c1, c2, c3)
		}
		if last := bars[len(bars)-1].Close; ok && (last < 0.95*pivot || last > 1.1*pivot) {
			t.Errorf("%s: last close %v far from pivot %v", sym, last, pivot)
		}
	}
	var us int
	for _, s := range d.st.Planted {
		if d.specs[s].model == mUSStock {
			us++
		}
	}
	if us < 3 {
		t.Errorf("%d planted US setups", us)
	}
	t.Logf("planted: %d KR, %d US, %d crypto; swing detector %d/%d", kr, us, len(crypto), detected, three)
}

func TestFlows(t *testing.T) {
	d := fullMarket(t)
	var fr, ret []float64
	accum, planted := 0, 0
	for _, x := range d.sink.insts {
		if x.Market != market.KR || x.Kind != market.KindStock {
			continue
		}
		fs, bars := d.flows[x.Symbol], d.bars[x.Symbol]
		if len(fs) != 250 {
			t.Fatalf("%s: %d flow days", x.Symbol, len(fs))
		}
		off := len(bars) - len(fs)
		for i, f := range fs {
			b := bars[off+i]
			if f.Time != b.Time {
				t.Fatalf("%s: flow %d dated %d, bar %d", x.Symbol, i, f.Time, b.Time)
			}
			if s := f.ForeignNet + f.InstNet + f.RetailNet; math.Abs(float64(s)) > 0.1*b.Volume+1 {
				t.Fatalf("%s: retail does not offset foreign+institutions: %+v (volume %v)", x.Symbol, f, b.Volume)
			}
			if math.Abs(float64(f.ForeignNet)) > b.Volume {
				t.Fatalf("%s: foreign net %d above volume %v", x.Symbol, f.ForeignNet, b.Volume)
			}
			if d.specs[x.Symbol].rank < 200 {
				fr = append(fr, float64(f.ForeignNet+f.InstNet)/max(b.Volume, 1))
				ret = append(ret, b.Close/bars[off+i-1].Close-1)
			}
		}
		if d.specs[x.Symbol].vcp {
			planted++
			var f20, i20, f5 int64
			for _, f := range fs[len(fs)-20:] {
				f20, i20 = f20+f.ForeignNet, i20+f.InstNet
			}
			for _, f := range fs[len(fs)-5:] {
				f5 += f.ForeignNet
			}
			if f20 > 0 && i20 > 0 && f5 >= 50000 {
				accum++
			}
		}
	}
	if c := corr(fr, ret); c < 0.25 {
		t.Errorf("corr(foreign+institutional net buying, returns) = %.2f", c)
	}
	if float64(accum) < 0.8*float64(planted) {
		t.Errorf("only %d of %d planted VCP stocks show foreign and institutional accumulation", accum, planted)
	}
}

func TestDividends(t *testing.T) {
	d := fullMarket(t)
	last := d.st.USLast.Unix()
	for _, a := range data.DividendUniverse() {
		ds := d.divs[a.Symbol]
		n := 0
		for _, x := range ds {
			if x.ExDate > last-365*day {
				n++
			}
			if x.PayDate <= x.ExDate || x.PayDate > x.ExDate+35*day || x.Amount <= 0 || x.Frequency != a.Frequency {
				t.Errorf("%s: bad payment %+v", a.Symbol, x)
			}
		}
		if want := perYear(a.Frequency); n < want-1 || n > want+1 {
			t.Errorf("%s (%s): %d payments in the last year", a.Symbol, a.Frequency, n)
		}
		f := d.fund[a.Symbol]
		if f.DividendYield < 0.7*a.YieldPct/100 || f.DividendYield > 1.3*a.YieldPct/100 {
			t.Errorf("%s: trailing yield %.4f, table %.2f %%", a.Symbol, f.DividendYield, a.YieldPct)
		}
		if len(f.Tags) == 0 {
			t.Errorf("%s: no tags", a.Symbol)
		}
		bars := d.bars[a.Symbol]
		if bars[0].AdjClose >= bars[0].Close || bars[len(bars)-1].AdjClose != bars[len(bars)-1].Close {
			t.Errorf("%s: adjusted closes %v/%v … %v/%v", a.Symbol, bars[0].AdjClose, bars[0].Close, bars[len(bars)-1].AdjClose, bars[len(bars)-1].Close)
		}
	}
	// Monthly payers pay about every month over the whole history.
	if n := len(d.divs["JEPI"]); n < 21 || n > 25 {
		t.Errorf("JEPI: %d payments over two years", n)
	}
	// Amounts grow slowly for dividend growers.
	ko := d.divs["KO"]
	if ko[0].Amount >= ko[len(ko)-1].Amount {
		t.Errorf("KO dividends do not grow: %v → %v", ko[0].Amount, ko[len(ko)-1].Amount)
	}
}

func TestFundamentals(t *testing.T) {
	d := fullMarket(t)
	for sym, f := range d.fund {
		x := d.insts[sym]
		price := d.quote[sym].Price
		if f.AsOf == 0 || f.Beta == nil {
			t.Errorf("%s: incomplete %+v", sym, f)
		}
		if x.Kind != market.KindStock {
			continue
		}
		if f.MarketCap <= 0 || math.Abs(f.MarketCap/(price*f.SharesOut)-1) > 0.01 {
			t.Errorf("%s: market cap %v vs price %v × shares %v", sym, f.MarketCap, price, f.SharesOut)
		}
		if f.PE != nil && math.Abs(*f.PE*f.EPS/price-1) > 0.02 {
			t.Errorf("%s: PE %v × EPS %v ≠ price %v", sym, *f.PE, f.EPS, price)
		}
		if f.PE == nil && f.EPS >= 0 {
			t.Errorf("%s: no PE but EPS %v", sym, f.EPS)
		}
		if f.PB == nil || math.Abs(*f.PB*f.BPS/price-1) > 0.02 || f.ROE == nil || math.Abs(*f.ROE-f.EPS/f.BPS) > 0.001 {
			t.Errorf("%s: PB/BPS/ROE inconsistent %+v", sym, f)
		}
		if f.TargetPrice == nil || *f.TargetPrice <= 0 {
			t.Errorf("%s: target price", sym)
		}
	}
	if f := d.fund["AAPL"]; *f.PE < 30 || *f.PE > 40 || f.MarketCap < 3e12 {
		t.Errorf("AAPL fundamentals %+v", f)
	}
	if f := d.fund["005930.KS"]; f.MarketCap < 2e14 {
		t.Errorf("Samsung market cap %v", f.MarketCap)
	}
	if d.fund["BA"].PE != nil {
		t.Error("BA should be loss-making")
	}
}

func TestOptionChains(t *testing.T) {
	d := fullMarket(t)
	type key struct {
		sym string
		exp int64
		typ string
	}
	chains := map[key][]market.OptionContract{}
	unusual := map[string]bool{}
	for _, c := range d.sink.opts {
		chains[key{c.Underlying, c.Expiry, c.Type}] = append(chains[key{c.Underlying, c.Expiry, c.Type}], c)
		if c.IV <= 0 || c.IV > 3 || c.Bid < 0 || c.Ask <= c.Bid || c.Last < c.Bid || c.Last > c.Ask || c.Volume < 0 || c.OpenInterest <= 0 {
			t.Fatalf("bad contract %+v", c)
		}
		if c.Volume > 3*c.OpenInterest {
			unusual[c.Underlying] = true
		}
	}
	for _, sym := range data.OptionsWatchlist() {
		spot := d.quote[sym].Price
		var exps []int64
		for k := range chains {
			if k.sym == sym && k.typ == "C" {
				exps = append(exps, k.exp)
			}
		}
		slices.Sort(exps)
		if len(exps) != 3 {
			t.Errorf("%s: %d expiries", sym, len(exps))
			continue
		}
		for i, e := range exps {
			wd := time.Unix(e, 0).UTC().Weekday()
			days := (e - d.st.USLast.Unix()) / day
			if (wd != time.Friday && wd != time.Thursday) || days < []int64{5, 25, 53}[i] || days > []int64{14, 35, 63}[i] {
				t.Errorf("%s: expiry %v (%s, %d days)", sym, time.Unix(e, 0).UTC(), wd, days)
			}
			calls, puts := chains[key{sym, e, "C"}], chains[key{sym, e, "P"}]
			if len(calls) != len(puts) || len(calls) < 10 {
				t.Errorf("%s: %d calls, %d puts", sym, len(calls), len(puts))
				continue
			}
			sort.Slice(calls, func(i, j int) bool { return calls[i].Strike < calls[j].Strike })
			if calls[0].Strike < 0.79*spot || calls[len(calls)-1].Strike > 1.21*spot {
				t.Errorf("%s: strikes %v–%v around %v", sym, calls[0].Strike, calls[len(calls)-1].Strike, spot)
			}
			for j := 1; j < len(calls); j++ {
				if calls[j].Ask > calls[j-1].Ask+0.01 {
					t.Errorf("%s: call asks rise with strike at %v", sym, calls[j].Strike)
					break
				}
			}
			// Skew: the 90 % put is dearer in volatility than the 110 % call.
			near := func(cs []market.OptionContract, k float64) market.OptionContract {
				best := cs[0]
				for _, c := range cs {
					if math.Abs(c.Strike-k) < math.Abs(best.Strike-k) {
						best = c
					}
				}
				return best
			}
			if p, c := near(puts, 0.9*spot), near(calls, 1.1*spot); p.IV <= c.IV {
				t.Errorf("%s: no skew: put %v IV %v, call %v IV %v", sym, p.Strike, p.IV, c.Strike, c.IV)
			}
		}
	}
	if len(unusual) < 10 {
		t.Errorf("unusual activity on only %d underlyings", len(unusual))
	}
	if d.st.Options != len(d.sink.opts) {
		t.Errorf("stats count %d options, sink got %d", d.st.Options, len(d.sink.opts))
	}
}

func TestCryptoAggregation(t *testing.T) {
	d := fullMarket(t)
	for _, p := range data.CryptoPairs() {
		h4, d1 := d.h4[p.Symbol], d.bars[p.Symbol]
		if len(h4) != 600 || len(d1) != 500 {
			t.Fatalf("%s: %d 4h and %d daily bars", p.Symbol, len(h4), len(d1))
		}
		byDay := map[int64][]market.Bar{}
		for _, b := range h4 {
			byDay[b.Time/day*day] = append(byDay[b.Time/day*day], b)
		}
		checked := 0
		for _, b := range d1 {
			g := byDay[b.Time]
			if len(g) != 6 {
				continue
			}
			hi, lo, v := g[0].High, g[0].Low, 0.0
			for _, x := range g {
				hi, lo, v = max(hi, x.High), min(lo, x.Low), v+x.Volume
			}
			if b.Open != g[0].Open || b.Close != g[5].Close || b.High != hi || b.Low != lo || math.Abs(b.Volume-v) > 1e-6*max(1, v) {
				t.Fatalf("%s %s: daily %+v is not the aggregate of its 4h candles", p.Symbol, b.Date(), b)
			}
			checked++
		}
		if checked < 99 {
			t.Errorf("%s: only %d days covered by 4h candles", p.Symbol, checked)
		}
	}
	// Yahoo's BTC-USD mirrors the pair's daily candles.
	a, b := d.bars["BTCUSDT"], d.bars["BTC-USD"]
	for i := range a {
		if a[i].Close != b[i].Close || a[i].Time != b[i].Time {
			t.Fatalf("BTC-USD differs from BTCUSDT at %s", a[i].Date())
		}
	}
}

func TestQuotes(t *testing.T) {
	d := fullMarket(t)
	for sym, q := range d.quote {
		var bars []market.Bar
		if h := d.h4[sym]; len(h) > 0 {
			bars = h
		} else {
			bars = d.bars[sym]
		}
		last := bars[len(bars)-1]
		if q.Price != last.Close || q.PrevClose <= 0 || math.Abs(q.Change-(q.Price-q.PrevClose)) > 1e-6*q.Price ||
			math.Abs(q.ChangePct-100*q.Change/q.PrevClose) > 1e-3 || q.Time <= last.Time {
			t.Errorf("%s: quote %+v vs last bar %+v", sym, q, last)
		}
	}
	// Quote volume follows the liquidity rank; Bitcoin leads.
	pairs := data.CryptoPairs()
	var qv, rk []float64
	for _, p := range pairs {
		q := d.quote[p.Symbol]
		if p.Rank > 1 && q.QuoteVolume >= d.quote["BTCUSDT"].QuoteVolume {
			t.Errorf("%s out-trades BTC", p.Symbol)
		}
		qv, rk = append(qv, math.Log(q.QuoteVolume)), append(rk, -math.Log(float64(p.Rank)))
	}
	if c := corr(qv, rk); c < 0.9 {
		t.Errorf("corr(log quote volume, −log rank) = %.2f", c)
	}
	if q := d.quote[pairs[len(pairs)-1].Symbol]; q.QuoteVolume < 1e6 {
		t.Errorf("rank-%d pair trades only %v USDT a day", len(pairs), q.QuoteVolume)
	}
}

type failSink struct {
	Discard
	after int
	n     int
}

func (f *failSink) PutBars(context.Context, []market.Bar) error {
	f.n++ // Workers: 1, so no race
	if f.n > f.after {
		return errors.New("disk full")
	}
	return nil
}

func TestErrors(t *testing.T) {
	if _, err := Generate(context.Background(), Config{Seed: 1}, Discard{}); err == nil {
		t.Error("zero Now accepted")
	}
	if _, err := Generate(context.Background(), Config{Seed: 1, Now: pinnedNow, DailyBars: 10}, Discard{}); err == nil {
		t.Error("10 daily bars accepted")
	}
	_, err := Generate(context.Background(), Config{Seed: 1, Now: pinnedNow, DailyBars: 60, Workers: 1}, &failSink{after: 5})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("sink error not returned: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Generate(ctx, Config{Seed: 1, Now: pinnedNow, DailyBars: 60}, Discard{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

// krScreen applies the original KR VCP screen (spec §6.1 and §6.3): the
// supply/demand index from 60/20/5-day flows, then a 20-bar contraction.
func krScreen(bars []market.Bar, fs []market.Flow) (sdi, ratio float64, pass bool) {
	sum := func(k int, f func(market.Flow) int64) float64 {
		s := 0.0
		for _, x := range fs[len(fs)-k:] {
			s += float64(f(x))
		}
		return s
	}
	vol20 := 0.0
	for _, b := range bars[len(bars)-20:] {
		vol20 += b.Volume
	}
	score := func(f func(market.Flow) int64, d float64) float64 {
		n60, n20 := sum(60, f), sum(20, f)
		base := clamp(n60/d*25+25, 0, 35)
		recent := clamp(n20/(n60+1)*10, 0, 10)
		r := clamp(n20/vol20*100/10*2.5+2.5, 0, 5)
		return base + recent + r
	}
	foreign := func(x market.Flow) int64 { return x.ForeignNet }
	inst := func(x market.Flow) int64 { return x.InstNet }
	sdi = clamp((score(inst, 6e6)+score(foreign, 1e7))*(0.8+0.2*min(vol20/1e7, 1)), 0, 100)
	rng := func(bs []market.Bar) float64 {
		hi, lo := 0.0, math.Inf(1)
		for _, b := range bs {
			hi, lo = max(hi, b.High), min(lo, b.Low)
		}
		return hi - lo
	}
	last := bars[len(bars)-20:]
	ratio = rng(last[10:]) / rng(last[:10])
	maxClose, v1, v2 := 0.0, 0.0, 0.0
	for i, b := range last {
		maxClose = max(maxClose, b.Close)
		if i < 10 {
			v1 += b.Volume
		} else {
			v2 += b.Volume
		}
	}
	f5 := sum(5, foreign)
	pass = f5 >= 50000 && sdi >= 60 && ratio <= 0.8 && last[19].Close >= 0.92*maxClose && v2 < 1.2*v1
	return sdi, ratio, pass
}

func TestKRScreenFindsPlantedSetups(t *testing.T) {
	d := fullMarket(t)
	found, bases, others := 0, 0, 0
	for _, x := range d.sink.insts {
		if x.Market != market.KR || x.Kind != market.KindStock {
			continue
		}
		sdi, ratio, pass := krScreen(d.bars[x.Symbol], d.flows[x.Symbol])
		if !d.specs[x.Symbol].vcp {
			if pass {
				others++
			}
			continue
		}
		if planVCP(stream(42, x.Symbol, "vcp"), 1).breakout {
			continue
		}
		bases++
		if pass {
			found++
		} else {
			t.Logf("%s: sdi %.1f ratio %.2f", x.Symbol, sdi, ratio)
		}
	}
	if float64(found) < 0.7*float64(bases) {
		t.Errorf("the KR screen finds %d of %d planted bases", found, bases)
	}
	t.Logf("KR screen: %d of %d planted bases, %d other stocks", found, bases, others)
}
