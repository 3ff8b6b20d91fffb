package models

import (
	"math"
	"testing"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
)

// An environment's maximum lifetime (max_lifetime): recycled even when warm
// and busy, so a steady load keeps a trickle of cold starts.
func TestMaxLifetime(t *testing.T) {
	// One request a second, 100 ms each: a single environment serves them
	// all. It ends after the first invocation that finishes past its
	// lifetime; the next request starts the next one cold.
	for _, tc := range []struct {
		name     string
		lifetime sim.Time
		pc       int
		coldInit sim.Time
		want     int64 // cold starts in 2 h
	}{
		// Lives 600.05 s, dies at the end of the invocation of 600 s + 1;
		// lifespans of 601 s cover 2 h 11 times, plus the first cold start.
		{name: "on-demand, 10 min", lifetime: 600*sim.Second + 50*sim.Millisecond, want: 12},
		// Longer than the run: the first cold start only.
		{name: "on-demand, 3 h", lifetime: 3 * sim.Hour, want: 1},
		// A provisioned environment re-initializes for 1.2 s from
		// 600.05 s·k + 0.05 s (k = 1..11; the first end finds it busy); the
		// one request in each window spills to a cold on-demand
		// environment, which the keep-alive reclaims in between.
		{name: "provisioned, 10 min", lifetime: 600*sim.Second + 50*sim.Millisecond, pc: 1,
			coldInit: 1200 * sim.Millisecond, want: 11},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := testFunction("f", fixed(100*sim.Millisecond))
			fn.MaxLifetime, fn.ProvisionedConcurrency = fixed(tc.lifetime), tc.pc
			fn.ColdStart, fn.KeepAlive = fixed(tc.coldInit), fixed(5*sim.Minute)
			s := mustRun(t, testScenario(2*sim.Hour, []Function{fn},
				[]Workload{testWorkload("w", "f", arrivalsEvery(sim.Second))}))
			if got := s.Functions["f"].ColdStarts; got != tc.want {
				t.Errorf("cold starts %d; want %d", got, tc.want)
			}
			if s.Requests.Succeeded != s.Requests.Total {
				t.Errorf("succeeded %d of %d", s.Requests.Succeeded, s.Requests.Total)
			}
		})
	}
}

// With the default lifetime (uniform 115–125 min) a warm environment under
// steady load starts cold about every 2 h: over n hours, n/2 renewals plus
// the first start. A renewal count over a long run has standard error at
// most √(mean); the fixed seed keeps the test exact.
func TestDefaultLifetimeTrickle(t *testing.T) {
	fn := testFunction("f", fixed(100*sim.Millisecond))
	fn.MaxLifetime = lambda.DefaultMaxLifetime
	hours := 24
	if testing.Short() {
		hours = 8
	}
	s := mustRun(t, testScenario(sim.Time(hours)*sim.Hour, []Function{fn},
		[]Workload{testWorkload("w", "f", arrivalsEvery(sim.Second))}))
	got := float64(s.Functions["f"].ColdStarts)
	want := 1 + float64(hours)*60/120.0
	if math.Abs(got-want) > 1 {
		t.Errorf("cold starts %v in %d h; want %v ± 1", got, hours, want)
	}
}
