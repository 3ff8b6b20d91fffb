package stampede_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede"
	"github.com/stampede-sim/stampede/models"
)

// load is a built-in with overrides, or the test fails.
func load(t *testing.T, name string, overrides ...string) *stampede.Scenario {
	t.Helper()
	sc, err := stampede.Load(name, overrides...)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// compare runs a comparison that must succeed.
func compare(t *testing.T, entries []stampede.Entry, opts stampede.CompareOptions) *stampede.Comparison {
	t.Helper()
	c, err := stampede.Compare(context.Background(), entries, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// values is metric k of every replication of r.
func values(t *testing.T, r *stampede.Result, k stampede.MetricKey) []float64 {
	t.Helper()
	var xs []float64
	for _, s := range r.Replicas {
		v, ok := k.Get(s)
		if !ok {
			t.Fatalf("%s missing from a replication", k.Path())
		}
		xs = append(xs, v)
	}
	return xs
}

// A scenario compared with itself differs in nothing: every metric of the
// registry it has gets a zero difference with a zero interval, not
// significant, and its runs are the same.
func TestCompareWithItself(t *testing.T) {
	for _, tc := range []struct {
		name string
		over []string
	}{
		// One function behind an API.
		{"steady-api", []string{"duration=1m"}},
		// A database behind RDS Proxy: the database and proxy metrics too.
		{"rds-proxy", []string{"duration=1m"}},
		// A queue and its event source mapping.
		{"sqs-leveling", []string{"duration=1m"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := load(t, tc.name, tc.over...)
			c := compare(t, []stampede.Entry{{Label: "a", Scenario: sc}, {Label: "b", Scenario: sc}},
				stampede.CompareOptions{Replications: 3})
			diffs := c.Runs[1].Differences
			var want int
			for _, m := range models.Metrics() {
				want += len(m.Keys(c.Runs[0].Result.Summary))
			}
			if len(diffs) != want {
				t.Errorf("%d differences, want one per metric key of the run (%d)", len(diffs), want)
			}
			for _, d := range diffs {
				if d.Diff != 0 || d.CI95 != 0 || d.Significant || d.Base != d.Value {
					t.Errorf("%s: %+v, want no difference", d.Path(), d)
				}
			}
			a, _ := c.Runs[0].Result.SummaryJSON()
			b, _ := c.Runs[1].Result.SummaryJSON()
			if !bytes.Equal(a, b) {
				t.Error("the same scenario gave different summaries")
			}
		})
	}
}

// welch is the unpaired 95% half-width of mean(b) − mean(a) from the two
// runs' own estimates, as if they were independent: Welch's t with the
// Welch–Satterthwaite degrees of freedom.
func welch(a, b []float64) float64 {
	va, vb := stat.Variance(a, nil)/float64(len(a)), stat.Variance(b, nil)/float64(len(b))
	df := (va + vb) * (va + vb) / (va*va/float64(len(a)-1) + vb*vb/float64(len(b)-1))
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.975) * math.Sqrt(va+vb)
}

// Common random numbers pay: the paired interval of the p99 (and mean)
// latency difference that opening a connection per invocation makes against
// RDS Proxy is narrower than the unpaired interval of the same runs treated
// as independent. (Against rds-exhaustion, whose failures and throttles
// reshape the whole run, the pairing gains little.) The figures are in
// docs/compare.md.
func TestComparePairedNarrower(t *testing.T) {
	proxy := load(t, "rds-proxy", "duration=6m")
	perInv := load(t, "rds-per-invocation", "duration=6m")
	c := compare(t, []stampede.Entry{{Scenario: proxy}, {Scenario: perInv}}, stampede.CompareOptions{Replications: 5})
	for _, path := range []string{"latency_ms.p99", "latency_ms.mean"} {
		d, ok := c.Difference("rds-per-invocation", path)
		if !ok {
			t.Fatalf("no difference for %s", path)
		}
		unpaired := welch(values(t, c.Runs[0].Result, d.Key), values(t, c.Runs[1].Result, d.Key))
		t.Logf("%s: rds-per-invocation − rds-proxy = %.3f ms, paired ± %.3f, unpaired (Welch) ± %.3f", path, d.Diff, d.CI95, unpaired)
		if !(d.CI95 < unpaired) {
			t.Errorf("%s: paired half-width %.3f is not narrower than the unpaired %.3f", path, d.CI95, unpaired)
		}
	}
}

// The paired interval is the textbook one: the mean of the per-replication
// differences ± t(0.975, R−1) · sd / √R, checked against gonum/stat.
func TestCompareIntervalArithmetic(t *testing.T) {
	exh := load(t, "rds-exhaustion", "duration=6m")
	inv := load(t, "rds-per-invocation", "duration=6m")
	c := compare(t, []stampede.Entry{{Scenario: exh}, {Scenario: inv}}, stampede.CompareOptions{Replications: 4})
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 3}.Quantile(0.975)
	for _, path := range []string{
		"latency_ms.p99",                    // a percentile
		"requests.failed",                   // a count
		"databases.orders.cpu_utilization",  // a ratio of a named database
		"databases.orders.peak_connections", // a mean of maxima
		"cost.monthly_usd",                  // money
		"requests.total",                    // the same in every pair: 0 ± 0
	} {
		d, ok := c.Difference("rds-per-invocation", path)
		if !ok {
			t.Fatalf("no difference for %s", path)
		}
		a, b := values(t, c.Runs[0].Result, d.Key), values(t, c.Runs[1].Result, d.Key)
		xs := make([]float64, len(a))
		for i := range a {
			xs[i] = b[i] - a[i]
		}
		mean, sd := stat.Mean(xs, nil), stat.StdDev(xs, nil)
		half := tq * sd / math.Sqrt(float64(len(xs)))
		if !near(d.Diff, mean) || !near(d.CI95, half) {
			t.Errorf("%s: %g ± %g, gonum says %g ± %g", path, d.Diff, d.CI95, mean, half)
		}
		if d.Significant != (math.Abs(mean) > half) {
			t.Errorf("%s: significant = %v for %g ± %g", path, d.Significant, mean, half)
		}
		if !near(d.Base.Mean, stat.Mean(a, nil)) || !near(d.Value.Mean, stat.Mean(b, nil)) {
			t.Errorf("%s: values %v, %v are not the runs' means", path, d.Base, d.Value)
		}
	}
}

func near(x, y float64) bool { return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y)) }

