package api

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/contract"
	krgate "krmarket/backend/kr/gate"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// The gate operations answer the same through both doors on a store with
// real series, validate refresh, and 404 without a market proxy.
func TestGateOpsBothDoors(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := func() time.Time { return fixedNow }
	log := logrus.New()
	log.SetOutput(io.Discard)
	d := NewDispatcher(gateOps(Services{KRGate: krgate.New(st, now, nil, nil)}), now, log)
	h := NewServer(d, Options{Token: testToken, Log: log}).HandlerForHosts("127.0.0.1:5001")
	check := func(op string, params map[string]string, target string, wantStatus int, wantIn string) {
		t.Helper()
		status, viaBinding := d.Invoke(ctx, op, params, nil)
		r := httptest.NewRequest("GET", target, nil)
		r.Host = "127.0.0.1:5001"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if status != wantStatus || w.Code != wantStatus {
			t.Fatalf("%s: binding %d, HTTP %d, want %d: %s", target, status, w.Code, wantStatus, w.Body)
		}
		if a, b := normalise(t, viaBinding), normalise(t, w.Body.Bytes()); !bytes.Equal(a, b) {
			t.Fatalf("%s: binding and HTTP differ:\n%s\n%s", target, a, b)
		}
		if !bytes.Contains(w.Body.Bytes(), []byte(wantIn)) {
			t.Fatalf("%s: %s lacks %s", target, w.Body, wantIn)
		}
	}
	check("kr.marketStatus", nil, "/api/kr/market-status", 404, `"error":"market_proxy_not_found"`)
	check("kr.marketGate", nil, "/api/kr/market-gate", 200, `"degraded":true`)
	check("kr.marketGate", map[string]string{"refresh": "1"}, "/api/kr/market-gate?refresh=1", 400, `"error":"invalid_refresh"`)

	// 250 rising days of KOSPI and KODEX 200: a computed gate and RISK_ON.
	in := st.Ingester(contract.SourceDemo, now)
	for _, sym := range []string{"^KS11", "069500.KS"} {
		bars := make([]market.Bar, 250)
		for i := range bars {
			p := 30000 + 10*float64(i) + 40*float64(i%3)
			bars[i] = market.Bar{Symbol: sym, Interval: market.Daily, Time: fixedNow.AddDate(0, 0, i-250).Truncate(24 * time.Hour).Unix(),
				Open: p, High: p, Low: p, Close: p, Volume: 1000}
		}
		if err := in.PutBars(ctx, bars); err != nil {
			t.Fatal(err)
		}
	}
	check("kr.marketGate", map[string]string{"refresh": "false"}, "/api/kr/market-gate?refresh=false", 200, `"degraded":false`)
	check("kr.marketGate", map[string]string{"refresh": "true"}, "/api/kr/market-gate?refresh=true", 200, `"rsi_method":"wilder"`)
	check("kr.marketStatus", nil, "/api/kr/market-status", 200, `"status":"RISK_ON"`)

	// No service wired (the shared fixture): a clear 503, never a panic.
	d0 := NewDispatcher(gateOps(Services{}), now, log)
	if status, body := d0.Invoke(ctx, "kr.marketStatus", nil, nil); status != 503 || !bytes.Contains(body, []byte("gate_unavailable")) {
		t.Fatalf("%d %s", status, body)
	}
}
