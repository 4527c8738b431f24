package naver

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Row is one day of the investor table (외국인·기관 순매매 거래량).
type Row struct {
	Date            time.Time // trading date, 00:00 UTC
	Close           int64     // 종가, KRW
	Change          int64     // 전일비, signed (down days negative)
	ChangePct       float64   // 등락률, percent
	Volume          int64     // 거래량, shares
	InstNet         int64     // 기관 순매매량, shares
	ForeignNet      int64     // 외국인 순매매량, shares
	ForeignHoldings int64     // 외국인 보유주수, shares
	ForeignRatio    float64   // 외국인 보유율, percent
}

// Page is one parsed page of the investor table.
type Page struct {
	Rows     []Row // newest first, as on the page
	Page     int   // the page number shown as current; 0 if there is no navigation
	LastPage int   // the highest page number linked from the navigation; 0 if none
}

// columns of a data row, in page order.
var columns = [...]string{"날짜", "종가", "전일비", "등락률", "거래량", "기관 순매매량", "외국인 순매매량", "외국인 보유주수", "외국인 보유율"}

// ParsePage parses the investor page text (already decoded, see Decode).
// It returns ErrTruncated if the page lacks its closing </html>,
// ErrUnexpectedPage if there is no investor table (for instance a login
// page), a *ParseError for a row it cannot read, and a Page with no rows if
// the table is empty. Dates must be strictly descending down the page.
func ParsePage(text string) (*Page, error) {
	if !strings.Contains(strings.ToLower(text), "</html>") {
		return nil, ErrTruncated
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil { // e.g. elements nested more than 512 deep
		return nil, fmt.Errorf("%w: %v", ErrUnexpectedPage, err)
	}
	table := findFlowTable(doc)
	if table == nil {
		if t := pageTitle(doc); t != "" {
			return nil, fmt.Errorf("%w (title %q)", ErrUnexpectedPage, t)
		}
		return nil, ErrUnexpectedPage
	}
	p := &Page{}
	if err := parseRows(table, p); err != nil {
		return nil, err
	}
	parseNavigation(doc, p)
	return p, nil
}

// findFlowTable returns the first table of class type2 whose header cells
// name the date and the investor columns. (The page also has a type2 table
// of broker activity before it.)
func findFlowTable(doc *html.Node) *html.Node {
	var found *html.Node
	walk(doc, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if n.DataAtom == atom.Table && hasClass(n, "type2") {
			var heads []string
			walkTable(n, func(c *html.Node) {
				if c.DataAtom == atom.Th {
					heads = append(heads, text(c))
				}
			})
			h := strings.Join(heads, "|")
			if strings.Contains(h, "날짜") && strings.Contains(h, "기관") && strings.Contains(h, "외국인") {
				found = n
				return false
			}
		}
		return true
	})
	return found
}

// parseRows reads the data rows of the investor table into p.Rows.
// Header rows (th only) and spacer rows (one cell, or all cells blank)
// are skipped.
func parseRows(table *html.Node, p *Page) error {
	n := 0
	var rowErr error
	walkTable(table, func(tr *html.Node) {
		if rowErr != nil || tr.DataAtom != atom.Tr {
			return
		}
		var cells []*html.Node
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Td {
				cells = append(cells, c)
			}
		}
		if len(cells) <= 1 || allBlank(cells) {
			return
		}
		n++
		r, err := parseRow(n, cells)
		if err != nil {
			rowErr = err
			return
		}
		if k := len(p.Rows); k > 0 && !r.Date.Before(p.Rows[k-1].Date) {
			rowErr = &ParseError{Row: n, Date: text(cells[0]), Column: columns[0], Value: text(cells[0]),
				Err: errors.New("date not older than the row above")}
			return
		}
		p.Rows = append(p.Rows, r)
	})
	return rowErr
}

func parseRow(n int, cells []*html.Node) (Row, error) {
	date := text(cells[0])
	if len(cells) != len(columns) {
		return Row{}, &ParseError{Row: n, Date: date, Value: short(date),
			Err: fmt.Errorf("%d cells, want %d", len(cells), len(columns))}
	}
	bad := func(col int, err error) error {
		return &ParseError{Row: n, Date: date, Column: columns[col], Value: short(text(cells[col])), Err: err}
	}
	var r Row
	d, err := time.Parse("2006.01.02", date)
	if err != nil {
		return Row{}, bad(0, errors.New("want a date YYYY.MM.DD"))
	}
	r.Date = d
	ints := []struct {
		col int
		dst *int64
	}{{1, &r.Close}, {4, &r.Volume}, {5, &r.InstNet}, {6, &r.ForeignNet}, {7, &r.ForeignHoldings}}
	for _, f := range ints {
		if *f.dst, err = parseInt(text(cells[f.col])); err != nil {
			return Row{}, bad(f.col, err)
		}
	}
	if r.ChangePct, err = parsePct(text(cells[3])); err != nil {
		return Row{}, bad(3, err)
	}
	if r.ForeignRatio, err = parsePct(text(cells[8])); err != nil {
		return Row{}, bad(8, err)
	}
	if r.Change, err = parseChange(cells[2], r.ChangePct); err != nil {
		return Row{}, bad(2, err)
	}
	if r.Close < 0 || r.Volume < 0 || r.ForeignHoldings < 0 {
		return Row{}, bad(1, errors.New("negative close, volume or holdings"))
	}
	return r, nil
}