// Outputs are byte-identical whatever the workers.
func TestCompareDeterministic(t *testing.T) {
	entries := func() []stampede.Entry {
		return []stampede.Entry{{Scenario: load(t, "rds-exhaustion", "duration=6m")}, {Scenario: load(t, "sqs-leveling", "duration=6m")}}
	}
	var outs [][]byte
	for _, w := range []int{1, 4} {
		c := compare(t, entries(), stampede.CompareOptions{Replications: 3, Workers: w})
		js, err := c.JSON()
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, append(append(js, c.Text()...), c.Markdown(true)...))
	}
	for i := 1; i < len(outs); i++ {
		if !bytes.Equal(outs[0], outs[i]) {
			t.Errorf("workers changed the output (run %d)", i)
		}
	}
}

// How many replications run, and whether compare chose them.
func TestCompareReplications(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opt       int
		a, b      []string
		want      int
		defaulted bool
	}{
		// Nobody asks: compare's default, said so.
		{"default", 0, nil, nil, stampede.CompareReplications, true},
		// The caller asks for one: one, no intervals.
		{"one asked", 1, nil, nil, 1, false},
		// A scenario sets replications: the most any sets.
		{"scenario sets", 0, nil, []string{"replications=3"}, 3, false},
		// The caller wins over the scenarios.
		{"option wins", 2, []string{"replications=4"}, nil, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := load(t, "steady-api", append([]string{"duration=10s"}, tc.a...)...)
			b := load(t, "steady-api", append([]string{"duration=10s"}, tc.b...)...)
			c := compare(t, []stampede.Entry{{Label: "a", Scenario: a}, {Label: "b", Scenario: b}}, stampede.CompareOptions{Replications: tc.opt})
			if c.Replications != tc.want || c.ReplicationsDefaulted != tc.defaulted {
				t.Errorf("%d replications (defaulted %v), want %d (%v)", c.Replications, c.ReplicationsDefaulted, tc.want, tc.defaulted)
			}
			for _, r := range c.Runs {
				if got := r.Result.Replications(); got != tc.want {
					t.Errorf("%s ran %d replications", r.Label, got)
				}
			}
			if d, _ := c.Difference("b", "p99"); tc.want == 1 && (d.CI95 != 0 || d.Significant) {
				t.Errorf("one replication gave an interval: %+v", d)
			}
		})
	}
}

