package models

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// The async reader's line past sim.CompactAfter events (issue 11): a
// flood whose events become due out of order (the throttle backoff's
// jitter) is stored in runs, far fewer than its events; it gives every
// event back once, never more than the line's oldest age ÷
// sim.AgeResolution away from the true first arrival of the event of the
// same rank, and with its class.
func TestAsyncLineCompact(t *testing.T) {
	w := stats.Window{From: 0, To: sim.Hour, Buckets: stats.NewBuckets(0, sim.Hour, 60)}
	q := newAsyncQueue(w, 6*sim.Hour)
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 1_000_000
	var firsts []sim.Time
	kept := 0
	// 5,000 events a second, each due after a backoff uniform in
	// [0.5, 1] s; two classes (first and second throttle).
	type ev struct{ due, first sim.Time }
	var evs []ev
	t0 := sim.Time(0)
	for range n {
		t0 += sim.Time(rng.ExpFloat64() * float64(sim.Second) / 5000)
		evs = append(evs, ev{t0 + sim.Time((0.5+rng.Float64()/2)*float64(sim.Second)), t0})
		firsts = append(firsts, t0)
	}
	slices.SortFunc(evs, func(a, b ev) int { return int(a.due - b.due) })
	for i, e := range evs {
		c := waitClass{workload: 0, attempts: 1, throttle: int32(1 + i%2), counted: true}
		if q.wait(e.due, waiter{i: int32(i), first: e.first, entered: e.due, class: c}) {
			kept++
		}
	}
	if kept != sim.CompactAfter || q.waitingN() != n {
		t.Fatalf("kept %d records (want %d), %d waiting (want %d)", kept, sim.CompactAfter, q.waitingN(), n)
	}
	runs := q.runs.Len()
	t.Logf("%d events: %d exact, %d runs", n, kept, runs)
	if runs > n/5 { // slots of 1–12 ms here: about 8 events a run
		t.Errorf("%d runs for %d events, want at most %d", runs, n, n/5)
	}
	end := evs[n-1].due
	tol := (end - firsts[0]) / sim.AgeResolution
	slices.Sort(firsts)
	var prev sim.Time
	for k := range n {
		got, _ := q.oldest()
		wt := q.take()
		if wt.first != got || wt.first < prev {
			t.Fatalf("event %d: first %v (oldest said %v, previous %v)", k, wt.first, got, prev)
		}
		prev = wt.first
		if d := max(wt.first-firsts[k], firsts[k]-wt.first); d > tol {
			t.Fatalf("event %d: first %v, true %v: off by %v, more than %v", k, wt.first, firsts[k], d, tol)
		}
		if wt.i < 0 && (wt.class.attempts != 1 || wt.class.throttle < 1 || wt.class.throttle > 2 || !wt.class.counted) {
			t.Fatalf("event %d: class %+v", k, wt.class)
		}
	}
	if q.waitingN() != 0 || q.runs.Len() != 0 || len(q.runs.open) != 0 {
		t.Errorf("after all: %d waiting, %d runs, %d open", q.waitingN(), q.runs.Len(), len(q.runs.open))
	}
}
