package naver

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinel errors. Test with errors.Is; the returned errors wrap them with
// the code and page concerned.
var (
	// ErrInvalidCode: the stock code is not a KRX short code (six digits or
	// capital letters starting with a digit). No request is made.
	ErrInvalidCode = errors.New("invalid KRX code")
	// ErrUnexpectedPage: the response is HTML but not the investor page (a
	// login wall, an error or maintenance page, a changed layout).
	ErrUnexpectedPage = errors.New("not the Naver investor page")
	// ErrTruncated: the page ends before its closing </html> tag.
	ErrTruncated = errors.New("truncated page")
	// ErrNoData: the investor table has no rows (Naver's answer for a code
	// it does not know or a stock without trading history).
	ErrNoData = errors.New("no investor data")
)

// StatusError is a response with a status other than 200 OK. Redirects are
// not followed (Naver redirects to its login page when it wants a session),
// so a 3xx arrives here with its Location.
type StatusError struct {
	StatusCode int    // e.g. 500, 302
	URL        string // the requested URL
	Location   string // the Location header of a redirect, else ""
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("HTTP %d %s from %s", e.StatusCode, http.StatusText(e.StatusCode), e.URL)
	if e.Location != "" {
		msg += " (redirect to " + e.Location + ")"
	}
	return msg
}

// ParseError is a table row that could not be read. Row is the 1-based
// index of the data row on its page.
type ParseError struct {
	Row    int
	Date   string // the row's date cell as printed, "" if unreadable
	Column string // column name, "" when the row as a whole is wrong
	Value  string // offending text (shortened)
	Err    error
}

func (e *ParseError) Error() string {
	where := fmt.Sprintf("row %d", e.Row)
	if e.Date != "" {
		where += " (" + e.Date + ")"
	}
	if e.Column != "" {
		where += ", column " + e.Column
	}
	return fmt.Sprintf("%s: %q: %v", where, e.Value, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }
