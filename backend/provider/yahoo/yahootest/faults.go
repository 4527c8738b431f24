package yahootest

// Endpoint names one kind of request the fake answers; see the package doc
// for the paths.
type Endpoint string

// Endpoints.
const (
	EndpointCookie  Endpoint = "cookie"  // GET /fc (fc.yahoo.com)
	EndpointHome    Endpoint = "home"    // GET /www/ (finance.yahoo.com)
	EndpointConsent Endpoint = "consent" // /consent/... (guce.yahoo.com, consent.yahoo.com)
	EndpointCrumb   Endpoint = "crumb"   // GET /v1/test/getcrumb
	EndpointChart   Endpoint = "chart"   // GET /v8/finance/chart/{symbol}
	EndpointQuote   Endpoint = "quote"   // GET /v7/finance/quote?symbols=A,B
	EndpointOptions Endpoint = "options" // GET /v7/finance/options/{symbol}
	EndpointSummary Endpoint = "summary" // GET /v10/finance/quoteSummary/{symbol}
	EndpointOther   Endpoint = "other"   // anything else (404), e.g. the retired /v6 paths
)

// Failure is a kind of misbehaviour the fake can inject.
type Failure int

// Failures. "Data endpoints" are chart, quote, options and summary.
const (
	// FailNoA3: cookie endpoints (fc, www) set no A3 cookie.
	FailNoA3 Failure = iota + 1
	// FailEUConsent: cookie endpoints redirect to the EU consent flow
	// (unless the client already consented); each redirect counts as one.
	FailEUConsent
	// FailCrumbHTML: getcrumb answers 200 with an HTML page.
	FailCrumbHTML
	// FailCrumbTooMany: getcrumb answers 200 with the body "Too Many Requests".
	FailCrumbTooMany
	// FailInvalidCrumb: 401 {"finance":{"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}.
	FailInvalidCrumb
	// Fail429: 429 "Too Many Requests" with Fault.RetryAfter.
	Fail429
	// Fail500: 500 with a JSON error that echoes the request URI (to test
	// that clients redact it).
	Fail500
	// FailHang: never answer; the handler returns when the client gives up
	// or the server closes.
	FailHang
	// FailTruncated: 200 with the first half of the JSON body.
	FailTruncated
	// FailEmptyResult: 200 with an empty `result` array.
	FailEmptyResult
	// FailNullBars: chart sends null OHLCV for every second bar.
	FailNullBars
	// FailWrongContentType: 200 text/html error page instead of JSON.
	FailWrongContentType
)

func (f Failure) String() string {
	switch f {
	case FailNoA3:
		return "no-A3"
	case FailEUConsent:
		return "eu-consent"
	case FailCrumbHTML:
		return "crumb-html"
	case FailCrumbTooMany:
		return "crumb-too-many"
	case FailInvalidCrumb:
		return "invalid-crumb"
	case Fail429:
		return "429"
	case Fail500:
		return "500"
	case FailHang:
		return "hang"
	case FailTruncated:
		return "truncated"
	case FailEmptyResult:
		return "empty-result"
	case FailNullBars:
		return "null-bars"
	case FailWrongContentType:
		return "wrong-content-type"
	}
	return "failure?"
}

// Fault arms one failure.
type Fault struct {
	Failure Failure
	// Endpoint restricts the fault to one endpoint; "" = every endpoint the
	// failure naturally applies to (cookie+home for FailNoA3/FailEUConsent,
	// crumb for the crumb failures, chart for FailNullBars, the data
	// endpoints for the rest). With an Endpoint set, the generic failures
	// (429, 500, hang, wrong content type, invalid crumb) apply to any
	// endpoint, the crumb and cookie ones included.
	Endpoint Endpoint
	// Times is how many matching requests fail; 0 = until ClearFaults.
	Times int
	// RetryAfter is Fail429's Retry-After header ("" = "1"; seconds or an
	// HTTP date).
	RetryAfter string
}

// applies reports whether f fires for a request to ep.
func (f *Fault) applies(ep Endpoint) bool {
	if f.Endpoint != "" {
		return f.Endpoint == ep
	}
	switch f.Failure {
	case FailNoA3, FailEUConsent:
		return ep == EndpointCookie || ep == EndpointHome
	case FailCrumbHTML, FailCrumbTooMany:
		return ep == EndpointCrumb
	case FailNullBars:
		return ep == EndpointChart
	}
	return isData(ep)
}

func isData(ep Endpoint) bool {
	return ep == EndpointChart || ep == EndpointQuote || ep == EndpointOptions || ep == EndpointSummary
}

// armed is a Fault with its remaining count.
type armed struct {
	Fault
	left int // <0: unlimited
}

// Inject arms a fault. Faults fire in the order they were armed.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.injectLocked(f)
}

// Fail arms failure for its natural endpoints, times times (0 = until
// ClearFaults).
func (s *Server) Fail(failure Failure, times int) {
	s.Inject(Fault{Failure: failure, Times: times})
}

// ClearFaults disarms every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// take consumes and returns the first armed fault of one of kinds that
// applies to ep, or nil.
func (s *Server) take(ep Endpoint, kinds ...Failure) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, a := range s.faults {
		if !a.applies(ep) || !contains(kinds, a.Failure) {
			continue
		}
		f := a.Fault
		if a.left > 0 {
			a.left--
			if a.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return &f
	}
	return nil
}

func contains(kinds []Failure, f Failure) bool {
	for _, k := range kinds {
		if k == f {
			return true
		}
	}
	return false
}
