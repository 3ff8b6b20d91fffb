package models

import (
	"strings"
	"testing"
)

// --assert expressions: the metric and the value's unit are checked when
// the expression is parsed, before any run.
func TestParseAssertion(t *testing.T) {
	for _, tc := range []struct {
		expr  string
		path  string  // the concrete path, when it parses
		name  string  // the instance, for per-function… metrics
		op    string  //
		value float64 // in the metric's unit
		err   string  // a fragment of the error, when it does not
	}{
		// Shortcuts stand for latency_ms.* and requests.*.
		{expr: "p99<300ms", path: "latency_ms.p99", op: "<", value: 300},
		// A plain number on a duration metric is in the metric's unit (ms).
		{expr: "p99 < 300", path: "latency_ms.p99", op: "<", value: 300},
		// Any duration unit converts to the metric's.
		{expr: "p999<=1.5s", path: "latency_ms.p999", op: "<=", value: 1500},
		{expr: "max<2m", path: "latency_ms.max", op: "<", value: 120000},
		// A metric in seconds takes a duration in seconds.
		{expr: "queues.q.max_age_s<2m", path: "queues.q.max_age_s", name: "q", op: "<", value: 120},
		{expr: "queues.q.max_age_s<90", path: "queues.q.max_age_s", name: "q", op: "<", value: 90},
		// A ratio takes a number or a percentage.
		{expr: "error_rate<0.01", path: "requests.error_rate", op: "<", value: 0.01},
		{expr: "throttle_rate<=1%", path: "requests.throttle_rate", op: "<=", value: 0.01},
		{expr: "functions.api.cold_start_fraction<=5%", path: "functions.api.cold_start_fraction", name: "api", op: "<=", value: 0.05},
		// Money and counts take plain numbers.
		{expr: "cost.monthly_usd<500", path: "cost.monthly_usd", op: "<", value: 500},
		{expr: "databases.orders.refused==0", path: "databases.orders.refused", name: "orders", op: "==", value: 0},
		{expr: "databases.orders.proxy.borrow_timeouts>=1e3", path: "databases.orders.proxy.borrow_timeouts", name: "orders", op: ">=", value: 1000},
		// A name may hold dots: the longest metric after it wins.
		{expr: "functions.api.v2.latency_ms.p99<1s", path: "functions.api.v2.latency_ms.p99", name: "api.v2", op: "<", value: 1000},

		// A duration on a ratio names the metric and its unit.
		{expr: "error_rate<300ms", err: `"300ms" is a duration: requests.error_rate is a ratio metric (unit ratio)`},
		// A percentage on a duration or a count.
		{expr: "p99<5%", err: `"5%" is a percentage: latency_ms.p99 is a duration metric (unit ms)`},
		{expr: "requests.failed<1%", err: `is a percentage: requests.failed is a count metric (unit count)`},
		// A duration on money.
		{expr: "cost.monthly_usd<1h", err: `is a duration: cost.monthly_usd is a money metric (unit usd)`},
		// Not a finite number.
		{expr: "p99<NaN", err: `"NaN" is not a finite number`},
		{expr: "p99<Inf", err: `"Inf" is not a finite number`},
		{expr: "error_rate<-inf", err: "not a finite number"},
		{expr: "p99<1e400", err: "not a finite number"},
		// Garbage values list what is allowed.
		{expr: "p99<fast", err: `bad value "fast"`},
		{expr: "error_rate<%", err: `bad value "%"`},
		// Unknown metrics, misspelt or not numbers of summary.json.
		{expr: "p98<300ms", err: `"p98" is not a metric of summary.json`},
		{expr: "latency_ms.p98<1", err: "not a metric"},
		{expr: "functions.api.nope<1", err: "not a metric"},
		{expr: "scenario<1", err: "not a metric"},
		{expr: "functions.p99<1", err: "not a metric"},
		// Not an expression.
		{expr: "p99~3", err: "KEY OP VALUE"},
		{expr: "<3", err: "KEY OP VALUE"},
		{expr: "p99<", err: "KEY OP VALUE"},
	} {
		a, err := ParseAssertion(tc.expr)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one with %q", tc.expr, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if a.Path != tc.path || a.Key.Name != tc.name || a.Op != tc.op || a.Value != tc.value {
			t.Errorf("%s: %s (%q) %s %v, want %s (%q) %s %v", tc.expr, a.Path, a.Key.Name, a.Op, a.Value,
				tc.path, tc.name, tc.op, tc.value)
		}
	}
}

