package stampede

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stampede-sim/stampede/models"
)

// Sweep is a grid of what-ifs around one scenario: one run, with its
// replications, per point of the product of the varied keys.
//
//	sw := stampede.Sweep{
//		Scenario: "provisioned",
//		Vary:     []string{"function.api.provisioned_concurrency=0:300:25"},
//		Assert:   []string{"p99<300ms"},
//		Pick:     stampede.PickCheapest,
//	}
//	res, err := stampede.RunSweep(ctx, sw, stampede.SweepOptions{})
//	// res.Picked(): the cheapest point whose p99 is under 300 ms
//
// Point p's scenario is Scenario loaded with Overrides and then the point's
// values, as --set overrides: every value is checked exactly as --set
// checks it, for every point, before anything runs.
type Sweep struct {
	// Scenario is a path to a .toml file or the name of a built-in.
	Scenario string
	// Overrides are --set values (KEY=VALUE) for every point, applied
	// before the point's own. The CLI puts --seed, --duration and
	// --replications here as seed=, duration= and replications=.
	Overrides []string
	// Vary are the --vary specs (see ParseVary); the first varies slowest.
	Vary []string
	// Assert are --assert expressions (see models.ParseAssertion). A point
	// is ok when every one holds (with replications, on the means, or on
	// the intervals' bounds with AssertOn) and its run finished; with none,
	// every finished point is ok.
	Assert   []string
	AssertOn models.AssertOn
	// Pick chooses one ok point: "" (none) or PickCheapest.
	Pick string
	// Shard selects the points to run: the zero Shard runs them all.
	Shard Shard
}

// PickCheapest picks the ok point with the lowest cost.monthly_usd; of
// points that cost the same, the earlier.
const PickCheapest = "cheapest"

// SweepOptions control a sweep without changing its results.
type SweepOptions struct {
	// Workers is how many runs (points and their replications) go at once
	// (0: one per CPU). Results do not depend on it.
	Workers int
	// Buckets is the number of time-series buckets of each run (0: 600).
	// A sweep writes no time series; it does not change a summary.
	Buckets int
	// Progress, when set, is called as the sweep advances (from one
	// goroutine at a time).
	Progress func(SweepProgress)
}

// SweepProgress is how far a sweep has come.
type SweepProgress struct {
	Done, Total int     // points finished, points to run (the shard's)
	Fraction    float64 // of all the runs' simulated time
	Elapsed     time.Duration
	// Remaining is an estimate from the pace so far; 0 until there is one.
	Remaining time.Duration
}

// SweepError is bad input to a sweep: every problem found, one per line
// (every bad point is named with its index and values).
type SweepError struct {
	Problems []string
}

func (e *SweepError) Error() string { return strings.Join(e.Problems, "\n") }

// SweepIdentity is what makes two sweeps the same sweep: the resolved base
// scenario, the --set values as given, the grid, the assertions, the pick
// rule and stampede's version. Shards of one sweep share it; ID is a hash
// of the rest and of the grid.
type SweepIdentity struct {
	ID           string   `json:"id"`
	Version      string   `json:"version"`
	Scenario     string   `json:"scenario"`  // the scenario's name
	Overrides    []string `json:"overrides"` // for every point, as given
	Assert       []string `json:"assert"`
	AssertOn     string   `json:"assert_on"` // mean or bound
	Pick         string   `json:"pick"`
	Replications int      `json:"replications"`
	Points       int      `json:"points"`        // in the grid
	ScenarioTOML string   `json:"scenario_toml"` // the base scenario resolved, before the point's values
}

