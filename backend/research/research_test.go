package research

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/provider/edgar/edgartest"
	"krmarket/backend/provider/news/newstest"
	"krmarket/backend/sources"
	"krmarket/backend/store"
)

func newService(t *testing.T, mode string, src config.Sources) (*Service, *sources.Registry) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default()
	cfg.Source = mode
	cfg.Sources = src
	reg := sources.New(time.Now, sources.Edgar, sources.News)
	return New(st, reg, time.Now, func() config.Config { return cfg }), reg
}

func TestDemoModeInventsNothing(t *testing.T) {
	s, _ := newService(t, config.SourceDemo, config.Default().Sources)
	f, err := s.Filings(context.Background())
	if err != nil || len(f.Filings) != 0 || f.Notice == "" || f.DataSource != "demo" {
		t.Fatalf("%+v %v", f, err)
	}
	n, err := s.News(context.Background(), "005930")
	if err != nil || len(n.Items) != 0 || n.Notice == "" {
		t.Fatalf("%+v %v", n, err)
	}
}

func TestFilingsFromEDGAR(t *testing.T) {
	fake := edgartest.New()
	defer fake.Close()
	src := config.Default().Sources
	src.EdgarURL = fake.URL
	s, reg := newService(t, config.SourceLive, src)
	var ce *contract.Error
	if _, err := s.Filings(context.Background()); !errors.As(err, &ce) || ce.Code != "sec_contact_missing" {
		t.Fatalf("no contact: %v", err)
	}
	src.SECContact = "KR Market test@example.com"
	s, reg = newService(t, config.SourceLive, src)
	f, err := s.Filings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	aapl := f.Filings["AAPL"]
	if f.DataSource != "live" || aapl.Company.Name == "" || len(aapl.Filings) == 0 || aapl.Filings[0].URL == "" {
		t.Fatalf("%+v", aapl)
	}
	if f.Metadata.Source != "sec_edgar_api" || f.Metadata.TickerCount != 20 {
		t.Fatalf("%+v", f.Metadata)
	}
	if st := reg.Status(sources.Edgar); st.Requests == 0 {
		t.Fatalf("%+v", st)
	}
	before := len(fake.Requests())
	if _, err := s.Filings(context.Background()); err != nil || len(fake.Requests()) != before {
		t.Fatalf("second call not cached: %v, %d → %d requests", err, before, len(fake.Requests()))
	}
}

func TestNewsFromFeeds(t *testing.T) {
	fake := newstest.New()
	defer fake.Close()
	src := config.Default().Sources
	src.NewsURL = fake.URL
	s, reg := newService(t, config.SourceAuto, src)
	n, err := s.News(context.Background(), "AAPL")
	if err != nil || len(n.Items) == 0 || n.DataSource != "live" {
		t.Fatalf("%+v %v", n, err)
	}
	n, err = s.News(context.Background(), "005930")
	if err != nil || n.Query != "삼성전자 주가" {
		t.Fatalf("%+v %v", n, err)
	}
	var ce *contract.Error
	if _, err := s.News(context.Background(), "../x"); !errors.As(err, &ce) || ce.HTTP != 400 {
		t.Fatalf("bad ticker: %v", err)
	}
	if _, err := s.News(context.Background(), "999999"); !errors.As(err, &ce) || ce.HTTP != 404 {
		t.Fatalf("unknown KR ticker: %v", err)
	}
	if _, err := s.News(context.Background(), "FAIL500"); !errors.As(err, &ce) || ce.HTTP != 503 {
		t.Fatalf("failing feed: %v", err)
	}
	if st := reg.Status(sources.News); st.State != sources.StateFailing {
		t.Fatalf("%+v", st)
	}
}
