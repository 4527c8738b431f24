package yahoo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"
)

// session is one cookie jar + crumb. It is immutable once published; a
// refresh builds a new one, so requests in flight keep a consistent pair.
type session struct {
	http      *http.Client // copy of Client.http with this session's jar
	jar       http.CookieJar
	crumb     string
	fetchedAt time.Time
	secrets   secrets // crumb and cookie values, for redaction
}

// storedSession is what SessionStore keeps.
type storedSession struct {
	Version   int            `json:"v"`
	Crumb     string         `json:"crumb"`
	FetchedAt time.Time      `json:"fetched_at"`
	Cookies   []storedCookie `json:"cookies"`
}

type storedCookie struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// flight is one refresh in progress; everyone who needs a session while it
// runs waits for its result.
type flight struct {
	done chan struct{}
	s    *session
	err  error
}

// session returns the current session, loading or fetching one if there is
// none or it is older than SessionMaxAge.
func (c *Client) session(ctx context.Context) (*session, error) {
	c.mu.Lock()
	s := c.cur
	c.mu.Unlock()
	if s != nil && c.now().Sub(s.fetchedAt) < c.maxAge {
		return s, nil
	}
	return c.refresh(ctx, s)
}

// refresh replaces stale (the session a caller saw fail; nil = none) by a
// new one. Only one refresh runs at a time: a caller arriving during a
// refresh waits for it, and a caller whose stale session was already
// replaced gets the replacement without a new fetch.
func (c *Client) refresh(ctx context.Context, stale *session) (*session, error) {
	c.mu.Lock()
	if cur := c.cur; cur != nil && cur != stale && c.now().Sub(cur.fetchedAt) < c.maxAge {
		c.mu.Unlock()
		return cur, nil
	}
	f := c.flight
	if f == nil {
		f = &flight{done: make(chan struct{})}
		c.flight = f
		useStore := !c.loaded
		c.loaded = true
		// The refresh outlives the caller that started it: others may be
		// waiting for it. It is bounded by its own timeout.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.refreshTimeout())
		go func() {
			defer cancel()
			s, err := c.establish(rctx, useStore)
			c.mu.Lock()
			if err == nil {
				c.cur = s
			}
			c.flight = nil
			c.mu.Unlock()
			f.s, f.err = s, err
			close(f.done)
		}()
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.s, f.err
	case <-ctx.Done():
		return nil, fmt.Errorf("yahoo: waiting for session: %w", ctx.Err())
	}
}

func (c *Client) refreshTimeout() time.Duration {
	return time.Duration(3+2*c.retries)*c.timeout + time.Minute
}

// establish loads a young session from the store (first time only) or
// fetches a new one and saves it.
func (c *Client) establish(ctx context.Context, useStore bool) (*session, error) {
	if useStore {
		if s := c.loadSession(ctx); s != nil {
			return s, nil
		}
	}
	s, err := c.fetchSession(ctx)
	if err != nil {
		c.log.WithError(err).Warn("yahoo: no session")
		return nil, err
	}
	c.saveSession(ctx, s)
	return s, nil
}

// newSession returns an empty session with its own cookie jar.
func (c *Client) newSession() *session {
	jar, _ := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
	hc := *c.http
	hc.Jar = jar
	return &session{http: &hc, jar: jar}
}

// fetchSession gets the A3 cookie (fc.yahoo.com, then finance.yahoo.com,
// through the EU consent pages when redirected there) and then the crumb.
func (c *Client) fetchSession(ctx context.Context) (*session, error) {
	s := c.newSession()
	var errs []error
	for _, host := range []string{hostFC, hostFinance} {
		err := c.fetchCookie(ctx, s, host)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: %w", ErrSession, ctx.Err())
		}
		c.log.WithField("host", host).WithError(err).Debug("yahoo: cookie source failed")
		errs = append(errs, err)
	}
	if !c.hasA3(s) {
		return nil, fmt.Errorf("%w: no A3 cookie: %w", ErrSession, errors.Join(errs...))
	}
	s.secrets = c.cookieValues(s) // redact cookies while fetching the crumb
	crumb, err := c.fetchCrumb(ctx, s)
	if err != nil {
		return nil, err
	}
	s.crumb = crumb
	s.fetchedAt = c.now()
	s.secrets = append(c.cookieValues(s), crumb)
	c.log.WithField("cookies", len(s.secrets)-1).Info("yahoo: session established")
	return s, nil
}