// identityHash is the hash of an identity (without its ID) and a grid.
func identityHash(id SweepIdentity, g *Grid) string {
	id.ID = ""
	b, _ := json.Marshal(struct {
		Identity SweepIdentity `json:"identity"`
		Grid     []Vary        `json:"grid"`
	}{id, g.Vary})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// SweepPlan is a sweep whose every point has been loaded and checked, ready
// to run.
type SweepPlan struct {
	Sweep    Sweep
	Base     *Scenario // Scenario with Overrides, before any point's values
	Grid     *Grid
	Identity SweepIdentity
	asserts  []models.Assertion
	points   []Point     // the shard's points, in order
	scens    []*Scenario // their scenarios
}

// PlanSweep loads the base scenario and every point of the grid and checks
// them: a bad base scenario is a *scenarios.Error; bad --vary, --assert,
// --pick or --shard, or bad points (each named with its index and values),
// a *SweepError. Nothing is simulated.
func PlanSweep(sw Sweep) (*SweepPlan, error) {
	var problems []string
	grid, err := NewGrid(sw.Vary...)
	if err != nil {
		problems = append(problems, err.Error())
	}
	var asserts []models.Assertion
	for _, e := range sw.Assert {
		a, err := models.ParseAssertion(e)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		a.On = sw.AssertOn
		asserts = append(asserts, a)
	}
	if sw.Pick != "" && sw.Pick != PickCheapest {
		problems = append(problems, fmt.Sprintf("--pick %q: allowed: %s", sw.Pick, PickCheapest))
	}
	if sw.Shard.Count < 0 || sw.Shard.Count > 0 && (sw.Shard.Index < 0 || sw.Shard.Index >= sw.Shard.Count) {
		problems = append(problems, fmt.Sprintf("shard %d/%d: want I/N with 0 ≤ I < N", sw.Shard.Index, sw.Shard.Count))
	}
	if len(problems) > 0 {
		return nil, &SweepError{Problems: problems}
	}
	base, err := Load(sw.Scenario, sw.Overrides...)
	if err != nil {
		return nil, err
	}
	if err := models.CheckNames(base, asserts); err != nil {
		return nil, &SweepError{Problems: []string{err.Error()}}
	}

	// Every point, on every CPU: a bad value anywhere fails the sweep (and
	// every shard of it) before anything runs.
	n := grid.Len()
	scens := make([]*Scenario, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for p := range next {
				pt := grid.Point(p)
				if !sw.Shard.Has(p) {
					// Checked, not kept.
					_, errs[p] = loadPoint(sw, pt, asserts)
					continue
				}
				scens[p], errs[p] = loadPoint(sw, pt, asserts)
			}
		})
	}
	for p := range n {
		next <- p
	}
	close(next)
	wg.Wait()
	for p, err := range errs {
		if err != nil {
			msg := strings.ReplaceAll(err.Error(), "\n", "\n    ")
			problems = append(problems, fmt.Sprintf("%s: %s", grid.Point(p), msg))
		}
	}
	if len(problems) > 0 {
		verb := "are"
		if len(problems) == 1 {
			verb = "is"
		}
		bad := fmt.Sprintf("%d of %d points %s invalid:", len(problems), n, verb)
		return nil, &SweepError{Problems: append([]string{bad}, problems...)}
	}

	plan := &SweepPlan{Sweep: sw, Base: base, Grid: grid, asserts: asserts}
	for p := range n {
		if sw.Shard.Has(p) {
			plan.points = append(plan.points, grid.Point(p))
			plan.scens = append(plan.scens, scens[p])
		}
	}
	plan.Identity = SweepIdentity{
		Version: Version, Scenario: base.Name, Overrides: sweepStrings(sw.Overrides), Assert: sweepStrings(sw.Assert),
		AssertOn: sw.AssertOn.String(), Pick: sw.Pick, Replications: max(base.Replications, 1), Points: n, ScenarioTOML: string(TOML(base)),
	}
	plan.Identity.ID = identityHash(plan.Identity, grid)
	return plan, nil
}

func sweepStrings(xs []string) []string { return append([]string{}, xs...) }

func loadPoint(sw Sweep, pt Point, asserts []models.Assertion) (*Scenario, error) {
	sc, err := Load(sw.Scenario, append(append([]string{}, sw.Overrides...), pt.Overrides()...)...)
	if err != nil {
		return nil, err
	}
	return sc, models.CheckNames(sc, asserts)
}

// Points lists the points the plan runs: the grid's, or its shard's.
func (pl *SweepPlan) Points() []Point { return pl.points }

// Scenario is the scenario of the plan's i-th point (of Points()).
func (pl *SweepPlan) Scenario(i int) *Scenario { return pl.scens[i] }

// RunSweep plans the sweep (PlanSweep) and runs it (SweepPlan.Run).
func RunSweep(ctx context.Context, sw Sweep, opts SweepOptions) (*SweepResult, error) {
	plan, err := PlanSweep(sw)
	if err != nil {
		return nil, err
	}
	return plan.Run(ctx, opts)
}

// CheckMemory refuses, before any run, a plan one of whose points would
// need more than MemoryBudget for one replication (see CheckMemory); Run
// checks it first.
func (pl *SweepPlan) CheckMemory(buckets int) error {
	for i, sc := range pl.scens {
		if err := models.CheckMemory(sc, buckets); err != nil {
			return fmt.Errorf("%s: %w", pl.points[i], err)
		}
	}
	return nil
}

