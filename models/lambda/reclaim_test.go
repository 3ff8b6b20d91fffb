package lambda

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
	"github.com/stampede-sim/stampede/sim/stats"
)

// reclaimRig invokes one function at random times: bursts that scale it
// out, then quiet stretches of minutes in which its environments are
// reclaimed.
type reclaimRig struct {
	f *Function
	r *rand.Rand
	n int
	// late counts the arrivals at which the reclaim alarm was not set at
	// or before the reclaim queue's next need.
	late int
}

func (g *reclaimRig) Complete(*sim.Sim, int32, Outcome) {}

func (g *reclaimRig) Handle(s *sim.Sim, ev sim.Event) {
	q := &g.f.reclaim
	if next := q.next(g.f.envs); next != sim.Forever {
		if at, set := q.alarm.At(); !set || at > next {
			g.late++
		}
	}
	g.f.Invoke(s, 0, g, sim.Forever)
	if g.n--; g.n > 0 {
		gap := sim.Time(g.r.IntN(int(20 * sim.Millisecond)))
		if g.r.IntN(200) == 0 { // a quiet stretch: up to 10 minutes
			gap = sim.Time(g.r.Int64N(int64(10 * sim.Minute)))
		}
		s.After(gap, g, 0, sim.Ref{})
	}
}

// runReclaim runs the rig with seed on keep-alive ka and returns the
// function's levels; eager puts every idle environment in the reclaim heap
// at once (no floor) and draws its keep-alive then, the behaviour before
// issue 12.
func runReclaim(t *testing.T, ka, life dist.Spec, eager bool, seed uint64) *stats.Levels {
	t.Helper()
	l, _ := runReclaimRig(t, ka, life, eager, seed)
	return l
}

// runReclaimRig is runReclaim, returning the rig too.
func runReclaimRig(t *testing.T, ka, life dist.Spec, eager bool, seed uint64) (*stats.Levels, *reclaimRig) {
	t.Helper()
	cfg := Config{Name: "f", KeepAlive: ka, MaxLifetime: life,
		Duration: dist.Spec{Kind: dist.LogNormal, Median: 50 * sim.Millisecond, P99: 2 * sim.Second}}
	cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	w := stats.Window{From: 0, To: 4 * sim.Hour, Buckets: stats.NewBuckets(0, sim.Minute, 240)}
	f := NewFunction(&cfg, 0, NewAccount(1000, 0, Scaling2023, "us-east-1"), sim.NewStreams(seed, 0), NewStats(w, nil))
	if eager {
		f.reclaim.floor = 0
	}
	s := sim.New()
	f.Start(s)
	g := &reclaimRig{f: f, r: rand.New(rand.NewPCG(seed, 6)), n: 200_000}
	s.Schedule(0, g, 0, sim.Ref{})
	s.RunUntil(4 * sim.Hour)
	f.Stats.Close(4 * sim.Hour)
	return f.Stats.Levels, g
}

// reclaimCases are the keep-alives and lives the reclaim tests run.
var reclaimCases = []struct {
	name     string
	ka, life dist.Spec
}{
	// Every deadline exactly a floor (+1 µs) after idling; most idle
	// environments go idle behind the frontier and need no wake-up.
	{"fixed", dist.Spec{Kind: dist.Fixed, Value: 3 * sim.Minute}, dist.Spec{}},
	// A max_lifetime of 8 minutes: many an environment's life ends before
	// its keep-alive could, and it joins the heap at once.
	{"short lives", dist.Spec{Kind: dist.Fixed, Value: 3 * sim.Minute}, dist.Spec{Kind: dist.Fixed, Value: 8 * sim.Minute}},
	// Lives shorter than the keep-alive: every environment joins the heap
	// when it goes idle, many ahead of its top.
	{"lives shorter than the keep-alive", dist.Spec{Kind: dist.Fixed, Value: 10 * sim.Minute}, dist.Spec{Kind: dist.Fixed, Value: 2 * sim.Minute}},
	// Exponential: floor 0, every environment joins at once.
	{"exponential", dist.Spec{Kind: dist.Exponential, Mean: 2 * sim.Minute}, dist.Spec{}},
}

// An environment going idle wakes the reclaim queue only when it may bring
// the queue's next need forward (reclaimQueue.idle): the alarm is then
// still set at or before that need at every arrival, in every case.
func TestReclaimAlarmInTime(t *testing.T) {
	for _, tc := range reclaimCases {
		t.Run(tc.name, func(t *testing.T) {
			if _, g := runReclaimRig(t, tc.ka, tc.life, false, 3); g.late > 0 {
				t.Errorf("the reclaim alarm was late at %d arrivals", g.late)
			}
		})
	}
}

// Environments join the reclaim heap only after idling for the least
// keep-alive, yet with a fixed keep-alive every reclaim happens at the same
// instant as when they joined at once: the function's levels (instances,
// idle, …, window and per-minute areas and peaks) are identical.
func TestReclaimFloorSameResults(t *testing.T) {
	for _, tc := range reclaimCases {
		lazy, eager := runReclaim(t, tc.ka, tc.life, false, 1), runReclaim(t, tc.ka, tc.life, true, 1)
		for k := range NumLevels {
			if lazy.Mean(k) != eager.Mean(k) || lazy.Peak(k) != eager.Peak(k) ||
				!slices.Equal(lazy.BucketMeans(k), eager.BucketMeans(k)) ||
				!slices.Equal(lazy.BucketPeaks(k), eager.BucketPeaks(k)) {
				t.Errorf("%s: level %d: mean %v peak %v, eager %v %v", tc.name, k,
					lazy.Mean(k), lazy.Peak(k), eager.Mean(k), eager.Peak(k))
			}
		}
		if lazy.Mean(LevelIdle) == 0 || lazy.Peak(LevelInstances) < 10 {
			t.Errorf("%s: the rig neither idled nor scaled out", tc.name)
		}
	}
}

// With a random keep-alive (Lambda's default, uniform 5–7 minutes) a
// period's keep-alive is drawn when it joins the heap rather than when it
// starts: the same distribution, other draws. The mean number of
// environments agrees with drawing at the start, within four standard
// errors of the difference over 30 seeds each; with and without lives
// short enough to end idle periods first.
func TestReclaimFloorSameDistribution(t *testing.T) {
	if testing.Short() {
		t.Skip("statistical: 120 runs")
	}
	for _, tc := range []struct {
		name string
		life dist.Spec
	}{
		{"default max_lifetime", dist.Spec{}},
		{"8-minute lives", dist.Spec{Kind: dist.Fixed, Value: 8 * sim.Minute}},
	} {
		life := tc.life
		var lazy, eager []float64
		for seed := range uint64(30) {
			lazy = append(lazy, runReclaim(t, DefaultKeepAlive, life, false, seed+1).Mean(LevelInstances))
			eager = append(eager, runReclaim(t, DefaultKeepAlive, life, true, seed+1).Mean(LevelInstances))
		}
		ml, vl := stat.MeanVariance(lazy, nil)
		me, ve := stat.MeanVariance(eager, nil)
		se := math.Sqrt(vl/30 + ve/30)
		if d := math.Abs(ml - me); d > 4*se {
			t.Errorf("%s: mean instances %.3f drawn on joining, %.3f drawn at idling (difference %.3f > 4 SE %.3f)",
				tc.name, ml, me, d, 4*se)
		}
		t.Logf("%s: mean instances %.3f vs %.3f, SE of the difference %.3f", tc.name, ml, me, se)
	}
}
