// Package ledger keeps the KR signal ledger: it closes OPEN signals by the
// exit rules of package exits on the daily bars after each signal (trading
// days, intraday lows and highs — the original compared only closes and
// counted calendar days, api-reference §6.2 and §11 item 8), and answers
// the ledger's reports: performance (K9), cumulative return with an equity
// curve against KOSPI (K8), vcp-stats and vcp-history (Appendix C).
//
// A signal is bought at the close of its signal date (entry_price); the
// bars it is judged on start the next KRX trading day. Only bars of
// completed sessions (calendar.KRX().LastCompletedSession(now)) count, so a
// partial bar of a session in progress never closes a position, and bars
// dated on a day the KRX calendar says is closed (a provider's holiday
// filler) are ignored, as are bars without a positive close.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"krmarket/backend/analysis/exits"
	"krmarket/backend/calendar"
	"krmarket/backend/contract"
	"krmarket/backend/data"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// KospiSymbol is the benchmark of the equity curve.
const KospiSymbol = "^KS11"

// Service updates and reports the KR signal ledger.
type Service struct {
	st     *store.Store
	now    func() time.Time
	source contract.SourceFunc
	rules  func() exits.Rules
	cal    *calendar.Calendar

	updMu sync.Mutex // serialises Update

	mu     sync.Mutex // guards the curve memo
	curve  []CurvePoint
	curveK curveKey
}

// curveKey is what the equity curve depends on.
type curveKey struct {
	version int64  // store version
	asOf    string // last completed session
}

// New returns the ledger service over st. now is the clock; source tells
// what the data is (nil: the store's own view); rules returns the current
// exit rules (nil: exits.DefaultRules).
func New(st *store.Store, now func() time.Time, source contract.SourceFunc, rules func() exits.Rules) *Service {
	if source == nil {
		source = func(ctx context.Context, mkt string) (string, *int64, error) {
			src, err := st.DominantSource(ctx, mkt)
			return src, nil, err
		}
	}
	if rules == nil {
		rules = exits.DefaultRules
	}
	return &Service{st: st, now: now, source: source, rules: rules, cal: calendar.KRX(), curveK: curveKey{version: -1}}
}

// UpdateResult says what one ledger update did.
type UpdateResult struct {
	Checked   int            `json:"checked"`    // OPEN signals examined
	Closed    int            `json:"closed"`     // closed by this update
	StillOpen int            `json:"still_open"` // open after it
	Changed   int            `json:"changed"`    // rows written (closes + hold-day changes)
	Skipped   int            `json:"skipped"`    // unusable rows (no entry price, bad date)
	ByReason  map[string]int `json:"by_reason"`  // closes per exit reason
	AsOf      string         `json:"as_of"`      // last completed KRX session used
}

// Update closes every OPEN KR signal whose exit rule fired on a completed
// session after its signal date, and refreshes the trading days held of
// the others; all changes are written in one transaction. It is
// idempotent: a second run over the same data changes nothing and does
// not write.
func (s *Service) Update(ctx context.Context) (UpdateResult, error) {
	s.updMu.Lock()
	defer s.updMu.Unlock()
	res := UpdateResult{ByReason: map[string]int{}}
	rules := s.rules()
	if err := rules.Validate(); err != nil {
		return res, fmt.Errorf("ledger update: %w", err)
	}
	asOf := s.cal.LastCompletedSession(s.now())
	res.AsOf = asOf.Format(time.DateOnly)
	open, err := s.st.OpenSignals(ctx, market.KR)
	if err != nil {
		return res, fmt.Errorf("ledger update: %w", err)
	}
	names, err := s.names(ctx)
	if err != nil {
		return res, fmt.Errorf("ledger update: %w", err)
	}
	var ups []store.SignalUpdate
	for _, g := range open {
		res.Checked++
		bars, err := s.barsAfter(ctx, symbolOf(g, names), g.SignalDate, asOf)
		if err != nil {
			if errors.Is(err, errBadDate) {
				res.Skipped++
				res.StillOpen++
				continue
			}
			return res, fmt.Errorf("ledger update %s: %w", g.Ticker, err)
		}
		if !(g.EntryPrice > 0) || math.IsInf(g.EntryPrice, 0) {
			res.Skipped++
			res.StillOpen++
			continue
		}
		e, ok := exits.First(g.EntryPrice, bars, rules)
		if !ok {
			res.StillOpen++
			if held := exits.Usable(bars); held != g.HoldDays {
				ups = append(ups, store.SignalUpdate{ID: g.ID, HoldDays: held})
			}
			continue
		}
		price := math.Round(e.Price)
		ups = append(ups, store.SignalUpdate{ID: g.ID, HoldDays: e.HoldDays, Exit: &store.SignalExit{
			Price: price, Date: bars[e.Index].Date(), Reason: e.Reason,
			ReturnPct: round((price-g.EntryPrice)/g.EntryPrice*100, 2),
		}})
		res.Closed++
		res.ByReason[e.Reason]++
	}
	if len(ups) == 0 {
		return res, nil
	}
	n, err := s.st.UpdateSignals(ctx, ups)
	if err != nil {
		return res, fmt.Errorf("ledger update: %w", err)
	}
	res.Changed = n
	return res, nil
}

