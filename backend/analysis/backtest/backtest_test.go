package backtest

import (
	"math"
	"strings"
	"testing"
	"time"

	"krmarket/backend/analysis/exits"
	"krmarket/backend/market"
)

// day0 is the first simulated day of the hand-built markets; day i is i
// calendar days later (the engine only cares about the bars' order).
var day0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).Unix()

func dt(i int) int64 { return day0 + int64(i)*86400 }

// ohlc is one hand-written bar.
type ohlc struct{ o, h, l, c float64 }

func flat(p float64) ohlc { return ohlc{p, p, p, p} }

// series builds daily bars dated day0+i for each i in days.
func series(sym string, days []int, bars []ohlc) []market.Bar {
	out := make([]market.Bar, len(days))
	for k, i := range days {
		b := bars[k]
		out[k] = market.Bar{Symbol: sym, Interval: market.Daily, Time: dt(i), Open: b.o, High: b.h, Low: b.l, Close: b.c, Volume: 1000}
	}
	return out
}

func span(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func repeat(b ohlc, n int) []ohlc {
	out := make([]ohlc, n)
	for i := range out {
		out[i] = b
	}
	return out
}

// level builds a daily series of closes only (index or FX), days from..to.
func level(sym string, from int, closes []float64) []market.Bar {
	out := make([]market.Bar, len(closes))
	for k, c := range closes {
		out[k] = market.Bar{Symbol: sym, Interval: market.Daily, Time: dt(from + k), Open: c, High: c, Low: c, Close: c}
	}
	return out
}

// rising is n closes 2000, 2001, … (a steadily rising index is bullish:
// close > SMA20 > SMA60).
func rising(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 2000 + float64(i)
	}
	return out
}

func falling(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 3000 - float64(i)
	}
	return out
}

// goldenConfig uses round cost rates so every figure can be worked out by
// hand: commission 0.1 % a side, slippage 1 % at entry, tax 0.2 % on every
// sale, stop 5 %, target 10 %, no trailing stop, time exit after 3 bars.
func goldenConfig() Config {
	c := Default()
	c.InitialCapital = 10_000_000
	c.PositionSizePct = 10
	c.MaxPositions = 2
	c.CommissionPct, c.SlippagePct, c.TaxPct = 0.1, 1, 0.2
	c.Exits = exits.Rules{StopLossPct: 5, TakeProfitPct: 10, TrailingStopPct: 0, MaxHoldDays: 3}
	return c
}

