package news

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html/charset"
)

// rawItem is a feed entry before normalisation.
type rawItem struct {
	Title, Summary, URL, Source string
	Published                   time.Time
}

// fetch GETs a feed and returns its entries.
func (c *Client) fetch(ctx context.Context, u string) ([]rawItem, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("news: %w", err)
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1")
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("news: GET %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, &StatusError{StatusCode: resp.StatusCode, URL: u}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("news: GET %s: reading body: %w", u, err)
	}
	if len(body) > maxBody {
		return nil, fmt.Errorf("%w: GET %s: body larger than %d MB", ErrNotFeed, u, maxBody>>20)
	}
	items, err := parseFeed(body, resp.Header.Get("Content-Type"))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	return items, nil
}

// parseFeed decodes an RSS 2.0 (or RSS 1.0) or Atom document.
func parseFeed(body []byte, contentType string) ([]rawItem, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\uFEFF")))
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrNotFeed)
	}
	body, err := fixEncoding(body, contentType)
	if err != nil {
		return nil, err
	}
	switch gofeed.DetectFeedType(bytes.NewReader(body)) {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
	default:
		return nil, fmt.Errorf("%w: got %s", ErrNotFeed, describe(body, contentType))
	}
	if !complete(body) {
		return nil, fmt.Errorf("%w: truncated document (no closing </rss> or </feed>)", ErrNotFeed)
	}
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	f, err := p.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotFeed, err)
	}
	out := make([]rawItem, 0, len(f.Items))
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		r := rawItem{Title: it.Title, Summary: it.Description, URL: it.Link}
		if r.Summary == "" {
			r.Summary = it.Content
		}
		if r.URL == "" && len(it.Links) > 0 {
			r.URL = it.Links[0]
		}
		if r.URL == "" {
			r.URL = it.GUID // kept only if it is an http(s) URL
		}
		switch {
		case it.PublishedParsed != nil:
			r.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			r.Published = *it.UpdatedParsed
		}
		r.Source = itemSource(f, i)
		out = append(out, r)
	}
	return out, nil
}

// itemSource returns the publisher an entry names (RSS <source>, Atom
// <source><title>), or "".
func itemSource(f *gofeed.Feed, i int) string {
	switch o := f.OriginalFeed().(type) {
	case *rss.Feed:
		if i < len(o.Items) && o.Items[i] != nil && o.Items[i].Source != nil {
			return o.Items[i].Source.Title
		}
	case *atom.Feed:
		if i < len(o.Entries) && o.Entries[i] != nil && o.Entries[i].Source != nil {
			return o.Entries[i].Source.Title
		}
	}
	return ""
}

var (
	declRe     = regexp.MustCompile(`^\s*<\?xml[^>]*?\?>`)
	encodingRe = regexp.MustCompile(`encoding\s*=\s*["']([^"']*)["']`)
	closeRe    = regexp.MustCompile(`(?i)</\s*(rss|feed|rdf:rdf)\s*>$`)
)

// fixEncoding makes the body decodable. Feeds often declare one encoding
// and send another: a body that is valid UTF-8 is read as UTF-8 whatever
// its XML declaration says (except UTF-16/32 declarations), since legacy
// encodings such as EUC-KR or Latin-1 almost never form valid UTF-8. A body
// that is not UTF-8 keeps its declared encoding, which must be one we know;
// without a declaration the Content-Type charset is used.
func fixEncoding(body []byte, contentType string) ([]byte, error) {
	b := bytes.TrimPrefix(body, []byte("\uFEFF"))
	if bytes.HasPrefix(b, []byte{0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE}) {
		return body, nil // UTF-16 with a byte-order mark
	}
	decl := declRe.Find(b)
	label := ""
	if m := encodingRe.FindSubmatch(decl); m != nil {
		label = strings.ToLower(strings.TrimSpace(string(m[1])))
	}
	isUTF8Label := label == "" || label == "utf-8" || label == "utf8"
	wide := strings.HasPrefix(label, "utf-16") || strings.HasPrefix(label, "utf-32") || strings.HasPrefix(label, "ucs")
	if utf8.Valid(b) {
		if isUTF8Label || wide {
			return b, nil
		}
		fixed := encodingRe.ReplaceAll(decl, []byte(`encoding="UTF-8"`))
		return append(fixed, b[len(decl):]...), nil
	}
	if !isUTF8Label {
		if e, _ := charset.Lookup(label); e == nil {
			return nil, fmt.Errorf("%w: unsupported encoding %q declared", ErrNotFeed, label)
		}
		return b, nil // gofeed converts declared encodings
	}
	if label == "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
			if e, _ := charset.Lookup(params["charset"]); e != nil && !strings.EqualFold(params["charset"], "utf-8") {
				conv, err := e.NewDecoder().Bytes(b)
				if err == nil {
					return conv, nil
				}
			}
		}
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD")), nil
}

// complete reports whether the document ends with its root's closing tag
// (trailing comments and whitespace allowed). The XML parser is lenient and
// would otherwise invent the missing end tags of a cut-off download.
func complete(b []byte) bool {
	b = bytes.TrimSpace(b)
	for bytes.HasSuffix(b, []byte("-->")) {
		i := bytes.LastIndex(b, []byte("<!--"))
		if i < 0 {
			return false
		}
		b = bytes.TrimSpace(b[:i])
	}
	i := bytes.LastIndexByte(b, '<')
	return i >= 0 && closeRe.Match(b[i:])
}

// describe names what a non-feed body looks like, for error messages.
func describe(b []byte, contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "" {
		mt = "no content type"
	}
	s := strings.TrimSpace(strings.ToValidUTF8(string(b[:min(len(b), 200)]), ""))
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return fmt.Sprintf("%s body starting %q", mt, s)
}
