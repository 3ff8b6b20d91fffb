package stampede

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede/models"
)

// Comparing scenarios on common random numbers.
//
// Every component draws from its own random stream, named by the component
// (workload/checkout/arrivals, function/api/duration) and keyed by (seed,
// replication). Compare runs every scenario with one seed and one number of
// replications R, so replication i of one scenario sees the same arrivals,
// handler times and cold starts as replication i of the others wherever
// their components share a name: the runs are paired, and the difference
// of a metric is measured replication by replication, where most of the
// noise cancels.

// CompareReplications is the number of replications Compare runs when
// neither its options nor any scenario ask for more than one: with a single
// replication there is no confidence interval for a difference.
const CompareReplications = 5

// Entry is one scenario of a comparison.
type Entry struct {
	// Label names the scenario in outputs and its folder of artefacts; ""
	// stands for the scenario's name. See CheckLabel.
	Label    string
	Scenario *Scenario
}

// CompareOptions control a comparison.
type CompareOptions struct {
	// Replications is the number of replications of every scenario (0: the
	// most any scenario sets, or CompareReplications when they all set 1).
	Replications int
	// Workers is how many replications run at once, over all the
	// scenarios (0: one per CPU). Results do not depend on it.
	Workers int
	// Buckets is the number of time-series buckets of each run (0: 600).
	Buckets int
	// Progress, when set, is called with the fraction of the whole
	// comparison done (from one goroutine at a time).
	Progress func(done float64)
}

// Estimate is a metric's mean over replications and its 95% confidence
// half-width; MetricKey names one metric of one function, database, queue…
// (docs/metrics.md).
type (
	Estimate  = models.Estimate
	MetricKey = models.Key
)

// Comparison is the result of Compare: every scenario's run, in the order
// given, the first the baseline, and each other's differences to it.
type Comparison struct {
	Baseline     string // the first run's label
	Seed         uint64 // every scenario's seed
	Replications int    // every scenario's replications
	// ReplicationsDefaulted is set when Replications is
	// CompareReplications because nothing asked for more than one.
	ReplicationsDefaulted bool
	Runs                  []*ComparedRun
}

// ComparedRun is one scenario of a comparison.
type ComparedRun struct {
	Label string
	// Scenario is what ran: resolved, with the comparison's seed and
	// replications (recorded in its Overrides when they changed it, so that
	// `stampede run` with those overrides gives the same summary.json).
	Scenario *Scenario
	Result   *Result
	// Differences to the baseline, one per metric key present in both:
	// the headline metrics first, in their order, then every other metric
	// in summary.json's order. Nil for the baseline.
	Differences []Difference
}

// Difference is one metric of a run against the baseline, over the paired
// replications: Diff is the mean over replications i of (run_i −
// baseline_i) and CI95 its 95% confidence half-width, t(0.975, R−1) ·
// sd(run_i − baseline_i) / √R. With one replication CI95 is 0 and nothing
// is Significant.
type Difference struct {
	Key         MetricKey
	Base, Value Estimate // the baseline's and the run's mean ± 95% half-width
	Diff, CI95  float64
	// Significant: R ≥ 2 and the interval Diff ± CI95 excludes 0.
	Significant bool
}

// Path is the difference's metric as a dotted path of summary.json.
func (d Difference) Path() string { return d.Key.Path() }

// CompareError is bad input to Compare, found before anything ran: every
// problem, one per line.
type CompareError struct {
	Problems []string
}

func (e *CompareError) Error() string { return strings.Join(e.Problems, "\n") }

var labelRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// reservedLabels are the files a comparison writes next to the runs'
// folders.
var reservedLabels = map[string]bool{CompareJSONFile: true, CompareMarkdownFile: true, compareReportFile: true}

// CheckLabel checks a label of a comparison: it names a folder of the
// output directory, so it is 1 to 64 letters, digits, '.', '_' or '-',
// starting with a letter or digit, and not the name of a file a
// comparison writes.
func CheckLabel(label string) error {
	if !labelRE.MatchString(label) || reservedLabels[label] {
		return fmt.Errorf("label %q: allowed: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (it names the scenario's folder), and not %s, %s or %s",
			label, CompareJSONFile, CompareMarkdownFile, compareReportFile)
	}
	return nil
}

// comparePlan is a checked comparison, ready to run.
type comparePlan struct {
	c     *Comparison
	scens []*Scenario
}

