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
	latency, cold, warm                   *stats.Histogram
	perFunction                           []*stats.Histogram
	perWorkload                           []workloadCounts

	arrivals, completions, failures *stats.Counter
	failedBy                        [NumCauses]*stats.Counter // failures per bucket by cause
	windowed                        []*stats.LogHistogram     // latency by completion bucket
}

type workloadCounts struct {
	requests, succeeded int64
	retries             int64 // attempts beyond each request's first
	refused             int64 // final failures only the client's retry quota made final
	latency             *stats.Histogram
}

func newMetrics(w stats.Window, functions, workloads int) *metrics {
	m := &metrics{
		w:           w,
		latency:     stats.NewHistogram(),
		cold:        stats.NewHistogram(),
		warm:        stats.NewHistogram(),
		arrivals:    stats.NewCounter(w.Buckets),
		completions: stats.NewCounter(w.Buckets),
		failures:    stats.NewCounter(w.Buckets),
		windowed:    make([]*stats.LogHistogram, w.Buckets.N()),
	}
	for c := range m.failedBy {
		m.failedBy[c] = stats.NewCounter(w.Buckets)
	}
	for range functions {
		m.perFunction = append(m.perFunction, stats.NewHistogram())
	}
	for range workloads {
		m.perWorkload = append(m.perWorkload, workloadCounts{latency: stats.NewHistogram()})
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

func (m *metrics) finish(now sim.Time, r *request, fn int, ok bool, cause Cause, cold bool) {
	if ok {
		m.completions.Inc(now)
		lat := now - r.first
		if b := m.w.Buckets.Index(now); b >= 0 {
			if m.windowed[b] == nil {
				m.windowed[b] = stats.NewLogHistogram()
			}
			m.windowed[b].Record(lat)
		}
	} else {
		m.failures.Inc(now)
		m.failedBy[cause].Inc(now)
	}
	if !r.counted {
		return
	}
	m.attempts += int64(r.attempts)
	if r.attempts > 0 {
		m.attempted++
		m.perWorkload[r.workload].retries += int64(r.attempts - 1)
	}
	if !ok {
		m.causes[cause]++
		return
	}
	lat := now - r.first
	m.succeeded++
	m.latency.Record(lat)
	m.perFunction[fn].Record(lat)
	m.perWorkload[r.workload].succeeded++
	m.perWorkload[r.workload].latency.Record(lat)
	if cold {
		m.cold.Record(lat)
	} else {
		m.warm.Record(lat)
	}
}
