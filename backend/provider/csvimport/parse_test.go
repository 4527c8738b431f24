package csvimport

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"krmarket/backend/market"
)

const yahooFile = `Date,Open,High,Low,Close,Adj Close,Volume
2024-03-27,170.410004,173.600006,170.110001,173.309998,172.537766,60273300
2024-03-28,171.750000,172.229996,170.509995,171.479996,170.715927,65672700
2024-03-29,null,null,null,null,null,null
2024-04-01,171.190002,171.250000,169.479996,170.029999,169.272369,46240500
`

func date(s string) int64 {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t.Unix()
}

func TestParseYahoo(t *testing.T) {
	res, err := Parse(strings.NewReader(yahooFile), "AAPL")
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != FormatYahoo || res.Skipped != 1 || len(res.Bars) != 3 {
		t.Fatalf("format %q skipped %d bars %d", res.Format, res.Skipped, len(res.Bars))
	}
	want := market.Bar{Symbol: "AAPL", Interval: market.Daily, Time: date("2024-03-27"),
		Open: 170.410004, High: 173.600006, Low: 170.110001, Close: 173.309998, AdjClose: 172.537766, Volume: 60273300}
	if res.Bars[0] != want {
		t.Errorf("bar 0 = %+v, want %+v", res.Bars[0], want)
	}
	if got := res.Bars[2].Date(); got != "2024-04-01" {
		t.Errorf("last date %s", got)
	}
}

func TestParsePlainVariants(t *testing.T) {
	cases := []struct {
		name, in string
		adj      float64 // AdjClose of the first bar
	}{
		{"comma with adj", "date,open,high,low,close,adj_close,volume\n2024-01-02,10,12,9,11,10.5,1000\n2024-01-03,11,13,10,12,11.5,2000\n", 10.5},
		{"no adj, upper case", "DATE,Open,HIGH,low,Close,VOLUME\n2024-01-02,10,12,9,11,1000\n2024-01-03,11,13,10,12,2000\n", 11},
		{"semicolons", "date;open;high;low;close;volume\n2024/01/02;10;12;9;11;1000\n2024/01/03;11;13;10;12;2000\n", 11},
		{"BOM and CRLF", "\uFEFFdate,open,high,low,close,volume\r\n20240102,10,12,9,11,1000\r\n20240103,11,13,10,12,2000\r\n", 11},
		{"quoted, spaces, blank lines", "\"date\", \"open\", \"high\", \"low\", \"close\", \"volume\"\n\n\"2024-01-02\", 10, 12, 9, 11, 1000\n,,,,,\n2024-01-03 ,11 ,13 ,10 ,12 ,2e3\n", 11},
		{"no trailing newline", "date,open,high,low,close,volume\n2024-01-02,10,12,9,11,1000\n2024-01-03,11,13,10,12,2000", 11},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Parse(strings.NewReader(c.in), "005930.KS")
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != FormatPlain || len(res.Bars) != 2 {
				t.Fatalf("format %q bars %d", res.Format, len(res.Bars))
			}
			b := res.Bars[0]
			if b.Time != date("2024-01-02") || b.Open != 10 || b.High != 12 || b.Low != 9 || b.Close != 11 || b.AdjClose != c.adj || b.Volume != 1000 {
				t.Errorf("bar 0 = %+v", b)
			}
			if res.Bars[1].Volume != 2000 || res.Bars[1].Date() != "2024-01-03" || b.Interval != "1d" || b.Symbol != "005930.KS" {
				t.Errorf("bar 1 = %+v", res.Bars[1])
			}
		})
	}
}