// Run runs the plan's points, each with its replications, on
// opts.Workers goroutines. Every run draws from its own random streams, so
// the result is the same whatever the workers or the shards. Cancelling
// ctx stops the runs under way within about a second: Run then returns the
// points that were under way (partial) or done, marked partial, with ctx's
// error.
func (pl *SweepPlan) Run(ctx context.Context, opts SweepOptions) (*SweepResult, error) {
	if err := pl.CheckMemory(opts.Buckets); err != nil {
		return nil, err
	}
	workers := models.CapWorkers(opts.Workers, opts.Buckets, pl.scens...)
	// A task's slot is taken before it is handed out and freed when its
	// replication is folded into its point (models.Folder), so at most
	// `workers` full results exist at once (issue 11).
	sem := make(chan struct{}, workers)
	type task struct{ slot, rep int }
	var tasks []task
	reps := make([]int, len(pl.points))
	for i, sc := range pl.scens {
		reps[i] = max(sc.Replications, 1)
		for r := range reps[i] {
			tasks = append(tasks, task{i, r})
		}
	}
	folders := make([]*models.Folder, len(pl.points))
	for i := range folders {
		folders[i] = models.NewFolder(reps[i], func() { <-sem })
	}
	left := append([]int(nil), reps...)
	dispatched := make([]int, len(pl.points))
	done := make([]*PointResult, len(pl.points))

	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		fracs    = make([]float64, len(tasks))
		nDone    int
		start    = time.Now()
	)
	report := func() { // with mu held
		if opts.Progress == nil {
			return
		}
		sum := 0.0
		for _, f := range fracs {
			sum += f
		}
		p := SweepProgress{Done: nDone, Total: len(pl.points), Elapsed: time.Since(start)}
		if len(tasks) > 0 {
			p.Fraction = sum / float64(len(tasks))
		}
		if p.Fraction > 0 {
			p.Remaining = time.Duration(float64(p.Elapsed) * (1 - p.Fraction) / p.Fraction)
		}
		opts.Progress(p)
	}
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
		cancel()
	}

	queue := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(tasks), 1)) {
		wg.Go(func() {
			for ti := range queue {
				t := tasks[ti]
				ro := models.RunOptions{Buckets: opts.Buckets, Stop: stop.Done()}
				if opts.Progress != nil {
					ro.Progress = func(f float64) {
						mu.Lock()
						defer mu.Unlock()
						fracs[ti] = f
						report()
					}
				}
				res, err := models.RunReplication(pl.scens[t.slot], t.rep, ro)
				folders[t.slot].Done(t.rep)(res, err)
				if err != nil {
					fail(fmt.Errorf("%s: %w", pl.points[t.slot], err))
					continue
				}
				mu.Lock()
				left[t.slot]--
				last := left[t.slot] == 0
				mu.Unlock()
				if !last {
					continue
				}
				combined, err := folders[t.slot].Result()
				var pr *PointResult
				if err == nil {
					pr, err = pl.finish(t.slot, combined)
				}
				mu.Lock()
				folders[t.slot] = nil
				if err == nil {
					done[t.slot] = pr
					nDone++
					fracs[ti] = 1
					report()
				}
				mu.Unlock()
				if err != nil {
					fail(err)
				}
			}
		})
	}
dispatch:
	for ti, t := range tasks {
		select {
		case <-stop.Done():
			break dispatch
		case sem <- struct{}{}:
		}
		select {
		case <-stop.Done():
			break dispatch
		case queue <- ti:
			dispatched[t.slot]++
		}
	}
	close(queue)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}

	res := &SweepResult{Identity: pl.Identity, Grid: pl.Grid, Shard: pl.Sweep.Shard, Partial: ctx.Err() != nil}
	for i, pr := range done {
		if pr == nil || dispatched[i] < reps[i] {
			res.Partial = true // not run, or not all its replications
			continue
		}
		res.Points = append(res.Points, *pr)
		res.Partial = res.Partial || pr.Partial
	}
	res.choose()
	if res.Pick >= 0 {
		for i, pt := range pl.points {
			if pt.Index == res.Points[res.Pick].Index {
				res.bestTOML = TOML(pl.scens[i])
			}
		}
	}
	return res, ctx.Err()
}

