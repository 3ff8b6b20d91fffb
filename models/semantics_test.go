package models

import (
	"testing"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
)

// AWS semantics, scenario by scenario. Bursts arrive at one instant with a
// long handler, so every admission decision is visible in the counts.
func TestAdmission(t *testing.T) {
	long := fixed(60 * sim.Second)
	for _, tc := range []struct {
		name                string
		n                   int      // burst size at t = 0
		over                sim.Time // spread of the burst
		limit, pc           int
		reserved            *int           // nil: unreserved
		scaling             lambda.Scaling // zero: 2023
		wantOK, wantCold    float64
		wantConc, wantScale float64 // throttles by reason
		wantPeak            float64
	}{
		// 2023 scaling: 1,000 new environments at once, then 100/s.
		{name: "scaling burst", n: 3000, limit: 10000,
			wantOK: 1000, wantCold: 1000, wantScale: 2000, wantPeak: 1000},
		// Spread over 10 s: 1,000 + 100/s × 10 s (± the token in flight at the end).
		{name: "scaling refill", n: 3000, over: 10 * sim.Second, limit: 10000,
			wantOK: 1999, wantCold: 1999, wantScale: 1001, wantPeak: 1999},
		// Legacy scaling in us-east-1: an account-wide burst of 3,000.
		{name: "legacy burst", n: 5000, limit: 10000, scaling: lambda.ScalingLegacy,
			wantOK: 3000, wantCold: 3000, wantScale: 2000, wantPeak: 3000},
		// The account limit caps an unreserved function (limit 500, none reserved).
		{name: "account limit", n: 800, limit: 500,
			wantOK: 500, wantCold: 500, wantConc: 300, wantPeak: 500},
		// Reserved concurrency is a ceiling.
		{name: "reserved ceiling", n: 80, limit: 1000, reserved: new(50),
			wantOK: 50, wantCold: 50, wantConc: 30, wantPeak: 50},
		// Provisioned first, spill-over to on-demand up to the reservation, then 429.
		{name: "provisioned spillover", n: 25, limit: 1000, reserved: new(20), pc: 10,
			wantOK: 20, wantCold: 10, wantConc: 5, wantPeak: 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := testFunction("f", long)
			fn.ReservedConcurrency, fn.ProvisionedConcurrency = tc.reserved, tc.pc
			sc := testScenario(10*sim.Minute, []Function{fn},
				[]Workload{testWorkload("w", "f", burst(tc.n, 0, tc.over))})
			sc.Account.ConcurrencyLimit, sc.Account.Scaling = tc.limit, tc.scaling
			s := mustRun(t, sc)
			f := s.Functions["f"]
			got := []float64{float64(s.Requests.Succeeded), float64(f.ColdStarts), float64(f.ThrottleReasons.Concurrency),
				float64(f.ThrottleReasons.ScalingRate), f.PeakConcurrency}
			want := []float64{tc.wantOK, tc.wantCold, tc.wantConc, tc.wantScale, tc.wantPeak}
			for i, what := range []string{"succeeded", "cold starts", "concurrency throttles", "scaling throttles", "peak concurrency"} {
				if got[i] != want[i] {
					t.Errorf("%s = %v, want %v", what, got[i], want[i])
				}
			}
		})
	}
}

// A throttled sync request retried by its client succeeds once capacity
// frees up; its latency includes the backoff.
func TestClientRetries(t *testing.T) {
	fn := testFunction("f", fixed(200*sim.Millisecond))
	fn.ReservedConcurrency = new(1)
	wl := testWorkload("w", "f", burst(2, 0, 0))
	wl.Client.Retries = new(10)
	s := mustRun(t, testScenario(sim.Minute, []Function{fn}, []Workload{wl}))
	if s.Requests.Succeeded != 2 || s.Requests.Retries < 1 {
		t.Fatalf("succeeded %v retries %v, want 2 and ≥ 1", s.Requests.Succeeded, s.Requests.Retries)
	}
	if s.LatencyMS.Max < 200 {
		t.Errorf("max latency %v ms, want ≥ 200 (the retry waits for the first)", s.LatencyMS.Max)
	}
	// Without retries the second request fails with cause "throttled".
	wl.Client.Retries = new(0)
	s = mustRun(t, testScenario(sim.Minute, []Function{fn}, []Workload{wl}))
	if s.Failures[CauseThrottled] != 1 || s.Functions["f"].Throttles != 1 {
		t.Errorf("throttled %v (function throttles %v), want 1", s.Failures[CauseThrottled], s.Functions["f"].Throttles)
	}
}

