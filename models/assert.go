package models

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/sim"
)

// Assertion is a service-level check on a Summary, such as "p99<300ms",
// "throttle_rate<0.01" or "functions.api.cold_start_fraction<=1%".
//
// The left side is a dotted path into summary.json, or a shortcut: mean, p50,
// p90, p95, p99, p999 and max stand for latency_ms.*; error_rate and
// throttle_rate for requests.*. The right side is a number, optionally with a
// duration unit (ns, us, ms, s, m, h; compared in milliseconds, for latency
// paths) or a percent sign.
type Assertion struct {
	Expr  string
	Path  string
	Op    string
	Value float64
}

// AssertionResult is an evaluated Assertion.
type AssertionResult struct {
	Assertion
	Actual float64
	OK     bool
}

var shortcuts = map[string]string{
	"mean": "latency_ms.mean", "p50": "latency_ms.p50", "p90": "latency_ms.p90",
	"p95": "latency_ms.p95", "p99": "latency_ms.p99", "p999": "latency_ms.p999",
	"max": "latency_ms.max", "error_rate": "requests.error_rate",
	"throttle_rate": "requests.throttle_rate",
}

// ParseAssertion parses one --assert expression.
func ParseAssertion(expr string) (Assertion, error) {
	for _, op := range []string{"<=", ">=", "==", "<", ">"} {
		i := strings.Index(expr, op)
		if i < 0 {
			continue
		}
		key, val := strings.TrimSpace(expr[:i]), strings.TrimSpace(expr[i+len(op):])
		if key == "" || val == "" {
			break
		}
		path := key
		if p, ok := shortcuts[key]; ok {
			path = p
		}
		v, err := parseAssertValue(val)
		if err != nil {
			return Assertion{}, fmt.Errorf("--assert %q: %v", expr, err)
		}
		return Assertion{Expr: expr, Path: path, Op: op, Value: v}, nil
	}
	return Assertion{}, fmt.Errorf("--assert %q: expected KEY OP VALUE with OP one of <, <=, >, >=, == (e.g. p99<300ms, throttle_rate<0.01)", expr)
}

func parseAssertValue(s string) (float64, error) {
	if strings.HasSuffix(s, "%") {
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if err != nil {
			return 0, fmt.Errorf("bad percentage %q", s)
		}
		return v / 100, nil
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v, nil
	}
	d, err := sim.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("bad value %q (allowed: a number, a percentage like 1%%, or a duration like 300ms)", s)
	}
	return d.Millis(), nil
}

// Check evaluates the assertions against s. An assertion whose path is not a
// number in summary.json is an error.
func Check(s *Summary, as []Assertion) ([]AssertionResult, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return nil, err
	}
	out := make([]AssertionResult, 0, len(as))
	for _, a := range as {
		node := tree
		for _, part := range strings.Split(a.Path, ".") {
			m, ok := node.(map[string]any)
			if !ok {
				node = nil
				break
			}
			node = m[part]
		}
		v, ok := node.(float64)
		if !ok {
			return nil, fmt.Errorf("--assert %q: %q is not a number in summary.json", a.Expr, a.Path)
		}
		out = append(out, AssertionResult{Assertion: a, Actual: v, OK: compare(v, a.Op, a.Value)})
	}
	return out, nil
}

func compare(x float64, op string, y float64) bool {
	switch op {
	case "<":
		return x < y
	case "<=":
		return x <= y
	case ">":
		return x > y
	case ">=":
		return x >= y
	}
	return x == y
}