// parseInt reads "1,234", "+1,234", "-5,678" or "0".
func parseInt(s string) (int64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, errors.New("empty number")
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errors.New("not an integer")
	}
	return v, nil
}

// parsePct reads "-1.28%", "+0.35%", "55.71%".
func parsePct(s string) (float64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return 0, errors.New("empty percentage")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.ContainsAny(s, "xXpPeEiInN_") {
		return 0, errors.New("not a percentage")
	}
	return v, nil
}

// parseChange reads the 전일비 cell: an unsigned amount with an up or down
// marker (an image with alt 상승/하락/상한가/하한가, or an <em class="bu_p
// bu_pup|bu_pdn"> with the same word in a hidden span). Without a marker an
// explicit sign is used, else the sign of the day's change percentage.
func parseChange(cell *html.Node, pct float64) (int64, error) {
	sign := 0
	walk(cell, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		marker := attr(n, "alt") + " " + attr(n, "class") + " " + attr(n, "src")
		if n.DataAtom == atom.Span && hasClass(n, "blind") {
			marker += " " + text(n)
		}
		switch {
		case strings.Contains(marker, "하락"), strings.Contains(marker, "하한"),
			strings.Contains(marker, "pdn"), strings.Contains(marker, "ico_down"):
			sign = -1
		case strings.Contains(marker, "상승"), strings.Contains(marker, "상한"),
			strings.Contains(marker, "pup"), strings.Contains(marker, "ico_up"):
			sign = 1
		}
		return true
	})
	// Keep only the number: drop the marker words of hidden spans.
	var b strings.Builder
	for _, r := range text(cell) {
		if r >= '0' && r <= '9' || r == ',' || r == '+' || r == '-' {
			b.WriteRune(r)
		} else if r != ' ' && (r < 0xAC00 || r > 0xD7A3) { // Hangul syllables are marker words
			return 0, errors.New("not an amount")
		}
	}
	v, err := parseInt(b.String())
	if err != nil {
		return 0, err
	}
	switch {
	case sign != 0:
		if v < 0 {
			v = -v
		}
		return int64(sign) * v, nil
	case strings.ContainsAny(b.String(), "+-"):
		return v, nil
	case pct < 0:
		return -v, nil
	}
	return v, nil
}

// parseNavigation reads the current and last page numbers from the page
// navigation table (class Nnavi): links carry page=N, the current page is
// the cell of class "on".
func parseNavigation(doc *html.Node, p *Page) {
	walk(doc, func(n *html.Node) bool {
		if n.DataAtom != atom.Table || !hasClass(n, "Nnavi") {
			return true
		}
		walk(n, func(c *html.Node) bool {
			switch {
			case c.DataAtom == atom.A:
				if k := pageParam(attr(c, "href")); k > p.LastPage {
					p.LastPage = k
				}
			case c.DataAtom == atom.Td && hasClass(c, "on"):
				if k, err := strconv.Atoi(strings.TrimSpace(text(c))); err == nil && k > 0 {
					p.Page = k
				}
			}
			return true
		})
		return false
	})
	if p.Page > p.LastPage {
		p.LastPage = p.Page
	}
}

func pageParam(href string) int {
	u, err := url.Parse(href)
	if err != nil {
		return 0
	}
	k, err := strconv.Atoi(u.Query().Get("page"))
	if err != nil || k < 1 || k > 1_000_000 {
		return 0
	}
	return k
}

func pageTitle(doc *html.Node) string {
	var t string
	walk(doc, func(n *html.Node) bool {
		if n.DataAtom == atom.Title {
			t = short(text(n))
			return false
		}
		return t == ""
	})
	return t
}

// walk visits n and its descendants depth first; f returns false to skip
// a node's children.
func walk(n *html.Node, f func(*html.Node) bool) {
	if !f(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// walkTable visits the element descendants of a table without entering
// nested tables.
func walkTable(table *html.Node, f func(*html.Node)) {
	for c := table.FirstChild; c != nil; c = c.NextSibling {
		walk(c, func(n *html.Node) bool {
			if n.Type != html.ElementNode {
				return false
			}
			if n.DataAtom == atom.Table {
				return false
			}
			f(n)
			return true
		})
	}
}

// text returns the node's text content with runs of white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return c.Type != html.ElementNode || (c.DataAtom != atom.Script && c.DataAtom != atom.Style)
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

func allBlank(cells []*html.Node) bool {
	for _, c := range cells {
		if text(c) != "" {
			return false
		}
	}
	return true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// short cuts s to 40 runes for error messages.
func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
