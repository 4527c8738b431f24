// Package api is the local HTTP API and the in-process dispatcher behind the
// desktop bindings. Both are built from one table of operations (table.go),
// as is the OpenAPI document and the frontend's route map, so the two doors
// to the services cannot drift apart.
package api

import (
	"context"
	"reflect"

	"krmarket/backend/contract"
)

// Param describes one path or query parameter.
type Param struct {
	Name        string
	In          string // "path" or "query"
	Required    bool
	Description string
	Enum        []string
	Pattern     string
	Example     string
}

// Operation is one row of the table.
type Operation struct {
	Name        string // stable id used by the frontend, e.g. "kr.signals"
	Method      string // GET or POST
	Path        string // "/api/kr/stock-chart/{ticker}"
	Summary     string
	Description string
	Tag         string
	Params      []Param
	Body        reflect.Type // POST body type (nil: none)
	Result      reflect.Type // success body type
	Token       bool         // needs the API token (state-changing)
	MaxBody     int64        // body limit for this operation (0: the server's)
	Handle      func(ctx context.Context, in Input) (contract.Stamper, error)
}

// Input is what a handler receives: path and query parameters merged (path
// wins), and the raw JSON body of a POST.
type Input struct {
	Params map[string]string
	Body   []byte
}

// Get returns a parameter ("" if absent).
func (in Input) Get(name string) string { return in.Params[name] }

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// appSource stamps an answer that is not market data (jobs, settings,
// rules, scheduler) with what the app serves now, as /api/sources does.
func (s Services) appSource(ctx context.Context, m *contract.Meta) error {
	if s.System == nil {
		m.DataSource = contract.SourceDemo
		return nil
	}
	var err error
	m.DataSource, m.DataAge, err = s.System.DataSource(ctx, "")
	return err
}
