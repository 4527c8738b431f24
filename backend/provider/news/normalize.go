package news

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

const maxSummary = 1000 // runes

// normalize cleans raw entries into Items: plain-text titles and summaries,
// http(s) links only, a publisher (defaultSource when the entry names
// none), entries without a title dropped, newest first (undated last),
// duplicates by link or title dropped (the newest copy is kept), at most limit.
func normalize(raws []rawItem, defaultSource string, limit int) []Item {
	items := make([]Item, 0, len(raws))
	for _, r := range raws {
		it := Item{
			Title:   cleanText(r.Title),
			Summary: cleanText(r.Summary),
			URL:     cleanURL(r.URL),
			Source:  cleanText(r.Source),
		}
		if !r.Published.IsZero() {
			it.Published = r.Published.UTC()
		}
		if it.Source == "" {
			it.Source = defaultSource
		}
		// Google News titles end with " - <publisher>", and its summary is
		// just the title and publisher again.
		if t, ok := strings.CutSuffix(it.Title, " - "+it.Source); ok && t != "" {
			it.Title = t
		}
		if rest, ok := strings.CutPrefix(it.Summary, it.Title); ok {
			if rest = strings.TrimSpace(rest); rest == "" || rest == it.Source {
				it.Summary = ""
			}
		}
		it.Summary = truncate(it.Summary, maxSummary)
		if it.Title == "" {
			continue
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		switch {
		case a.Published.Equal(b.Published):
			return 0
		case a.Published.IsZero():
			return 1
		case b.Published.IsZero():
			return -1
		case a.Published.After(b.Published):
			return -1
		}
		return 1
	})
	seenURL := map[string]bool{}
	seenTitle := map[string]bool{}
	out := items[:0]
	for _, it := range items {
		if len(out) == limit {
			break
		}
		uk, tk := urlKey(it.URL), titleKey(it.Title)
		if (uk != "" && seenURL[uk]) || seenTitle[tk] {
			continue
		}
		if uk != "" {
			seenURL[uk] = true
		}
		seenTitle[tk] = true
		out = append(out, it)
	}
	return slices.Clip(out)
}

// cleanText turns an HTML or plain fragment into one line of plain text:
// tags and comments removed (script and style content too), entities
// decoded, whitespace collapsed, control characters and invalid UTF-8
// dropped.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	if strings.ContainsAny(s, "<&") {
		s = stripHTML(s)
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff':
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || r == utf8.RuneError:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stripHTML returns the text content of an HTML fragment. Block-level tags
// become spaces so words on either side do not run together; inline tags
// (a, b, em, span, ...) vanish.
func stripHTML(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0 // inside <script> or <style>
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				b.WriteByte(' ')
			case "br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
				"blockquote", "hr", "pre", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt":
				b.WriteByte(' ')
			}
		}
	}
}

// cleanURL keeps absolute http(s) URLs (trimmed) and drops anything else
// (javascript:, relative links, garbage).
func cleanURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) || !utf8.ValidString(s) {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return s
	}
	return ""
}

// urlKey identifies a link for de-duplication: scheme and host case-folded,
// "www." and the fragment dropped, tracking parameters (utm_*) removed, no
// trailing slash.
func urlKey(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "utm_") || k == ".tsrc" {
			delete(q, k)
		}
	}
	key := host + strings.TrimSuffix(u.EscapedPath(), "/")
	if len(q) > 0 {
		key += "?" + q.Encode()
	}
	return key
}

// titleKey identifies a headline: letters and digits only, case-folded.
func titleKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}

// truncate cuts s to at most n runes, ending with "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
