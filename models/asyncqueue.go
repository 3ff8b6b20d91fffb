package models

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// asyncQueue follows one function's share of Lambda's internal async queue
// (sources.md [lambda-async]): the events waiting there for a retry after a
// throttle or a function error. An event's first delivery happens on arrival
// (the client's Invoke call), so it is in the queue only between a failed
// attempt and Lambda's next one.
type asyncQueue struct {
	w       stats.Window
	depth   *stats.Gauge // events waiting
	maxAge  sim.Time     // the oldest an event got while waiting, in the window
	ageByBk []float64    // per bucket: the oldest waiting event's age (s)
}

func newAsyncQueue(w stats.Window) *asyncQueue {
	return &asyncQueue{w: w, depth: stats.NewGauge(w.From, w.To, w.Buckets), ageByBk: make([]float64, w.Buckets.N())}
}

// enter: an event goes back to the queue at now.
func (q *asyncQueue) enter(now sim.Time) { q.depth.Add(now, 1) }

// leave: an event that first arrived at first and went back to the queue at
// entered leaves it at now (Lambda delivers it again). Its age while it
// waited is recorded in every bucket it waited in, at the bucket's end or at
// now, whichever is first.
func (q *asyncQueue) leave(now, entered, first sim.Time) {
	q.depth.Add(now, -1)
	b := q.w.Buckets
	for i := b.Index(entered); i >= 0 && i < b.N() && b.Start(i) <= now; i++ {
		t := min(now, b.Start(i+1))
		q.ageByBk[i] = max(q.ageByBk[i], (t - first).Seconds())
	}
	if t := min(now, q.w.To); t >= q.w.From && entered < q.w.To {
		q.maxAge = max(q.maxAge, t-first)
	}
}
