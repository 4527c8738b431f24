package api

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/contract"
)

// Options configure a Server.
type Options struct {
	Token       string // required on state-changing operations
	MaxBody     int64  // POST body limit, bytes
	AllowRemote bool   // allow binding a non-loopback address
	App         fs.FS  // built frontend served at /app/ (nil: not served)
	Log         logrus.FieldLogger
	// Events streams Server-Sent Events at GET /api/events, behind the
	// same Host/Origin checks; read-only, so no token (nil: 404).
	Events http.Handler
}

// Server is the local HTTP API. It can be started and stopped repeatedly.
type Server struct {
	d    *Dispatcher
	opt  Options
	segs [][]string // per op, path segments

	docOnce sync.Once // the OpenAPI document, built on first request
	doc     []byte
	docErr  error

	mu    sync.Mutex
	srv   *http.Server
	addr  string
	hosts map[string]bool
}

// NewServer returns a stopped server.
func NewServer(d *Dispatcher, opt Options) *Server {
	if opt.MaxBody <= 0 {
		opt.MaxBody = 1 << 20
	}
	s := &Server{d: d, opt: opt}
	for _, op := range d.ops {
		s.segs = append(s.segs, strings.Split(strings.Trim(op.Path, "/"), "/"))
	}
	return s
}

// Start listens on addr and serves in the background. Unless AllowRemote is
// set, addr must be a loopback address.
func (s *Server) Start(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return fmt.Errorf("api server already running on %s", s.addr)
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("api address %q: %w", addr, err)
	}
	if !s.opt.AllowRemote && !isLoopback(host) {
		return fmt.Errorf("api address %q is not loopback; pass --allow-remote to expose the API beyond this machine", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.addr = ln.Addr().String()
	s.hosts = allowedHosts(ln.Addr().(*net.TCPAddr))
	s.srv = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    8 << 10,
		ErrorLog:          nil,
	}
	// Long-lived streams (/api/events) end when Stop begins: their
	// request contexts derive from this one.
	base, cancelBase := context.WithCancel(context.Background())
	s.srv.BaseContext = func(net.Listener) context.Context { return base }
	s.srv.RegisterOnShutdown(cancelBase)
	srv := s.srv
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.opt.Log.WithError(err).Error("api server stopped")
		}
	}()
	s.opt.Log.WithField("addr", s.addr).Info("local API listening")
	return nil
}

// Addr is the address the server listens on ("" when stopped).
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// stopGrace bounds how long Stop waits for requests in flight.
const stopGrace = 500 * time.Millisecond