var errBadDate = errors.New("bad signal date")

// barsAfter returns a symbol's daily bars of KRX trading days after the
// signal date up to asOf, oldest first.
func (s *Service) barsAfter(ctx context.Context, symbol, signalDate string, asOf time.Time) ([]market.Bar, error) {
	day, err := time.Parse(time.DateOnly, signalDate)
	if err != nil {
		return nil, fmt.Errorf("%w %q", errBadDate, signalDate)
	}
	if symbol == "" {
		return nil, nil
	}
	bars, err := s.st.BarsSince(ctx, symbol, market.Daily, day.AddDate(0, 0, 1).Unix())
	if err != nil {
		return nil, err
	}
	return s.tradingBars(bars, asOf), nil
}

// tradingBars keeps the bars dated on KRX trading days up to asOf
// (inclusive; zero asOf: no limit) that have a positive close (a record
// without one is no trading day's price and would stall exits.First).
func (s *Service) tradingBars(bars []market.Bar, asOf time.Time) []market.Bar {
	out := bars[:0:0]
	for _, b := range bars {
		d := time.Unix(b.Time, 0).UTC()
		if (!asOf.IsZero() && d.After(asOf)) || !s.cal.IsTradingDay(d) || !(b.Close > 0) || math.IsInf(b.Close, 0) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// nameInfo is what the ledger shows about a ticker.
type nameInfo struct{ Name, Market, Symbol string }

var krTickers = sync.OnceValues(data.KRTickers)

// names maps KR tickers to names, markets and Yahoo symbols: the stored
// instruments, falling back to the embedded KRX listing.
func (s *Service) names(ctx context.Context) (map[string]nameInfo, error) {
	out := map[string]nameInfo{}
	if list, err := krTickers(); err == nil {
		for _, t := range list {
			out[t.Ticker] = nameInfo{Name: t.Name, Market: t.Market, Symbol: t.Symbol}
		}
	}
	insts, err := s.st.Instruments(ctx, market.KR, "")
	if err != nil {
		return nil, err
	}
	for _, x := range insts {
		if x.Ticker == "" || (x.Kind != market.KindStock && x.Kind != market.KindETF) {
			continue
		}
		n := out[x.Ticker]
		if x.Name != "" {
			n.Name = x.Name
		}
		if x.Exchange != "" {
			n.Market = x.Exchange
		}
		n.Symbol = x.Symbol
		out[x.Ticker] = n
	}
	return out, nil
}

// symbolOf is the signal's Yahoo symbol (logged, else looked up).
func symbolOf(g store.Signal, names map[string]nameInfo) string {
	if g.Symbol != "" {
		return g.Symbol
	}
	return names[g.Ticker].Symbol
}

// pricePoint is the latest known price of a symbol.
type pricePoint struct {
	Price float64
	Time  int64
}

// latestPrices returns the newer of each symbol's stored quote and last
// daily close.
func (s *Service) latestPrices(ctx context.Context, symbols []string) (map[string]pricePoint, error) {
	quotes, err := s.st.Quotes(ctx, symbols)
	if err != nil {
		return nil, err
	}
	out := make(map[string]pricePoint, len(symbols))
	for _, sym := range symbols {
		if _, done := out[sym]; done || sym == "" {
			continue
		}
		var p pricePoint
		bars, err := s.st.LastBars(ctx, sym, market.Daily, 1)
		if err != nil {
			return nil, err
		}
		if len(bars) == 1 && bars[0].Close > 0 {
			p = pricePoint{Price: bars[0].Close, Time: bars[0].Time}
		}
		if q, ok := quotes[sym]; ok && q.Price > 0 && q.Time >= p.Time {
			p = pricePoint{Price: q.Price, Time: q.Time}
		}
		if p.Price > 0 {
			out[sym] = p
		}
	}
	return out, nil
}