// TestParseRowErrors checks each kind of bad row and the reported line
// numbers (the header is line 1; blank lines count).
func TestParseRowErrors(t *testing.T) {
	const h = "date,open,high,low,close,volume\n"
	const ok1 = "2024-01-02,10,12,9,11,1000\n"
	const ok2 = "2024-01-03,11,13,10,12,2000\n"
	cases := []struct {
		name, body string
		lines      []int
		reason     string // substring of the first bad line's reason
	}{
		{"unparseable number", ok1 + "2024-01-03,11,abc,10,12,2000\n", []int{3}, `high is not a number: "abc"`},
		{"thousands separator", ok1 + "2024-01-03,11,13,10,12,\"2,000\"\n", []int{3}, "volume is not a number"},
		{"negative price", ok1 + "2024-01-03,-11,13,10,12,2000\n", []int{3}, "open is negative"},
		{"negative volume", ok1 + "2024-01-03,11,13,10,12,-5\n", []int{3}, "volume is negative"},
		{"high below low", ok1 + "2024-01-03,11,9,10,10,2000\n", []int{3}, "high 9 < low 10"},
		{"open above high", "2024-01-02,13,12,9,11,1000\n" + ok2, []int{2}, "open 13 outside [low 9, high 12]"},
		{"close below low", "2024-01-02,10,12,9,8,1000\n" + ok2, []int{2}, "close 8 outside"},
		{"duplicate date", ok1 + ok1 + ok2, []int{3}, "duplicate date 2024-01-02"},
		{"out of order", ok2 + ok1, []int{3}, "date 2024-01-02 out of order (after 2024-01-03)"},
		{"missing column", ok1 + "2024-01-03,11,13,10,12\n", []int{3}, "missing column(s): 5 of 6 fields"},
		{"extra column", ok1 + "2024-01-03,11,13,10,12,2000,7\n", []int{3}, "too many columns"},
		{"NaN", ok1 + "2024-01-03,NaN,13,10,12,2000\n", []int{3}, "open is not a number"},
		{"Inf", ok1 + "2024-01-03,11,Inf,10,12,2000\n", []int{3}, "high is not a number"},
		{"overflow", ok1 + "2024-01-03,11,1e999,10,12,2000\n", []int{3}, "high is not finite"},
		{"empty field", ok1 + "2024-01-03,11,13,,12,2000\n", []int{3}, "low is empty"},
		{"partial null", ok1 + "2024-01-03,11,null,10,12,2000\n", []int{3}, "high is null"},
		{"bad date", "2024-13-02,10,12,9,11,1000\n" + ok2, []int{2}, `bad date "2024-13-02": no such day`},
		{"bad date format", "02.01.2024,10,12,9,11,1000\n" + ok2, []int{2}, "want YYYY-MM-DD"},
		{"hex float", ok1 + "2024-01-03,0x1p3,13,10,12,2000\n", []int{3}, "open is not a number"},
		{"several lines after blank", ok1 + "\n2024-01-03,x,13,10,12,2000\n\n2024-01-04,11,9,10,10,2000\n", []int{4, 6}, "open is not a number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Parse(strings.NewReader(h+c.body), "X")
			var re *RowsError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want *RowsError", err)
			}
			if res.Bars != nil {
				t.Errorf("got %d bars with an error", len(res.Bars))
			}
			var got []int
			for _, l := range re.Lines {
				got = append(got, l.Line)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.lines) || re.Total != len(c.lines) {
				t.Fatalf("lines %v (total %d), want %v\n%v", got, re.Total, c.lines, err)
			}
			if !strings.Contains(re.Lines[0].Reason, c.reason) {
				t.Errorf("reason %q, want it to contain %q", re.Lines[0].Reason, c.reason)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("line %d: ", c.lines[0])) {
				t.Errorf("message lacks the line: %v", err)
			}
		})
	}
}

func TestParseSeveralReasonsOneLine(t *testing.T) {
	in := "date,open,high,low,close,volume\n2024-01-02,x,12,9,11,-1\n"
	_, err := Parse(strings.NewReader(in), "X")
	var re *RowsError
	if !errors.As(err, &re) || re.Total != 1 {
		t.Fatalf("err = %v", err)
	}
	if r := re.Lines[0].Reason; !strings.Contains(r, "open is not a number") || !strings.Contains(r, "volume is negative") {
		t.Errorf("reason %q", r)
	}
}

func TestParseErrorListCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,open,high,low,close,volume\n")
	d := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 120 {
		fmt.Fprintf(&b, "%s,1,2,3,1,10\n", d.AddDate(0, 0, i).Format("2006-01-02")) // high < low
	}
	_, err := Parse(strings.NewReader(b.String()), "X")
	var re *RowsError
	if !errors.As(err, &re) {
		t.Fatal(err)
	}
	if re.Total != 120 || len(re.Lines) != 50 || re.Lines[49].Line != 51 {
		t.Fatalf("total %d listed %d last %v", re.Total, len(re.Lines), re.Lines[len(re.Lines)-1])
	}
	if msg := err.Error(); !strings.HasSuffix(msg, "and 70 more") || !strings.HasPrefix(msg, "csvimport: 120 bad row(s):") {
		t.Errorf("message ends %q", msg[len(msg)-40:])
	}
}