// Stop shuts the server down gracefully within ctx (at most stopGrace).
func (s *Server) Stop(ctx context.Context) error {
	s.mu.Lock()
	srv := s.srv
	s.srv, s.addr, s.hosts = nil, "", nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	// Idle keep-alive connections close at once; requests in flight get at
	// most stopGrace, so the rest of shutdown keeps its budget. A browser's
	// pre-connected socket that never sent a request counts as busy for 5 s:
	// past the grace the remaining connections are closed rather than
	// failing the exit.
	sctx, cancel := context.WithTimeout(ctx, stopGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		if cerr := srv.Close(); cerr != nil {
			return fmt.Errorf("stop API server: %w", cerr)
		}
		if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
			return fmt.Errorf("stop API server: %w", err)
		}
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// allowedHosts are the Host header values accepted for a listener: the
// loopback names with its port, plus its own address when not loopback.
func allowedHosts(a *net.TCPAddr) map[string]bool {
	p := fmt.Sprint(a.Port)
	h := map[string]bool{
		"127.0.0.1:" + p: true,
		"localhost:" + p: true,
		"[::1]:" + p:     true,
	}
	if !a.IP.IsLoopback() && !a.IP.IsUnspecified() {
		h[net.JoinHostPort(a.IP.String(), p)] = true
	}
	return h
}

// Handler is the whole HTTP handler with its security middleware.
func (s *Server) Handler() http.Handler {
	return s.recoverer(s.guard(http.HandlerFunc(s.route)))
}

// HandlerForHosts is Handler with a fixed Host allow-list (for tests and
// in-process benchmarks that do not call Start).
func (s *Server) HandlerForHosts(hosts ...string) http.Handler {
	s.mu.Lock()
	s.hosts = map[string]bool{}
	for _, h := range hosts {
		s.hosts[h] = true
	}
	s.mu.Unlock()
	return s.Handler()
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.opt.Log.WithField("panic", fmt.Sprint(v)).WithField("path", r.URL.Path).Error("handler panicked")
				writeError(w, &contract.Error{HTTP: http.StatusInternalServerError, Code: "internal", Message: "internal error; see the log"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// guard rejects requests for foreign Host names (DNS rebinding) and
// cross-site browser requests, and sets the security headers.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		s.mu.Lock()
		okHost := s.hosts[r.Host]
		s.mu.Unlock()
		if !okHost {
			s.opt.Log.WithField("host", trunc(r.Host)).Warn("rejected request: Host not allowed")
			writeError(w, &contract.Error{HTTP: http.StatusForbidden, Code: "forbidden_host",
				Message: "Host header not allowed; use http://127.0.0.1:<port> or http://localhost:<port>"})
			return
		}
		if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
			s.opt.Log.WithField("sec_fetch_site", trunc(site)).Warn("rejected cross-site request")
			writeError(w, &contract.Error{HTTP: http.StatusForbidden, Code: "cross_site", Message: "cross-site requests are not allowed"})
			return
		}
		if o := r.Header.Get("Origin"); o != "" {
			u, err := url.Parse(o)
			if err != nil || u.Scheme != "http" || u.Host != r.Host {
				s.opt.Log.WithField("origin", trunc(o)).Warn("rejected request from a foreign origin")
				writeError(w, &contract.Error{HTTP: http.StatusForbidden, Code: "cross_origin", Message: "requests from other origins are not allowed"})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func trunc(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// route sends /api/ to operations, /app/ to the frontend.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/" || p == "/app":
		http.Redirect(w, r, "/app/", http.StatusFound)
	case strings.HasPrefix(p, "/app/"):
		s.serveApp(w, r)
	case p == "/api/openapi.json":
		s.serveOpenAPI(w, r)
	case p == "/api/events" && s.opt.Events != nil:
		s.opt.Events.ServeHTTP(w, r)
	case strings.HasPrefix(p, "/api/"):
		s.serveOp(w, r)
	default:
		writeError(w, contract.NotFound("not_found", "no such path"))
	}
}

// serveOp matches the path against the table and runs the operation.
func (s *Server) serveOp(w http.ResponseWriter, r *http.Request) {
	raw := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	segs := make([]string, len(raw))
	for i, x := range raw {
		v, err := url.PathUnescape(x)
		if err != nil || v == "" || v == "." || v == ".." {
			writeError(w, contract.BadRequest("invalid_path", "malformed path"))
			return
		}
		segs[i] = v
	}
	var allow []string
	for i := range s.d.ops {
		op := &s.d.ops[i]
		params, ok := matchPath(s.segs[i], segs)
		if !ok {
			continue
		}
		if op.Method != r.Method && !(op.Method == "GET" && r.Method == http.MethodHead) {
			allow = append(allow, op.Method)
			continue
		}
		s.serve(w, r, i, params)
		return
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, &contract.Error{HTTP: http.StatusMethodNotAllowed, Code: "method_not_allowed", Message: "method not allowed; use " + strings.Join(allow, ", ")})
		return
	}
	writeError(w, contract.NotFound("not_found", "no such API path"))
}

func matchPath(tmpl, segs []string) (map[string]string, bool) {
	if len(tmpl) != len(segs) {
		return nil, false
	}
	var params map[string]string
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if params == nil {
				params = map[string]string{}
			}
			params[t[1:len(t)-1]] = segs[i]
			continue
		}
		if t != segs[i] {
			return nil, false
		}
	}
	return params, true
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, idx int, pathParams map[string]string) {
	op := &s.d.ops[idx]
	params := map[string]string{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			params[k] = v[0]
		}
	}
	for k, v := range pathParams {
		params[k] = v
	}
	var body []byte
	if op.Token && !s.checkToken(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="krmarket"`)
		s.opt.Log.WithField("path", r.URL.Path).Warn("rejected request: missing or wrong API token")
		writeError(w, &contract.Error{HTTP: http.StatusUnauthorized, Code: "unauthorized",
			Message: "this operation needs the API token: send Authorization: Bearer <token> (see Settings)"})
		return
	}
	if r.Method == http.MethodPost {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			writeError(w, &contract.Error{HTTP: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "POST bodies must be application/json"})
			return
		}
		limit := s.opt.MaxBody
		if op.MaxBody > 0 {
			limit = op.MaxBody
		}
		if r.ContentLength > limit {
			writeError(w, tooLarge(limit))
			return
		}
		body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, tooLarge(limit))
			return
		}
		if err != nil {
			writeError(w, contract.BadRequest("invalid_body", "could not read the request body"))
			return
		}
	}
	status, b := s.d.run(r.Context(), idx, Input{Params: params, Body: body})
	writeJSON(w, status, b)
}

func tooLarge(limit int64) *contract.Error {
	return &contract.Error{HTTP: http.StatusRequestEntityTooLarge, Code: "body_too_large", Message: fmt.Sprintf("request body exceeds %d bytes", limit)}
}

func (s *Server) checkToken(r *http.Request) bool {
	if s.opt.Token == "" {
		return false
	}
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok {
		tok = r.Header.Get("X-API-Token")
	}
	return tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.opt.Token)) == 1
}

func writeJSON(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, e *contract.Error) {
	b, _ := marshal(contract.ErrorBody{Status: "error", Error: e.Code, Message: e.Message})
	writeJSON(w, e.HTTP, b)
}

// serveApp serves the built frontend.
func (s *Server) serveApp(w http.ResponseWriter, r *http.Request) {
	if s.opt.App == nil {
		writeError(w, contract.Unavailable("frontend_missing", "the dashboard was not built into this binary; run `make build`"))
		return
	}
	if _, err := fs.Stat(s.opt.App, "index.html"); err != nil {
		writeError(w, contract.Unavailable("frontend_missing", "the dashboard was not built into this binary; run `make build`"))
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'")
	h.Set("Cache-Control", "no-cache")
	http.StripPrefix("/app", http.FileServerFS(s.opt.App)).ServeHTTP(w, r)
}
