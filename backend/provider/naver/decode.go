package naver

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
)

// Decode turns a response body into UTF-8 text. Naver serves its finance
// pages in EUC-KR; the charset comes from contentType, else from a <meta>
// tag, else EUC-KR is assumed.
//
// The label is only a hint. Korean text in EUC-KR is practically never
// valid UTF-8, so a body that is valid UTF-8 and contains non-ASCII bytes
// is read as UTF-8 whatever it claims (a UTF-8 page mislabelled EUC-KR),
// and a body labelled UTF-8 that is not valid UTF-8 is read as EUC-KR (the
// reverse mistake). Pure ASCII is the same in both. Charsets other than
// UTF-8 and the EUC-KR family (CP949, KS C 5601) are an error.
func Decode(body []byte, contentType string) (string, error) {
	label := charsetLabel(contentType, body)
	switch label {
	case "", "utf-8", "utf8", "euc-kr", "euckr", "x-euc-kr", "cp949", "ms949", "uhc", "x-windows-949", "windows-949",
		"ks_c_5601-1987", "ks_c_5601", "ksc5601", "korean", "csksc56011987", "iso-ir-149", "cseuckr":
	default:
		return "", fmt.Errorf("%w: unsupported charset %q", ErrUnexpectedPage, label)
	}
	if utf8.Valid(body) {
		return string(body), nil // UTF-8 (or ASCII) whatever the label says
	}
	// EUC-KR, decoded with its superset CP949 (Unified Hangul Code), which
	// is what Naver actually emits.
	out, err := korean.EUCKR.NewDecoder().Bytes(body)
	if err != nil {
		return "", fmt.Errorf("decoding EUC-KR: %w", err)
	}
	return string(out), nil
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-]+)`)

// charsetLabel returns the lower-cased charset named by the Content-Type
// header or, failing that, by a <meta> tag in the first 2 KiB of the body.
func charsetLabel(contentType string, body []byte) string {
	if contentType != "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
			return strings.ToLower(strings.TrimSpace(params["charset"]))
		}
	}
	head := body[:min(len(body), 2048)]
	if m := metaCharset.FindSubmatch(head); m != nil {
		return strings.ToLower(string(bytes.TrimSpace(m[1])))
	}
	return ""
}