// goldenMarket: five stocks over days 0–7, a rising KOSPI (bullish every
// day), USD/KRW 1300 except 1450 on day 4.
func goldenMarket() Input {
	all := span(0, 7)
	a := []ohlc{flat(1000), flat(1000), {1000, 1120, 1000, 1100}, flat(1100), flat(1100), flat(1100), {1200, 1250, 1190, 1240}, {1240, 1260, 1230, 1250}}
	c := append(repeat(flat(500), 4), ohlc{470, 480, 460, 475}, flat(475), flat(475), flat(475))
	fx := []float64{1300, 1300, 1300, 1300, 1450, 1300, 1300, 1300}
	return Input{
		Start: dt(0), End: dt(7),
		Stocks: []Stock{
			{Symbol: "000010.KS", Ticker: "000010", Name: "A", Bars: series("000010.KS", all, a)},
			{Symbol: "000020.KS", Ticker: "000020", Name: "B", Bars: series("000020.KS", all, repeat(flat(2000), 8))},
			{Symbol: "000030.KS", Ticker: "000030", Name: "C", Bars: series("000030.KS", all, c)},
			// D does not trade on day 6.
			{Symbol: "000040.KS", Ticker: "000040", Name: "D", Bars: series("000040.KS", []int{0, 1, 2, 3, 4, 5, 7}, repeat(flat(800), 7))},
			{Symbol: "000050.KS", Ticker: "000050", Name: "E", Bars: series("000050.KS", all, repeat(flat(3000), 8))},
		},
		Index:  level("^KS11", -60, rising(68)),
		USDKRW: level("KRW=X", 0, fx),
		Signals: []Signal{
			{"000010.KS", dt(0), 80}, {"000020.KS", dt(0), 90}, {"000030.KS", dt(0), 50}, // C below min_score
			{"000030.KS", dt(1), 70},                           // two positions held: max_positions
			{"000030.KS", dt(2), 70}, {"000020.KS", dt(2), 95}, // B still held
			{"000050.KS", dt(4), 99},                           // USD/KRW 1450 > 1400
			{"000010.KS", dt(5), 75}, {"000040.KS", dt(5), 65}, // D has no bar on day 6
			{"000010.KS", dt(5), 60},  // duplicate: the higher score counts
			{"000020.KS", dt(7), 90},  // last day: would fill after the run, ignored
			{"999999.KS", dt(3), 100}, // unknown stock, ignored
		},
	}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestGolden checks every trade of the hand-built market. Each figure
// below was derived by hand from the rules in the package doc; the
// arithmetic was checked with a calculator (python3) and is shown before
// rounding.
func TestGolden(t *testing.T) {
	r, err := Run(goldenMarket(), goldenConfig())
	if err != nil {
		t.Fatal(err)
	}
	// Day 0 signals: B (90) before A (80). Day 1 fills, in that order:
	//  B: fill 2000·1.01 = 2020; value 10,000,000·10%·(0.8+0.4·0.90) = 1,160,000
	//     qty floor(1,160,000/2020) = 574; buy fee 574·2020·0.1% = 1,159.48;
	//     cost 1,160,639.48; cash 8,839,360.52
	//  A: fill 1010; value 8,839,360.52·10%·1.12 = 990,008.38 (sized on the
	//     cash left after B) → qty 980; fee 989.80; cost 990,789.80;
	//     cash 7,848,570.72
	// Day 2: A's high 1120 reaches the target 1010·1.1 = 1111 → TAKE_PROFIT at
	//  1111: gross 1,088,780, fee 1,088.78, tax 2,177.56, net 1,085,513.66,
	//  P&L +94,723.86 = 9.5604 % of cost; R = 94,723.86/(980·1010·5%) = 1.914.
	// Day 2 decision: C (70) ordered (1 position); B (95) is held.
	// Day 3: C fills at 505: value 8,934,084.38·10%·1.08 = 964,881.11 → qty 1910,
	//  fee 964.55, cost 965,514.55. B's third bar → TIME_EXIT at the close
	//  2000: gross 1,148,000, fee 1,148, tax 2,296 (a losing sale is taxed
	//  too), net 1,144,556, P&L −16,083.48 = −1.3857 %; R −0.277.
	// Day 4: C opens 470 ≤ stop 505·0.95 = 479.75 → STOP_LOSS at the open 470:
	//  gross 897,700, fee 897.70, tax 1,795.40, net 895,006.90,
	//  P&L −70,507.65 = −7.3026 %; R −1.462.
	// Day 5: A (75) ordered; D (65) ordered but D has no bar on day 6.
	// Day 6: A fills at 1212: value 10,008,132.73·10%·1.10 = 1,100,894.60 →
	//  qty 908, fee 1,100.50, cost 1,101,596.50; still open on day 7
	//  (2 bars < 3), marked at 1250: value 1,135,000, unrealised +33,403.50.
	want := []ClosedTrade{
		{Ticker: "000010", Symbol: "000010.KS", Name: "A", SignalDate: "2026-03-02", EntryDate: "2026-03-03", EntryPrice: 1010,
			ExitDate: "2026-03-04", ExitPrice: 1111, Quantity: 980, Reason: exits.TakeProfit, ReturnPct: 9.56, PnL: 94724,
			RMultiple: 1.914, HoldDays: 2, Score: 80, Fees: 2079, Tax: 2178},
		{Ticker: "000020", Symbol: "000020.KS", Name: "B", SignalDate: "2026-03-02", EntryDate: "2026-03-03", EntryPrice: 2020,
			ExitDate: "2026-03-05", ExitPrice: 2000, Quantity: 574, Reason: exits.TimeExit, ReturnPct: -1.39, PnL: -16083,
			RMultiple: -0.277, HoldDays: 3, Score: 90, Fees: 2307, Tax: 2296},
		{Ticker: "000030", Symbol: "000030.KS", Name: "C", SignalDate: "2026-03-04", EntryDate: "2026-03-05", EntryPrice: 505,
			ExitDate: "2026-03-06", ExitPrice: 470, Quantity: 1910, Reason: exits.StopLoss, ReturnPct: -7.30, PnL: -70508,
			RMultiple: -1.462, HoldDays: 2, Score: 70, Fees: 1862, Tax: 1795},
	}
	if len(r.Trades) != len(want) {
		t.Fatalf("%d trades, want %d: %+v", len(r.Trades), len(want), r.Trades)
	}
	for i := range want {
		if r.Trades[i] != want[i] {
			t.Errorf("trade %d:\n got %+v\nwant %+v", i, r.Trades[i], want[i])
		}
	}
	wantOpen := OpenPosition{Ticker: "000010", Symbol: "000010.KS", Name: "A", SignalDate: "2026-03-07", EntryDate: "2026-03-08",
		EntryPrice: 1212, Quantity: 908, LastDate: "2026-03-09", LastPrice: 1250, MarketValue: 1135000, UnrealizedPnL: 33404,
		UnrealizedPct: 3.03, HoldDays: 2, Score: 75}
	if len(r.OpenPositions) != 1 || r.OpenPositions[0] != wantOpen {
		t.Fatalf("open positions %+v\nwant %+v", r.OpenPositions, wantOpen)
	}
	// Equity at each close = cash + quantity × close:
	//  d0 10,000,000; d1 7,848,570.72 + 574·2000 + 980·1000 = 9,976,570.72;
	//  d2 8,934,084.38 + 1,148,000 = 10,082,084.38 (new peak);
	//  d3 9,113,125.83 + 1910·500 = 10,068,125.83; d4 and d5 10,008,132.73;
	//  d6 8,906,536.23 + 908·1240 = 10,032,456.23; d7 … + 908·1250 = 10,041,536.23.
	// Drawdown below the running peak: d1 0.2343 %, d3 0.1384 %, d4 0.7335 %.
	wantCurve := []EquityPoint{
		{"2026-03-02", 10000000, 10000000, 0, 0},
		{"2026-03-03", 9976571, 7848571, 2, 0.23},
		{"2026-03-04", 10082084, 8934084, 1, 0},
		{"2026-03-05", 10068126, 9113126, 1, 0.14},
		{"2026-03-06", 10008133, 10008133, 0, 0.73},
		{"2026-03-07", 10008133, 10008133, 0, 0.73},
		{"2026-03-08", 10032456, 8906536, 1, 0.49},
		{"2026-03-09", 10041536, 8906536, 1, 0.40},
	}
	if len(r.EquityCurve) != len(wantCurve) {
		t.Fatalf("curve %+v", r.EquityCurve)
	}
	for i := range wantCurve {
		if r.EquityCurve[i] != wantCurve[i] {
			t.Errorf("curve day %d: got %+v want %+v", i, r.EquityCurve[i], wantCurve[i])
		}
	}
	p := r.Performance
	// 1 winner, 2 losers (W, L, L); profit factor 94,723.86/86,591.13;
	// fees = buys 1,159.48+989.80+964.55+1,100.50 + sells 1,088.78+1,148+897.70;
	// slippage = 574·20 + 980·10 + 1910·5 + 908·12; final equity =
	// 10,000,000 + Σ P&L (8,132.73) + unrealised 33,403.50 = 10,041,536.23.
	if p.TotalTrades != 3 || p.Winners != 1 || p.Losers != 2 || p.MaxConsecutiveWins != 1 || p.MaxConsecutiveLosses != 2 || p.TradingDays != 8 {
		t.Errorf("counts %+v", p)
	}
	near(t, "win_rate", p.WinRate, 33.33)
	near(t, "avg_return", p.AvgReturn, 0.29) // (9.5604 − 1.3857 − 7.3026)/3
	near(t, "avg_winner", p.AvgWinner, 9.56) // A
	near(t, "avg_loser", p.AvgLoser, -4.34)  // (−1.3857 − 7.3026)/2
	near(t, "profit_factor", *p.ProfitFactor, 1.094)
	near(t, "total_r", p.TotalR, 0.175) // 1.914 − 0.2774 − 1.4620
	near(t, "avg_r", p.AvgRMultiple, 0.058)
	near(t, "total_return_pct", p.TotalReturnPct, 0.42)
	near(t, "final_equity", p.FinalEquity, 10041536)
	near(t, "max_drawdown_pct", p.MaxDrawdownPct, 0.73)
	near(t, "avg_hold_days", p.AvgHoldDays, 2.33) // (2+3+2)/3
	near(t, "total_fees", p.TotalFees, 7349)
	near(t, "total_tax", p.TotalTax, 6269)
	near(t, "total_slippage", p.TotalSlippage, 41726)
	near(t, "total_pnl", p.TotalPnL, 8133)
	near(t, "unrealized_pnl", p.UnrealizedPnL, 33404)
	// Sharpe of the 8 daily equity values above (mean/sd of 7 daily returns · √252).
	near(t, "sharpe", *p.SharpeRatio, 1.862)

	for reason, w := range map[string]ExitStats{
		exits.TakeProfit: {1, 100, 9.56}, exits.TimeExit: {1, 0, -1.39}, exits.StopLoss: {1, 0, -7.30},
	} {
		if r.ByExitReason[reason] != w {
			t.Errorf("by_exit_reason[%s] = %+v, want %+v", reason, r.ByExitReason[reason], w)
		}
	}
	wantStats := SignalStats{Total: 9, Entered: 4, Skipped: SkipCounts{BelowMinScore: 1, MaxPositions: 1, Held: 1, USDKRW: 1, NoNextBar: 1}}
	if r.SignalStats != wantStats {
		t.Errorf("signal stats %+v, want %+v", r.SignalStats, wantStats)
	}
	if r.RegimeDays[Bullish] != 8 || r.GateDays != 1 {
		t.Errorf("regime days %v, gate days %d", r.RegimeDays, r.GateDays)
	}
}

// The original charged the transaction tax only on profitable exits; here a
// losing sale pays it too, and the tax rate moves the P&L of a losing trade.
func TestTaxOnEverySale(t *testing.T) {
	in := goldenMarket()
	cfg := goldenConfig()
	cfg.TaxPct = 0
	r0, err := Run(in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r1, err := Run(in, goldenConfig())
	if err != nil {
		t.Fatal(err)
	}
	// B's losing time exit: tax 0.2 % of 1,148,000 = 2,296.
	if d := r0.Trades[1].PnL - r1.Trades[1].PnL; d != 2296 || r1.Trades[1].PnL >= 0 {
		t.Fatalf("tax on the losing sale: P&L %v vs %v", r0.Trades[1].PnL, r1.Trades[1].PnL)
	}
}

// With gates, regimes and min score out of the way and no exits firing,
// slippage is paid exactly once: at entry.
func TestSlippageOnceAtEntry(t *testing.T) {
	cfg := goldenConfig()
	cfg.CommissionPct, cfg.TaxPct, cfg.SlippagePct = 0, 0, 2
	cfg.Exits = exits.Rules{StopLossPct: 5, MaxHoldDays: 2}
	in := Input{Start: dt(0), End: dt(3),
		Stocks:  []Stock{{Symbol: "X", Ticker: "X", Bars: series("X", span(0, 3), repeat(flat(1000), 4))}},
		Signals: []Signal{{"X", dt(0), 100}},
	}
	r, err := Run(in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// value 10,000,000·10%·1.2 = 1,200,000; fill 1020 → qty 1176 (1176·1020 =
	// 1,199,520); time exit at 1000 on day 2: P&L = 1176·(1000 − 1020) = −23,520.
	tr := r.Trades[0]
	if len(r.Trades) != 1 || tr.EntryPrice != 1020 || tr.ExitPrice != 1000 || tr.Quantity != 1176 || tr.PnL != -23520 ||
		r.Performance.TotalSlippage != 23520 || r.Performance.TotalFees != 0 {
		t.Fatalf("%+v %+v", r.Trades, r.Performance)
	}
}

// Regime and USD/KRW skips: a falling KOSPI blocks every entry unless
// bearish markets are allowed; the gate blocks the day USD/KRW is above it.
func TestRegimeAndGate(t *testing.T) {
	in := goldenMarket()
	in.Index = level("^KS11", -60, falling(68))
	r, err := Run(in, goldenConfig())
	if err != nil {
		t.Fatal(err)
	}
	// 9 signals: 1 below min score, the 8 others meet the bearish regime.
	if len(r.Trades) != 0 || len(r.OpenPositions) != 0 || r.SignalStats.Skipped.Regime != 8 || r.SignalStats.Skipped.BelowMinScore != 1 ||
		r.RegimeDays[Bearish] != 8 || r.Performance.FinalEquity != 10_000_000 {
		t.Fatalf("bearish: %+v %+v", r.SignalStats, r.RegimeDays)
	}
	cfg := goldenConfig()
	cfg.AllowedRegimes = []string{Bearish}
	if r, err = Run(in, cfg); err != nil {
		t.Fatal(err)
	}
	if len(r.Trades) != 3 || r.SignalStats.Skipped.Regime != 0 {
		t.Fatalf("bearish allowed: %d trades %+v", len(r.Trades), r.SignalStats)
	}
	// Gate off: E (99) on day 4 is taken.
	cfg = goldenConfig()
	cfg.UseUSDKRWGate = false
	if r, err = Run(goldenMarket(), cfg); err != nil {
		t.Fatal(err)
	}
	if r.SignalStats.Skipped.USDKRW != 0 || r.GateDays != 0 || r.Trades[len(r.Trades)-1].Ticker != "000050" && !hasOpen(r, "000050") {
		t.Fatalf("gate off: %+v", r.SignalStats)
	}
}

func hasOpen(r Result, ticker string) bool {
	for _, p := range r.OpenPositions {
		if p.Ticker == ticker {
			return true
		}
	}
	return false
}

// Sizing floor and cash limit: a position is at least one share, and an
// order whose one share (plus commission) exceeds the cash is refused.
func TestCashLimit(t *testing.T) {
	cfg := goldenConfig()
	cfg.InitialCapital = 100_000
	cfg.MaxPositions = 5
	in := Input{Start: dt(0), End: dt(2),
		Stocks: []Stock{
			{Symbol: "CHEAP", Ticker: "CHEAP", Bars: series("CHEAP", span(0, 2), repeat(flat(40_000), 3))},
			{Symbol: "DEAR", Ticker: "DEAR", Bars: series("DEAR", span(0, 2), repeat(flat(70_000), 3))},
		},
		Signals: []Signal{{"CHEAP", dt(0), 90}, {"DEAR", dt(0), 80}},
	}
	r, err := Run(in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// CHEAP: value 100,000·10%·1.16 = 11,600 < one share (40,400) → 1 share,
	// cost 40,400 + 40.40 = 40,440.40, cash 59,559.60. DEAR: one share costs
	// 70,700 + 70.70 > 59,559.60 → refused for cash.
	if len(r.OpenPositions) != 1 || r.OpenPositions[0].Quantity != 1 || r.SignalStats.Skipped.Cash != 1 || r.EquityCurve[1].Cash != 59560 {
		t.Fatalf("%+v %+v %+v", r.OpenPositions, r.SignalStats, r.EquityCurve)
	}
}

// Max positions counts positions held plus orders already placed that day.
func TestMaxPositionsSameDay(t *testing.T) {
	cfg := goldenConfig()
	cfg.MaxPositions = 1
	in := goldenMarket()
	in.Signals = []Signal{{"000010.KS", dt(0), 70}, {"000020.KS", dt(0), 71}}
	r, err := Run(in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if r.SignalStats.Entered != 1 || r.SignalStats.Skipped.MaxPositions != 1 || r.Trades[0].Ticker != "000020" {
		t.Fatalf("%+v %+v", r.SignalStats, r.Trades)
	}
}

func TestRegime(t *testing.T) {
	// 60 closes: 40 × 100 then 20 × 110, last 120 → SMA60 = (40·100 + 19·110 +
	// 120)/60 = 103.5, SMA20 = (19·110 + 120)/20 = 110.5: 120 > 110.5 > 103.5.
	c := append(append(make([]float64, 0, 60), constant(100, 40)...), constant(110, 19)...)
	c = append(c, 120)
	if got := Regime(c); got != Bullish {
		t.Errorf("bullish case: %s", got)
	}
	c[59] = 105 // 105 < SMA20 109.75 but SMA20 > SMA60: neutral
	if got := Regime(c); got != Neutral {
		t.Errorf("neutral case: %s", got)
	}
	for i := range c { // mirror: 100 ×40, 90 ×19, 80
		c[i] = 200 - c[i]
	}
	c[59] = 80
	if got := Regime(c); got != Bearish {
		t.Errorf("bearish case: %s", got)
	}
	if got := Regime(c[1:]); got != Neutral {
		t.Errorf("59 closes: %s, want neutral", got)
	}
}

func constant(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// Drawdown and Sharpe on a tiny curve, by hand: 100 → 110 → 99 → 121.
func TestDrawdownAndSharpe(t *testing.T) {
	eq := []float64{100, 110, 99, 121}
	// Peak 110, trough 99: (110 − 99)/110 = 10 %.
	near(t, "drawdown", MaxDrawdownPct(100, eq), 10)
	// Falling from the start counts: start 100, 90 → 10 %.
	near(t, "drawdown from start", MaxDrawdownPct(100, []float64{90, 95}), 10)
	near(t, "no drawdown", MaxDrawdownPct(100, []float64{100, 101, 102}), 0)
	// Returns 0.1, −0.1, 0.2222…: mean 0.0740741, deviations 0.0259259,
	// −0.1740741, 0.1481481; sample variance (0.0006722 + 0.0303018 +
	// 0.0219479)/2 = 0.0264609, sd 0.1626680; 0.0740741/0.1626680·√252 = 7.2288.
	s, ok := Sharpe(eq)
	if !ok || math.Abs(s-7.2288) > 5e-4 {
		t.Fatalf("sharpe %v %v", s, ok)
	}
	if _, ok := Sharpe([]float64{100, 100, 100}); ok {
		t.Error("flat curve has no Sharpe ratio")
	}
	if _, ok := Sharpe([]float64{100, 101}); ok {
		t.Error("one return has no Sharpe ratio")
	}
}

func TestPresetsAndValidation(t *testing.T) {
	for _, name := range []string{"default", "conservative", "aggressive"} {
		c, ok := Preset(name)
		if !ok {
			t.Fatalf("preset %s missing", name)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if c := Conservative(); c.MinScore != 70 || c.Exits.StopLossPct != 3 || c.Exits.MaxHoldDays != 10 || c.PositionSizePct != 5 || c.MaxPositions != 5 {
		t.Errorf("conservative %+v", c)
	}
	if c := Aggressive(); c.MinScore != 50 || c.Exits.TakeProfitPct != 25 || c.Exits.TrailingStopPct != 6 || c.PositionSizePct != 15 || c.MaxPositions != 15 {
		t.Errorf("aggressive %+v", c)
	}
	if _, ok := Preset("yolo"); ok {
		t.Error("unknown preset accepted")
	}
	for field, mut := range map[string]func(*Config){
		"min_score":         func(c *Config) { c.MinScore = 101 },
		"initial_capital":   func(c *Config) { c.InitialCapital = math.NaN() },
		"stop_loss_pct":     func(c *Config) { c.Exits.StopLossPct = 0 },
		"take_profit_pct":   func(c *Config) { c.Exits.TakeProfitPct = -1 },
		"trailing_stop_pct": func(c *Config) { c.Exits.TrailingStopPct = 60 },
		"max_hold_days":     func(c *Config) { c.Exits.MaxHoldDays = 251 },
		"position_size_pct": func(c *Config) { c.PositionSizePct = 0 },
		"max_positions":     func(c *Config) { c.MaxPositions = 0 },
		"commission_pct":    func(c *Config) { c.CommissionPct = math.Inf(1) },
		"allowed_regimes":   func(c *Config) { c.AllowedRegimes = []string{"KR_SIDEWAYS"} },
		"usd_krw_max":       func(c *Config) { c.USDKRWMax = 0 },
	} {
		c := Default()
		mut(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("%s: error %v", field, err)
		}
		if _, err := Run(goldenMarket(), c); err == nil {
			t.Errorf("%s: Run accepted an invalid config", field)
		}
	}
	in := goldenMarket()
	in.Start, in.End = dt(5), dt(4)
	if _, err := Run(in, Default()); err == nil {
		t.Error("end before start accepted")
	}
	in.Start, in.End = dt(100), dt(200)
	if _, err := Run(in, Default()); err != ErrNoDays {
		t.Errorf("empty range: %v", err)
	}
}
