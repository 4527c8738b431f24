package backtest

import "math"

// TradingDaysPerYear annualises the Sharpe ratio.
const TradingDaysPerYear = 252

// MaxDrawdownPct is the largest fall of equity below its running peak, in
// percent of that peak (≥ 0). The peak starts at start (the initial
// capital), so a curve that only falls from the first day counts in full.
func MaxDrawdownPct(start float64, equity []float64) float64 {
	peak, worst := start, 0.0
	for _, e := range equity {
		peak = max(peak, e)
		if peak > 0 {
			worst = max(worst, (peak-e)/peak*100)
		}
	}
	return worst
}

// Sharpe is the annualised Sharpe ratio of the daily returns of an equity
// curve (one value per trading day): mean / sample standard deviation ·
// √252, risk-free rate 0. ok is false with fewer than two returns or no
// variation. (The original used per-TRADE returns · √(252/n), which mixes
// trade and calendar frequencies.)
func Sharpe(equity []float64) (float64, bool) {
	if len(equity) < 3 {
		return 0, false
	}
	rets := make([]float64, 0, len(equity)-1)
	for i := 1; i < len(equity); i++ {
		if !(equity[i-1] > 0) {
			return 0, false
		}
		rets = append(rets, equity[i]/equity[i-1]-1)
	}
	mean := 0.0
	for _, r := range rets {
		mean += r
	}
	mean /= float64(len(rets))
	ss := 0.0
	for _, r := range rets {
		ss += (r - mean) * (r - mean)
	}
	sd := math.Sqrt(ss / float64(len(rets)-1))
	if !(sd > 1e-15) {
		return 0, false
	}
	return mean / sd * math.Sqrt(TradingDaysPerYear), true
}

// summarize computes the trade and equity statistics (costs are added by
// the caller).
func summarize(trades []ClosedTrade, equity []float64, initial float64) Performance {
	p := Performance{TotalTrades: len(trades), TradingDays: len(equity), FinalEquity: initial}
	if len(equity) > 0 {
		p.FinalEquity = equity[len(equity)-1]
	}
	p.TotalReturnPct = (p.FinalEquity - initial) / initial * 100
	p.MaxDrawdownPct = MaxDrawdownPct(initial, equity)
	if sh, ok := Sharpe(equity); ok {
		p.SharpeRatio = &sh
	}
	if len(trades) == 0 {
		return p
	}
	var sumRet, sumWin, sumLoss, grossWin, grossLoss, hold float64
	wins, losses := 0, 0
	for _, t := range trades {
		sumRet += t.ReturnPct
		p.TotalR += t.RMultiple
		p.TotalPnL += t.PnL
		hold += float64(t.HoldDays)
		if t.PnL > 0 {
			p.Winners++
			sumWin += t.ReturnPct
			grossWin += t.PnL
			wins, losses = wins+1, 0
		} else {
			p.Losers++
			sumLoss += t.ReturnPct
			grossLoss += t.PnL
			wins, losses = 0, losses+1
		}
		p.MaxConsecutiveWins = max(p.MaxConsecutiveWins, wins)
		p.MaxConsecutiveLosses = max(p.MaxConsecutiveLosses, losses)
	}
	n := float64(len(trades))
	p.WinRate = float64(p.Winners) / n * 100
	p.AvgReturn = sumRet / n
	p.AvgRMultiple = p.TotalR / n
	p.AvgHoldDays = hold / n
	if p.Winners > 0 {
		p.AvgWinner = sumWin / float64(p.Winners)
	}
	if p.Losers > 0 {
		p.AvgLoser = sumLoss / float64(p.Losers)
	}
	if grossLoss < 0 {
		pf := grossWin / -grossLoss
		p.ProfitFactor = &pf
	}
	return p
}

// byReason groups the trades by exit reason.
func byReason(trades []ClosedTrade) map[string]ExitStats {
	out := map[string]ExitStats{}
	wins := map[string]int{}
	for _, t := range trades {
		s := out[t.Reason]
		s.Count++
		s.AvgReturn += t.ReturnPct
		if t.PnL > 0 {
			wins[t.Reason]++
		}
		out[t.Reason] = s
	}
	for k, s := range out {
		s.WinRate = float64(wins[k]) / float64(s.Count) * 100
		s.AvgReturn /= float64(s.Count)
		out[k] = s
	}
	return out
}

// roundResult rounds the report for display: KRW amounts to 0 dp, prices
// and percentages to 2 dp, ratios to 3 dp. Every figure is computed from
// unrounded values first.
func roundResult(r *Result) {
	p := &r.Performance
	for _, v := range []*float64{&p.FinalEquity, &p.TotalFees, &p.TotalTax, &p.TotalSlippage, &p.TotalPnL, &p.UnrealizedPnL} {
		*v = round(*v, 0)
	}
	for _, v := range []*float64{&p.WinRate, &p.AvgReturn, &p.AvgWinner, &p.AvgLoser, &p.TotalReturnPct, &p.MaxDrawdownPct, &p.AvgHoldDays} {
		*v = round(*v, 2)
	}
	for _, v := range []*float64{&p.AvgRMultiple, &p.TotalR, p.ProfitFactor, p.SharpeRatio} {
		if v != nil {
			*v = round(*v, 3)
		}
	}
	for i := range r.EquityCurve {
		e := &r.EquityCurve[i]
		e.Equity, e.Cash, e.DrawdownPct = round(e.Equity, 0), round(e.Cash, 0), round(e.DrawdownPct, 2)
	}
	for i := range r.Trades {
		t := &r.Trades[i]
		t.EntryPrice, t.ExitPrice, t.ReturnPct = round(t.EntryPrice, 2), round(t.ExitPrice, 2), round(t.ReturnPct, 2)
		t.PnL, t.Fees, t.Tax, t.RMultiple = round(t.PnL, 0), round(t.Fees, 0), round(t.Tax, 0), round(t.RMultiple, 3)
	}
	for i := range r.OpenPositions {
		o := &r.OpenPositions[i]
		o.EntryPrice, o.LastPrice, o.UnrealizedPct = round(o.EntryPrice, 2), round(o.LastPrice, 2), round(o.UnrealizedPct, 2)
		o.MarketValue, o.UnrealizedPnL = round(o.MarketValue, 0), round(o.UnrealizedPnL, 0)
	}
	for k, s := range r.ByExitReason {
		s.WinRate, s.AvgReturn = round(s.WinRate, 2), round(s.AvgReturn, 2)
		r.ByExitReason[k] = s
	}
}

func round(v float64, dp int) float64 {
	p := math.Pow(10, float64(dp))
	return math.Round(v*p) / p
}