// Check compares a result's values; a name the run does not have is an
// error naming it.
func TestCheck(t *testing.T) {
	s := &Summary{Requests: Requests{Total: 100, Failed: 2, ErrorRate: 0.02},
		LatencyMS: Latency{P99: 250}, Functions: map[string]FunctionSummary{"api": {ColdStarts: 3}}}
	r := &Result{Summary: s}
	parse := func(expr string) Assertion {
		a, err := ParseAssertion(expr)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	got, err := Check(r, []Assertion{parse("p99<300ms"), parse("error_rate<1%"), parse("functions.api.cold_starts==3")})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, false, true} {
		if got[i].OK != want {
			t.Errorf("%s: ok %v (actual %v)", got[i].Expr, got[i].OK, got[i].Actual)
		}
	}
	if _, err := Check(r, []Assertion{parse("functions.web.cold_starts<1")}); err == nil ||
		!strings.Contains(err.Error(), `no function named "web"`) {
		t.Errorf("absent function: %v", err)
	}
}

// CheckNames finds a misspelt function, database… before the run.
func TestCheckNames(t *testing.T) {
	sc := everything(1)
	for _, tc := range []struct {
		expr string
		ok   bool
	}{
		{"p99<1s", true},
		{"functions.api.throttles==0", true},
		{"functions.web.throttles==0", false},
		{"workloads.jobs.failed==0", true},
		{"databases.orders.proxy.borrow_timeouts==0", true},
		{"databases.users.refused==0", false},
		{"databases.ledger.serverless.peak_acu<=4", true},
		{"databases.orders.serverless.peak_acu<=4", false}, // not Aurora Serverless v2
		{"queues.q.max_age_s<1m", true},
		{"cost.alternatives.fleet.saving_monthly_usd>0", true},
		{"cost.alternatives.ec2.saving_monthly_usd>0", false},
	} {
		a, err := ParseAssertion(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckNames(sc, []Assertion{a}); (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.expr, err)
		}
	}
	sc.Databases[0].Proxy.Enabled = false
	a, _ := ParseAssertion("databases.orders.proxy.borrows>0")
	if err := CheckNames(sc, []Assertion{a}); err == nil || !strings.Contains(err.Error(), "database behind RDS Proxy") {
		t.Errorf("a proxy metric of a database without one: %v", err)
	}
}

// With replications an assertion checks the mean, or with OnBound the 95%
// interval's bound on its failing side; a case per row.
func TestAssertOnBound(t *testing.T) {
	key := Key{Metric: MustMetric("latency_ms.p99")}
	r := &Result{Summary: &Summary{}, Replicas: make([]*Summary, 4),
		Estimates: map[Key]Estimate{key: {Mean: 429, CI95: 8}}}
	for _, tc := range []struct {
		expr    string
		on      AssertOn
		ok      bool
		checked float64
	}{
		{"p99<430ms", OnMean, true, 429},   // the mean passes
		{"p99<430ms", OnBound, false, 437}, // its upper bound does not
		{"p99<440ms", OnBound, true, 437},  // the whole interval below
		{"p99>425ms", OnMean, true, 429},   // the mean above
		{"p99>425ms", OnBound, false, 421}, // the lower bound is not
		{"p99<=437ms", OnBound, true, 437}, // a bound on the limit holds with <=
		{"p99==429ms", OnBound, true, 429}, // == checks the mean
	} {
		a, err := ParseAssertion(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		a.On = tc.on
		got, err := Check(r, []Assertion{a})
		if err != nil {
			t.Fatal(err)
		}
		if got[0].OK != tc.ok || got[0].Checked != tc.checked || got[0].Actual != 429 {
			t.Errorf("%s on the %s: ok %v on %g (%s), want %v on %g", tc.expr, tc.on, got[0].OK, got[0].Checked, got[0].Basis, tc.ok, tc.checked)
		}
	}
	if _, err := ParseAssertOn("median"); err == nil || !strings.Contains(err.Error(), "mean, bound") {
		t.Errorf("--assert-on median: %v", err)
	}
}
