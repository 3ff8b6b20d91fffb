package models

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/models/sqs"
	"github.com/stampede-sim/stampede/sim"
)

var update = flag.Bool("update", false, "rewrite docs/metrics.md's generated list of metrics")

// everything is a short run with every part of summary.json: a function
// calling a database through RDS Proxy, a queue feeding another function,
// and an always-on alternative.
func everything(reps int) *Scenario {
	api := withCall(testFunction("api", expo(50*sim.Millisecond)), "orders", 1, rds.PerEnvironment)
	db := testDatabase("orders", 50, 2*sim.Millisecond)
	db.Proxy.Enabled = true
	// The queue's function calls an Aurora Serverless v2 database, for its metrics.
	jobs := withCall(testFunction("f", expo(20*sim.Millisecond)), "ledger", 1, rds.PerInvocation)
	ledger := rds.Config{Name: "ledger", Engine: rds.AuroraMySQL, Instance: "db.serverless", MaxACU: new(4.0)}
	sc := testScenario(2*sim.Minute, []Function{api, jobs},
		[]Workload{testWorkload("users", "api", poisson(20)), queueWorkload("jobs", poisson(10))})
	sc.Databases = []rds.Config{db, ledger}
	sc.Queues = []sqs.Config{testQueue(0)}
	sc.Alternatives = []cost.Alternative{{Name: "fleet", HourlyUSD: 0.1, CapacityRPS: 100}}
	sc.Replications = reps
	return sc
}

// leaves lists the numbers of a JSON document by dotted path.
func leaves(t *testing.T, b []byte) map[string]float64 {
	t.Helper()
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case float64:
			out[prefix] = v
		case map[string]any:
			for k, c := range v {
				walk(strings.TrimPrefix(prefix+"."+k, "."), c)
			}
		}
	}
	walk("", tree)
	return out
}

// pattern turns a concrete path into its registry pattern.
func pattern(path string) string {
	p := strings.Split(path, ".")
	switch {
	case len(p) > 2 && slices.Contains([]string{"functions", "workloads", "databases", "queues"}, p[0]):
		p[1] = "*"
	case len(p) > 3 && p[0] == "cost" && p[1] == "alternatives":
		p[2] = "*"
	}
	return strings.Join(p, ".")
}

