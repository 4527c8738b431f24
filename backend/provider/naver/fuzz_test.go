package naver

import (
	"errors"
	"testing"
	"time"
)

// FuzzPage feeds arbitrary bytes through Decode and ParsePage. Neither may
// panic; a parsed page must hold strictly descending dates at 00:00 UTC,
// non-negative close, volume and holdings, and a current page no greater
// than the last; a failed parse returns a nil page.
func FuzzPage(f *testing.F) {
	src := goldenPage(f)
	f.Add([]byte(src), false)
	f.Add(eucKR(f, src), false)
	f.Add([]byte(src[:len(src)/2]), true)
	f.Add([]byte(page(row("2024.05.17", "1", "0", "0%", "1", "0", "0", "0", "0%"))), true)
	f.Add([]byte(`<html><table class="type2"><tr><th>날짜 기관 외국인</th></tr><tr><td>2024.01.01</td><td>x</td></tr></table></html>`), true)
	f.Add([]byte(`<html><table class="Nnavi"><tr><td class="on">3</td><td><a href="?page=2">2</a></td></tr></table></html>`), true)
	f.Fuzz(func(t *testing.T, body []byte, utf8Label bool) {
		ctype := "text/html;charset=EUC-KR"
		if utf8Label {
			ctype = "text/html; charset=utf-8"
		}
		text, err := Decode(body, ctype)
		if err != nil {
			return
		}
		p, err := ParsePage(text)
		if err != nil {
			if p != nil {
				t.Fatalf("page with error %v", err)
			}
			var pe *ParseError
			if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrUnexpectedPage) && !errors.As(err, &pe) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if p.Page > p.LastPage || p.Page < 0 {
			t.Fatalf("page %d of %d", p.Page, p.LastPage)
		}
		for i, r := range p.Rows {
			if !r.Date.Equal(time.Date(r.Date.Year(), r.Date.Month(), r.Date.Day(), 0, 0, 0, 0, time.UTC)) || r.Date.Location() != time.UTC {
				t.Fatalf("row %d date %v", i, r.Date)
			}
			if i > 0 && !r.Date.Before(p.Rows[i-1].Date) {
				t.Fatalf("row %d not older", i)
			}
			if r.Close < 0 || r.Volume < 0 || r.ForeignHoldings < 0 {
				t.Fatalf("row %d negative %+v", i, r)
			}
		}
	})
}
