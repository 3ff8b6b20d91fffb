package models

import (
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Issue 10: a throttled async backlog re-delivered from Lambda's internal
// queue must not spend the account's requests-per-second allowance, which
// is for client Invoke requests. An async function with reserved
// concurrency 10 gets a flood of events while an unrelated synchronous API
// in the same account (concurrency 200: 2,000 requests/s) runs at 50/s.
// Before the fix Lambda's retries took most of the account's tokens and
// the API was throttled for RPS; now it never is. The async queue's depth
// and oldest age are reported, and every event ends processed or expired.
func TestAsyncBacklogSparesAccountRPS(t *testing.T) {
	worker := testFunction("worker", fixed(sim.Second))
	worker.ReservedConcurrency = new(10)
	worker.AsyncMaxEventAge = 10 * sim.Minute
	flood := testWorkload("flood", "worker", burst(30000, 0, 30*sim.Second))
	flood.Invocation = Async
	api := testFunction("api", fixed(50*sim.Millisecond))
	sync := testWorkload("sync", "api", poisson(50))
	sc := testScenario(2*sim.Minute, []Function{worker, api}, []Workload{flood, sync})
	sc.Account.ConcurrencyLimit = 200
	res := run(t, sc, 0, RunOptions{})
	s := res.Summary
	checkConservation(t, s)

	a, w := s.Functions["api"], s.Functions["worker"]
	t.Logf("api: %d requests, %d throttles (rps %d); worker: %d invocations, %d throttles (rps %d); async peak depth %.0f, max age %.0f s; expired %d",
		s.Workloads["sync"].Requests, a.Throttles, a.ThrottleReasons.RPS, w.Invocations, w.Throttles, w.ThrottleReasons.RPS,
		w.AsyncPeakDepth, w.AsyncMaxAgeS, s.Failures[CauseExpired])
	if a.ThrottleReasons.RPS != 0 || s.Workloads["sync"].Failed != 0 {
		t.Errorf("sync API: %d RPS throttles, %d failed; want none", a.ThrottleReasons.RPS, s.Workloads["sync"].Failed)
	}
	// The worker runs 10 at a time for 1 s: about 10 events a second.
	fl := s.Workloads["flood"]
	if fl.Requests != 30000 || fl.Succeeded+s.Failures[CauseExpired] != fl.Requests || s.Failures[CauseExpired] == 0 {
		t.Errorf("flood: %d requests, %d succeeded, %d expired; want 30000 = succeeded + expired, some expired",
			fl.Requests, fl.Succeeded, s.Failures[CauseExpired])
	}
	// Nearly the whole flood waits at once; none waits past the maximum
	// event age (an event due back later expires instead).
	if w.AsyncPeakDepth < 25000 || w.AsyncPeakDepth > 30000 {
		t.Errorf("async peak depth %v, want 25000..30000", w.AsyncPeakDepth)
	}
	if w.AsyncMaxAgeS < 60 || w.AsyncMaxAgeS > 600 {
		t.Errorf("async max age %v s, want 60..600 s", w.AsyncMaxAgeS)
	}
	if a.AsyncPeakDepth != 0 || a.AsyncMaxAgeS != 0 {
		t.Errorf("api (sync only): async peak %v, max age %v; want 0", a.AsyncPeakDepth, a.AsyncMaxAgeS)
	}
	// The series: one pair of columns for the worker only; the depth rises
	// with the flood, the oldest age grows with time.
	if len(res.Series.Async) != 1 || res.Series.Async[0].Name != "worker" {
		t.Fatalf("async series %+v, want the worker's only", res.Series.Async)
	}
	as := res.Series.Async[0]
	var peak, oldest float64
	for i := range as.PeakDepth {
		peak, oldest = max(peak, as.PeakDepth[i]), max(oldest, as.OldestAgeS[i])
	}
	last := len(as.OldestAgeS) - 1
	if peak != w.AsyncPeakDepth || oldest > w.AsyncMaxAgeS+1e-9 || as.OldestAgeS[last] < 60 || as.OldestAgeS[0] > 1 {
		t.Errorf("series: peak depth %v (summary %v), oldest age %v (summary %v), first bucket %v s, last %v s",
			peak, w.AsyncPeakDepth, oldest, w.AsyncMaxAgeS, as.OldestAgeS[0], as.OldestAgeS[last])
	}
	cols := 0
	for _, c := range res.Series.Columns() {
		if c.Name == "async.worker.peak_depth" || c.Name == "async.worker.oldest_age_s" {
			cols++
		}
	}
	if cols != 2 {
		t.Errorf("timeseries columns async.worker.*: %d, want 2", cols)
	}
}

// Lambda reads its async queue more slowly while deliveries are throttled
// (sources.md [lambda-async]; the reader's rule is asyncQueue's). An
// unrelated synchronous function holds the account's whole concurrency
// (200) for the first 2 minutes; meanwhile 2,000 async events arrive for the
// worker (100 ms handler) over 10 s, and every delivery is throttled. The
// reader's cap falls to its floor (1 read/s) and re-deliveries with it;
// when the hog's environments free at 120 s the cap climbs again and the
// queue drains. Every event either succeeds or expires at the maximum event
// age (2.5 min: the drain is not fast enough for all of them), and the
// counts conserve. (Without the cap, with each event's own backoff only,
// the same run has 15,908 throttles against 2,417, and the events' own
// backoffs grow so long by 120 s that 1,871 expire against 14.)
func TestAsyncReadRate(t *testing.T) {
	hog := testFunction("hog", fixed(120*sim.Second))
	worker := testFunction("worker", fixed(100*sim.Millisecond))
	worker.AsyncMaxEventAge = 150 * sim.Second
	hold := testWorkload("hold", "hog", burst(200, 0, 0))
	events := testWorkload("events", "worker", burst(2000, sim.Second, 10*sim.Second))
	events.Invocation = Async
	sc := testScenario(10*sim.Minute, []Function{hog, worker}, []Workload{hold, events})
	sc.Account.ConcurrencyLimit = 200
	res := run(t, sc, 0, RunOptions{Buckets: 600}) // 1 s buckets
	s := res.Summary
	checkConservation(t, s)
	ev, w := s.Workloads["events"], s.Functions["worker"]
	expired := s.Failures[CauseExpired]
	as := res.Series.Async[0]
	sum := func(xs []float64, from, to int) (n float64) {
		for _, x := range xs[from:to] {
			n += x
		}
		return n
	}
	early, late := sum(as.Reads, 1, 31), sum(as.Reads, 90, 120) // reads in 30 s
	after := sum(as.Reads, 120, 600)
	t.Logf("events: %d succeeded, %d expired; worker: %d invocations, %d throttles; reads: %.0f in 1–31 s, %.0f in 90–120 s, %.0f after 120 s; cap at 60 s %.1f/s, at 150 s %.1f/s; peak depth %.0f, max age %.0f s",
		ev.Succeeded, expired, w.Invocations, w.Throttles, early, late, after, as.ReadCap[60], as.ReadCap[150], w.AsyncPeakDepth, w.AsyncMaxAgeS)
	if ev.Requests != 2000 || ev.Succeeded+expired != ev.Requests || s.Failures.Total() != expired {
		t.Errorf("%d events: %d succeeded + %d expired (failures %d); want 2000 = succeeded + expired",
			ev.Requests, ev.Succeeded, expired, s.Failures.Total())
	}
	if ev.Succeeded == 0 || expired == 0 || w.Invocations != ev.Succeeded {
		t.Errorf("%d succeeded, %d expired, %d worker invocations; want some of both, one invocation per success",
			ev.Succeeded, expired, w.Invocations)
	}
	// While everything is throttled the cap sits at its floor: at most one
	// read a second (and its bucket's single token).
	for i := 30; i < 120; i++ {
		if as.ReadCap[i] != readFloor {
			t.Fatalf("read cap %v/s at %d s, want the floor %v/s while throttled", as.ReadCap[i], i, readFloor)
		}
	}
	if late > 31 || late >= early/10 {
		t.Errorf("reads: %.0f in 90–120 s, %.0f in 1–31 s; want at most 31 and a tenth of the early rate", late, early)
	}
	// Once capacity frees the cap rises and the queue drains: hundreds of
	// events are read after 120 s, and none waits at the end.
	if after < 500 || as.ReadCap[150] <= 10*readFloor {
		t.Errorf("%.0f reads after 120 s, cap %.1f/s at 150 s; want the queue to drain at a rising rate", after, as.ReadCap[150])
	}
	last := len(as.PeakDepth) - 1
	if as.PeakDepth[last] != 0 || as.ReadCap[last] != 0 {
		t.Errorf("at the end: depth %v, cap %v; want an empty, uncapped queue", as.PeakDepth[last], as.ReadCap[last])
	}
	// No event waits past the maximum event age.
	if w.AsyncMaxAgeS > 150 {
		t.Errorf("async max age %v s, want ≤ 150 s", w.AsyncMaxAgeS)
	}
}
