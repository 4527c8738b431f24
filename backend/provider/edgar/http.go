package edgar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// get fetches url and returns its body. It refuses without a contact,
// waits for any Retry-After pause and for the rate limiter, and turns
// non-200 answers into *StatusError (recording their Retry-After).
func (c *Client) get(ctx context.Context, url string) ([]byte, error) {
	if err := checkContact(c.cfg.Contact); err != nil {
		return nil, err
	}
	if err := c.waitPause(ctx); err != nil {
		return nil, err
	}
	if err := c.limiter.Wait(ctx); err != nil {
		return nil, fmt.Errorf("edgar: GET %s: %w", url, err)
	}
	// The timeout covers the exchange, not the waits above (which the
	// caller's ctx bounds).
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("edgar: %w", err)
	}
	req.Header.Set("User-Agent", c.cfg.Contact)
	req.Header.Set("Accept", "application/json")
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("edgar: GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		se := &StatusError{StatusCode: resp.StatusCode, URL: url,
			RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
		if se.RetryAfter > 0 {
			c.pause(se.RetryAfter)
		}
		return nil, se
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("edgar: GET %s: reading body: %w", url, err)
	}
	if len(body) > maxBody {
		return nil, fmt.Errorf("%w: GET %s: body larger than %d MB", ErrMalformed, url, maxBody>>20)
	}
	return body, nil
}

// pause stops the client from sending before d has passed.
func (c *Client) pause(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := time.Now().Add(d); t.After(c.pauseUntil) {
		c.pauseUntil = t
	}
}

// waitPause sleeps until the Retry-After pause is over, failing at once if
// ctx would expire first.
func (c *Client) waitPause(ctx context.Context) error {
	c.mu.Lock()
	until := c.pauseUntil
	c.mu.Unlock()
	d := time.Until(until)
	if d <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && dl.Before(until) {
		return fmt.Errorf("edgar: SEC asked to wait until %s (Retry-After): %w", until.UTC().Format(time.RFC3339), context.DeadlineExceeded)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return fmt.Errorf("edgar: waiting for Retry-After: %w", ctx.Err())
	case <-t.C:
		return nil
	}
}

// parseRetryAfter reads a Retry-After header (delay in seconds or an HTTP
// date), capped at 15 minutes; 0 if absent or invalid.
func parseRetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(h, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// IsThrottled reports whether err is a 403 or 429 from SEC.
func IsThrottled(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Throttled()
}