// The registry declares exactly the numbers of summary.json: none missing,
// none extra (seed and replications describe the run); every accessor reads
// the number summary.json holds, and writes it back.
func TestRegistryIsSummaryJSON(t *testing.T) {
	res := run(t, everything(1), 1, RunOptions{Buckets: 20})
	b, err := res.SummaryJSON()
	if err != nil {
		t.Fatal(err)
	}
	got := leaves(t, b)
	inJSON := map[string]bool{}
	for path := range got {
		inJSON[pattern(path)] = true
	}
	want := map[string]bool{"seed": true, "replications": true}
	for _, m := range Metrics() {
		want[m.Path] = true
	}
	for p := range want {
		if !inJSON[p] {
			t.Errorf("%s: in the registry, not in summary.json", p)
		}
	}
	for p := range inJSON {
		if !want[p] {
			t.Errorf("%s: in summary.json, not in the registry", p)
		}
	}
	for path, v := range got {
		if path == "seed" || path == "replications" {
			continue
		}
		k, err := Lookup(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if k.Path() != path {
			t.Errorf("%s looked up as %s", path, k.Path())
		}
		if x, ok := k.Get(res.Summary); !ok || x != v {
			t.Errorf("%s: accessor reads %v (%v), summary.json %v", path, x, ok, v)
		}
		if err := k.Metric.Set(res.Summary, k.Name, v+1); err != nil {
			t.Errorf("%s: set: %v", path, err)
		} else if x, _ := k.Get(res.Summary); x != v+1 {
			t.Errorf("%s: set %v, read back %v", path, v+1, x)
		}
		if err := k.Metric.Set(res.Summary, k.Name, v+0.5); (err != nil) != k.Metric.Integer() {
			t.Errorf("%s: setting a fraction: %v (integer %v)", path, err, k.Metric.Integer())
		}
	}
	if err := MustMetric("functions.*.invocations").Set(res.Summary, "nope", 1); err == nil {
		t.Error("set on an absent function succeeded")
	}
	// Reading allocates nothing: a summary of 10,000 functions reads
	// hundreds of thousands of them (issue 12).
	for path := range got {
		if k, err := Lookup(path); err == nil {
			if n := testing.AllocsPerRun(10, func() { k.Get(res.Summary) }); n != 0 {
				t.Errorf("%s: reading allocates %v times", path, n)
			}
		}
	}
}

// Every metric is well declared: a known kind and unit, counts in int64,
// durations in ms or s, scope and path agreeing, headlines numbered 1..n.
func TestRegistryDeclarations(t *testing.T) {
	var heads []int
	for _, m := range Metrics() {
		if m.Label == "" || m.Doc == "" {
			t.Errorf("%s: no label or doc", m.Path)
		}
		if m.Kind == KindCount && (!m.Integer() || m.Unit != UnitCount) {
			t.Errorf("%s: a count must be an int64 count", m.Path)
		}
		if m.Kind == KindDuration && m.Unit != UnitMS && m.Unit != UnitS {
			t.Errorf("%s: a duration in %s", m.Path, m.Unit)
		}
		if !strings.HasPrefix(m.Path, scopePrefixes[m.Scope]) {
			t.Errorf("%s: scope %d", m.Path, m.Scope)
		}
		if m.Headline > 0 {
			heads = append(heads, m.Headline)
		}
		if m.Limit != "" && MetricAt(m.Limit) == nil {
			t.Errorf("%s: limit %s is not a metric", m.Path, m.Limit)
		}
	}
	sort.Ints(heads)
	for i, h := range heads {
		if h != i+1 {
			t.Fatalf("headline numbers %v, want 1..%d", heads, len(heads))
		}
	}
	if got := strings.Join(Shortcuts(), " "); got != "error_rate throttle_rate mean p50 p90 p95 p99 p999 max" {
		t.Errorf("shortcuts %s", got)
	}
}

// With replications, every metric's mean and 95% half-width are those of
// its per-replication values (gonum's mean and unbiased standard deviation,
// Student's t with R − 1 degrees of freedom), for every instance.
func TestReplicationEstimates(t *testing.T) {
	const reps = 4
	res := run(t, everything(reps), 2, RunOptions{Buckets: 20})
	if !res.Replicated() || len(res.Replicas) != reps || res.Replications() != reps {
		t.Fatalf("%d replicas", len(res.Replicas))
	}
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: reps - 1}.Quantile(0.975)
	n := 0
	for _, m := range Metrics() {
		for _, k := range m.Keys(res.Summary) {
			xs := make([]float64, reps)
			for i, s := range res.Replicas {
				xs[i], _ = k.Get(s)
			}
			wantMean, wantCI := stat.Mean(xs, nil), tq*stat.StdDev(xs, nil)/math.Sqrt(reps)
			e, ok := res.Value(k)
			if !ok || !close(e.Mean, wantMean) || !close(e.CI95, wantCI) {
				t.Errorf("%s: %+v (%v), want mean %v ± %v", k.Path(), e, ok, wantMean, wantCI)
			}
			n++
		}
	}
	if n != len(res.Estimates) || n < 200 {
		t.Errorf("%d keys, %d estimates", n, len(res.Estimates))
	}
	// A count's mean is fractional where the replications differ.
	total := est(t, res, "requests.total")
	if total.CI95 == 0 {
		t.Errorf("requests.total %+v: replications identical?", total)
	}
	// Typed access agrees with the registry.
	if e := res.Estimate(func(s *Summary) float64 { return float64(s.Requests.Total) }); e != total {
		t.Errorf("Estimate %+v, registry %+v", e, total)
	}
}

