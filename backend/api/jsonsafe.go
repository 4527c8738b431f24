package api

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
)

// marshal encodes v as JSON with NaN and ±Inf as null. The fast path is
// plain encoding/json; only values that contain such floats take the slow
// path that rebuilds them with nulls.
func marshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	var uv *json.UnsupportedValueError
	if err == nil || !errors.As(err, &uv) {
		return b, err
	}
	return json.Marshal(sanitize(reflect.ValueOf(v)))
}

// sanitize turns v into plain maps, slices and scalars, replacing
// non-finite floats with nil and honouring json tags.
func sanitize(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.Type().Implements(reflect.TypeFor[json.Marshaler]()) && v.Kind() != reflect.Pointer {
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return sanitize(v.Elem())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return f
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = sanitize(v.Index(i))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := make(map[string]any, v.Len())
		it := v.MapRange()
		for it.Next() {
			k, err := json.Marshal(it.Key().Interface())
			if err != nil {
				continue
			}
			var ks string
			if json.Unmarshal(k, &ks) != nil {
				ks = string(k)
			}
			out[ks] = sanitize(it.Value())
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		sanitizeStruct(v, out)
		return out
	default:
		return v.Interface()
	}
}

func sanitizeStruct(v reflect.Value, out map[string]any) {
	jsonFields(v.Type(), func(f jsonField) {
		fv := v.FieldByIndex(f.index)
		if f.omitempty && fv.IsZero() {
			return
		}
		out[f.name] = sanitize(fv)
	})
}

// jsonField is one field as encoding/json sees it: its JSON name and its
// index path (fields of embedded structs are flattened).
type jsonField struct {
	name      string
	index     []int
	typ       reflect.Type
	omitempty bool
	doc       string // the field's `doc` tag: its description in the OpenAPI schema
}

// jsonFields calls visit for every encoded field of struct type t.
func jsonFields(t reflect.Type, visit func(jsonField)) {
	// encoding/json's rule for embedded structs: of the fields sharing a JSON
	// name, the shallowest wins (a name tied at the same depth is dropped).
	var all []jsonField
	walkFields(t, func(f jsonField) { all = append(all, f) })
	type win struct {
		depth int
		tied  bool
	}
	best := map[string]win{}
	for _, f := range all {
		w, ok := best[f.name]
		switch d := len(f.index); {
		case !ok || d < w.depth:
			best[f.name] = win{depth: d}
		case d == w.depth:
			best[f.name] = win{depth: d, tied: true}
		}
	}
	for _, f := range all {
		if w := best[f.name]; !w.tied && w.depth == len(f.index) {
			visit(f)
		}
	}
}

func walkFields(t reflect.Type, visit func(jsonField)) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts := jsonName(f)
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			walkFields(f.Type, func(inner jsonField) {
				inner.index = append([]int{i}, inner.index...)
				visit(inner)
			})
			continue
		}
		if name == "" {
			name = f.Name
		}
		visit(jsonField{name: name, index: []int{i}, typ: f.Type, omitempty: opts.omitempty, doc: f.Tag.Get("doc")})
	}
}

type tagOpts struct{ omitempty bool }

func jsonName(f reflect.StructField) (string, tagOpts) {
	tag := f.Tag.Get("json")
	name, rest := tag, ""
	for i := 0; i < len(tag); i++ {
		if tag[i] == ',' {
			name, rest = tag[:i], tag[i+1:]
			break
		}
	}
	return name, tagOpts{omitempty: contains(rest, "omitempty")}
}

func contains(list, item string) bool {
	for len(list) > 0 {
		i := 0
		for i < len(list) && list[i] != ',' {
			i++
		}
		if list[:i] == item {
			return true
		}
		if i == len(list) {
			break
		}
		list = list[i+1:]
	}
	return false
}
