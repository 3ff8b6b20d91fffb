package models

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// metrics accumulates request-level statistics. Counts and latencies cover
// requests that arrived inside the window; per-bucket series cover the whole
// run, by the time of the event.
type metrics struct {
	w stats.Window

	total, succeeded, attempts, attempted int64
	gatewayCalls                          [3]int64 // API Gateway requests by gateway type (each attempt is one)
	causes                                [NumCauses]int64
	perWorkload                           []workloadCounts

	arrivals        *stats.Counter
	gatewayAttempts *stats.Counter // attempts through API Gateway, admitted or not
	// failedBy: failures per bucket by cause; their sum is the failures.
	failedBy [NumCauses]*stats.Counter
	// windowed: latency by completion bucket, its p50 and p99; its counts
	// are the completions per bucket too.
	windowed *stats.BucketQuantiles
}

type workloadCounts struct {
	requests, succeeded int64
	retries             int64 // attempts beyond each request's first
	refused             int64 // final failures only the client's retry quota made final
	// A request's latency is recorded once, by workload and cold or warm
	// (a workload invokes one function); the function's, the cold, warm
	// and overall distributions are merged from these at the end
	// (latencies, issue 12).
	cold, warm stats.Histogram
}

func newMetrics(w stats.Window, workloads int) *metrics {
	m := &metrics{
		w:               w,
		perWorkload:     make([]workloadCounts, workloads),
		arrivals:        stats.NewCounter(w.Buckets),
		gatewayAttempts: stats.NewCounter(w.Buckets),
		windowed:        stats.NewBucketQuantiles(w.Buckets, 0.50, 0.99),
	}
	for c := range m.failedBy {
		m.failedBy[c] = stats.NewCounter(w.Buckets)
	}
	return m
}

func (m *metrics) arrival(now sim.Time, counted bool, wl int32) {
	m.arrivals.Inc(now)
	if counted {
		m.total++
		m.perWorkload[wl].requests++
	}
}

func (m *metrics) finish(now sim.Time, r *request, ok bool, cause Cause, cold bool) {
	if ok {
		m.windowed.Record(now, now-r.first)
	} else {
		m.failedBy[cause].Inc(now)
	}
	if !r.counted {
		return
	}
	m.attempts += int64(r.attempts)
	if r.attempts > 0 {
		m.attempted++
		if r.attempts > 1 {
			m.perWorkload[r.workload].retries += int64(r.attempts - 1)
		}
	}
	if !ok {
		m.causes[cause]++
		return
	}
	m.succeeded++
	c := &m.perWorkload[r.workload]
	c.succeeded++
	if cold {
		c.cold.Record(now - r.first)
	} else {
		c.warm.Record(now - r.first)
	}
}

// latencies are the recorded latencies merged: overall, cold, warm, per
// workload and per function.
type latencies struct {
	all, cold, warm stats.Histogram
	workload        []stats.Histogram
	function        []stats.Histogram
}

// latencies merges the workloads' cold and warm histograms (workload i
// invokes function fnOf[i]). They are not read again, so a workload's
// distribution takes over the larger of the two and merges the other into
// it rather than copy both, and a function with one workload shares that
// workload's: both are only read from here on (issue 12: with 10,000
// functions the copies were 80 MB at the end of the run, its peak). Counts,
// sums (of whole µs), extremes and bins do not depend on the order values
// arrive in, nor quantiles of exact values (sorted first), so every
// statistic is the same to the last bit.
func (m *metrics) latencies(functions int, fnOf []int) *latencies {
	l := &latencies{workload: make([]stats.Histogram, len(m.perWorkload)), function: make([]stats.Histogram, functions)}
	perFn := make([]int, functions)
	for _, f := range fnOf {
		perFn[f]++
	}
	for i := range m.perWorkload {
		c, w := &m.perWorkload[i], &l.workload[i]
		l.cold.Merge(&c.cold)
		l.warm.Merge(&c.warm)
		// The larger takes the smaller in, in place: a histogram's
		// statistics do not depend on the order of its values.
		big, small := &c.warm, &c.cold
		if small.Count() > big.Count() {
			big, small = small, big
		}
		*w, *big = *big, stats.Histogram{}
		w.Merge(small)
		*small = stats.Histogram{}
		if f := fnOf[i]; perFn[f] == 1 {
			l.function[f] = *w
		} else {
			l.function[f].Merge(w)
		}
	}
	l.all.Merge(&l.cold)
	l.all.Merge(&l.warm)
	return l
}

// completions are the requests that succeeded in each bucket: the counts
// of its latency summaries, which record each exactly once (a counter as
// well was a second record a request, issue 12).
func (m *metrics) completions() []float64 {
	n := m.windowed.Counts()
	out := make([]float64, len(n))
	for i, c := range n {
		out[i] = float64(c)
	}
	return out
}