// planCompare checks the entries and gives every scenario the baseline's
// seed and the common number of replications.
func planCompare(entries []Entry, opts CompareOptions) (*comparePlan, error) {
	var problems []string
	if len(entries) < 2 {
		problems = append(problems, fmt.Sprintf("compare needs at least two scenarios, got %d", len(entries)))
	}
	if opts.Replications < 0 || opts.Replications > 1000 {
		problems = append(problems, fmt.Sprintf("replications = %d: out of range (allowed: 1..1000, or 0 for the default)", opts.Replications))
	}
	seen := map[string]int{}
	var (
		resolved []*Scenario
		labels   []string
	)
	for i, e := range entries {
		if e.Scenario == nil {
			problems = append(problems, fmt.Sprintf("scenario %d: nil", i+1))
			continue
		}
		r := e.Scenario.Resolved()
		label := e.Label
		if label == "" {
			label = r.Name
		}
		if err := CheckLabel(label); err != nil {
			hint := ""
			if e.Label == "" {
				hint = " (the scenario's name is its label unless it is given one: write LABEL=SCENARIO)"
			}
			problems = append(problems, fmt.Sprintf("scenario %d (%s): %v%s", i+1, r.Name, err, hint))
		} else if j, dup := seen[label]; dup {
			problems = append(problems, fmt.Sprintf("scenarios %d and %d are both labelled %q: name them apart with LABEL=SCENARIO", j+1, i+1, label))
		}
		seen[label] = i
		if err := r.Validate(); err != nil {
			problems = append(problems, fmt.Sprintf("%s: invalid scenario %q: %v", label, r.Name, err))
		} else if err := models.CheckMemory(r, opts.Buckets); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", label, err))
		}
		resolved = append(resolved, r)
		labels = append(labels, label)
	}
	if len(problems) > 0 {
		return nil, &CompareError{Problems: problems}
	}
	reps, defaulted := opts.Replications, false
	if reps == 0 {
		for _, r := range resolved {
			reps = max(reps, r.Replications)
		}
		if reps <= 1 {
			reps, defaulted = CompareReplications, true
		}
	}
	seed := resolved[0].Seed
	c := &Comparison{Baseline: labels[0], Seed: seed, Replications: reps, ReplicationsDefaulted: defaulted}
	for i, r := range resolved {
		if r.Seed != seed {
			r.Seed = seed
			r.Overrides = append(r.Overrides, fmt.Sprintf("seed=%d", seed))
		}
		if r.Replications != reps {
			r.Replications = reps
			r.Overrides = append(r.Overrides, fmt.Sprintf("replications=%d", reps))
		}
		c.Runs = append(c.Runs, &ComparedRun{Label: labels[i], Scenario: r})
	}
	return &comparePlan{c: c, scens: resolved}, nil
}

// Compare runs every entry's scenario with the first one's seed (give every
// scenario the same seed with a "seed=N" override to choose another) and
// the same number of replications, on opts.Workers goroutines, and measures
// each metric's difference to the first, the baseline, over the paired
// replications.
//
// Bad input (fewer than two entries, a bad or repeated label, an invalid
// scenario) gives a *CompareError before anything runs. Entries are not
// changed. The result is the same whatever opts.Workers. Cancelling ctx
// stops the runs within about a second: Compare then returns what was
// simulated, every run marked partial, with ctx's error.
func Compare(ctx context.Context, entries []Entry, opts CompareOptions) (*Comparison, error) {
	plan, err := planCompare(entries, opts)
	if err != nil {
		return nil, err
	}
	c := plan.c
	results, err := runReplications(ctx, plan.scens, c.Replications, opts)
	if err != nil {
		return nil, err
	}
	for i, r := range results {
		c.Runs[i].Result = r
	}
	base := c.Runs[0].Result
	for _, run := range c.Runs[1:] {
		run.Differences = differences(base, run.Result)
	}
	return c, ctx.Err()
}

