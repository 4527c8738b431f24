package importer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"krmarket/backend/contract"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

func newService(t *testing.T) (*Service, *store.Store) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(st, time.Now), st
}

const good = "Date,Open,High,Low,Close,Adj Close,Volume\n2026-11-24,100,110,95,105,105,1000\n2026-11-25,null,null,null,null,null,null\n2026-11-26,105,112,101,110,109.5,1200\n"

func TestImportStoresWholeFile(t *testing.T) {
	ctx := context.Background()
	s, st := newService(t)
	res, err := s.Import(ctx, "005930.KS", "삼성전자", "", strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if res.Bars != 2 || res.Skipped != 1 || res.First != "2026-11-24" || res.Last != "2026-11-26" || res.Format != "yahoo" || res.DataSource != "imported" {
		t.Fatalf("%+v", res)
	}
	x, err := st.InstrumentByTicker(ctx, market.KR, "005930")
	if err != nil || x.Exchange != "KOSPI" || x.Name != "삼성전자" {
		t.Fatalf("instrument %+v %v", x, err)
	}
	bars, _ := st.LastBars(ctx, "005930.KS", market.Daily, 10)
	if len(bars) != 2 || bars[1].AdjClose != 109.5 {
		t.Fatalf("bars %+v", bars)
	}
	if src, _ := st.SeriesSource(ctx, "005930.KS", market.Daily); src != "imported" {
		t.Fatalf("source %s", src)
	}
}

func TestImportRejectsBadFileWhole(t *testing.T) {
	ctx := context.Background()
	s, st := newService(t)
	bad := "date,open,high,low,close,volume\n2026-11-24,100,110,95,105,1000\n2026-11-25,100,90,95,105,1000\n2026-11-26,x,110,95,105,1000\n"
	_, err := s.Import(ctx, "AAPL", "", "", strings.NewReader(bad))
	var ce *contract.Error
	if !errors.As(err, &ce) || ce.HTTP != 400 || !strings.Contains(ce.Message, "line 3") || !strings.Contains(ce.Message, "line 4") {
		t.Fatalf("err %v", err)
	}
	if n, _ := st.Count(ctx, "bars"); n != 0 {
		t.Fatalf("%d bars stored from a bad file", n)
	}
	if n, _ := st.Count(ctx, "instruments"); n != 0 {
		t.Fatalf("instrument stored from a bad file")
	}
	for _, sym := range []string{"../etc/passwd", "", "a/b", strings.Repeat("A", 21)} {
		if _, err := s.Import(ctx, sym, "", "", strings.NewReader(good)); !errors.As(err, &ce) || ce.Code != "invalid_symbol" {
			t.Errorf("symbol %q: %v", sym, err)
		}
	}
	if _, err := s.Import(ctx, "AAPL", "", "MARS", strings.NewReader(good)); !errors.As(err, &ce) || ce.Code != "invalid_market" {
		t.Errorf("market: %v", err)
	}
}

func TestInstrumentInference(t *testing.T) {
	for sym, want := range map[string]string{"035720.KQ": market.KR, "BTCUSDT": market.Crypto, "^GSPC": market.Macro, "KRW=X": market.Macro, "MSFT": market.US} {
		x, _ := Instrument(sym, "", "")
		if x.Market != want {
			t.Errorf("%s → %s, want %s", sym, x.Market, want)
		}
	}
}