// Async events: Lambda retries function errors twice (1 min, then 2 min
// later) and then gives up; throttled events are retried until they run.
func TestAsyncRetries(t *testing.T) {
	fn := testFunction("f", fixed(100*sim.Millisecond))
	fn.ErrorRate = 1
	wl := testWorkload("w", "f", burst(10, 0, 0))
	wl.Invocation = Async
	s := mustRun(t, testScenario(10*sim.Minute, []Function{fn}, []Workload{wl}))
	if s.Failures[CauseFunctionError] != 10 || s.Requests.Attempts != 30 || s.Functions["f"].Errors != 30 {
		t.Errorf("function errors %v, attempts %v, handler errors %v; want 10, 30, 30",
			s.Failures[CauseFunctionError], s.Requests.Attempts, s.Functions["f"].Errors)
	}
	fn.ErrorRate = 0
	fn.ReservedConcurrency = new(2)
	wl.Arrivals = burst(20, 0, 0)
	s = mustRun(t, testScenario(10*sim.Minute, []Function{fn}, []Workload{wl}))
	if s.Requests.Succeeded != 20 || s.Functions["f"].Throttles == 0 {
		t.Errorf("succeeded %v throttles %v; want all 20 to succeed after throttles", s.Requests.Succeeded, s.Functions["f"].Throttles)
	}
}

// A handler past the function timeout fails with "timeout" and resets its
// environment, so the next invocation is cold again.
func TestFunctionTimeout(t *testing.T) {
	fn := testFunction("f", fixed(5*sim.Second))
	fn.Timeout = sim.Second
	wl := testWorkload("w", "f", arrivalsEvery(10*sim.Second))
	s := mustRun(t, testScenario(10*sim.Minute, []Function{fn}, []Workload{wl}))
	f := s.Functions["f"]
	if s.Failures[CauseTimeout] != s.Requests.Total || f.ColdStarts != f.Invocations || f.DurationMS.Max > 1001 {
		t.Errorf("timeouts %v of %v; cold %v of %v; max duration %v ms",
			s.Failures[CauseTimeout], s.Requests.Total, f.ColdStarts, f.Invocations, f.DurationMS.Max)
	}
}

// Behind API Gateway REST the client gets a timeout after 29 s, while the
// function runs on to its own end.
func TestGatewayTimeout(t *testing.T) {
	fn := testFunction("f", fixed(40*sim.Second))
	fn.Timeout = 60 * sim.Second
	wl := testWorkload("w", "f", burst(1, 0, 0))
	wl.Via = GatewayREST
	s := mustRun(t, testScenario(10*sim.Minute, []Function{fn}, []Workload{wl}))
	f := s.Functions["f"]
	if s.Failures[CauseTimeout] != 1 || f.Timeouts != 0 || f.DurationMS.Max < 39900 {
		t.Errorf("request timeouts %v (want 1), function timeouts %v (want 0), duration %v ms (want 40,000)",
			s.Failures[CauseTimeout], f.Timeouts, f.DurationMS.Max)
	}
}

// Requests arriving during the warm-up are simulated but not counted.
func TestWarmupExcluded(t *testing.T) {
	fn := testFunction("f", fixed(10*sim.Millisecond))
	sc := testScenario(100*sim.Second, []Function{fn},
		[]Workload{testWorkload("w", "f", arrivalsEvery(sim.Second))})
	sc.Warmup = 40 * sim.Second
	s := mustRun(t, sc)
	if s.Requests.Total != 60 || s.ColdStarts.Count != 0 {
		t.Errorf("total %v cold %v; want 60 requests after the warm-up, none cold", s.Requests.Total, s.ColdStarts.Count)
	}
}
