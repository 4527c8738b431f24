package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"krmarket/backend/data"
	"krmarket/backend/provider/binance/binancetest"
	"krmarket/backend/provider/naver/navertest"
	"krmarket/backend/provider/yahoo/yahootest"
)

// `krmarket serve --source live` against fake Yahoo, Naver and Binance
// servers (configured by environment variables, as a user would): the
// probe passes, the background update fills the store, and the API serves
// live data. SIGTERM stops it cleanly.
func TestServeLiveAgainstFakes(t *testing.T) {
	now := time.Now()
	y := yahootest.NewServer(t)
	from := now.AddDate(0, 0, -300)
	for i, code := range []string{"005930", "000660", "035420"} {
		y.SetBars(code+".KS", yahootest.Walk(code+".KS", from, 300, float64(50000+1000*i)))
	}
	for _, b := range data.KRBenchmarks() {
		y.SetBars(b.Symbol, yahootest.Walk(b.Symbol, from, 300, b.Level))
	}
	nv := navertest.New()
	defer nv.Close()
	for _, code := range []string{"005930", "000660", "035420"} {
		nv.Set(code, navertest.Series(code, 80, now))
	}
	bn := binancetest.New()
	defer bn.Close()
	dir := t.TempDir()
	settings := `{"sources":{"yahoo_per_hour":100000,"kr_universe":3,"flow_days":20}}`
	if err := os.WriteFile(filepath.Join(dir, "settings.json"), []byte(settings), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KRMARKET_YAHOO_URL", y.URL)
	t.Setenv("KRMARKET_NAVER_URL", nv.URL)
	t.Setenv("KRMARKET_BINANCE_URL", bn.URL)

	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- Run([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--source", "live", "--log-level", "warn"},
			Env{Stdout: pw, Stderr: io.Discard})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed nothing: %v (exit %v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	addr := strings.TrimPrefix(strings.Fields(line)[4], "http://")
	get := func(path string, v any) {
		t.Helper()
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	// Wait for the background KR update (the first job) to finish.
	deadline := time.Now().Add(90 * time.Second)
	for {
		var jobs struct {
			Jobs []struct{ State, Step, Error string } `json:"jobs"`
		}
		get("/api/jobs", &jobs)
		if len(jobs.Jobs) > 0 && jobs.Jobs[0].State != "running" {
			// US and crypto have no data in the fakes beyond KR: the job may
			// end failed on those markets, but KR is stored first.
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("update still running: %+v", jobs)
		}
		time.Sleep(200 * time.Millisecond)
	}
	var chart struct {
		DataSource string `json:"data_source"`
		Data       []any  `json:"data"`
	}
	get("/api/kr/stock-chart/005930?period=6mo", &chart)
	if chart.DataSource != "live" || len(chart.Data) != 126 {
		t.Fatalf("chart: %s, %d bars", chart.DataSource, len(chart.Data))
	}
	var health struct {
		DataSource string `json:"data_source"`
		SourceMode string `json:"source_mode"`
		Sources    []struct{ Name, State string }
	}
	get("/api/health", &health)
	if health.SourceMode != "live" || health.DataSource == "demo" {
		t.Fatalf("health %+v", health)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
}

func TestServeLiveOfflineFailsLoudly(t *testing.T) {
	var stderr strings.Builder
	t.Setenv("KRMARKET_YAHOO_URL", "http://127.0.0.1:1")
	code := Run([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--source", "live"}, Env{Stdout: io.Discard, Stderr: &stderr})
	if code != 1 || !strings.Contains(stderr.String(), "cannot reach Yahoo Finance") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}

func TestHelpTexts(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"update", "--help"}, {"import", "--help"}, {"bench", "--help"}} {
		var out, errOut strings.Builder
		code := Run(args, Env{Stdout: &out, Stderr: &errOut})
		text := out.String() + errOut.String()
		if code != 0 && !(args[0] == "import" && code == 2) {
			t.Errorf("%v exit %d", args, code)
		}
		if !strings.Contains(text, "Usage") {
			t.Errorf("%v: no usage:\n%s", args, text)
		}
	}
	var errOut strings.Builder
	if code := Run([]string{"frobnicate"}, Env{Stdout: io.Discard, Stderr: &errOut}); code != 2 || !strings.Contains(errOut.String(), "unknown command") {
		t.Errorf("unknown command: %d %s", code, errOut.String())
	}
}