// fetchCookie GETs host's home page; fc.yahoo.com answers 404 but sets A3.
func (c *Client) fetchCookie(ctx context.Context, s *session, host string) error {
	rep, err := c.send(ctx, s, http.MethodGet, c.hosts.url(host, "/", nil), nil, acceptHTML)
	if err != nil {
		return s.secrets.cleanTransportErr(err)
	}
	if rep.final != nil && c.hosts.isConsent(rep.final) {
		if err := c.consent(ctx, s, rep); err != nil {
			return err
		}
	}
	if !c.hasA3(s) {
		return fmt.Errorf("no A3 cookie from %s (HTTP %d)", host, rep.status)
	}
	return nil
}

var (
	inputTag  = regexp.MustCompile(`(?is)<input\b[^>]*>`)
	attrName  = regexp.MustCompile(`(?is)\bname\s*=\s*["']([^"']*)["']`)
	attrValue = regexp.MustCompile(`(?is)\bvalue\s*=\s*["']([^"']*)["']`)
)

// consentForm returns the csrfToken and sessionId hidden inputs of an EU
// consent page.
func consentForm(page []byte) (csrf, sid string) {
	for _, tag := range inputTag.FindAll(page, -1) {
		n, v := attrName.FindSubmatch(tag), attrValue.FindSubmatch(tag)
		if n == nil || v == nil {
			continue
		}
		switch string(n[1]) {
		case "csrfToken":
			csrf = html.UnescapeString(string(v[1]))
		case "sessionId":
			sid = html.UnescapeString(string(v[1]))
		}
	}
	return csrf, sid
}

// consent accepts Yahoo's EU consent: read csrfToken and sessionId from the
// consent page, POST collectConsent, GET copyConsent (which sets A3).
func (c *Client) consent(ctx context.Context, s *session, landed *reply) error {
	csrf, sid := consentForm(landed.body)
	if csrf == "" || sid == "" {
		rep, err := c.send(ctx, s, http.MethodGet, c.hosts.url(hostGUCE, "/consent", nil), nil, acceptHTML)
		if err != nil {
			return fmt.Errorf("%w: EU consent page: %w", ErrSession, s.secrets.cleanTransportErr(err))
		}
		if csrf, sid = consentForm(rep.body); csrf == "" || sid == "" {
			return fmt.Errorf("%w: EU consent page (HTTP %d) has no csrfToken/sessionId", ErrSession, rep.status)
		}
	}
	s.secrets = append(s.secrets, csrf, sid)
	form := url.Values{
		"agree":           {"agree", "agree"},
		"consentUUID":     {"default"},
		"sessionId":       {sid},
		"csrfToken":       {csrf},
		"originalDoneUrl": {"https://finance.yahoo.com/"},
		"namespace":       {"yahoo"},
	}
	sidQ := url.Values{"sessionId": {sid}}
	rep, err := c.send(ctx, s, http.MethodPost, c.hosts.url(hostConsent, "/v2/collectConsent", sidQ), form, acceptHTML)
	if err == nil && rep.status >= 400 {
		err = fmt.Errorf("HTTP %d", rep.status)
	}
	if err != nil {
		return fmt.Errorf("%w: EU collectConsent: %w", ErrSession, s.secrets.cleanTransportErr(err))
	}
	rep, err = c.send(ctx, s, http.MethodGet, c.hosts.url(hostGUCE, "/copyConsent", sidQ), nil, acceptHTML)
	if err == nil && rep.status >= 400 {
		err = fmt.Errorf("HTTP %d", rep.status)
	}
	if err != nil {
		return fmt.Errorf("%w: EU copyConsent: %w", ErrSession, s.secrets.cleanTransportErr(err))
	}
	c.log.Info("yahoo: accepted the EU consent")
	return nil
}

// fetchCrumb GETs /v1/test/getcrumb, retrying with backoff while Yahoo
// answers 429/5xx or a body that is not a crumb.
func (c *Client) fetchCrumb(ctx context.Context, s *session) (string, error) {
	u := c.hosts.url(hostQuery1, "/v1/test/getcrumb", nil)
	for attempt := 0; ; attempt++ {
		rep, err := c.send(ctx, s, http.MethodGet, u, nil, acceptText)
		retry, wait := true, time.Duration(0)
		var crumb string
		switch {
		case err != nil:
			err = s.secrets.cleanTransportErr(err)
		case rep.status == http.StatusOK:
			if crumb, err = validateCrumb(rep.body); err == nil {
				return crumb, nil
			}
		default:
			err = fmt.Errorf("HTTP %d", rep.status)
			retry = rep.status == http.StatusTooManyRequests || rep.status >= 500
			wait = parseRetryAfter(rep.header.Get("Retry-After"), c.now())
		}
		if ctx.Err() != nil || !retry || attempt >= c.retries {
			return "", fmt.Errorf("%w: getcrumb: %w", ErrSession, err)
		}
		d, ok := c.backoff(attempt, wait)
		if !ok {
			return "", fmt.Errorf("%w: getcrumb: %w (Retry-After too long)", ErrSession, err)
		}
		c.log.WithFields(map[string]any{"wait": d.String(), "reason": err.Error()}).Debug("yahoo: retrying getcrumb")
		if err := c.sleep(ctx, d); err != nil {
			return "", fmt.Errorf("%w: getcrumb: %w", ErrSession, err)
		}
	}
}

