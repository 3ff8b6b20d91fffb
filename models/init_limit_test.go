package models

import (
	"testing"

	"github.com/stampede-sim/stampede/models/cost"

	"github.com/stampede-sim/stampede/sim"
)

// The 10 s init limit of on-demand environments (lambda.InitLimit): a longer
// init is cut at 10 s and re-run inside the first invocation, under the
// function timeout. Provisioned environments initialize before t = 0 as
// before, whatever their init time.
func TestInitLimit(t *testing.T) {
	for _, tc := range []struct {
		name           string
		init, timeout  sim.Time
		pc             int
		wantTimeouts   bool
		wantCold       bool
		wantLatencyMax float64 // ms: the longest activation (init + handler), billed in full
	}{
		// 10 s + 12 s > 10 s + 5 s: every invocation times out 15 s after
		// admission, and the reset makes the next one cold too.
		{name: "12 s init, 5 s timeout", init: 12 * sim.Second, timeout: 5 * sim.Second,
			wantTimeouts: true, wantCold: true, wantLatencyMax: 15000},
		// 10 s of init, 12 s of re-init, then the 1 s handler.
		{name: "12 s init, 30 s timeout", init: 12 * sim.Second, timeout: 30 * sim.Second,
			wantCold: true, wantLatencyMax: 23000},
		// Under the limit: unchanged, 9 s + 1 s.
		{name: "9 s init", init: 9 * sim.Second, timeout: 5 * sim.Second,
			wantCold: true, wantLatencyMax: 10000},
		// Provisioned: ready at t = 0, no cold start, just the handler.
		{name: "provisioned 12 s init", init: 12 * sim.Second, timeout: 5 * sim.Second, pc: 1,
			wantLatencyMax: 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := testFunction("f", fixed(sim.Second))
			fn.ColdStart, fn.Timeout, fn.ProvisionedConcurrency = fixed(tc.init), tc.timeout, tc.pc
			wl := testWorkload("w", "f", arrivalsEvery(60*sim.Second))
			s := mustRun(t, testScenario(10*sim.Minute, []Function{fn}, []Workload{wl}))
			f := s.Functions["f"]
			if s.Requests.Total < 9 {
				t.Fatalf("only %d requests", s.Requests.Total)
			}
			if tc.wantTimeouts {
				if s.Failures[CauseTimeout] != s.Requests.Total || f.ColdStarts != f.Invocations {
					t.Errorf("timeouts %v of %v, cold %v of %v; want all timed out and cold",
						s.Failures[CauseTimeout], s.Requests.Total, f.ColdStarts, f.Invocations)
				}
			} else if s.Requests.Succeeded != s.Requests.Total {
				t.Errorf("succeeded %v of %v; want all", s.Requests.Succeeded, s.Requests.Total)
			}
			if got := f.ColdStarts > 0; got != tc.wantCold {
				t.Errorf("cold starts %v; want some: %v", f.ColdStarts, tc.wantCold)
			}
			// Histograms are exact to about 0.1 %.
			near := func(got float64) bool { return got > tc.wantLatencyMax*0.999 && got < tc.wantLatencyMax*1.001 }
			if got := s.LatencyMS.Max; !tc.wantTimeouts && !near(got) {
				t.Errorf("max latency %v ms; want %v", got, tc.wantLatencyMax)
			}
			if got := f.DurationMS.Max; !near(got) {
				t.Errorf("max billed activation %v ms; want %v", got, tc.wantLatencyMax)
			}
		})
	}
}

// Only the measured Init Duration is billed: the platform overhead before
// it (placement, microVM, code download) adds to latency and to the cold
// start's time, not to the billed duration (sources.md [init-billing]).
func TestInitBilling(t *testing.T) {
	fn := testFunction("f", fixed(100*sim.Millisecond))
	fn.ColdStart, fn.PlatformOverhead = fixed(200*sim.Millisecond), fixed(300*sim.Millisecond)
	wl := testWorkload("w", "f", burst(1, 0, sim.Millisecond))
	s := mustRun(t, testScenario(sim.Minute, []Function{fn}, []Workload{wl}))
	f := s.Functions["f"]
	// Histograms are exact to about 0.1 %.
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"latency", s.LatencyMS.Max, 600},      // overhead + init + handler
		{"cold start", f.ColdStartMS.Max, 500}, // overhead + init
		{"held", f.DurationMS.Max, 600},
		// 300 ms at 128 MB on x86 at $0.0000166667 per GB-s, in µ$.
		{"billed µ$", 1e6 * s.Cost.Breakdown[cost.LambdaDuration], 1e6 * 0.3 * 0.125 * 0.0000166667},
	} {
		if c.got < c.want*0.999 || c.got > c.want*1.001 {
			t.Errorf("%s %v ms; want %v", c.what, c.got, c.want)
		}
	}
}
