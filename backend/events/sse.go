package events

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Heartbeat is how often an idle SSE stream gets a comment line, so
// proxies and clients see the connection is alive.
const Heartbeat = 25 * time.Second

// SSEOptions tune Handler.
type SSEOptions struct {
	Heartbeat time.Duration // default Heartbeat
	Buffer    int           // per-stream buffer, default DefaultBuffer
}

// Handler streams events as Server-Sent Events:
//
//	id: <seq>
//	event: <type>
//	data: <json of Event>
//
// with a ": ping" comment every Heartbeat. The query parameter types=a,b
// limits the stream to those types. A stream that lost events (a slow
// client) gets an "events.dropped" event with the running count before the
// next one. The stream ends when the client goes, the request's context
// ends (server shutdown) or the broker closes. Only GET and HEAD are
// allowed. It clears the server's write deadline for the stream (the API
// server's WriteTimeout would otherwise cut it).
func (b *Broker) Handler(o SSEOptions) http.Handler {
	if o.Heartbeat <= 0 {
		o.Heartbeat = Heartbeat
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, `{"status":"error","error":"method_not_allowed","message":"use GET"}`, http.StatusMethodNotAllowed)
			return
		}
		rc := http.NewResponseController(w)
		_ = rc.SetWriteDeadline(time.Time{}) // unsupported writers: keep theirs
		h := w.Header()
		h.Set("Content-Type", "text/event-stream; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Accel-Buffering", "no")
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodHead {
			return
		}
		var types []string
		for _, t := range strings.Split(r.URL.Query().Get("types"), ",") {
			if t = strings.TrimSpace(t); t != "" {
				types = append(types, t)
			}
		}
		sub := b.Subscribe(o.Buffer, types...)
		defer sub.Close()
		bw := bufio.NewWriter(w)
		flush := func() bool {
			if bw.Flush() != nil {
				return false
			}
			return rc.Flush() == nil
		}
		fmt.Fprint(bw, "retry: 3000\n: connected\n\n")
		if !flush() {
			return
		}
		tick := time.NewTicker(o.Heartbeat)
		defer tick.Stop()
		var reported uint64
		for {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
				fmt.Fprint(bw, ": ping\n\n")
			case e, ok := <-sub.C:
				if !ok {
					return
				}
				if d := sub.Dropped(); d > reported {
					reported = d
					WriteSSE(bw, Event{Type: Dropped, Time: e.Time, Data: map[string]uint64{"dropped": d}})
				}
				WriteSSE(bw, e)
			}
			if !flush() {
				return
			}
		}
	})
}

// WriteSSE writes one event in the SSE format. The data line is the JSON of
// the whole event ({seq, type, time, data}); JSON has no raw newlines, so
// it is always one line. Data that cannot be encoded is sent as null.
func WriteSSE(w interface{ WriteString(string) (int, error) }, e Event) {
	b, err := json.Marshal(e)
	if err != nil {
		e.Data = nil
		b, _ = json.Marshal(e)
	}
	var sb strings.Builder
	if e.Seq > 0 {
		fmt.Fprintf(&sb, "id: %d\n", e.Seq)
	}
	fmt.Fprintf(&sb, "event: %s\ndata: %s\n\n", sanitizeLine(e.Type), b)
	_, _ = w.WriteString(sb.String())
}

// sanitizeLine drops CR and LF so a type cannot break the framing.
func sanitizeLine(s string) string {
	return strings.NewReplacer("\r", "", "\n", "").Replace(s)
}
