package models

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// RunScenario runs sc.Replications independent replications on up to workers
// goroutines (0: one per CPU) and combines them. Replication r draws from
// streams keyed by (seed, r), so the result does not depend on workers.
// With one replication the result is that replication's; with more, it
// holds every replication's summary and, in Result.Estimates, every
// metric's mean over replications with its 95% confidence half-width
// (Student's t with R−1 degrees of freedom).
func RunScenario(sc *Scenario, workers int, opts RunOptions) (*Result, error) {
	n := max(sc.Replications, 1)
	if err := CheckMemory(sc, opts.Buckets); err != nil {
		return nil, err
	}
	workers = CapWorkers(workers, opts.Buckets, sc)
	prog := newProgress(n, sc.Duration, opts.Progress, opts.Status)
	// A worker's slot is freed when its replication is folded (Folder), so
	// at most `workers` replications' full results exist at once, however
	// many replications there are (issue 11).
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	f := NewFolder(n, func() { <-sem })
	for r := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			o := opts
			o.Progress = prog.of(r)
			f.Done(r)(RunReplication(sc, r, o))
		}()
	}
	wg.Wait()
	return f.Result()
}

// CapWorkers is the replications to run at once, of scens' at buckets:
// workers (0: one per CPU), but no more than MemoryBudget holds of the
// largest (ReplicationBytes), and at least one. Results do not depend on
// the workers, so fewer only cost time.
func CapWorkers(workers, buckets int, scens ...*Scenario) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var biggest int64 = 1
	for _, sc := range scens {
		biggest = max(biggest, ReplicationBytes(sc, buckets))
	}
	return min(workers, max(1, int(MemoryBudget/biggest)))
}

// Folder combines the replications 0…n−1 of one scenario as they finish
// (Combine is it fed in order): a replication's time series and histograms are
// folded into the combined result as soon as every replication before it
// is done, in order, so that the sums are the same whatever the order of
// finishing; only its summary is kept (issue 11). Release, when set, is
// called once per replication as it is folded, so that a pool can bound
// the full results that exist at once.
type Folder struct {
	mu      sync.Mutex
	release func()
	n       int
	next    int       // the first replication not folded yet
	ready   []*Result // finished, waiting for the ones before them
	errs    []error   // by replication: the first in order is returned
	first   *Result
	sums    []*Summary
	series  *Series // Σ series / n, column by column, in replication order
	lat     *stats.Histogram
	byFn    map[string]*stats.Histogram
	byWl    map[string]*stats.Histogram
	events  uint64
}

// NewFolder returns a Folder for n replications.
func NewFolder(n int, release func()) *Folder {
	return &Folder{release: release, n: n, ready: make([]*Result, n), errs: make([]error, n),
		sums: make([]*Summary, n), lat: stats.NewHistogram()}
}

// Done returns the function that takes replication r's outcome: its result,
// or the error that stopped it.
func (f *Folder) Done(r int) func(*Result, error) {
	return func(res *Result, err error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.ready[r], f.errs[r] = res, err
		for f.next < f.n && (f.ready[f.next] != nil || f.errs[f.next] != nil) {
			if x := f.ready[f.next]; x != nil {
				f.fold(x)
			}
			f.ready[f.next] = nil
			f.next++
			if f.release != nil {
				f.release()
			}
		}
	}
}

// fold adds one replication, the next in order: its summary is kept, its
// series added at 1/n of each value, its histogram merged.
func (f *Folder) fold(x *Result) {
	f.sums[f.next] = x.Summary
	if f.n == 1 {
		f.first = x
		return
	}
	if f.series == nil {
		f.series = x.Series.clone()
		for _, col := range f.series.slices() {
			clear(*col)
		}
	}
	dst := f.series.slices()
	for c, col := range x.Series.slices() {
		for i, v := range *col {
			(*dst[c])[i] += v / float64(f.n)
		}
	}
	f.lat.Merge(x.Latency)
	f.byFn, f.byWl = mergeApart(f.byFn, x.ByFunction), mergeApart(f.byWl, x.ByWorkload)
	f.events += x.Events
}

// mergeApart merges each named histogram of src into dst's (made on the
// first fold; nil stays nil).
func mergeApart(dst, src map[string]*stats.Histogram) map[string]*stats.Histogram {
	if src == nil {
		return dst
	}
	if dst == nil {
		dst = map[string]*stats.Histogram{}
	}
	for name, h := range src {
		if dst[name] == nil {
			dst[name] = stats.NewHistogram()
		}
		dst[name].Merge(h)
	}
	return dst
}