// Every scenario runs on the baseline's seed, and its summary says how it
// was overridden: exactly what `stampede run` writes with those overrides.
func TestCompareSeedAndSummary(t *testing.T) {
	base := load(t, "rds-exhaustion", "duration=2m")
	other := load(t, "rds-proxy", "duration=2m", "seed=7")
	c := compare(t, []stampede.Entry{{Scenario: base}, {Scenario: other}}, stampede.CompareOptions{})
	r := c.Run("rds-proxy")
	if c.Seed != 1 || r.Result.Summary.Seed != 1 {
		t.Fatalf("seed %d, rds-proxy ran seed %d; want 1 (the baseline's)", c.Seed, r.Result.Summary.Seed)
	}
	if want := []string{"duration=2m", "seed=7", "seed=1", "replications=5"}; !slices.Equal(r.Scenario.Overrides, want) {
		t.Errorf("overrides %q, want %q", r.Scenario.Overrides, want)
	}
	alone, err := stampede.Run(context.Background(), load(t, "rds-proxy", "duration=2m", "seed=7", "seed=1", "replications=5"), stampede.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := r.Result.SummaryJSON()
	want, _ := alone.SummaryJSON()
	if !bytes.Equal(got, want) {
		t.Error("the compared run's summary.json differs from `run` with the same overrides")
	}
	if other.Seed != 7 || other.Replications != 1 {
		t.Error("Compare changed its input")
	}
	// The header lists each scenario's overrides, as they differ.
	info := strings.Join(c.Info(), "\n")
	for _, want := range []string{"overrides of rds-exhaustion: duration=2m · replications=5", "overrides of rds-proxy: duration=2m · seed=7 · seed=1 · replications=5"} {
		if !strings.Contains(info, want) {
			t.Errorf("header %q lacks %q", info, want)
		}
	}
}

// Bad input is refused before anything runs, naming what is wrong.
func TestCompareBadInput(t *testing.T) {
	ok := load(t, "steady-api", "duration=10s")
	bad := *ok
	bad.Functions = append([]stampede.Function(nil), ok.Functions...)
	bad.Functions[0].MemoryMB = 64
	for _, tc := range []struct {
		name    string
		entries []stampede.Entry
		opts    stampede.CompareOptions
		want    string
	}{
		// A comparison needs two scenarios.
		{"one scenario", []stampede.Entry{{Scenario: ok}}, stampede.CompareOptions{}, "at least two scenarios"},
		// Two scenarios with one label: their folders would collide.
		{"same label", []stampede.Entry{{Scenario: ok}, {Scenario: ok}}, stampede.CompareOptions{}, `both labelled "steady-api"`},
		// A label names a folder: no path separators.
		{"bad label", []stampede.Entry{{Label: "../x", Scenario: ok}, {Scenario: ok}}, stampede.CompareOptions{}, `label "../x"`},
		// A label may not be a file the comparison writes.
		{"reserved label", []stampede.Entry{{Label: "compare.json", Scenario: ok}, {Scenario: ok}}, stampede.CompareOptions{}, `label "compare.json"`},
		// An invalid scenario built in Go names its key.
		{"invalid scenario", []stampede.Entry{{Scenario: ok}, {Label: "small", Scenario: &bad}}, stampede.CompareOptions{}, "function[api].memory_mb = 64"},
		// Replications out of range.
		{"replications", []stampede.Entry{{Label: "a", Scenario: ok}, {Scenario: ok}}, stampede.CompareOptions{Replications: 5000}, "replications = 5000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ran := false
			tc.opts.Progress = func(float64) { ran = true }
			c, err := stampede.Compare(context.Background(), tc.entries, tc.opts)
			var ce *stampede.CompareError
			if c != nil || !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) || ran {
				t.Errorf("got %v, %v (ran: %v); want a CompareError containing %q before any run", c, err, ran, tc.want)
			}
		})
	}
}

// A cancelled comparison comes back partial, with the context's error.
func TestCompareCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, err := stampede.Compare(ctx, []stampede.Entry{{Scenario: load(t, "rds-exhaustion")}, {Scenario: load(t, "rds-proxy")}}, stampede.CompareOptions{})
	if !errors.Is(err, context.Canceled) || c == nil || !c.Partial() {
		t.Fatalf("got %v, %v; want a partial comparison and context.Canceled", c, err)
	}
	if js, err := c.JSON(); err != nil || !bytes.Contains(js, []byte(`"partial": true`)) {
		t.Errorf("compare.json of a partial comparison: %v", err)
	}
}

