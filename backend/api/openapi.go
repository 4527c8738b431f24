package api

import (
	"net/http"
	"reflect"
	"strings"

	"krmarket/backend/contract"
	"krmarket/backend/system"
)

// OpenAPI builds the OpenAPI 3.1 document of the operation table.
func OpenAPI(ops []Operation) map[string]any {
	g := &schemaGen{defs: map[string]any{}}
	paths := map[string]any{}
	for _, op := range ops {
		item, _ := paths[op.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		o := map[string]any{
			"operationId": op.Name,
			"summary":     op.Summary,
			"tags":        []string{op.Tag},
			"responses": map[string]any{
				"200":     jsonResponse("Success", g.ref(op.Result)),
				"400":     errorResponse("Bad input"),
				"404":     errorResponse("Unknown path or ticker"),
				"403":     errorResponse("Host, Origin or cross-site check failed"),
				"503":     errorResponse("Data not available yet"),
				"default": errorResponse("Error"),
			},
		}
		if op.Description != "" {
			o["description"] = op.Description
		}
		var params []any
		for _, p := range op.Params {
			sch := map[string]any{"type": "string"}
			if len(p.Enum) > 0 {
				sch["enum"] = p.Enum
			}
			if p.Pattern != "" {
				sch["pattern"] = p.Pattern
			}
			pm := map[string]any{"name": p.Name, "in": p.In, "required": p.Required || p.In == "path", "description": p.Description, "schema": sch}
			if p.Example != "" {
				pm["example"] = p.Example
			}
			params = append(params, pm)
		}
		if len(params) > 0 {
			o["parameters"] = params
		}
		if op.Body != nil {
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": g.ref(op.Body)}}}
			resp := o["responses"].(map[string]any)
			resp["413"] = errorResponse("Body too large")
			resp["415"] = errorResponse("Body is not application/json")
		}
		if op.Token {
			o["security"] = []any{map[string]any{"bearerToken": []string{}}}
			o["responses"].(map[string]any)["401"] = errorResponse("Missing or wrong API token")
		}
		item[strings.ToLower(op.Method)] = o
	}
	paths[EventsPath] = eventsPathItem()
	g.defs["Error"] = g.schema(reflect.TypeFor[contract.ErrorBody]())
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "KR Market local API",
			"version": system.BuildVersion(),
			"description": "The documented HTTP API of the KR Market desktop app. It listens on 127.0.0.1 only, accepts loopback Host names only, " +
				"rejects cross-site browser requests, and needs the API token (Settings, or the api-token file in the data dir) on state-changing operations. " +
				"Every success body has status, generated_at and data_source (live|stale|demo|imported); every error body is {status:\"error\", error, message}. NaN and ±Inf are null.",
		},
		"servers": []any{map[string]any{"url": "http://127.0.0.1:5001"}},
		"paths":   paths,
		"components": map[string]any{
			"schemas":         g.defs,
			"securitySchemes": map[string]any{"bearerToken": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
}

// EventsPath is the Server-Sent Events stream (not a table operation: it
// streams, so it is documented here by hand).
const EventsPath = "/api/events"

func eventsPathItem() map[string]any {
	return map[string]any{"get": map[string]any{
		"operationId": "events",
		"tags":        []string{"system"},
		"summary":     "Live events as Server-Sent Events: job progress, prices.updated, scan.done, gate.changed, scheduler.run, notification",
		"description": "Each event is `id: <seq>`, `event: <type>`, `data: {seq, type, time, data}`; a `: ping` comment every 25 s keeps " +
			"proxies from closing the stream. `?types=a,b` limits the types. A slow reader loses events (counted in an events.dropped event) " +
			"rather than slowing the app. Same Host/Origin/Sec-Fetch-Site checks as every route; no token (read-only). The window receives the " +
			"same events as Wails events.",
		"parameters": []any{map[string]any{"name": "types", "in": "query", "required": false,
			"description": "comma-separated event types to receive (default: all)", "schema": map[string]any{"type": "string"}}},
		"responses": map[string]any{
			"200": map[string]any{"description": "an endless event stream",
				"content": map[string]any{"text/event-stream": map[string]any{"schema": map[string]any{"type": "string"}}}},
			"403": errorResponse("Host, Origin or Sec-Fetch-Site not allowed"),
		},
	}}
}

func jsonResponse(desc string, schema any) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": schema}}}
}

func errorResponse(desc string) map[string]any {
	return jsonResponse(desc, map[string]any{"$ref": "#/components/schemas/Error"})
}

// schemaGen turns Go types into JSON Schema (2020-12, as OpenAPI 3.1 uses).
type schemaGen struct {
	defs  map[string]any
	names map[reflect.Type]string // schema name of each struct type
	taken map[string]reflect.Type
}

// nameOf is a struct type's schema name: its Go name, or, when another
// package already used that name (setup.Config, gate.Config, …), the
// package name prefixed ("GateConfig").
func (g *schemaGen) nameOf(t reflect.Type) string {
	if n, ok := g.names[t]; ok {
		return n
	}
	if g.names == nil {
		g.names, g.taken = map[reflect.Type]string{}, map[string]reflect.Type{}
	}
	n := t.Name()
	if other, ok := g.taken[n]; ok && other != t {
		pkg := t.PkgPath()
		if i := strings.LastIndex(pkg, "/"); i >= 0 {
			pkg = pkg[i+1:]
		}
		n = strings.ToUpper(pkg[:1]) + pkg[1:] + n
	}
	g.names[t], g.taken[n] = n, t
	return n
}

func (g *schemaGen) ref(t reflect.Type) any {
	if t == nil {
		return map[string]any{}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return g.schema(t)
	}
	name := g.nameOf(t)
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = map[string]any{} // placeholder against recursion
		g.defs[name] = g.schema(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		inner := g.schema(t.Elem())
		if ty, ok := inner["type"].(string); ok {
			inner["type"] = []string{ty, "null"}
		}
		return inner
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": []string{"number", "null"}}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.itemRef(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.itemRef(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		g.fields(t, props, &required)
		s := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	default:
		return map[string]any{}
	}
}

func (g *schemaGen) itemRef(t reflect.Type) any {
	if t.Kind() == reflect.Struct {
		return g.ref(t)
	}
	return g.schema(t)
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	jsonFields(t, func(f jsonField) {
		if f.typ.Kind() == reflect.Struct {
			props[f.name] = g.ref(f.typ)
		} else {
			props[f.name] = g.schema(f.typ)
		}
		if f.doc != "" {
			if f.typ.Kind() == reflect.Struct { // a $ref cannot carry siblings in 3.0 tools: wrap it
				props[f.name] = map[string]any{"allOf": []any{props[f.name]}, "description": f.doc}
			} else if m, ok := props[f.name].(map[string]any); ok {
				m["description"] = f.doc
			}
		}
		if !f.omitempty && f.typ.Kind() != reflect.Pointer {
			*required = append(*required, f.name)
		}
	})
}

func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET")
		writeError(w, &contract.Error{HTTP: http.StatusMethodNotAllowed, Code: "method_not_allowed", Message: "method not allowed; use GET"})
		return
	}
	s.docOnce.Do(func() { s.doc, s.docErr = marshal(OpenAPI(s.d.ops)) })
	if s.docErr != nil {
		writeError(w, contract.AsError(s.docErr))
		return
	}
	writeJSON(w, http.StatusOK, s.doc)
}
