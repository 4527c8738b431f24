package csvimport

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

// FuzzParse checks that Parse never panics and returns either an error with
// no bars or a valid series: strictly ascending dates at 00:00 UTC, finite
// non-negative values and low <= open, close <= high.
func FuzzParse(f *testing.F) {
	f.Add([]byte(yahooFile))
	f.Add([]byte("date;open;high;low;close;volume\n2024/01/02;10;12;9;11;1000\n"))
	f.Add([]byte("\uFEFFdate,open,high,low,close,adj_close,volume\r\n20240102,1,2,0.5,1.5,1.4,7\r\n"))
	f.Add([]byte("date,open,high,low,close,volume\n\"2024-01-02\",\"1\",2,1,1,1\n2024-01-02,1,1,1,1,1\n"))
	f.Add([]byte("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-01,null,null,null,null,null,null\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Parse(bytes.NewReader(data), "FUZZ")
		if err != nil {
			if res.Bars != nil {
				t.Fatalf("bars with error %v", err)
			}
			var re *RowsError
			if errors.As(err, &re) && (re.Total == 0 || len(re.Lines) > maxListLines) {
				t.Fatalf("rows error %+v", re)
			}
			return
		}
		if len(res.Bars) == 0 {
			t.Fatal("no bars and no error")
		}
		for i, b := range res.Bars {
			for _, v := range []float64{b.Open, b.High, b.Low, b.Close, b.AdjClose, b.Volume} {
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
					t.Fatalf("bar %d bad value %+v", i, b)
				}
			}
			if !(b.Low <= b.Open && b.Open <= b.High && b.Low <= b.Close && b.Close <= b.High) {
				t.Fatalf("bar %d out of range %+v", i, b)
			}
			if b.Time%86400 != 0 || b.Interval != "1d" || b.Symbol != "FUZZ" {
				t.Fatalf("bar %d %+v", i, b)
			}
			if i > 0 && b.Time <= res.Bars[i-1].Time {
				t.Fatalf("bar %d not ascending", i)
			}
		}
	})
}
