package ledger

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"krmarket/backend/analysis/exits"
	"krmarket/backend/contract"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

var kst = time.FixedZone("KST", 9*3600)

type env struct {
	st  *store.Store
	svc *Service
	now time.Time
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{st: st}
	e.svc = New(st, func() time.Time { return e.now }, nil, nil)
	return e
}

// ohlc is one daily bar: date, open, high, low, close.
type ohlc struct {
	d          string
	o, h, l, c float64
}

func (e *env) bars(t *testing.T, sym string, rows ...ohlc) {
	t.Helper()
	var bars []market.Bar
	for _, r := range rows {
		d, err := time.Parse(time.DateOnly, r.d)
		if err != nil {
			t.Fatal(err)
		}
		bars = append(bars, market.Bar{Symbol: sym, Interval: market.Daily, Time: d.Unix(), Open: r.o, High: r.h, Low: r.l, Close: r.c, Volume: 1000})
	}
	if err := e.st.Ingester("demo", time.Now).PutBars(context.Background(), bars); err != nil {
		t.Fatal(err)
	}
}

func sig(ticker, sym, date string, entry float64) store.Signal {
	return store.Signal{Market: market.KR, Ticker: ticker, Symbol: sym, SignalDate: date, EntryPrice: entry,
		Foreign5d: 100_000, Inst5d: 20_000, Score: 70, ContractionRatio: 0.5}
}

// seed logs five signals around Chuseok 2026 (KRX closed 09-24, 09-25,
// 09-28; weekend 09-26/27; 10-05 holiday) with the default rules
// (stop −7 %, target +15 %, trail 5 %, 5 trading days). Each outcome is
// worked out in the comments.
func seed(t *testing.T, e *env) {
	ctx := context.Background()
	// 005930: entry 10,000 on 09-22; never near stop 9,300 or target 11,500;
	// peak ≤ 10,300 keeps the trail (≤ 9,785) below entry. A junk bar on the
	// 09-25 holiday (low 9,000) must be ignored. Trading days after 09-22:
	// 09-23, 09-29, 09-30, 10-01, 10-02 → TIME_EXIT at the 10-02 close 10,250
	// (+2.50 %), hold 5 — ten calendar days later.
	e.bars(t, "005930.KS",
		ohlc{"2026-09-22", 9900, 10050, 9850, 10000},
		ohlc{"2026-09-23", 10000, 10100, 9950, 10050},
		ohlc{"2026-09-25", 9000, 9000, 9000, 9000},
		ohlc{"2026-09-29", 10050, 10150, 9980, 10100},
		ohlc{"2026-09-30", 10100, 10200, 10000, 10150},
		ohlc{"2026-10-01", 10150, 10250, 10050, 10200},
		ohlc{"2026-10-02", 10200, 10300, 10100, 10250},
		ohlc{"2026-10-06", 10250, 10300, 10200, 10300})
	// 000660: entry 20,000; 09-23 opens 19,800 above stop 18,600, low 18,500
	// touches it → STOP_LOSS at 18,600 (−7.00 %), hold 1.
	e.bars(t, "000660.KS", ohlc{"2026-09-23", 19800, 20100, 18500, 18700})
	// 373220: entry 5,000; 09-23 opens 5,900 ≥ target 5,750 → TAKE_PROFIT at
	// the open 5,900 (+18.00 %), hold 1.
	e.bars(t, "373220.KS", ohlc{"2026-09-23", 5900, 6000, 5850, 5950})
	// 207940: entry 1,000; 09-23 high 1,100 → from 09-29 the trail is
	// 1,100·0.95 = 1,045 > entry; 09-29 low 1,040 → TRAILING_STOP at
	// min(open 1,060, 1,045) = 1,045 (+4.50 %), hold 2.
	e.bars(t, "207940.KS",
		ohlc{"2026-09-23", 1000, 1100, 990, 1080},
		ohlc{"2026-09-29", 1060, 1070, 1040, 1050})
	// 035720: signalled 10-01 at 40,000; 10-02 stays within its rules → OPEN.
	e.bars(t, "035720.KS", ohlc{"2026-10-02", 40500, 41200, 40100, 41000})
	e.bars(t, KospiSymbol,
		ohlc{"2026-09-22", 2500, 2500, 2500, 2500},
		ohlc{"2026-09-23", 2525, 2525, 2525, 2525},
		ohlc{"2026-10-02", 2550, 2550, 2550, 2550})
	sigs := []store.Signal{
		sig("005930", "005930.KS", "2026-09-22", 10000),
		sig("000660", "000660.KS", "2026-09-22", 20000),
		sig("373220", "373220.KS", "2026-09-22", 5000),
		sig("207940", "", "2026-09-22", 1000), // no symbol logged: looked up in the KRX listing
		sig("035720", "035720.KS", "2026-10-01", 40000),
	}
	if n, err := e.st.AddSignals(ctx, sigs, time.Now()); err != nil || n != 5 {
		t.Fatalf("add signals: %d %v", n, err)
	}
}