// Result is the combined result once every replication is done; the first
// error in replication order if any failed.
func (f *Folder) Result() (*Result, error) {
	for _, err := range f.errs {
		if err != nil {
			return nil, err
		}
	}
	if f.n == 1 {
		return f.first, nil
	}
	return &Result{Summary: f.sums[0], Replicas: f.sums, Estimates: estimates(f.sums), Series: f.series,
		Latency: f.lat, ByFunction: f.byFn, ByWorkload: f.byWl, Events: f.events}, nil
}

// Progress is how far a run with replications has come.
type Progress struct {
	Done         float64 // of all the replications' simulated time
	Finished     int     // replications done
	Replications int
	// Clock is the simulated time reached by the running replication
	// furthest ahead (the next to finish), of Duration; Duration once
	// every replication has finished.
	Clock, Duration sim.Time
}

// progress turns per-replication fractions into one overall fraction and
// a Progress.
type progress struct {
	mu       sync.Mutex
	done     []float64
	duration sim.Time
	fn       func(float64)
	status   func(Progress)
}

func newProgress(n int, duration sim.Time, fn func(float64), status func(Progress)) *progress {
	return &progress{done: make([]float64, n), duration: duration, fn: fn, status: status}
}

func (p *progress) of(r int) func(float64) {
	if p.fn == nil && p.status == nil {
		return nil
	}
	return func(f float64) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.done[r] = f
		st := Progress{Replications: len(p.done), Duration: p.duration}
		ahead := -1.0
		for _, d := range p.done {
			st.Done += d
			if d >= 1 {
				st.Finished++
			} else {
				ahead = max(ahead, d)
			}
		}
		st.Done /= float64(len(p.done))
		st.Clock = p.duration
		if ahead >= 0 {
			st.Clock = sim.Time(ahead * float64(p.duration))
		}
		if p.fn != nil {
			p.fn(st.Done)
		}
		if p.status != nil {
			p.status(st)
		}
	}
}

// MemoryBudget bounds the estimated state of the replications that run at
// once (ReplicationBytes × workers): runs go fewer at once rather than
// exceed it, and a scenario one replication of which would exceed it is
// refused before any run (CheckMemory).
const MemoryBudget = 2 << 30

// TooLargeError is a scenario refused by CheckMemory.
type TooLargeError struct {
	Scenario             string
	Histograms, Series   int64 // the estimate's parts, bytes
	Functions, Workloads int
	Buckets              int
}

func (e *TooLargeError) Error() string {
	gib := func(b int64) float64 { return float64(b) / (1 << 30) }
	return fmt.Sprintf("scenario %q: one replication needs an estimated %.1f GiB, more than the %d GiB memory budget: "+
		"%.1f GiB of latency histograms (%d functions, %d workloads) and %.1f GiB of time series (%d buckets); "+
		"allowed: fewer functions or workloads, or fewer buckets (--buckets)",
		e.Scenario, gib(e.Histograms+e.Series), MemoryBudget>>30, gib(e.Histograms), e.Functions, e.Workloads,
		gib(e.Series), e.Buckets)
}

// CheckMemory refuses, before any run, a scenario one replication of which
// would need more than MemoryBudget (ReplicationBytes) at buckets (0: the
// default).
func CheckMemory(sc *Scenario, buckets int) error {
	if buckets <= 0 {
		buckets = DefaultBuckets
	}
	h, ser := replicationParts(sc, buckets)
	if h+ser <= MemoryBudget {
		return nil
	}
	return &TooLargeError{Scenario: sc.Name, Histograms: h, Series: ser,
		Functions: len(sc.Functions), Workloads: len(sc.Workloads), Buckets: buckets}
}

// ReplicationBytes estimates the memory of one running replication from
// the scenario's structure alone: its latency histograms (two per function
// in lambda.Stats, cold and warm per workload, three overall, at ≈ 8 KB
// each: up to 512 exact values, then the octaves they reach), the
// windowed latency's one histogram (9.5 KB, reused bucket after bucket)
// and its count, p50 and p99 per bucket (24 bytes), and its time series (one
// column per function, about 24 per queue and database, 40 overall, of one
// float64 per bucket). Issue 12 measured ≈ 15 KB per function and workload
// at 600 buckets; the estimate is deliberately above that.
func ReplicationBytes(sc *Scenario, buckets int) int64 {
	if buckets <= 0 {
		buckets = DefaultBuckets
	}
	h, ser := replicationParts(sc, buckets)
	return h + ser
}

// replicationParts is ReplicationBytes' histograms and series.
func replicationParts(sc *Scenario, buckets int) (hist, series int64) {
	const histBytes, windowed, perBucket, columns, overall = 8 << 10, 9728, 24, 24, 40
	f, w := int64(len(sc.Functions)), int64(len(sc.Workloads))
	hists := 2*f + 2*w + 3
	cols := f + columns*(int64(len(sc.Queues))+int64(len(sc.Databases))) + overall
	return hists*histBytes + windowed + int64(buckets)*perBucket, cols * int64(buckets) * 8
}
