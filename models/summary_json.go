package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/stampede-sim/stampede/models/cost"
)

// SummaryJSON is summary.json for r, indented, with a final newline.
//
// For a single run it is the Summary. For a replicated run it has the same
// shape, with every metric the mean over replications, "seed" the
// scenario's, "replications" their number and "partial" whether any was
// stopped early, then a last member "ci95" of the same shape holding each
// metric's 95% confidence half-width ("seed" and "replications" 0,
// "partial" false). Names, settings and strings are the first
// replication's. The numbers come from r.Estimates; no summary is averaged
// through JSON.
func (r *Result) SummaryJSON() ([]byte, error) {
	if !r.Replicated() {
		b, err := json.MarshalIndent(r.Summary, "", "  ")
		if err != nil {
			return nil, err
		}
		return append(b, '\n'), nil
	}
	mean, ci := *r.Summary, *r.Summary
	mean.Replications, mean.Partial = len(r.Replicas), r.Partial()
	ci.Seed, ci.Replications, ci.Partial = 0, 0, false
	w := summaryWriter{est: r.Estimates, pick: func(e Estimate) float64 { return e.Mean }}
	if err := w.value(reflect.ValueOf(mean)); err != nil {
		return nil, err
	}
	w.b.Truncate(w.b.Len() - 1) // the closing brace: ci95 goes last
	w.b.WriteString(`,"ci95":`)
	w.pick = func(e Estimate) float64 { return e.CI95 }
	if err := w.value(reflect.ValueOf(ci)); err != nil {
		return nil, err
	}
	w.b.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, w.b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// summaryWriter writes a Summary as encoding/json would (field order, tags,
// omitempty, sorted map keys, escaping), compact, except that every metric
// of the registry is replaced by pick of its estimate. It walks the Go
// value, so it keeps up with fields added to Summary; a number that is
// neither a metric nor in notMetrics is an error.
type summaryWriter struct {
	b    bytes.Buffer
	est  map[Key]Estimate
	pick func(Estimate) float64
	path []string // the dotted path so far, "*" for a name
	name string   // the current function, workload, database, queue or alternative
}

// notMetrics are the numbers of summary.json that describe the run rather
// than measure it; they are written as they are.
var notMetrics = map[string]bool{"seed": true, "replications": true}

// enumObjects are the arrays indexed by an enum that marshal as objects
// keyed by the enum's names.
var enumObjects = map[reflect.Type]func(i int) string{
	reflect.TypeFor[Failures]():       func(i int) string { return Cause(i).String() },
	reflect.TypeFor[cost.Breakdown](): func(i int) string { return cost.Line(i).Key() },
}

var marshalerType = reflect.TypeFor[json.Marshaler]()

func (w *summaryWriter) value(v reflect.Value) error {
	t := v.Type()
	if keyOf, ok := enumObjects[t]; ok {
		w.b.WriteByte('{')
		for i := range v.Len() {
			if err := w.member(i, keyOf(i), keyOf(i), "", v.Index(i)); err != nil {
				return err
			}
		}
		w.b.WriteByte('}')
		return nil
	}
	if t.Implements(marshalerType) {
		return w.marshal(v)
	}
	switch v.Kind() {
	case reflect.Struct:
		w.b.WriteByte('{')
		n := 0
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Anonymous {
				return fmt.Errorf("summary.json: embedded field %s is not supported", f.Name)
			}
			key, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if key == "-" && opts == "" {
				continue
			}
			if key == "" {
				key = f.Name
			}
			fv := v.Field(i)
			if o := strings.Split(opts, ","); slices.Contains(o, "omitempty") && isEmpty(fv) || slices.Contains(o, "omitzero") && fv.IsZero() {
				continue
			}
			if err := w.member(n, key, key, "", fv); err != nil {
				return err
			}
			n++
		}
		w.b.WriteByte('}')
	case reflect.Map:
		names := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			names = append(names, k.String())
		}
		slices.Sort(names)
		w.b.WriteByte('{')
		for i, name := range names {
			if err := w.member(i, name, "*", name, v.MapIndex(reflect.ValueOf(name).Convert(t.Key()))); err != nil {
				return err
			}
		}
		w.b.WriteByte('}')
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			w.b.WriteString("null")
			return nil
		}
		return w.value(v.Elem())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		path := strings.Join(w.path, ".")
		if m := byPath[path]; m != nil {
			k := Key{m, w.name}
			e, ok := w.est[k]
			if !ok {
				return fmt.Errorf("summary.json: no estimate of %s (the replications differ)", k.Path())
			}
			return w.marshal(reflect.ValueOf(w.pick(e)))
		}
		if !notMetrics[path] {
			return fmt.Errorf("summary.json: %s is a number but not a metric of the registry (models/metric.go)", path)
		}
		return w.marshal(v)
	default:
		return w.marshal(v)
	}
	return nil
}

// member writes the i-th member of an object: its key, then v, under path
// segment seg (name, when seg is "*").
func (w *summaryWriter) member(i int, key, seg, name string, v reflect.Value) error {
	if i > 0 {
		w.b.WriteByte(',')
	}
	if err := w.marshal(reflect.ValueOf(key)); err != nil {
		return err
	}
	w.b.WriteByte(':')
	w.path = append(w.path, seg)
	outer := w.name
	if seg == "*" {
		w.name = name
	}
	err := w.value(v)
	w.path, w.name = w.path[:len(w.path)-1], outer
	return err
}

func (w *summaryWriter) marshal(v reflect.Value) error {
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Errorf("summary.json: %s: %w", strings.Join(w.path, "."), err)
	}
	w.b.Write(b)
	return nil
}

// isEmpty is encoding/json's test for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}
