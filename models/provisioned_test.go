package models

import (
	"math"
	"testing"

	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
)

// Provisioned concurrency over time (docs/model.md): allocation delay,
// schedules, target tracking, the requests-per-second spill-over, the pools'
// caps and billing. The series run in 1-second buckets, so the allocated
// level (the `provisioned` column) is read second by second.

const minute = sim.Minute

// pcSchedule is a schedule without target tracking.
func pcSchedule(prep *sim.Time, actions ...lambda.ScheduledAction) *lambda.ProvisionedScaling {
	return &lambda.ProvisionedScaling{Schedule: actions, Preparation: prep}
}

// secondly runs sc with one bucket per second of its duration.
func secondly(t *testing.T, sc *Scenario) *Result {
	t.Helper()
	r := run(t, sc, 1, RunOptions{Buckets: int(sc.Duration / sim.Second)})
	checkConservation(t, r.Summary)
	return r
}

// A scheduled increase at t serves only from t + preparation + n/100 s (all
// of it at once); requests before that start cold on on-demand environments.
// Bursts of 100 long requests one second either side of that instant: the
// first all cold, the second all on provisioned environments.
func TestProvisionedAllocationDelay(t *testing.T) {
	at := 10 * minute
	for _, tc := range []struct {
		name  string
		prep  *sim.Time
		level int
		ready sim.Time
	}{
		// The default preparation, 90 s, then 200 environments at 100/s: 2 s.
		{"default preparation", nil, 200, at + 90*sim.Second + 2*sim.Second},
		// 30 s of preparation, then 600 environments: 6 s.
		{"600 after 30 s", new(30 * sim.Second), 600, at + 30*sim.Second + 6*sim.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := testFunction("f", fixed(10*sim.Second))
			fn.ProvisionedScaling = pcSchedule(tc.prep, lambda.ScheduledAction{At: at, Level: tc.level})
			sc := testScenario(15*minute, []Function{fn}, []Workload{
				testWorkload("before", "f", burst(100, tc.ready-sim.Second, 0)),
				testWorkload("after", "f", burst(100, tc.ready+sim.Second, 0)),
			})
			r := secondly(t, sc)
			f, prov := r.Summary.Functions["f"], r.Series.Provisioned
			k := int(tc.ready / sim.Second)
			t.Logf("ready at %v: allocated %v in second %d, %v in second %d; cold starts %d, spillovers %d",
				tc.ready, prov[k-1], k-1, prov[k], k, f.ColdStarts, f.Spillovers)
			for i, v := range prov {
				if want := float64(tc.level) * float64(boolInt(i >= k)); v != want {
					t.Fatalf("second %d: allocated %v, want %v", i, v, want)
				}
			}
			// Nothing was allocated for the first burst, so none of it is a spill-over.
			if f.ColdStarts != 100 || f.Spillovers != 0 || f.Provisioned != float64(tc.level) {
				t.Errorf("cold starts %d, spillovers %d, peak allocated %v; want 100, 0, %d", f.ColdStarts, f.Spillovers, f.Provisioned, tc.level)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A repeating schedule: 10 at t = 0, 30 at 2 min, 10 at 5 min, every 6 min.
// Each increase is ready 30 s + 20/100 s after its action, 0.2 s into a
// second, which then averages 10 × 0.2 + 30 × 0.8 = 26; each decrease of
// idle environments is immediate, on a whole second. Every other second
// holds its stretch's level exactly.
func TestProvisionedScheduleRepeat(t *testing.T) {
	fn := testFunction("f", fixed(sim.Millisecond))
	fn.ProvisionedConcurrency = 10
	fn.ProvisionedScaling = pcSchedule(new(30*sim.Second),
		lambda.ScheduledAction{At: 2 * minute, Level: 30}, lambda.ScheduledAction{At: 5 * minute, Level: 10})
	fn.ProvisionedScaling.Repeat = new(6 * minute)
	sc := testScenario(20*minute, []Function{fn}, []Workload{testWorkload("w", "f", burst(1, 0, 0))})
	r := secondly(t, sc)
	ready := 30*sim.Second + 200*sim.Millisecond
	level := func(x sim.Time) float64 {
		c := x % (6 * minute)
		if c >= 2*minute+ready && c < 5*minute {
			return 30
		}
		return 10
	}
	for i, got := range r.Series.Provisioned {
		a, b := sim.Time(i)*sim.Second, sim.Time(i+1)*sim.Second
		want := level(a)
		if level(b-1) != want {
			want = 10*0.2 + 30*0.8
		}
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("second %d: allocated %v, want %v", i, got, want)
		}
	}
	// Three cycles raise it (2, 8 and 14 min); the fourth's action at 20 min is past the end.
	t.Logf("allocated at 2m31s %v, 5m01s %v, 14m31s %v, 19m59s %v",
		r.Series.Provisioned[151], r.Series.Provisioned[301], r.Series.Provisioned[871], r.Series.Provisioned[1199])
}

// Target tracking at 0.7 between 10 and 100, allocation without preparation.
// Load in three phases, deterministic, 1 s handlers: 5 busy (0–10 min), 20
// busy (10–30 min), 10 busy (30–60 min).
//
//   - 10–13 min: 10 provisioned all busy (utilization 1): the scale-out
//     alarm needs 3 datapoints, so the level rises at 13 min, not before, to
//     ⌈10/0.7⌉ = 15; at 14 min to ⌈15/0.7⌉ = 22; at 15 min to ⌈20/0.7⌉ = 29
//     (each minute's mean busy ÷ target), where 20/29 = 0.69 is in the band.
//   - From 30 min 10/29 = 0.34 < 0.63: the scale-in alarm needs 15
//     datapoints, so the level falls at 45 min, not before, to ⌈10/0.7⌉ = 15
//     (10/15 = 0.67, in the band again).
//   - 0–10 min: 5/10 = 0.5 is low, but ⌈5/0.7⌉ = 8 is below min: no change.
func TestProvisionedTargetTracking(t *testing.T) {
	fn := testFunction("f", fixed(sim.Second))
	fn.ProvisionedConcurrency = 10
	fn.ProvisionedScaling = &lambda.ProvisionedScaling{Min: 10, Max: 100, Preparation: new(sim.Time(0))}
	sc := testScenario(60*minute, []Function{fn}, []Workload{
		testWorkload("low", "f", burst(5*600, 0, 10*minute)),
		testWorkload("high", "f", burst(20*1200, 10*minute, 20*minute)),
		testWorkload("mid", "f", burst(10*1800, 30*minute, 30*minute)),
	})
	r := secondly(t, sc)
	prov := r.Series.Provisioned
	for _, tc := range []struct {
		at   sim.Time
		want float64
	}{
		{12*minute + 59*sim.Second, 10}, // 3 high datapoints only at 13 min
		{13*minute + sim.Second, 15},    // ⌈10/0.7⌉, allocated 50 ms after
		{13*minute + 59*sim.Second, 15},
		{14*minute + sim.Second, 22}, // ⌈15/0.7⌉
		{15*minute + sim.Second, 29}, // ⌈20/0.7⌉
		{29*minute + 59*sim.Second, 29},
		{44*minute + 59*sim.Second, 29}, // 14 low datapoints: no scale-in yet
		{45 * minute, 15},               // the 15th: ⌈10/0.7⌉, idle ones retired at once
		{59*minute + 59*sim.Second, 15},
	} {
		if got := prov[tc.at/sim.Second]; got != tc.want {
			t.Errorf("at %v allocated %v, want %v", tc.at, got, tc.want)
		}
	}
	f := r.Summary.Functions["f"]
	// Spill-overs: 10/s while 10 of 20 are provisioned (10–13 min), 5/s
	// while 15 are (13–14 min), then a few while requests move over.
	t.Logf("peak allocated %v; spillovers %d", f.Provisioned, f.Spillovers)
	if want := int64(10*180 + 5*60); f.Provisioned != 29 || f.Spillovers < want || f.Spillovers > want+10 {
		t.Errorf("peak allocated %v, spillovers %d; want 29 and %d..%d", f.Provisioned, f.Spillovers, want, want+10)
	}
}

// Provisioned environments serve at most 10 × PC requests a second; the
// rest spill over to on-demand environments (cold starts, the pool) even
// when provisioned ones are idle. With 10 environments: a bucket of 100
// requests refilled at 100/s.
func TestProvisionedRPSSpillover(t *testing.T) {
	const secs = 60
	for _, tc := range []struct {
		name           string
		handler        sim.Time
		rate           float64 // requests/s, constant
		pc             int
		wantSpill      float64
		tol            float64
		wantColdAtMost int64
	}{
		// 1 ms handlers at 500/s: 10 environments could serve 10,000/s, the
		// rule lets 100 + 100 × 60 through; one on-demand environment takes the rest.
		{"short handlers", sim.Millisecond, 500, 10, 500*secs - (100 + 100*secs), 1, 1},
		// 1 s handlers at 20/s: the 10 are busy, so 10/s spill (the RPS rule never binds).
		{"all busy", sim.Second, 20, 10, 10 * secs, 10, 11},
		// No provisioned concurrency: nothing is a spill-over.
		{"none allocated", sim.Millisecond, 500, 0, 0, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := testFunction("f", fixed(tc.handler))
			fn.ProvisionedConcurrency = tc.pc
			sc := testScenario(secs*sim.Second, []Function{fn},
				[]Workload{testWorkload("w", "f", arrivalsEvery(sim.FromSeconds(1/tc.rate)))})
			s := mustRun(t, sc)
			f := s.Functions["f"]
			t.Logf("invocations %d, spillovers %d (want %v ± %v), cold starts %d", f.Invocations, f.Spillovers, tc.wantSpill, tc.tol, f.ColdStarts)
			if math.Abs(float64(f.Spillovers)-tc.wantSpill) > tc.tol || f.ColdStarts > tc.wantColdAtMost || s.Requests.Failed != 0 {
				t.Errorf("spillovers %d, want %v ± %v; cold starts %d (at most %d); failed %d",
					f.Spillovers, tc.wantSpill, tc.tol, f.ColdStarts, tc.wantColdAtMost, s.Requests.Failed)
			}
		})
	}
}

// The pools' rules hold at run time: provisioned concurrency of functions
// without a reservation may not take the unreserved pool below
// unreserved_minimum. Account of 300, minimum 100: 200 for all of it; a
// holds 150, so b's requests are cut to 50.
func TestProvisionedPoolCap(t *testing.T) {
	for _, tc := range []struct {
		name    string
		scaling *lambda.ProvisionedScaling
		initial int
		load    float64 // b's busy environments (1 s handlers)
	}{
		// A scheduled 120 gets 50.
		{"schedule", pcSchedule(nil, lambda.ScheduledAction{At: minute, Level: 120}), 0, 1},
		// Target tracking with all 100 busy climbs 10, 15, 22, 32, 46, then is cut at 50.
		{"target tracking", &lambda.ProvisionedScaling{Min: 10, Max: 200, Preparation: new(sim.Time(0))}, 10, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := testFunction("a", fixed(sim.Second)), testFunction("b", fixed(sim.Second))
			a.ProvisionedConcurrency = 150
			b.ProvisionedConcurrency, b.ProvisionedScaling = tc.initial, tc.scaling
			sc := testScenario(10*minute, []Function{a, b}, []Workload{
				testWorkload("wa", "a", burst(1, 0, 0)),
				testWorkload("wb", "b", arrivalsEvery(sim.FromSeconds(1/tc.load))),
			})
			sc.Account.ConcurrencyLimit = 300
			s := mustRun(t, sc)
			fa, fb := s.Functions["a"], s.Functions["b"]
			t.Logf("peak allocated: a %v, b %v", fa.Provisioned, fb.Provisioned)
			if fa.Provisioned != 150 || fb.Provisioned != 50 {
				t.Errorf("peak allocated a %v, b %v; want 150 and 50 (200 = 300 − 100 between them)", fa.Provisioned, fb.Provisioned)
			}
		})
	}
}

// Billing follows the level configured over time, each 5-minute block of
// the window at its highest level (sources.md [pc-pricing]); the hand
// computation at 1,024 MB on x86: environment-seconds × $0.0000041667, plus
// the 1 ms one request ran on a provisioned environment × $0.0000097222.
// Level 10, 50 from 7 min, 20 from 12 min; 15 minutes.
func TestProvisionedBilling(t *testing.T) {
	for _, tc := range []struct {
		name   string
		warmup sim.Time
		envS   float64
	}{
		// Blocks [0, 5) 10, [5, 10) 50, [10, 15) 50.
		{"whole run", 0, (10 + 50 + 50) * 300},
		// From a 3-minute warm-up: [3, 8) 50, [8, 13) 50, [13, 15) 20 billed as 5 minutes.
		{"after a warm-up", 3 * minute, (50 + 50 + 20) * 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := testFunction("f", fixed(sim.Millisecond))
			fn.MemoryMB = 1024
			fn.ProvisionedConcurrency = 10
			fn.ProvisionedScaling = pcSchedule(nil,
				lambda.ScheduledAction{At: 7 * minute, Level: 50}, lambda.ScheduledAction{At: 12 * minute, Level: 20})
			sc := testScenario(15*minute, []Function{fn}, []Workload{testWorkload("w", "f", burst(1, 14*minute, 0))})
			sc.Warmup = tc.warmup
			s := mustRun(t, sc)
			got := s.Cost.Breakdown[cost.Provisioned]
			want := tc.envS*0.0000041667 + 0.001*0.0000097222
			t.Logf("provisioned $%.9f for %v environment-seconds", got, tc.envS)
			if math.Abs(got-want) > 1e-12 {
				t.Errorf("provisioned $%.12f, want $%.12f", got, want)
			}
		})
	}
}
