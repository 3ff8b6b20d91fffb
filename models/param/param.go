// Package param owns the declaration of the models' configuration
// parameters. Each parameter is declared once, as a Field: its key, the Go
// field it lands in, its default, its allowed range or values, its unit and
// a one-line doc. Filling defaults (Fill), checking values (Check), printing
// (Text) and the docs' key tables (DefaultText, AllowedText) all derive from
// that declaration; the scenarios package decodes the scenario file through it.
//
// Zero means unset: a field whose zero value is a legal value different from
// its default is a pointer (nil: unset), so that the zero value of every
// config is safe and means "AWS's default".
package param

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Field declares one parameter of the config type C.
//
// Ptr returns a pointer to the field in c; its type says the parameter's
// type: *int, **int, *float64, **float64, *bool, *string, *sim.Time,
// **sim.Time, *dist.Spec, **dist.Spec, or an Enum. Lo and Hi bound numbers
// and durations (same type as the field; nil: unbounded). Default is the
// value an unset field takes (same type); nil leaves it unset, or to the
// config's own defaults method, whose rule DefaultDoc states for the docs.
type Field[C any] struct {
	Key        string
	Doc        string
	Unit       string // shown after ranges: "MB", "%", "bytes"
	Required   bool
	Default    any
	DefaultDoc string // the docs' default column when it is not Default's text
	Lo, Hi     any
	AllowedDoc string // the docs' allowed column when it is not derived
	OmitZero   bool   // zero is unset: Text omits the field, Check accepts it
	Ptr        func(*C) any
}

// Enum is implemented by pointers to the models' enumerated types, whose
// zero value is their default.
type Enum interface {
	String() string
	Set(name string) bool
	Names() []string
}

// Names lists an enumeration's names in the order of its values.
type Names []string

// Name returns the name of value i, or a placeholder for an invalid value.
func (n Names) Name(i uint8) string {
	if int(i) < len(n) {
		return n[i]
	}
	return fmt.Sprintf("invalid(%d)", i)
}

// Set stores the value named name in *p and reports whether it is one.
func (n Names) Set(p *uint8, name string) bool {
	for i, s := range n {
		if s == name {
			*p = uint8(i)
			return true
		}
	}
	return false
}

// Fill sets every unset field of c that has a Default to it.
func Fill[C any](fields []Field[C], c *C) {
	for _, f := range fields {
		if f.Default == nil {
			continue
		}
		switch p := f.Ptr(c).(type) {
		case *int:
			if *p == 0 {
				*p = f.Default.(int)
			}
		case **int:
			if *p == nil {
				v := f.Default.(int)
				*p = &v
			}
		case *uint64:
			if *p == 0 {
				*p = f.Default.(uint64)
			}
		case *float64:
			if *p == 0 {
				*p = f.Default.(float64)
			}
		case **float64:
			if *p == nil {
				v := f.Default.(float64)
				*p = &v
			}
		case *string:
			if *p == "" {
				*p = f.Default.(string)
			}
		case *sim.Time:
			if *p == 0 {
				*p = f.Default.(sim.Time)
			}
		case **sim.Time:
			if *p == nil {
				v := f.Default.(sim.Time)
				*p = &v
			}
		case *dist.Spec:
			if p.Kind == "" {
				*p = f.Default.(dist.Spec)
			}
		}
	}
}

// Check checks every field of c: required ones are set, numbers and
// durations are in range, enums and distributions are valid.
func Check[C any](fields []Field[C], c *C) Errors {
	var errs Errors
	for _, f := range fields {
		if e := f.Check(c); e != nil {
			errs = append(errs, *e)
		}
	}
	return errs
}

// Check checks this field of c.
func (f Field[C]) Check(c *C) *Error {
	bad := func(v any, format string, args ...any) *Error {
		return &Error{Path: f.Key, Value: Show(v), Msg: fmt.Sprintf(format, args...)}
	}
	outOfRange := func(v any) *Error { return bad(v, "out of range (allowed: %s)", f.AllowedText()) }
	switch p := f.Ptr(c).(type) {
	case *int:
		if f.Required && *p == 0 {
			return &Error{Path: f.Key, Msg: "missing (required)"}
		}
		if f.OmitZero && *p == 0 {
			return nil // zero is unset
		}
		if !f.inInt(*p) {
			return outOfRange(*p)
		}
	case **int:
		if *p != nil && !f.inInt(**p) {
			return outOfRange(**p)
		}
	case *uint64:
		if (f.Lo != nil && *p < f.Lo.(uint64)) || (f.Hi != nil && *p > f.Hi.(uint64)) {
			return outOfRange(*p)
		}
	case *float64:
		if f.Required && *p == 0 {
			return &Error{Path: f.Key, Msg: "missing (required)"}
		}
		if math.IsNaN(*p) || math.IsInf(*p, 0) || !f.inFloat(*p) {
			return bad(*p, "must be a number in %s", f.AllowedText())
		}
	case **float64:
		if *p != nil && (math.IsNaN(**p) || math.IsInf(**p, 0) || !f.inFloat(**p)) {
			return bad(**p, "must be a number in %s", f.AllowedText())
		}
	case *string:
		if f.Required && *p == "" {
			return &Error{Path: f.Key, Msg: "missing (required)"}
		}
	case *sim.Time:
		if f.Required && *p == 0 {
			return &Error{Path: f.Key, Msg: "missing (required; a duration such as \"30m\")"}
		}
		if !f.inTime(*p) {
			return outOfRange(*p)
		}
	case **sim.Time:
		if *p != nil && !f.inTime(**p) {
			return outOfRange(**p)
		}
	case *dist.Spec:
		if p.Kind == "" {
			if f.Required {
				return &Error{Path: f.Key, Msg: "missing (required; e.g. { dist = \"lognormal\", median = \"80ms\", p99 = \"400ms\" })"}
			}
			return nil
		}
		if err := p.Validate(); err != nil {
			return bad(*p, "%v", err)
		}
	case **dist.Spec:
		if *p != nil {
			if err := (*p).Validate(); err != nil {
				return bad(**p, "%v", err)
			}
		}
	case Enum:
		if !slices.Contains(p.Names(), p.String()) {
			return bad(p.String(), "not allowed (allowed: %s)", strings.Join(p.Names(), ", "))
		}
	}
	return nil
}