func bySymbol(t *testing.T, st *store.Store) map[string]store.Signal {
	t.Helper()
	all, err := st.LedgerSignals(context.Background(), market.KR)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Signal{}
	for _, g := range all {
		out[g.Ticker] = g
	}
	return out
}

func wantClosed(t *testing.T, g store.Signal, date, reason string, price, ret float64, hold int) {
	t.Helper()
	if g.Status != "CLOSED" || g.ExitDate == nil || *g.ExitDate != date || g.ExitReason == nil || *g.ExitReason != reason ||
		*g.ExitPrice != price || *g.ReturnPct != ret || g.HoldDays != hold {
		t.Errorf("%s: status %s exit %v/%v/%v ret %v hold %d; want %s %s %v %v %d", g.Ticker, g.Status,
			deref2(g.ExitDate), deref2(g.ExitReason), deref(g.ExitPrice), deref(g.ReturnPct), g.HoldDays, date, reason, price, ret, hold)
	}
}

func deref2(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestUpdateFlowAcrossChuseok(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	seed(t, e)

	// 09-30 10:00 KST: the 09-30 session is in progress, so its bar does not
	// count; the last completed session is 09-29.
	e.now = time.Date(2026, 9, 30, 10, 0, 0, 0, kst)
	res, err := e.svc.Update(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Checked != 5 || res.Closed != 3 || res.StillOpen != 2 || res.Changed != 4 || res.AsOf != "2026-09-29" ||
		res.ByReason[exits.StopLoss] != 1 || res.ByReason[exits.TakeProfit] != 1 || res.ByReason[exits.TrailingStop] != 1 {
		t.Fatalf("first update %+v", res)
	}
	g := bySymbol(t, e.st)
	wantClosed(t, g["000660"], "2026-09-23", exits.StopLoss, 18600, -7, 1)
	wantClosed(t, g["373220"], "2026-09-23", exits.TakeProfit, 5900, 18, 1)
	wantClosed(t, g["207940"], "2026-09-29", exits.TrailingStop, 1045, 4.5, 2)
	if s := g["005930"]; s.Status != "OPEN" || s.HoldDays != 2 { // 09-23 and 09-29; the 09-25 holiday bar ignored
		t.Fatalf("005930 after first update: %+v", s)
	}
	if s := g["035720"]; s.Status != "OPEN" || s.HoldDays != 0 {
		t.Fatalf("035720: %+v", s)
	}

	// Idempotent: the same update again writes nothing.
	v := e.st.Version()
	res, err = e.svc.Update(ctx)
	if err != nil || res.Closed != 0 || res.Changed != 0 || res.StillOpen != 2 || e.st.Version() != v {
		t.Fatalf("second update %+v %v (version %d → %d)", res, err, v, e.st.Version())
	}

	// 10-02 16:00 KST: the 5th trading day after 09-22 has closed.
	e.now = time.Date(2026, 10, 2, 16, 0, 0, 0, kst)
	res, err = e.svc.Update(ctx)
	if err != nil || res.Closed != 1 || res.Changed != 2 || res.ByReason[exits.TimeExit] != 1 {
		t.Fatalf("third update %+v %v", res, err)
	}
	g = bySymbol(t, e.st)
	wantClosed(t, g["005930"], "2026-10-02", exits.TimeExit, 10250, 2.5, 5)
	if s := g["035720"]; s.Status != "OPEN" || s.HoldDays != 1 {
		t.Fatalf("035720: %+v", s)
	}
	before := g
	v = e.st.Version()
	if res, err := e.svc.Update(ctx); err != nil || res.Changed != 0 || e.st.Version() != v {
		t.Fatalf("fourth update %+v %v", res, err)
	}
	if after := bySymbol(t, e.st); len(after) != len(before) || after["005930"].HoldDays != 5 {
		t.Fatalf("ledger changed on a no-op update")
	}
}

func TestUpdateRejectsBadRules(t *testing.T) {
	e := newEnv(t)
	e.now = time.Date(2026, 10, 2, 16, 0, 0, 0, kst)
	e.svc = New(e.st, func() time.Time { return e.now }, nil, func() exits.Rules { return exits.Rules{StopLossPct: -1} })
	if _, err := e.svc.Update(context.Background()); err == nil || !strings.Contains(err.Error(), "stop_loss_pct") {
		t.Fatalf("want a rules error, got %v", err)
	}
}

// Reports over the seeded ledger after the 10-02 update. Closed:
// 000660 −7 (09-23), 373220 +18 (09-23), 207940 +4.5 (09-29), 005930 +2.5 (10-02);
// open: 035720.
func TestReports(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	seed(t, e)
	e.now = time.Date(2026, 10, 2, 16, 0, 0, 0, kst)
	if _, err := e.svc.Update(ctx); err != nil {
		t.Fatal(err)
	}
	// A live quote after the 10-02 bar values 035720 at 42,000: +5.00 %.
	if err := e.st.Ingester("demo", time.Now).PutQuotes(ctx, []market.Quote{{Symbol: "035720.KS", Price: 42000,
		Time: time.Date(2026, 10, 2, 15, 0, 0, 0, kst).Unix()}}); err != nil {
		t.Fatal(err)
	}

	p, err := e.svc.Performance(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// wins 3 / 4 = 75 %; sum −7+18+4.5+2.5 = 18; mean 4.5;
	// 0.93·1.18·1.045·1.025 = 1.17545… → 17.55 %; hold (1+1+2+5)/4 = 2.25 → 2.3;
	// profit factor (18+4.5+2.5)/7 = 3.571… → 3.57.
	if p.TotalSignals != 5 || p.ClosedSignals != 4 || p.OpenSignals != 1 || p.Wins != 3 || p.Losses != 1 || p.WinRate != 75 ||
		p.TotalReturn != 18 || p.AvgReturn != 4.5 || p.CompoundedReturn != 17.55 || p.BestTrade != 18 || p.WorstTrade != -7 ||
		p.AvgHoldDays != 2.3 || p.ProfitFactor == nil || *p.ProfitFactor != 3.57 || p.Period != "2026-09-22 ~ 2026-10-02" {
		t.Fatalf("performance %+v", p)
	}
	if len(p.Monthly) != 2 || p.Monthly[0] != (MonthStats{Month: "2026-09", Trades: 3, Wins: 2, WinRate: 66.7, SumReturn: 15.5, CompoundedReturn: 14.68}) ||
		p.Monthly[1] != (MonthStats{Month: "2026-10", Trades: 1, Wins: 1, WinRate: 100, SumReturn: 2.5, CompoundedReturn: 2.5}) {
		t.Fatalf("monthly %+v", p.Monthly) // September: 0.93·1.18·1.045 = 1.146783 → 14.68 %
	}
	if len(p.ByExitReason) != 4 || p.ByExitReason[exits.StopLoss] != (ReasonStats{Count: 1, WinRate: 0, AvgReturn: -7}) {
		t.Fatalf("by reason %+v", p.ByExitReason)
	}
	var order []string
	for _, tr := range p.Performance {
		order = append(order, tr.Ticker)
	}
	if strings.Join(order, ",") != "005930,207940,000660,373220" || p.Performance[0].Name != "삼성전자" || p.Performance[0].Market != "KOSPI" {
		t.Fatalf("performance list %v %+v", order, p.Performance[0])
	}
	if p.Summary.TotalCount != 4 || len(p.Summary.TopPerformers) != 4 || p.Summary.TopPerformers[0].Ticker != "373220" ||
		p.StrategyParams.HoldDays != 5 || p.StrategyParams.StopLossPct != 7 || p.Message != "" || p.Status != "success" || p.DataSource != contract.SourceDemo {
		t.Fatalf("summary/params/meta %+v %+v %+v", p.Summary, p.StrategyParams, p.Meta)
	}

	st, err := e.svc.VCPStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.TotalSignals != 5 || st.ClosedSignals != 4 || st.OpenSignals != 1 || st.WinRate != 75 || st.AvgReturnPct != 4.5 ||
		st.MaxReturnPct != 18 || st.MinReturnPct != -7 || st.AvgHoldDays != 2.3 || st.TotalWinners != 3 || st.TotalLosers != 1 ||
		st.CompoundedReturnPct != 17.55 {
		t.Fatalf("vcp-stats %+v", st)
	}

	c, err := e.svc.CumulativeReturn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.TotalPositions != 1 || c.CumulativeReturn != 5 || c.Winners != 1 || c.Losers != 0 || c.WinRate != 100 ||
		c.Invested != 1_000_000 || c.CurrentValue != 1_050_000 || len(c.Trades) != 1 || c.Positions[0].CurrentPrice != 42000 ||
		c.Positions[0].Name != "카카오" {
		t.Fatalf("cumulative %+v", c)
	}
	// Curve, by hand (see TestCurveGolden for the method):
	//   09-23: held 000660 −7 %, 373220 +18 %, 207940 +8 % (1,080), 005930 +0.5 % → mean 4.875 %
	//   09-29: 207940 1,045/1,080−1, 005930 10,100/10,050−1 → ×0.986284 → 1.034365 → 3.44
	//   09-30: 005930 ×10,150/10,100; 10-01: ×10,200/10,150
	//   10-02: 005930 10,250/10,200−1, 035720 41,000/40,000−1 → 1.060224 → 6.02; KOSPI 2,550/2,500 → 2.00
	// 09-25 (holiday bar) is not on the axis; 10-06 is after the last completed session.
	var dates []string
	for _, pt := range c.Curve {
		dates = append(dates, pt.Date)
	}
	if strings.Join(dates, ",") != "2026-09-22,2026-09-23,2026-09-29,2026-09-30,2026-10-01,2026-10-02" {
		t.Fatalf("curve dates %v", dates)
	}
	last := c.Curve[len(c.Curve)-1]
	if c.Curve[2].Strategy != 3.44 || last.Strategy != 6.02 || last.Kospi == nil || *last.Kospi != 2 || last.Positions != 2 ||
		c.Curve[1].Positions != 4 || *c.Curve[1].Kospi != 1 || *c.Curve[2].Kospi != 1 {
		t.Fatalf("curve %+v", c.Curve)
	}

	h, err := e.svc.VCPHistory(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if h.Days != 30 || h.Count != 5 || h.From != "2026-09-01" || h.To != "2026-10-01" || h.Signals[0].Ticker != "035720" {
		t.Fatalf("history %+v", h)
	}
	open := h.Signals[0]
	if open.SignalDateKo != "10월 01일" || open.SignalDate != "2026-10-01" || open.CurrentPrice == nil || *open.CurrentPrice != 42000 ||
		open.CurrentReturnPct == nil || *open.CurrentReturnPct != 5 || open.ReturnPct != nil || open.HoldDaysC != 1 {
		t.Fatalf("open row %+v", open)
	}
	for _, r := range h.Signals[1:] {
		if r.Status != "CLOSED" || r.CurrentPrice != nil || r.ExitReason == nil || r.ReturnPctC == nil || r.SignalDateKo != "09월 22일" {
			t.Fatalf("closed row %+v", r)
		}
	}
	// days=1: signal_date ≥ 09-30 keeps only the 10-01 signal.
	if h, err := e.svc.VCPHistory(ctx, "1"); err != nil || h.Count != 1 {
		t.Fatalf("days=1: %+v %v", h, err)
	}
	for _, bad := range []string{"0", "3651", "-1", "abc", "1.5"} {
		_, err := e.svc.VCPHistory(ctx, bad)
		var ce *contract.Error
		if !errors.As(err, &ce) || ce.HTTP != 400 || ce.Code != "invalid_days" {
			t.Errorf("days=%q: %v", bad, err)
		}
	}
}

func TestReportsOnEmptyLedger(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.now = time.Date(2026, 10, 2, 16, 0, 0, 0, kst)
	p, err := e.svc.Performance(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Message == "" || p.ClosedSignals != 0 || p.Performance == nil || p.Monthly == nil || p.ByExitReason == nil ||
		p.Summary.TopPerformers == nil || p.ProfitFactor != nil {
		t.Fatalf("empty performance %+v", p)
	}
	c, err := e.svc.CumulativeReturn(ctx)
	if err != nil || c.Message == "" || c.Positions == nil || c.Curve == nil || c.TotalPositions != 0 {
		t.Fatalf("empty cumulative %+v %v", c, err)
	}
	h, err := e.svc.VCPHistory(ctx, "30")
	if err != nil || h.Count != 0 || h.Signals == nil {
		t.Fatalf("empty history %+v %v", h, err)
	}
	if res, err := e.svc.Update(ctx); err != nil || res.Checked != 0 {
		t.Fatalf("empty update %+v %v", res, err)
	}
}

// A stored bar without a close (0) is skipped, not a reason to stall: the
// five trading days after 09-22 are then 09-23, 09-30, 10-01, 10-02, 10-06
// (10-05 is 개천절 대체공휴일) → TIME_EXIT at the 10-06 close 10,100 (+1.00 %).
func TestUpdateSkipsBarsWithoutClose(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.bars(t, "000270.KS",
		ohlc{"2026-09-23", 10000, 10050, 9950, 10000},
		ohlc{"2026-09-29", 0, 0, 0, 0},
		ohlc{"2026-09-30", 10000, 10050, 9950, 10000},
		ohlc{"2026-10-01", 10000, 10050, 9950, 10000},
		ohlc{"2026-10-02", 10000, 10050, 9950, 10000},
		ohlc{"2026-10-06", 10000, 10150, 9950, 10100})
	if _, err := e.st.AddSignals(ctx, []store.Signal{sig("000270", "000270.KS", "2026-09-22", 10000)}, time.Now()); err != nil {
		t.Fatal(err)
	}
	e.now = time.Date(2026, 10, 6, 16, 0, 0, 0, kst)
	if res, err := e.svc.Update(ctx); err != nil || res.Closed != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	wantClosed(t, bySymbol(t, e.st)["000270"], "2026-10-06", exits.TimeExit, 10100, 1, 5)
}
