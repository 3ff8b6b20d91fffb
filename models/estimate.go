package models

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate is a metric over replications: the mean of the replications'
// values and the 95% confidence half-width of that mean (Student's t with
// R − 1 degrees of freedom). For a single run, Mean is the run's value and
// CI95 is 0.
type Estimate struct {
	Mean float64
	CI95 float64
}

// t975 is Student's t 0.975 quantile with n − 1 degrees of freedom.
func t975(n int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
}

// estimate is the mean of xs and t·s/√n, s the sample standard deviation.
func estimate(xs []float64, t float64) Estimate {
	n := float64(len(xs))
	var sum, sq float64
	for _, x := range xs {
		sum += x
	}
	m := sum / n
	for _, x := range xs {
		d := x - m
		sq += d * d
	}
	sd := math.Sqrt(sq / (n - 1))
	return Estimate{Mean: m, CI95: t * sd / math.Sqrt(n)}
}

// estimates computes every metric of every instance in the first summary
// over all of them, through the registry's accessors. An instance missing
// from any replication gets no estimate.
func estimates(sums []*Summary) map[Key]Estimate {
	t := t975(len(sums))
	out := map[Key]Estimate{}
	xs := make([]float64, len(sums))
	for _, m := range registry {
	keys:
		for _, k := range m.Keys(sums[0]) {
			for i, s := range sums {
				v, ok := k.Get(s)
				if !ok {
					continue keys
				}
				xs[i] = v
			}
			out[k] = estimate(xs, t)
		}
	}
	return out
}

// Replicated reports whether r combines more than one replication.
func (r *Result) Replicated() bool { return len(r.Replicas) > 1 }

// Replications is the number of replications r combines.
func (r *Result) Replications() int { return max(len(r.Replicas), 1) }

// Partial reports whether the run, or any of its replications, was stopped
// before it finished.
func (r *Result) Partial() bool {
	if !r.Replicated() {
		return r.Summary.Partial
	}
	for _, s := range r.Replicas {
		if s.Partial {
			return true
		}
	}
	return false
}

// Value is metric k of r: the run's value (CI95 0) or, with replications,
// its estimate. False when r has no such instance.
func (r *Result) Value(k Key) (Estimate, bool) {
	if !r.Replicated() {
		v, ok := k.Get(r.Summary)
		return Estimate{Mean: v}, ok
	}
	e, ok := r.Estimates[k]
	return e, ok
}

// Estimate is what of reads from a summary, over r's replications, for
// typed access from Go: res.Estimate(func(s *Summary) float64 { return
// s.Functions["api"].MeanConcurrency }). For a single run it is of's value
// with CI95 0.
func (r *Result) Estimate(of func(*Summary) float64) Estimate {
	if !r.Replicated() {
		return Estimate{Mean: of(r.Summary)}
	}
	xs := make([]float64, len(r.Replicas))
	for i, s := range r.Replicas {
		xs[i] = of(s)
	}
	return estimate(xs, t975(len(xs)))
}