// runReplications runs replication r of scenario i for every i and r on one
// pool of workers, replication 0 of every scenario first, and combines each
// scenario's (models.Folder: a replication is folded as soon as those
// before it are, and only then frees its slot, so at most `workers` full
// results exist at once). Once ctx is cancelled every run still to start
// stops at once, so each scenario has its R results, the unfinished ones
// partial.
func runReplications(ctx context.Context, scens []*Scenario, reps int, opts CompareOptions) ([]*Result, error) {
	workers := models.CapWorkers(opts.Workers, opts.Buckets, scens...)
	sem := make(chan struct{}, workers)
	type task struct{ scen, rep int }
	var tasks []task
	for r := range reps {
		for i := range scens {
			tasks = append(tasks, task{i, r})
		}
	}
	folders := make([]*models.Folder, len(scens))
	for i := range folders {
		folders[i] = models.NewFolder(reps, func() { <-sem })
	}
	var (
		mu    sync.Mutex
		fracs = make([]float64, len(tasks))
	)
	progress := func(ti int) func(float64) {
		if opts.Progress == nil {
			return nil
		}
		return func(f float64) {
			mu.Lock()
			defer mu.Unlock()
			fracs[ti] = f
			sum := 0.0
			for _, x := range fracs {
				sum += x
			}
			opts.Progress(sum / float64(len(fracs)))
		}
	}
	queue := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(tasks)) {
		wg.Go(func() {
			for ti := range queue {
				t := tasks[ti]
				ro := models.RunOptions{Buckets: opts.Buckets, Stop: ctx.Done(), Progress: progress(ti)}
				res, err := models.RunReplication(scens[t.scen], t.rep, ro)
				if err != nil {
					err = fmt.Errorf("%s, replication %d: %w", scens[t.scen].Name, t.rep, err)
				}
				folders[t.scen].Done(t.rep)(res, err)
			}
		})
	}
	for ti := range tasks {
		sem <- struct{}{}
		queue <- ti
	}
	close(queue)
	wg.Wait()
	out := make([]*Result, len(scens))
	for i, f := range folders {
		r, err := f.Result()
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// replicas is a result's summaries, one per replication.
func replicas(r *Result) []*Summary {
	if r.Replicated() {
		return r.Replicas
	}
	return []*Summary{r.Summary}
}

// orderedKeys lists the metric keys of s: the headline metrics first, in
// their order, then every other metric in summary.json's order.
func orderedKeys(s *Summary) []MetricKey {
	var out []MetricKey
	for _, m := range models.Headlines() {
		out = append(out, m.Keys(s)...)
	}
	for _, m := range models.Metrics() {
		if m.Headline == 0 {
			out = append(out, m.Keys(s)...)
		}
	}
	return out
}

// differences measures every metric key present in both base and other
// (in every replication) as other − base over the paired replications.
func differences(base, other *Result) []Difference {
	bs, ot := replicas(base), replicas(other)
	n := min(len(bs), len(ot))
	var out []Difference
	xs := make([]float64, n)
keys:
	for _, k := range orderedKeys(base.Summary) {
		for i := range n {
			b, okb := k.Get(bs[i])
			o, oko := k.Get(ot[i])
			if !okb || !oko {
				continue keys
			}
			xs[i] = o - b
		}
		d := Difference{Key: k}
		d.Base, _ = base.Value(k)
		d.Value, _ = other.Value(k)
		d.Diff, d.CI95 = pairedInterval(xs)
		d.Significant = n >= 2 && math.Abs(d.Diff) > d.CI95
		out = append(out, d)
	}
	return out
}

// pairedInterval is the mean of the paired differences xs and its 95%
// confidence half-width, t(0.975, n−1) · sd / √n with sd the sample
// standard deviation; the half-width is 0 for one pair.
func pairedInterval(xs []float64) (mean, ci95 float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	return mean, t * sd / math.Sqrt(n)
}

// Partial reports whether any run was stopped before it finished.
func (c *Comparison) Partial() bool {
	for _, r := range c.Runs {
		if r.Result != nil && r.Result.Partial() {
			return true
		}
	}
	return false
}

// Run is the run labelled label, or nil.
func (c *Comparison) Run(label string) *ComparedRun {
	for _, r := range c.Runs {
		if r.Label == label {
			return r
		}
	}
	return nil
}

// Difference is run label's difference to the baseline in the metric at
// path, a concrete dotted path of summary.json ("latency_ms.p99",
// "databases.orders.peak_connections") or an --assert shortcut ("p99").
func (c *Comparison) Difference(label, path string) (Difference, bool) {
	r := c.Run(label)
	k, err := models.Lookup(path)
	if r == nil || err != nil {
		return Difference{}, false
	}
	for _, d := range r.Differences {
		if d.Key == k {
			return d, true
		}
	}
	return Difference{}, false
}