// compare.json has the interface's shape: the baseline, every run's
// summary.json by label, and for every other run the difference of every
// metric present in both runs, by concrete dotted path, with its interval.
// WriteComparison writes it with compare.md, report.html and a folder of
// run artefacts per label.
func TestCompareJSONShape(t *testing.T) {
	c := compare(t, []stampede.Entry{
		{Label: "direct", Scenario: load(t, "rds-exhaustion", "duration=1m")},
		{Label: "queued", Scenario: load(t, "sqs-leveling", "duration=1m")},
	}, stampede.CompareOptions{Replications: 2})
	dir := t.TempDir()
	if err := stampede.WriteComparison(dir, c); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, stampede.CompareJSONFile))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Baseline    string                               `json:"baseline"`
		Runs        map[string]json.RawMessage           `json:"runs"`
		Differences map[string]map[string]map[string]any `json:"differences"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("compare.json: %v", err)
	}
	if doc.Baseline != "direct" || len(doc.Runs) != 2 || len(doc.Differences) != 1 || doc.Differences["queued"] == nil {
		t.Fatalf("baseline %q, runs %d, differences %v", doc.Baseline, len(doc.Runs), len(doc.Differences))
	}
	for _, r := range c.Runs {
		var inJSON, own any
		file, err := os.ReadFile(filepath.Join(dir, r.Label, "summary.json"))
		if err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(doc.Runs[r.Label], &inJSON)
		json.Unmarshal(file, &own)
		if !equalJSON(inJSON, own) {
			t.Errorf("runs.%s is not %s/summary.json", r.Label, r.Label)
		}
		for _, f := range []string{"summary.md", "report.html", "timeseries.csv", "latency.hgrm"} {
			if _, err := os.Stat(filepath.Join(dir, r.Label, f)); err != nil {
				t.Error(err)
			}
		}
	}
	diffs := doc.Differences["queued"]
	base, other := c.Runs[0].Result.Summary, c.Runs[1].Result.Summary
	n := 0
	for _, m := range models.Metrics() {
		for _, k := range m.Keys(base) {
			if _, ok := k.Get(other); !ok {
				continue
			}
			n++
			d, ok := diffs[k.Path()]
			_, isDiff := d["diff"].(float64)
			_, isCI := d["ci95"].(float64)
			_, isSig := d["significant"].(bool)
			if !ok || len(d) != 3 || !isDiff || !isCI || !isSig {
				t.Errorf("differences.queued[%q] = %v, want diff, ci95 and significant", k.Path(), d)
			}
		}
	}
	if len(diffs) != n {
		t.Errorf("%d differences, want %d (every metric present in both)", len(diffs), n)
	}
	for _, absent := range []string{"functions.api.peak_concurrency", "queues.orders-queue.max_age_s"} {
		if _, ok := diffs[absent]; ok {
			t.Errorf("%s is in one run only but has a difference", absent)
		}
	}
	for _, f := range []string{stampede.CompareMarkdownFile, "report.html"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	for _, want := range []string{"Database connections: orders", "Queue depth: orders-queue", "Cost per month", `href="queued/report.html"`} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// The text tells the lesson of the built-in comparison: refused connects,
// database connections and CPU, the queue's wait and the monthly cost, each
// run's difference to the baseline and a verdict per run.
func TestCompareText(t *testing.T) {
	var es []stampede.Entry
	for _, n := range []string{"rds-exhaustion", "rds-proxy", "rds-per-invocation", "sqs-leveling"} {
		es = append(es, stampede.Entry{Scenario: load(t, n, "duration=6m")})
	}
	text := string(compare(t, es, stampede.CompareOptions{Replications: 2}).Text())
	for _, want := range []string{
		"failed: db_connection_refused", "orders peak connections (of 413)", "orders connects", "orders CPU utilization",
		"orders-queue oldest message age (s)", "orders-queue p99 wait (ms)", "p99 latency (ms)", "cost per month",
		"Difference to rds-exhaustion", "rds-proxy: removes throttled", "requests wait in queue orders-queue",
		"a month",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks %q:\n%s", want, text)
		}
	}
}

// What limited each run comes first in every output: a line per limit of
// each scenario, earliest first, or that nothing bound it.
func TestCompareLimits(t *testing.T) {
	c := compare(t, []stampede.Entry{{Scenario: load(t, "rds-exhaustion", "duration=6m")}, {Scenario: load(t, "rds-proxy", "duration=6m")}},
		stampede.CompareOptions{Replications: 1, Buckets: 30})
	limits := c.Limits()
	if len(limits) != 3 || !strings.HasPrefix(limits[0], "rds-exhaustion: database orders connections from 30") ||
		!strings.HasPrefix(limits[1], "rds-exhaustion: account concurrency (unreserved) from 30") ||
		limits[2] != "rds-proxy: nothing: no limit refused, queued or slowed work" {
		t.Errorf("limits:\n%s", strings.Join(limits, "\n"))
	}
	text, md := string(c.Text()), string(c.Markdown(false))
	for _, out := range []string{text, md} {
		if i, j := strings.Index(out, "What limited each run"), strings.Index(out, "Verdict"); i < 0 || j < i {
			t.Errorf("the limits are not before the verdict:\n%s", out)
		}
	}
}
