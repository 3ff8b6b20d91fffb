package models

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/sim"
)

// Assertion is a service-level check on a result, such as "p99<300ms",
// "throttle_rate<0.01" or "functions.api.cold_start_fraction<=1%".
//
// The left side is a metric of the registry by its dotted path in
// summary.json, or a shortcut: mean, p50, p90, p95, p99, p999 and max
// stand for latency_ms.*; error_rate and throttle_rate for requests.*. The
// right side must fit the metric's unit: a duration metric takes a
// duration (ns, us, ms, s, m, h) or a plain number in the metric's unit; a
// ratio takes a number or a percentage (1%); any other metric a plain
// number. The value must be finite.
type Assertion struct {
	Expr  string
	Path  string // the concrete dotted path: latency_ms.p99, functions.api.throttles
	Key   Key
	Op    string
	Value float64  // in the metric's unit
	On    AssertOn // with replications: the mean (the zero value) or the interval's bound
}

// AssertOn is what an assertion holds a replicated result to.
type AssertOn uint8

const (
	// OnMean checks the mean over the replications.
	OnMean AssertOn = iota
	// OnBound checks the 95% confidence interval's bound on the failing
	// side: mean + half-width for < and <=, mean − half-width for > and
	// >=; the mean for ==. It passes only when the whole interval does.
	OnBound
)

var assertOnNames = param.Names{"mean", "bound"}

func (o AssertOn) String() string { return assertOnNames.Name(uint8(o)) }

// ParseAssertOn reads --assert-on's value: mean or bound.
func ParseAssertOn(s string) (AssertOn, error) {
	var o uint8
	if !assertOnNames.Set(&o, s) {
		return 0, fmt.Errorf("--assert-on %q: allowed: %s", s, strings.Join(assertOnNames, ", "))
	}
	return AssertOn(o), nil
}

// AssertionResult is an evaluated Assertion.
type AssertionResult struct {
	Assertion
	Actual  float64 // the value, or the mean over replications
	Checked float64 // what was compared: Actual, or the interval's bound
	Basis   string  // what Checked is, in words: "the mean of 5 replications"
	OK      bool
}

// ParseAssertion parses one --assert expression and checks its metric and
// value against the registry, so that a bad check fails before a run. The
// name of a function, database… is checked by Check, against the result.
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
		k, err := Lookup(key)
		if err != nil {
			return Assertion{}, fmt.Errorf("--assert %q: %v", expr, err)
		}
		v, err := parseAssertValue(k.Metric, val)
		if err != nil {
			return Assertion{}, fmt.Errorf("--assert %q: %v", expr, err)
		}
		return Assertion{Expr: expr, Path: k.Path(), Key: k, Op: op, Value: v}, nil
	}
	return Assertion{}, fmt.Errorf("--assert %q: expected KEY OP VALUE with OP one of <, <=, >, >=, == (e.g. p99<300ms, throttle_rate<0.01)", expr)
}

// parseAssertValue reads s in m's unit.
func parseAssertValue(m *Metric, s string) (float64, error) {
	what := fmt.Sprintf("%s is a %s metric (unit %s)", m.Path, m.Kind, m.Unit)
	var allowed string
	switch m.Kind {
	case KindDuration:
		allowed = fmt.Sprintf("a duration like 300ms or 2s, or a number of %s", m.Unit)
	case KindRatio:
		allowed = "a number from 0 to 1 like 0.01, or a percentage like 1%"
	default:
		allowed = "a number"
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%s: %s (allowed: %s)", fmt.Sprintf(format, a...), what, allowed)
	}
	var v float64
	switch num, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64); {
	case err == nil || errors.Is(err, strconv.ErrRange):
		if math.IsNaN(num) || math.IsInf(num, 0) {
			return 0, bad("%q is not a finite number", s)
		}
		v = num
		if strings.HasSuffix(s, "%") {
			if m.Kind != KindRatio {
				return 0, bad("%q is a percentage", s)
			}
			v /= 100
		}
	default:
		d, err := sim.ParseDuration(s)
		if err != nil {
			return 0, bad("bad value %q", s)
		}
		if m.Kind != KindDuration {
			return 0, bad("%q is a duration", s)
		}
		v = d.Millis()
		if m.Unit == UnitS {
			v = d.Seconds()
		}
	}
	return v, nil
}

// Check evaluates the assertions against r: a single run's values, or,
// over replications, the means or the intervals' bounds (Assertion.On). An assertion on an instance the run does not
// have (a function, database… of another name) is an error.
func Check(r *Result, as []Assertion) ([]AssertionResult, error) {
	out := make([]AssertionResult, 0, len(as))
	for _, a := range as {
		e, ok := r.Value(a.Key)
		if !ok {
			return nil, fmt.Errorf("--assert %q: %s is not in this run's summary.json (no %s named %q)",
				a.Expr, a.Path, a.Key.Metric.Scope.noun(), a.Key.Name)
		}
		res := AssertionResult{Assertion: a, Actual: e.Mean, Checked: e.Mean, Basis: "the value"}
		if r.Replicated() {
			res.Basis = fmt.Sprintf("the mean of %d replications", len(r.Replicas))
			if a.On == OnBound && a.Op != "==" {
				side := "upper"
				if res.Checked += e.CI95; a.Op[0] == '>' {
					side, res.Checked = "lower", e.Mean-e.CI95
				}
				res.Basis = fmt.Sprintf("the %s bound of the 95%% interval over %d replications (mean %.4g ± %.4g)", side, len(r.Replicas), e.Mean, e.CI95)
			}
		}
		res.OK = compare(res.Checked, a.Op, a.Value)
		out = append(out, res)
	}
	return out, nil
}

// CheckNames reports an assertion on a function, workload, database, proxy,
// queue or alternative that scenario sc does not have, so that a misspelt
// name fails before the run rather than after it.
func CheckNames(sc *Scenario, as []Assertion) error {
	for _, a := range as {
		if a.Key.Metric.Scope == ScopeRun || slices.Contains(scenarioNames(sc, a.Key.Metric.Scope), a.Key.Name) {
			continue
		}
		return fmt.Errorf("--assert %q: scenario %s has no %s named %q", a.Expr, sc.Name, a.Key.Metric.Scope.noun(), a.Key.Name)
	}
	return nil
}

// scenarioNames lists the instances of scope that a run of sc reports.
func scenarioNames(sc *Scenario, scope Scope) []string {
	var names []string
	switch scope {
	case ScopeFunction:
		for _, f := range sc.Functions {
			names = append(names, f.Name)
		}
	case ScopeWorkload:
		for _, w := range sc.Workloads {
			names = append(names, w.Name)
		}
	case ScopeDatabase, ScopeProxy, ScopeServerless:
		for _, d := range sc.Databases {
			if scope == ScopeDatabase || scope == ScopeProxy && d.Proxy.Enabled || scope == ScopeServerless && d.Serverless() {
				names = append(names, d.Name)
			}
		}
	case ScopeQueue:
		for _, q := range sc.Queues {
			names = append(names, q.Name)
		}
	case ScopeAlternative:
		for _, a := range sc.Alternatives {
			names = append(names, a.Name)
		}
	}
	return names
}

func (sc Scope) noun() string {
	return [numScopes]string{"run", "function", "workload", "database", "database behind RDS Proxy", "Aurora Serverless v2 database", "queue", "alternative"}[sc]
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
