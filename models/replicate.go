package models

import (
	"runtime"
	"sync"

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
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Results do not depend on the workers, so fewer of them only cost
	// time: keep the replications running at once within MemoryBudget.
	workers = min(workers, max(1, int(MemoryBudget/ReplicationBytes(sc, opts.Buckets))))
	prog := newProgress(n, opts.Progress)
	// A replication's time series and histograms (functions × buckets ×
	// columns) are folded into the combined result as soon as every
	// replication before it is done, in order, so that the sums are the
	// same whatever the workers; only its summary is kept. A worker's slot
	// is freed at the fold, so at most `workers` replications' full results
	// exist at once, however many replications there are (issue 11).
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	f := newFolder(n, sem)
	for r := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			sys, err := Build(sc, r, opts.Buckets)
			if err != nil {
				f.done(r, nil, err)
				return
			}
			o := opts
			o.Progress = prog.of(r)
			f.done(r, sys.Run(o), nil)
		}()
	}
	wg.Wait()
	return f.result()
}

// folder combines replications' results in order as they finish (see
// RunScenario); with one replication it keeps the result as it is.
type folder struct {
	mu     sync.Mutex
	sem    chan struct{}
	n      int
	next   int       // the first replication not folded yet
	ready  []*Result // finished, waiting for the ones before them
	errs   []error   // by replication: the first in order is returned
	first  *Result
	sums   []*Summary
	series *Series // Σ series / n, column by column, in replication order
	lat    *stats.Histogram
	events uint64
}

func newFolder(n int, sem chan struct{}) *folder {
	return &folder{sem: sem, n: n, ready: make([]*Result, n), errs: make([]error, n),
		sums: make([]*Summary, n), lat: stats.NewHistogram()}
}

// done: replication r ended with res, or err.
func (f *folder) done(r int, res *Result, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ready[r], f.errs[r] = res, err
	for f.next < f.n && (f.ready[f.next] != nil || f.errs[f.next] != nil) {
		if x := f.ready[f.next]; x != nil {
			f.fold(x)
		}
		f.ready[f.next] = nil
		f.next++
		<-f.sem
	}
}

// fold adds one replication, the next in order, as averageSeries and
// combine would.
func (f *folder) fold(x *Result) {
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
	f.events += x.Events
}

func (f *folder) result() (*Result, error) {
	for _, err := range f.errs {
		if err != nil {
			return nil, err
		}
	}
	if f.n == 1 {
		return f.first, nil
	}
	return &Result{Summary: f.sums[0], Replicas: f.sums, Estimates: estimates(f.sums), Series: f.series,
		Latency: f.lat, Events: f.events}, nil
}

// progress turns per-replication fractions into one overall fraction.
type progress struct {
	mu   sync.Mutex
	done []float64
	fn   func(float64)
}

func newProgress(n int, fn func(float64)) *progress {
	return &progress{done: make([]float64, n), fn: fn}
}

func (p *progress) of(r int) func(float64) {
	if p.fn == nil {
		return nil
	}
	return func(f float64) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.done[r] = f
		total := 0.0
		for _, d := range p.done {
			total += d
		}
		p.fn(total / float64(len(p.done)))
	}
}

// combine joins the replications: the first one's summary, every
// summary, the estimates of every metric, the mean time series and the
// merged latency histogram.
func combine(rs []*Result) *Result {
	sums := make([]*Summary, len(rs))
	for i, r := range rs {
		sums[i] = r.Summary
	}
	out := &Result{Summary: sums[0], Replicas: sums, Estimates: estimates(sums), Series: averageSeries(rs),
		Latency: stats.NewHistogram()}
	for _, r := range rs {
		out.Latency.Merge(r.Latency)
		out.Events += r.Events
	}
	return out
}

// averageSeries is the replications' time series, column by column and
// bucket by bucket the mean over replications.
func averageSeries(rs []*Result) *Series {
	out := rs[0].Series.clone()
	dst := out.slices()
	for _, col := range dst {
		clear(*col)
	}
	for _, r := range rs {
		for c, col := range r.Series.slices() {
			for i, v := range *col {
				(*dst[c])[i] += v / float64(len(rs))
			}
		}
	}
	return out
}

// MemoryBudget bounds the estimated state of the replications that run at
// once (ReplicationBytes × workers); RunScenario runs fewer at once rather
// than exceed it. One replication larger than the budget still runs.
const MemoryBudget = 2 << 30

// ReplicationBytes estimates the memory of one running replication from
// the scenario's structure alone: its latency histograms (≈ 200 KB each:
// two per function in lambda.Stats, one per function and per workload in
// the metrics, three overall) and its time series (about 24 columns per
// function, queue and database, 40 overall, of one float64 per bucket).
// Issue 11 measured ≈ 0.7 MB per function at 600 buckets.
func ReplicationBytes(sc *Scenario, buckets int) int64 {
	if buckets <= 0 {
		buckets = DefaultBuckets
	}
	const histBytes, columns, overall = 200 << 10, 24, 40
	f, w := int64(len(sc.Functions)), int64(len(sc.Workloads))
	hists := 3*f + w + 3
	cols := columns*(f+int64(len(sc.Queues))+int64(len(sc.Databases))) + overall
	return hists*histBytes + cols*int64(buckets)*8
}