func TestParseFileErrors(t *testing.T) {
	cases := []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrEmpty},
		{"blank lines only", "\n \r\n\n", ErrEmpty},
		{"BOM only", "\uFEFF", ErrEmpty},
		{"header only", "Date,Open,High,Low,Close,Adj Close,Volume\n", ErrNoRows},
		{"only null rows", "Date,Open,High,Low,Close,Adj Close,Volume\n2024-03-29,null,null,null,null,null,null\n", ErrNoRows},
		{"unknown header", "time,o,h,l,c,v\n2024-01-02,10,12,9,11,1000\n", ErrHeader},
		{"columns reordered", "date,open,low,high,close,volume\n2024-01-02,10,9,12,11,1000\n", ErrHeader},
		{"no header", "2024-01-02,10,12,9,11,1000\n", ErrHeader},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Parse(strings.NewReader(c.in), "X")
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if res.Bars != nil {
				t.Error("bars returned with an error")
			}
		})
	}
}

func TestParseRowLimit(t *testing.T) {
	const rows = 1000
	var b strings.Builder
	b.WriteString("date,open,high,low,close,volume\n")
	d := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows + 1 {
		b.WriteString(d.AddDate(0, 0, i).Format("20060102"))
		b.WriteString(",1,1,1,1,1\n")
	}
	lim := limits{bytes: MaxBytes, rows: rows}
	_, err := parse(strings.NewReader(b.String()), "X", lim)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "more than 1000 rows") {
		t.Fatalf("err = %v", err)
	}
	// Exactly the limit is fine.
	s := b.String()
	s = s[:strings.LastIndex(s[:len(s)-1], "\n")+1]
	res, err := parse(strings.NewReader(s), "X", lim)
	if err != nil || len(res.Bars) != rows {
		t.Fatalf("err %v, %d bars", err, len(res.Bars))
	}
}

// endless yields a valid header and then spaces forever.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	const head = "date,open,high,low,close,volume\n"
	for i := range p {
		if e.n < len(head) {
			p[i] = head[e.n]
		} else {
			p[i] = ' '
		}
		e.n++
	}
	return len(p), nil
}

func TestParseSizeLimit(t *testing.T) {
	_, err := parse(&endless{}, "X", limits{bytes: 3 << 20, rows: MaxRows})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 3 MB") {
		t.Fatalf("err = %v", err)
	}
	// A file of exactly the limit is read.
	in := "date,open,high,low,close,volume\n2024-01-02,1,1,1,1,1\n"
	if _, err := parse(strings.NewReader(in), "X", limits{bytes: int64(len(in)), rows: 10}); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	if _, err := parse(strings.NewReader(in+" "), "X", limits{bytes: int64(len(in)), rows: 10}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("one byte over: %v", err)
	}
}

// TestParseFullLimits runs the real limits once (slow under -race, so not
// in -short mode).
func TestParseFullLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 50 MB")
	}
	_, err := Parse(&endless{}, "X")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 50 MB") {
		t.Fatalf("err = %v", err)
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestParseReadError(t *testing.T) {
	_, err := Parse(io.MultiReader(strings.NewReader("date,open,high,low,close,volume\n2024-01-02,1,1,1,1,1\n"), failing{}), "X")
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v", err)
	}
}

func TestValidateSymbol(t *testing.T) {
	for _, s := range []string{"AAPL", "005930.KS", "^KS11", "KRW=X", "GC=F", "BRK-B", "my_series", "a", "ABCDEFGHIJKLMNOPQRST"} {
		if err := ValidateSymbol(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"", "ABCDEFGHIJKLMNOPQRSTU", "a/b", `a\b`, "..", ".", "a b", "삼성", "a\x00", "a:b"} {
		if err := ValidateSymbol(s); !errors.Is(err, ErrSymbol) {
			t.Errorf("%q: err = %v", s, err)
		}
	}
	if _, err := Parse(strings.NewReader(yahooFile), "../x"); !errors.Is(err, ErrSymbol) {
		t.Errorf("Parse accepted a bad symbol: %v", err)
	}
}
