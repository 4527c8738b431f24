package api

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/contract"
)

// Dispatcher runs operations by name; the HTTP server and the desktop
// bindings both go through it, so both doors return the same JSON.
type Dispatcher struct {
	ops      []Operation
	byName   map[string]int
	patterns map[string]*regexp.Regexp // "op/param" → compiled pattern
	now      func() time.Time
	log      logrus.FieldLogger

	mu   sync.Mutex
	last []encoded // per op: the last result value and its JSON
}

// encoded remembers one op's last result and body: a handler that returns
// the very same (immutable, pre-stamped) result value again gets the body
// reused instead of re-encoded.
type encoded struct {
	res  contract.Stamper
	body []byte
}

// NewDispatcher indexes the operation table.
func NewDispatcher(ops []Operation, now func() time.Time, log logrus.FieldLogger) *Dispatcher {
	d := &Dispatcher{ops: ops, byName: map[string]int{}, patterns: map[string]*regexp.Regexp{}, now: now, log: log, last: make([]encoded, len(ops))}
	for i, op := range ops {
		d.byName[op.Name] = i
		for _, p := range op.Params {
			if p.Pattern != "" {
				d.patterns[op.Name+"/"+p.Name] = regexp.MustCompile(p.Pattern)
			}
		}
	}
	return d
}

// Operations returns the table.
func (d *Dispatcher) Operations() []Operation { return d.ops }

// Invoke runs the named operation in-process (the desktop binding) and
// returns the HTTP status and JSON body the HTTP API would return.
func (d *Dispatcher) Invoke(ctx context.Context, name string, params map[string]string, body []byte) (int, []byte) {
	i, ok := d.byName[name]
	if !ok {
		return d.errorBody(contract.NotFound("unknown_operation", "no operation named %q", name))
	}
	return d.run(ctx, i, Input{Params: params, Body: body})
}

// run validates parameters, calls the handler and encodes the result.
func (d *Dispatcher) run(ctx context.Context, idx int, in Input) (int, []byte) {
	op := &d.ops[idx]
	if in.Params == nil {
		in.Params = map[string]string{}
	}
	for _, p := range op.Params {
		v, present := in.Params[p.Name]
		switch {
		case !present || v == "":
			if p.Required {
				return d.errorBody(contract.BadRequest("missing_"+p.Name, "parameter %s is required", p.Name))
			}
		case len(p.Enum) > 0 && !slices.Contains(p.Enum, v):
			return d.errorBody(contract.BadRequest("invalid_"+p.Name, "%s must be one of %v", p.Name, p.Enum))
		case p.Pattern != "" && !d.patterns[op.Name+"/"+p.Name].MatchString(v):
			return d.errorBody(contract.BadRequest("invalid_"+p.Name, "%s does not match %s", p.Name, p.Pattern))
		}
	}
	if op.Body != nil && len(in.Body) == 0 {
		return d.errorBody(contract.BadRequest("invalid_body", "a JSON body is required"))
	}
	res, err := op.Handle(ctx, in)
	if err != nil {
		return d.errorBody(err)
	}
	if res.Stamped() {
		d.mu.Lock()
		last := d.last[idx]
		d.mu.Unlock()
		if last.res == res {
			return http.StatusOK, last.body
		}
	} else {
		res.Stamp(d.now())
	}
	b, err := marshal(res)
	if err != nil {
		return d.errorBody(err)
	}
	d.mu.Lock()
	d.last[idx] = encoded{res: res, body: b}
	d.mu.Unlock()
	return http.StatusOK, b
}

// errorBody logs internal errors and renders the error envelope.
func (d *Dispatcher) errorBody(err error) (int, []byte) {
	e := contract.AsError(err)
	if e.HTTP >= 500 {
		d.log.WithError(err).Error("operation failed")
	}
	b, _ := marshal(contract.ErrorBody{Status: "error", Error: e.Code, Message: e.Message})
	return e.HTTP, b
}
