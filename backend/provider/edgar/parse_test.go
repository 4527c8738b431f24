package edgar

import (
	"errors"
	"strings"
	"testing"
	"time"

	"krmarket/backend/provider/edgar/edgartest"
)

func TestParseSubmissionsShapes(t *testing.T) {
	cases := []struct {
		name, doc string
		err       string // "" = must parse
	}{
		{"minimal", `{"cik":"42","name":"X","filings":{"recent":{"accessionNumber":["0000000042-24-000001"],"filingDate":["2024-01-02"],"form":["8-K"],"primaryDocument":["x.htm"]}}}`, ""},
		{"numeric sic and cik, nulls", `{"cik":42,"sic":3571,"name":null,"filings":{"recent":{"accessionNumber":["0000000042-24-000001"],"filingDate":["2024-01-02"],"form":["8-K"],"primaryDocument":[null],"reportDate":[null]}}}`, ""},
		{"empty recent", `{"cik":"42","filings":{"recent":{"accessionNumber":[],"filingDate":[],"form":[],"primaryDocument":[]}}}`, ""},
		{"no filings", `{"cik":"42","name":"X"}`, "no filings.recent"},
		{"not an object", `[1,2]`, "cannot unmarshal"},
		{"column not an array", `{"filings":{"recent":{"accessionNumber":"x","filingDate":[],"form":[],"primaryDocument":[]}}}`, `column "accessionNumber"`},
		{"ragged optional column", `{"filings":{"recent":{"accessionNumber":["0000000042-24-000001"],"filingDate":["2024-01-02"],"form":["8-K"],"primaryDocument":["x.htm"],"reportDate":[]}}}`, `column "reportDate" has 0 entries`},
		{"bad accession", `{"filings":{"recent":{"accessionNumber":["../../etc"],"filingDate":["2024-01-02"],"form":["8-K"],"primaryDocument":["x.htm"]}}}`, "bad accession number"},
		{"traversal in document", `{"filings":{"recent":{"accessionNumber":["0000000042-24-000001"],"filingDate":["2024-01-02"],"form":["8-K"],"primaryDocument":["../x.htm"]}}}`, "bad document name"},
		{"bad filing date", `{"filings":{"recent":{"accessionNumber":["0000000042-24-000001"],"filingDate":["2024-13-01"],"form":["8-K"],"primaryDocument":["x.htm"]}}}`, "bad filing date"},
		{"empty form", `{"filings":{"recent":{"accessionNumber":["0000000042-24-000001"],"filingDate":["2024-01-02"],"form":[""],"primaryDocument":["x.htm"]}}}`, "has no form"},
		{"object in column", `{"filings":{"recent":{"accessionNumber":[{}],"filingDate":["2024-01-02"],"form":["8-K"],"primaryDocument":["x.htm"]}}}`, "want a string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			co, fs, err := parseSubmissions([]byte(c.doc), 42)
			if c.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if co.CIK != 42 {
					t.Errorf("cik %d", co.CIK)
				}
				for _, f := range fs {
					if !strings.HasPrefix(f.URL, "https://www.sec.gov/Archives/edgar/data/42/000000004224000001/") {
						t.Errorf("url %s", f.URL)
					}
				}
				return
			}
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("err = %v, want %q", err, c.err)
			}
		})
	}
}

func TestParseTickers(t *testing.T) {
	m, err := parseTickers([]byte(`{"1":{"cik_str":2,"ticker":"dup","title":"B"},"0":{"cik_str":1,"ticker":"DUP","title":"A"},"2":{"cik_str":"3","ticker":"S","title":"C"},"3":{"cik_str":4,"ticker":"","title":"D"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if m["DUP"] != 1 || m["S"] != 3 || len(m) != 2 {
		t.Errorf("map %v", m)
	}
	for _, bad := range []string{`{}`, `[]`, `{"0":{"cik_str":-1,"ticker":"A"}}`, `{"0":{"cik_str":"x","ticker":"A"}}`} {
		if _, err := parseTickers([]byte(bad)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 11, 29, 12, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                              0,
		"0":                             0,
		"-5":                            0,
		"7":                             7 * time.Second,
		"99999999999999":                maxRetryAfter,
		"Fri, 29 Nov 2024 12:00:30 GMT": 30 * time.Second,
		"Fri, 29 Nov 2024 11:00:00 GMT": 0,
		"Sat, 30 Nov 2024 12:00:00 GMT": maxRetryAfter,
		"soon":                          0,
	}
	for in, want := range cases {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("%q: %v, want %v", in, got, want)
		}
	}
}

func TestValidDocument(t *testing.T) {
	for _, s := range []string{"", "aapl-20240928.htm", "xslF345X05/wk-form4_1.xml", "d12345dex991.htm"} {
		if !validDocument(s) {
			t.Errorf("%q rejected", s)
		}
	}
	for _, s := range []string{"/x.htm", "a//b", "..", "a/../b", "a?b", "a b", "a%2e", `a\b`, "x/"} {
		if validDocument(s) {
			t.Errorf("%q accepted", s)
		}
	}
}

// FuzzParseSubmissions checks the parser never panics, and that whatever it
// accepts has safe URLs under the company's archive folder.
func FuzzParseSubmissions(f *testing.F) {
	f.Add(edgartest.Fixture("CIK0000320193.json"))
	f.Add(edgartest.Fixture("CIK0000789019.json"))
	f.Add([]byte(`{"cik":"42","filings":{"recent":{"accessionNumber":["0000000042-24-000001"],"filingDate":["2024-01-02"],"form":["8-K"],"primaryDocument":["a/b.htm"],"reportDate":[""],"primaryDocDescription":[7]}}}`))
	f.Add([]byte(`{"filings":{"recent":{"accessionNumber":[null],"filingDate":[],"form":[],"primaryDocument":[]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		co, fs, err := parseSubmissions(data, 42)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error not ErrMalformed: %v", err)
			}
			return
		}
		prefix := "https://www.sec.gov/Archives/edgar/data/" + co.CIK.String() + "/"
		for _, f := range fs {
			rest, ok := strings.CutPrefix(f.URL, prefix+strings.ReplaceAll(f.AccessionNumber, "-", "")+"/")
			if !ok || strings.Contains(rest, "..") || strings.ContainsAny(rest, "?#% \\") || rest == "" {
				t.Fatalf("unsafe url %q", f.URL)
			}
			if f.Form == "" || len(f.FilingDate) != 10 {
				t.Fatalf("filing %+v", f)
			}
		}
		_ = selectFilings(fs, nil, 5, 50)
	})
}