func close(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// A replicated summary.json has the spec's shape: replication 0's keys in
// its order, every metric the mean, then ci95 of the same shape with the
// half-widths; seed, replications and partial describe the run.
func TestReplicatedSummaryJSON(t *testing.T) {
	const reps = 3
	res := run(t, everything(reps), 0, RunOptions{Buckets: 20})
	b, err := res.SummaryJSON()
	if err != nil {
		t.Fatal(err)
	}
	one, err := json.MarshalIndent(res.Summary, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	keys := keyOrder(t, b)
	want := keyOrder(t, one)
	want = append(append(want, "ci95"), want...)
	if !slices.Equal(keys, want) {
		t.Errorf("keys\n%v\nwant\n%v", keys, want)
	}
	var doc struct {
		Seed         uint64          `json:"seed"`
		Replications int             `json:"replications"`
		CI95         json.RawMessage `json:"ci95"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Seed != res.Summary.Seed || doc.Replications != reps {
		t.Errorf("seed %d, replications %d", doc.Seed, doc.Replications)
	}
	means, cis := leaves(t, b), leaves(t, doc.CI95)
	for _, m := range Metrics() {
		for _, k := range m.Keys(res.Summary) {
			e := res.Estimates[k]
			if means[k.Path()] != e.Mean || cis[k.Path()] != e.CI95 {
				t.Errorf("%s: %v ± %v in summary.json, estimate %+v", k.Path(), means[k.Path()], cis[k.Path()], e)
			}
		}
	}
	if cis["seed"] != 0 || cis["replications"] != 0 {
		t.Errorf("ci95 seed %v, replications %v", cis["seed"], cis["replications"])
	}
}

// keyOrder lists a JSON document's object keys in order.
func keyOrder(t *testing.T, b []byte) []string {
	t.Helper()
	type frame struct{ object, wantKey bool }
	var stack []frame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	var keys []string
	d := json.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			return keys
		}
		delim, isDelim := tok.(json.Delim)
		switch {
		case isDelim && (delim == '}' || delim == ']'):
			stack = stack[:len(stack)-1]
			valueDone()
		case len(stack) > 0 && stack[len(stack)-1].wantKey:
			keys = append(keys, tok.(string))
			stack[len(stack)-1].wantKey = false
		case isDelim:
			stack = append(stack, frame{object: delim == '{', wantKey: delim == '{'})
		default:
			valueDone()
		}
	}
}

// docs/metrics.md's list of metrics is the registry's; -update rewrites it.
func TestMetricsDoc(t *testing.T) {
	path := filepath.Join("..", "docs", "metrics.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := SpliceMetricsDoc(doc)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, fresh, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(doc, fresh) {
		t.Errorf("%s: the list of metrics is stale (go test ./models -run TestMetricsDoc -update)", path)
	}
}

// Columns and the internal column list agree, and names are unique.
func TestSeriesColumns(t *testing.T) {
	res := run(t, everything(1), 1, RunOptions{Buckets: 20})
	s := res.Series
	cols, ptrs := s.Columns(), s.slices()
	if len(cols) != len(ptrs) {
		t.Fatalf("%d columns, %d slices", len(cols), len(ptrs))
	}
	seen := map[string]bool{}
	for i, c := range cols {
		if seen[c.Name] {
			t.Errorf("column %s twice", c.Name)
		}
		seen[c.Name] = true
		if len(c.Values) != 20 || &c.Values[0] != &(*ptrs[i])[0] {
			t.Errorf("column %s: %d values, or not column %d", c.Name, len(c.Values), i)
		}
	}
	for _, want := range []string{"t_s", "failed.db_borrow_timeout", "concurrency.api", "db.orders.cpu", "db.ledger.acu", "queue.q.esm_concurrency"} {
		if !seen[want] {
			t.Errorf("no column %s", want)
		}
	}
	c := s.clone()
	c.Databases[0].CPU[0] = -1
	if reflect.DeepEqual(c, s) {
		t.Error("clone shares its columns")
	}
}