func (f Field[C]) inInt(v int) bool {
	return (f.Lo == nil || v >= f.Lo.(int)) && (f.Hi == nil || v <= f.Hi.(int))
}

func (f Field[C]) inFloat(v float64) bool {
	return (f.Lo == nil || v >= f.Lo.(float64)) && (f.Hi == nil || v <= f.Hi.(float64))
}

func (f Field[C]) inTime(v sim.Time) bool {
	return (f.Lo == nil || v >= f.Lo.(sim.Time)) && (f.Hi == nil || v <= f.Hi.(sim.Time))
}

// Text is the field's value in c as TOML, and false when it is unset (a nil
// pointer, or zero with OmitZero).
func (f Field[C]) Text(c *C) (string, bool) {
	switch p := f.Ptr(c).(type) {
	case **int:
		if *p == nil {
			return "", false
		}
		return Show(**p), true
	case **sim.Time:
		if *p == nil {
			return "", false
		}
		return Show(**p), true
	case **float64:
		if *p == nil {
			return "", false
		}
		return Show(**p), true
	case **dist.Spec:
		if *p == nil {
			return "", false
		}
		return Show(**p), true
	case *int:
		if f.OmitZero && *p == 0 {
			return "", false
		}
		return Show(*p), true
	case *float64:
		return Show(*p), true
	case *uint64:
		return Show(*p), true
	case *bool:
		return Show(*p), true
	case *string:
		return Show(*p), true
	case *sim.Time:
		return Show(*p), true
	case *dist.Spec:
		return Show(*p), true
	case Enum:
		return Quote(p.String()), true
	}
	return "", false
}

// DefaultText is the docs' default column.
func (f Field[C]) DefaultText() string {
	switch {
	case f.DefaultDoc != "":
		return f.DefaultDoc
	case f.Required:
		return "required"
	case f.Default != nil:
		return "`" + Show(f.Default) + "`"
	}
	var zero C
	switch p := f.Ptr(&zero).(type) {
	case Enum:
		return "`" + Quote(p.String()) + "`"
	case *bool:
		return "`false`"
	case *int, *float64:
		return "`0`"
	case *sim.Time:
		return "`\"0s\"`"
	case *string:
		return "`\"\"`"
	}
	return "absent"
}

// AllowedText is the docs' allowed column, and the range in messages.
func (f Field[C]) AllowedText() string {
	if f.AllowedDoc != "" {
		return f.AllowedDoc
	}
	var zero C
	switch p := f.Ptr(&zero).(type) {
	case Enum:
		q := make([]string, len(p.Names()))
		for i, n := range p.Names() {
			q[i] = Quote(n)
		}
		return strings.Join(q, ", ")
	case *bool:
		return "true, false"
	case *dist.Spec, **dist.Spec:
		return "a distribution"
	case *string:
		return ""
	}
	lo, hi := "", ""
	if f.Lo != nil {
		lo = rangeEnd(f.Lo)
	}
	if f.Hi != nil {
		hi = rangeEnd(f.Hi)
	}
	u := ""
	if f.Unit != "" {
		u = " " + f.Unit
	}
	switch {
	case lo != "" && hi != "":
		return lo + ".." + hi + u
	case lo != "":
		return ">= " + lo + u
	case hi != "":
		return "<= " + hi + u
	}
	return ""
}

func rangeEnd(v any) string {
	if t, ok := v.(sim.Time); ok {
		return t.String()
	}
	return Show(v)
}

// Show renders a value as it is written in a scenario file.
func Show(v any) string {
	switch x := v.(type) {
	case string:
		return Quote(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return FormatFloat(x)
	case bool:
		return strconv.FormatBool(x)
	case sim.Time:
		return Quote(x.String())
	case dist.Spec:
		return x.String()
	}
	return fmt.Sprint(v)
}

// Quote writes s as a TOML basic string.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Keys lists the fields' keys in declaration order.
func Keys[C any](fields []Field[C]) []string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.Key
	}
	return keys
}

// Find returns the field with key, if any.
func Find[C any](fields []Field[C], key string) (Field[C], bool) {
	for _, f := range fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field[C]{}, false
}

// IntOr returns *p, or the default of the field key when p is nil.
func IntOr[C any](fields []Field[C], key string, p *int) int {
	if p != nil {
		return *p
	}
	f, _ := Find(fields, key)
	return f.Default.(int)
}

// FormatFloat writes x as TOML and messages show it: plain digits (0.25,
// 1000000), but an exponent where plain digits would run long (1e+300,
// 1e-09), so a hostile value cannot fill a screen.
func FormatFloat(x float64) string {
	if a := math.Abs(x); a >= 1e21 || a != 0 && a < 1e-6 {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}
