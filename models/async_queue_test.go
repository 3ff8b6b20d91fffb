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
