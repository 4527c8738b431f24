package yahoo

import (
	"net/url"
	"strings"
)

// Yahoo's hosts.
const (
	hostQuery1  = "query1.finance.yahoo.com" // getcrumb
	hostQuery2  = "query2.finance.yahoo.com" // data endpoints
	hostFC      = "fc.yahoo.com"             // first cookie source
	hostFinance = "finance.yahoo.com"        // fallback cookie source
	hostGUCE    = "guce.yahoo.com"           // EU consent
	hostConsent = "consent.yahoo.com"        // EU consent form
)

// Path prefixes under Config.BaseURL. With a BaseURL every Yahoo host maps
// onto that one server and keeps its path:
//
//	query1/query2.finance.yahoo.com/P  -> BaseURL/P
//	fc.yahoo.com/P                     -> BaseURL/fc/P
//	finance.yahoo.com/P                -> BaseURL/www/P
//	guce.yahoo.com/P, consent.yahoo.com/P -> BaseURL/consent/P
const (
	prefixFC      = "/fc"
	prefixFinance = "/www"
	prefixConsent = "/consent"
)

// hosts builds request URLs for the real hosts or for one BaseURL.
type hosts struct {
	base *url.URL // nil: the real hosts
}

func (h hosts) prefix(host string) string {
	switch host {
	case hostFC:
		return prefixFC
	case hostFinance:
		return prefixFinance
	case hostGUCE, hostConsent:
		return prefixConsent
	}
	return ""
}

// url returns the URL of path (which may carry a query) on host.
func (h hosts) url(host, path string, q url.Values) string {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	raw := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, raw = path[:i], path[i+1:]
	}
	u := url.URL{Scheme: "https", Host: host, Path: path, RawQuery: raw}
	if h.base != nil {
		u.Scheme, u.Host = h.base.Scheme, h.base.Host
		u.Path = strings.TrimSuffix(h.base.Path, "/") + h.prefix(host) + path
	}
	if len(q) > 0 {
		if u.RawQuery != "" {
			u.RawQuery += "&"
		}
		u.RawQuery += q.Encode()
	}
	return u.String()
}

// logical returns the Yahoo host a (possibly BaseURL-mapped) URL stands for.
func (h hosts) logical(u *url.URL) string {
	if h.base == nil || u.Host != h.base.Host {
		return u.Host
	}
	p := strings.TrimPrefix(u.Path, strings.TrimSuffix(h.base.Path, "/"))
	for _, host := range []string{hostFC, hostFinance, hostConsent} {
		pre := h.prefix(host)
		if p == pre || strings.HasPrefix(p, pre+"/") {
			return host
		}
	}
	return hostQuery2
}

// isConsent reports whether u is on an EU consent host.
func (h hosts) isConsent(u *url.URL) bool {
	host := h.logical(u)
	return host == hostGUCE || host == hostConsent
}

// cookieScope is the URL whose cookies make up the session: the ones sent
// to the data endpoints.
func (h hosts) cookieScope() *url.URL {
	u, _ := url.Parse(h.url(hostQuery2, "/", nil))
	return u
}

// cookieDomain is the Domain given to restored cookies: yahoo.com for the
// real hosts, host-only for a BaseURL.
func (h hosts) cookieDomain() string {
	if h.base != nil {
		return ""
	}
	return "yahoo.com"
}