// Reasons a getcrumb body is not a crumb.
var (
	errCrumbEmpty   = errors.New("crumb is empty")
	errCrumbHTML    = errors.New("crumb is an HTML page")
	errCrumbTooMany = errors.New(`crumb is "Too Many Requests"`)
	errCrumbInvalid = errors.New("crumb has invalid characters or length")
)

// validateCrumb accepts a getcrumb body that looks like a crumb: 1–64
// printable ASCII characters, not HTML, not "Too Many Requests".
func validateCrumb(body []byte) (string, error) {
	s := strings.TrimSpace(string(body))
	lower := strings.ToLower(s)
	switch {
	case s == "":
		return "", errCrumbEmpty
	case strings.Contains(lower, "too many requests"):
		return "", errCrumbTooMany
	case strings.ContainsAny(s, "<>") || strings.Contains(lower, "html"):
		return "", errCrumbHTML
	case len(s) > 64:
		return "", errCrumbInvalid
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f || s[i] == '"' || s[i] == '\\' {
			return "", errCrumbInvalid
		}
	}
	return s, nil
}

func (c *Client) hasA3(s *session) bool {
	for _, ck := range s.jar.Cookies(c.hosts.cookieScope()) {
		if ck.Name == "A3" && ck.Value != "" {
			return true
		}
	}
	return false
}

func (c *Client) cookieValues(s *session) secrets {
	var out secrets
	for _, ck := range s.jar.Cookies(c.hosts.cookieScope()) {
		out = append(out, ck.Value)
	}
	return out
}

// loadSession returns the stored session if it is young enough and whole.
func (c *Client) loadSession(ctx context.Context) *session {
	if c.store == nil {
		return nil
	}
	data, err := c.store.LoadSession(ctx)
	if err != nil {
		c.log.WithError(err).Warn("yahoo: cannot load the stored session")
		return nil
	}
	if len(data) == 0 {
		return nil
	}
	var st storedSession
	if err := json.Unmarshal(data, &st); err != nil {
		c.log.Warn("yahoo: ignoring an unreadable stored session")
		return nil
	}
	age := c.now().Sub(st.FetchedAt)
	if age < 0 || age >= c.maxAge {
		c.log.WithField("age", age.Round(time.Minute).String()).Debug("yahoo: stored session too old")
		return nil
	}
	crumb, err := validateCrumb([]byte(st.Crumb))
	if err != nil {
		c.log.Warn("yahoo: ignoring a stored session with a bad crumb")
		return nil
	}
	s := c.newSession()
	cookies := make([]*http.Cookie, 0, len(st.Cookies))
	for _, sc := range st.Cookies {
		cookies = append(cookies, &http.Cookie{Name: sc.Name, Value: sc.Value, Path: "/", Domain: c.hosts.cookieDomain()})
	}
	s.jar.SetCookies(c.hosts.cookieScope(), cookies)
	if !c.hasA3(s) {
		c.log.Warn("yahoo: ignoring a stored session without A3")
		return nil
	}
	s.crumb, s.fetchedAt = crumb, st.FetchedAt
	s.secrets = append(c.cookieValues(s), crumb)
	c.log.WithField("age", age.Round(time.Minute).String()).Info("yahoo: reusing the stored session")
	return s
}

func (c *Client) saveSession(ctx context.Context, s *session) {
	if c.store == nil {
		return
	}
	st := storedSession{Version: 1, Crumb: s.crumb, FetchedAt: s.fetchedAt.UTC()}
	for _, ck := range s.jar.Cookies(c.hosts.cookieScope()) {
		st.Cookies = append(st.Cookies, storedCookie{Name: ck.Name, Value: ck.Value})
	}
	data, err := json.Marshal(st)
	if err == nil {
		err = c.store.SaveSession(ctx, data)
	}
	if err != nil {
		c.log.WithError(err).Warn("yahoo: cannot save the session")
	}
}
