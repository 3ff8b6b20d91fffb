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
	results := make([]*Result, n)
	errs := make([]error, n)
	prog := newProgress(n, opts.Progress)
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for r := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			sys, err := Build(sc, r, opts.Buckets)
			if err != nil {
				errs[r] = err
				return
			}
			o := opts
			o.Progress = prog.of(r)
			results[r] = sys.Run(o)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if n == 1 {
		return results[0], nil
	}
	return combine(results), nil
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
