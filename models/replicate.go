package models

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede/sim/stats"
)

// RunScenario runs sc.Replications independent replications on up to workers
// goroutines (0: one per CPU) and combines them. Replication r draws from
// streams keyed by (seed, r), so the result does not depend on workers.
// With one replication the result is that replication's; with more, every
// metric is the mean over replications and Summary.CI95 holds the 95%
// confidence half-widths (Student's t with R−1 degrees of freedom).
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
	return combine(sc, results)
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

func combine(sc *Scenario, rs []*Result) (*Result, error) {
	trees := make([]any, len(rs))
	partial := false
	for i, r := range rs {
		b, err := json.Marshal(r.Summary)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &trees[i]); err != nil {
			return nil, err
		}
		partial = partial || r.Summary.Partial
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(rs) - 1)}.Quantile(0.975)
	meanTree, ciTree := aggregate(trees, t)
	var mean, ci Summary
	if err := remarshal(meanTree, &mean); err != nil {
		return nil, err
	}
	if err := remarshal(ciTree, &ci); err != nil {
		return nil, err
	}
	mean.Seed, ci.Seed = sc.Seed, 0
	mean.Replications, ci.Replications = len(rs), 0
	mean.Partial, ci.Partial = partial, false
	mean.CI95 = &ci
	out := &Result{Summary: &mean, Series: averageSeries(rs), Latency: stats.NewHistogram()}
	for _, r := range rs {
		out.Latency.Merge(r.Latency)
		out.Events += r.Events
	}
	return out, nil
}

// aggregate walks the replications' JSON trees in parallel: numbers become
// their mean and t·s/√n; other values are taken from the first replication.
func aggregate(trees []any, t float64) (mean, ci any) {
	switch first := trees[0].(type) {
	case float64:
		var sum, sq float64
		for _, x := range trees {
			sum += x.(float64)
		}
		m := sum / float64(len(trees))
		for _, x := range trees {
			d := x.(float64) - m
			sq += d * d
		}
		sd := math.Sqrt(sq / float64(len(trees)-1))
		return m, t * sd / math.Sqrt(float64(len(trees)))
	case map[string]any:
		mm, cm := map[string]any{}, map[string]any{}
		for k := range first {
			sub := make([]any, 0, len(trees))
			for _, tr := range trees {
				if v, ok := tr.(map[string]any)[k]; ok {
					sub = append(sub, v)
				}
			}
			if len(sub) == len(trees) {
				mm[k], cm[k] = aggregate(sub, t)
			}
		}
		return mm, cm
	}
	return trees[0], trees[0]
}

func remarshal(tree any, dst *Summary) error {
	b, err := json.Marshal(tree)
	if err != nil {
		return fmt.Errorf("combining replications: %w", err)
	}
	return json.Unmarshal(b, dst)
}

func averageSeries(rs []*Result) *Series {
	first := rs[0].Series
	out := &Series{WidthS: first.WidthS, Columns: first.Columns}
	for c := range first.Columns {
		col := make([]float64, len(first.Values[c]))
		for _, r := range rs {
			for i, v := range r.Series.Values[c] {
				col[i] += v / float64(len(rs))
			}
		}
		out.Values = append(out.Values, col)
	}
	return out
}
