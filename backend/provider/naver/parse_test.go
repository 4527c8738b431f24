package naver

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/korean"
)

func d(s string) time.Time {
	t, err := time.Parse("2006.01.02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// goldenRows are the rows of testdata/frgn_005930_p1.html, read by hand.
var goldenRows = []Row{
	{d("2024.05.17"), 77400, -800, -1.02, 15918201, 1032171, -1316938, 3325451612, 55.71},
	{d("2024.05.16"), 78200, 900, 1.16, 20989778, 1771398, 2186516, 3326768550, 55.73},
	{d("2024.05.14"), 77300, -100, -0.13, 11763992, -310448, 55907, 3324582034, 55.69},
	{d("2024.05.13"), 77400, -1800, -2.27, 18652344, -2009111, -950220, 3324526127, 55.69},
	{d("2024.05.10"), 79200, 0, 0, 16976124, 0, 1200000, 3325476347, 55.71},
	{d("2024.05.09"), 79200, -2100, -2.58, 18759935, -1494000, -2315713, 3324276347, 55.69},
	{d("2024.05.08"), 81300, 1300, 1.63, 17238342, 520118, 1034022, 3326592060, 55.73},
}

func goldenPage(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/frgn_005930_p1.html")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func eucKR(t testing.TB, s string) []byte {
	t.Helper()
	b, err := korean.EUCKR.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGoldenPage parses a hand-written copy of the real page layout (old
// <img alt="하락"> and new <em class="bu_pdn"> markers, a no-marker 보합
// row, spacer rows, the broker table before the investor table, 49 pages)
// after encoding it to EUC-KR as Naver serves it.
func TestGoldenPage(t *testing.T) {
	src := goldenPage(t)
	for _, tc := range []struct {
		name, ctype string
		body        []byte
	}{
		{"euc-kr header", "text/html;charset=EUC-KR", eucKR(t, src)},
		{"meta only", "text/html", eucKR(t, src)},
		{"cp949 label", "text/html; charset=ks_c_5601-1987", eucKR(t, src)},
		{"utf-8", "text/html; charset=utf-8", []byte(src)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, err := Decode(tc.body, tc.ctype)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParsePage(text)
			if err != nil {
				t.Fatal(err)
			}
			want := &Page{Rows: goldenRows, Page: 1, LastPage: 49}
			if !reflect.DeepEqual(p, want) {
				t.Fatalf("got %+v\nwant %+v", p, want)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	const s = "<html><title>외국인 기관 순매매 거래량</title></html>"
	enc := eucKR(t, s)
	for _, tc := range []struct {
		name, ctype string
		body        []byte
	}{
		{"euc-kr", "text/html; charset=euc-kr", enc},
		{"no label", "", enc},
		{"utf-8 labelled euc-kr", "text/html; charset=EUC-KR", []byte(s)},
		{"euc-kr labelled utf-8", "text/html; charset=UTF-8", enc},
	} {
		got, err := Decode(tc.body, tc.ctype)
		if err != nil || got != s {
			t.Errorf("%s: got %q, %v", tc.name, got, err)
		}
	}
	if _, err := Decode(enc, "text/html; charset=shift_jis"); !errors.Is(err, ErrUnexpectedPage) {
		t.Errorf("shift_jis: %v", err)
	}
	meta := []byte(`<html><head><meta charset="windows-1252"></head></html>`)
	if _, err := Decode(meta, ""); !errors.Is(err, ErrUnexpectedPage) {
		t.Errorf("meta windows-1252: %v", err)
	}
}

// row renders one data row with the given cells.
func row(cells ...string) string {
	return "<tr><td>" + strings.Join(cells, "</td><td>") + "</td></tr>"
}

func page(rows ...string) string {
	return `<html><body><table class="type2"><tr><th>날짜</th><th>종가</th><th>전일비</th><th>등락률</th><th>거래량</th><th>기관</th><th colspan="3">외국인</th></tr>` +
		strings.Join(rows, "\n") + "</table></body></html>"
}

func TestParsePageRows(t *testing.T) {
	ok := []string{"2024.05.17", "77,400", "800", "-1.02%", "100", "+5", "-6", "1,000", "1.5%"}
	with := func(i int, v string) []string {
		c := append([]string(nil), ok...)
		c[i] = v
		return c
	}
	t.Run("change sign from percentage", func(t *testing.T) {
		p, err := ParsePage(page(row(ok...)))
		if err != nil || len(p.Rows) != 1 || p.Rows[0].Change != -800 || p.Rows[0].InstNet != 5 || p.Rows[0].ForeignNet != -6 {
			t.Fatalf("%+v %v", p, err)
		}
		if p.Page != 0 || p.LastPage != 0 {
			t.Fatalf("navigation without Nnavi: %+v", p)
		}
	})
	t.Run("explicit sign", func(t *testing.T) {
		p, err := ParsePage(page(row(with(2, "+800")...)))
		if err != nil || p.Rows[0].Change != 800 {
			t.Fatalf("%+v %v", p, err)
		}
	})
	t.Run("empty table", func(t *testing.T) {
		p, err := ParsePage(page(`<tr><td colspan="9" class="blank_07"></td></tr>`))
		if err != nil || len(p.Rows) != 0 {
			t.Fatalf("%+v %v", p, err)
		}
	})
	for _, tc := range []struct {
		name   string
		rows   []string
		row    int
		column string
	}{
		{"bad foreign", []string{row(ok...), row(with(0, "2024.05.16")...), row(with(6, "1,2x4")...)}, 3, "외국인 순매매량"},
		{"bad close", []string{row(with(1, "7.7")...)}, 1, "종가"},
		{"bad pct", []string{row(with(3, "NaN%")...)}, 1, "등락률"},
		{"empty volume", []string{row(with(4, "")...)}, 1, "거래량"},
		{"bad date", []string{row(with(0, "2024-05-17")...)}, 1, "날짜"},
		{"dates not descending", []string{row(ok...), row(ok...)}, 2, "날짜"},
		{"change junk", []string{row(with(2, "8O0")...)}, 1, "전일비"},
		{"too few cells", []string{row(ok[:5]...)}, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePage(page(tc.rows...))
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Row != tc.row || pe.Column != tc.column {
				t.Fatalf("got %v (%+v), want row %d column %q", err, pe, tc.row, tc.column)
			}
			if !strings.Contains(err.Error(), "row ") {
				t.Fatalf("message %q does not name the row", err)
			}
		})
	}
}

func TestParsePageNotThePage(t *testing.T) {
	if _, err := ParsePage(`<html><head><title>네이버 : 로그인</title></head><body><form></form></body></html>`); !errors.Is(err, ErrUnexpectedPage) || !strings.Contains(err.Error(), "로그인") {
		t.Errorf("login page: %v", err)
	}
	// A type2 table that is not the investor table (the broker table alone).
	if _, err := ParsePage(`<html><table class="type2"><tr><th>매도상위</th><th>거래량</th></tr></table></html>`); !errors.Is(err, ErrUnexpectedPage) {
		t.Errorf("broker table only: %v", err)
	}
	src := goldenPage(t)
	if _, err := ParsePage(src[:len(src)*2/3]); !errors.Is(err, ErrTruncated) {
		t.Errorf("truncated: %v", err)
	}
	if _, err := ParsePage(""); !errors.Is(err, ErrTruncated) {
		t.Errorf("empty: %v", err)
	}
}