// finish turns a point's combined result into its record: summary.json as
// `run` writes it, and the assertions checked.
func (pl *SweepPlan) finish(slot int, r *models.Result) (*PointResult, error) {
	js, err := r.SummaryJSON()
	if err != nil {
		return nil, err
	}
	checks, err := models.Check(r, pl.asserts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pl.points[slot], err)
	}
	pr := &PointResult{Point: pl.points[slot], Partial: r.Partial(), Summary: js}
	pr.index()
	pr.OK = !pr.Partial
	for _, c := range checks {
		pr.Checks = append(pr.Checks, PointCheck{Assert: c.Expr, Path: c.Path, Actual: c.Actual, OK: c.OK})
		pr.OK = pr.OK && c.OK
	}
	return pr, nil
}

// Shard is one of Count shards of a sweep: it runs the points p with
// p mod Count = Index. The zero Shard is the whole sweep.
type Shard struct {
	Index, Count int
}

// Sharded reports whether s is a shard rather than the whole sweep.
func (s Shard) Sharded() bool { return s.Count > 0 }

// Has reports whether point p belongs to s.
func (s Shard) Has(p int) bool { return s.Count == 0 || p%s.Count == s.Index }

func (s Shard) String() string {
	if !s.Sharded() {
		return "all points"
	}
	return fmt.Sprintf("shard %d of %d", s.Index, s.Count)
}

// ShardEnv lists the environment variables `--shard auto/N` reads the
// index from, in the order it looks: a Kubernetes Indexed Job, an AWS Batch
// array job, a Slurm job array.
func ShardEnv() []struct{ Name, Engine string } {
	return []struct{ Name, Engine string }{
		{"JOB_COMPLETION_INDEX", "Kubernetes Indexed Job"},
		{"AWS_BATCH_JOB_ARRAY_INDEX", "AWS Batch array job"},
		{"SLURM_ARRAY_TASK_ID", "Slurm job array"},
	}
}

// ParseShard parses --shard: I/N (0 ≤ I < N), or auto/N, which takes I
// from the first of ShardEnv() that getenv finds set.
func ParseShard(spec string, getenv func(string) string) (Shard, error) {
	is, ns, ok := strings.Cut(spec, "/")
	n, err := strconv.Atoi(ns)
	if !ok || err != nil || n < 1 {
		return Shard{}, fmt.Errorf("--shard %q: expected I/N or auto/N with N ≥ 1 shards, e.g. --shard 0/4 or --shard auto/4", spec)
	}
	if is != "auto" {
		i, err := strconv.Atoi(is)
		if err != nil || i < 0 || i >= n {
			return Shard{}, fmt.Errorf("--shard %q: I must be a whole number from 0 to %d", spec, n-1)
		}
		return Shard{Index: i, Count: n}, nil
	}
	var from, val string
	for _, e := range ShardEnv() {
		v := strings.TrimSpace(getenv(e.Name))
		if v == "" {
			continue
		}
		if from != "" && v != val {
			return Shard{}, fmt.Errorf("--shard %s: %s=%s and %s=%s disagree: unset one", spec, from, val, e.Name, v)
		}
		if from == "" {
			from, val = e.Name, v
		}
	}
	if from == "" {
		var names []string
		for _, e := range ShardEnv() {
			names = append(names, fmt.Sprintf("%s (%s)", e.Name, e.Engine))
		}
		return Shard{}, fmt.Errorf("--shard %s: none of %s is set: run it as a task of an array job, or give the index: --shard I/%d",
			spec, strings.Join(names, ", "), n)
	}
	i, err := strconv.Atoi(val)
	if err != nil || i < 0 {
		return Shard{}, fmt.Errorf("--shard %s: %s=%q is not a shard index (a whole number from 0)", spec, from, val)
	}
	if i >= n {
		hint := fmt.Sprintf("run exactly %d tasks, numbered 0 to %d", n, n-1)
		switch from {
		case "SLURM_ARRAY_TASK_ID":
			hint = fmt.Sprintf("submit the array with --array=0-%d", n-1)
		case "JOB_COMPLETION_INDEX":
			hint = fmt.Sprintf("set the Job's completions and parallelism to %d", n)
		case "AWS_BATCH_JOB_ARRAY_INDEX":
			hint = fmt.Sprintf("submit the job with arrayProperties.size %d", n)
		}
		return Shard{}, fmt.Errorf("--shard %s: %s=%d is not a shard of %d (0 to %d): %s", spec, from, i, n, n-1, hint)
	}
	return Shard{Index: i, Count: n}, nil
}
