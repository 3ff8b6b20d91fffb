package scenarios

import (
	"math"
	"strings"

	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// fields decodes the keys of n that fields declare into c. Each present
// value is checked against its declaration at once, so that a message
// points at the key as written; absent keys keep their zero value, which
// the model's defaults fill later.
func fields[C any](n *node, fields []param.Field[C], c *C) {
	for _, f := range fields {
		v, ok := n.get(f.Key)
		if !ok {
			continue
		}
		if !decodeValue(n, f.Key, f.AllowedText(), f.Ptr(c), v) {
			continue
		}
		if e := f.Check(c); e != nil {
			n.problem(f.Key, v, "%s", e.Msg)
		}
	}
}

// decodeValue stores the TOML value v of key into the field p points to,
// reporting a value of the wrong type with what is allowed.
func decodeValue(n *node, key, allowed string, p any, v any) bool {
	if allowed != "" {
		allowed = " " + allowed
	}
	ip, dp := n.paths(key)
	switch p := p.(type) {
	case *string:
		s, ok := v.(string)
		if !ok {
			n.problem(key, v, "must be a string")
			return false
		}
		*p = s
	case *bool:
		b, ok := v.(bool)
		if !ok {
			n.problem(key, v, "must be true or false")
			return false
		}
		*p = b
	case *int, **int, *uint64:
		i, ok := v.(int64)
		if !ok || i > math.MaxInt32*1024 || i < math.MinInt32 {
			n.problem(key, v, "must be an integer%s", allowed)
			return false
		}
		switch p := p.(type) {
		case *int:
			*p = int(i)
		case **int:
			*p = new(int(i))
		case *uint64:
			if i < 0 {
				n.problem(key, v, "must not be negative")
				return false
			}
			*p = uint64(i)
		}
	case *float64, **float64:
		x, ok := number(v)
		if !ok {
			n.problem(key, v, "must be a number in%s", allowed)
			return false
		}
		if q, ok := p.(**float64); ok {
			*q = &x
		} else {
			*p.(*float64) = x
		}
	case *sim.Time:
		t, ok := n.d.durationValue(ip, dp, v)
		if !ok {
			return false
		}
		*p = t
	case **sim.Time:
		t, ok := n.d.durationValue(ip, dp, v)
		if !ok {
			return false
		}
		*p = &t
	case *dist.Spec:
		spec, ok := n.d.distValue(ip, dp, v)
		if !ok {
			return false
		}
		*p = spec
	case **dist.Spec:
		spec, ok := n.d.distValue(ip, dp, v)
		if !ok {
			return false
		}
		*p = &spec
	case param.Enum:
		s, ok := v.(string)
		if !ok || !p.Set(s) {
			n.problem(key, v, "not allowed (allowed: %s)", strings.Join(p.Names(), ", "))
			return false
		}
	default:
		panic("scenarios: a field of unknown type " + key)
	}
	return true
}
