package arrivals

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// window is an interval [from, to) whose count is checked.
type window struct{ from, to sim.Time }

// Counts in each window match the integral of the rate, ExpectedCount,
// within 5 Poisson standard deviations (√expected): the count in a window of
// a (non-homogeneous) Poisson process is Poisson. Profiles are checked
// segment by segment, in later periods too, so an error confined to one
// segment (or to the wrap of a period) cannot hide in a total.
func TestCountsMatchExpected(t *testing.T) {
	wrap := []Point{{0, 100}, {2 * minute, 1000}, {4 * minute, 300}}
	gaps := []Point{{0, 0}, {minute, 100}, {2 * minute, 0}, {3 * minute, 100}, {4 * minute, 0}}
	sine := Spec{Process: Sinusoid, Mean: 100, Amplitude: 80, Period: 10 * minute}
	shifted := sine
	shifted.Phase = 150 * sec
	for _, tc := range []struct {
		name    string
		spec    Spec
		windows []window
	}{
		// Homogeneous: a long window and a short one inside it.
		{"poisson", Spec{Process: Poisson, Rate: 200},
			[]window{{0, sim.Hour}, {10 * minute, 11 * minute}}},
		// Step: each level, then the last rate for ever.
		{"step", Spec{Process: Profile, Points: spike(), Shape: "step"},
			[]window{{0, 5 * minute}, {5 * minute, 7 * minute}, {7 * minute, 30 * minute}}},
		// Linear: the ramps, halves of them, then the last rate for ever.
		{"linear", Spec{Process: Profile, Points: spike(), Shape: "linear"},
			[]window{{0, 5 * minute}, {0, 150 * sec}, {5 * minute, 7 * minute}, {6 * minute, 7 * minute}, {7 * minute, 30 * minute}}},
		// Step with repeat: every segment of the first, second and sixth period.
		{"step, repeat", Spec{Process: Profile, Points: spike(), Shape: "step", Repeat: 10 * minute},
			[]window{{0, 5 * minute}, {5 * minute, 7 * minute}, {7 * minute, 10 * minute}, {10 * minute, 15 * minute}, {15 * minute, 17 * minute},
				{17 * minute, 20 * minute}, {50 * minute, 55 * minute}, {55 * minute, 57 * minute}, {57 * minute, 60 * minute}, {0, sim.Hour}}},
		// Linear with repeat: the last segment ramps back to the first rate (300 → 100).
		{"linear, repeat", Spec{Process: Profile, Points: wrap, Shape: "linear", Repeat: 6 * minute},
			[]window{{0, 2 * minute}, {2 * minute, 4 * minute}, {4 * minute, 6 * minute}, {4 * minute, 5 * minute},
				{18 * minute, 20 * minute}, {20 * minute, 22 * minute}, {22 * minute, 24 * minute}}},
		// Repeat equal to the last point's time: no segment after it.
		{"linear, repeat at last point", Spec{Process: Profile, Points: spike(), Shape: "linear", Repeat: 7 * minute},
			[]window{{0, 5 * minute}, {5 * minute, 7 * minute}, {7 * minute, 12 * minute}, {12 * minute, 14 * minute}}},
		// Zero-rate segments see nothing.
		{"step with gaps, repeat", Spec{Process: Profile, Points: gaps, Shape: "step", Repeat: 5 * minute},
			[]window{{0, minute}, {minute, 2 * minute}, {2 * minute, 3 * minute}, {3 * minute, 4 * minute}, {4 * minute, 6 * minute}, {6 * minute, 7 * minute}}},
		// A linear ramp from zero.
		{"linear from zero", Spec{Process: Profile, Points: []Point{{0, 0}, {minute, 0}, {2 * minute, 300}}, Shape: "linear"},
			[]window{{0, minute}, {minute, 90 * sec}, {90 * sec, 2 * minute}, {2 * minute, 5 * minute}}},
		// Whole periods, then each quarter of one.
		{"sinusoid", sine,
			[]window{{0, sim.Hour}, {0, 150 * sec}, {150 * sec, 300 * sec}, {300 * sec, 450 * sec}, {450 * sec, 600 * sec}}},
		// A quarter period of phase: the rate starts at its peak, as a cosine.
		{"sinusoid with phase", shifted, []window{{0, 150 * sec}, {150 * sec, 300 * sec}, {0, sim.Hour}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.spec.Validate(); err != nil {
				t.Fatal(err)
			}
			var end sim.Time
			for _, w := range tc.windows {
				end = max(end, w.to)
			}
			ts := until(t, tc.spec.New(rng(7)), end)
			for _, w := range tc.windows {
				want, got := tc.spec.ExpectedCount(w.from, w.to), float64(within(ts, w.from, w.to))
				if math.Abs(got-want) > 5*math.Sqrt(want) {
					t.Errorf("%v arrivals in [%v, %v), want %.1f ± %.1f", got, w.from, w.to, want, 5*math.Sqrt(want))
				}
			}
		})
	}
}

// Poisson counts in fixed windows have variance equal to their mean. For k
// windows the statistic (k−1)·s²/m is chi-square with k−1 degrees of freedom
// (asymptotically, for Poisson counts); it must lie in its central 99.9%.
// Checked for a Poisson process and for a step segment of a profile.
func TestPoissonDispersion(t *testing.T) {
	const k = 1000
	for _, tc := range []struct {
		name string
		spec Spec
	}{
		{"poisson", Spec{Process: Poisson, Rate: 50}},                                               // 50 a second
		{"step segment", Spec{Process: Profile, Points: []Point{{0, 0}, {sec, 20}}, Shape: "step"}}, // after a quiet second
	} {
		p := tc.spec.New(rng(3))
		counts := make([]float64, k)
		for at := p.Next(); at < (k+1)*sec; at = p.Next() {
			if at >= sec {
				counts[at/sec-1]++
			}
		}
		m, v := meanVar(counts)
		chi := distuv.ChiSquared{K: k - 1}
		lo, hi := chi.Quantile(0.0005), chi.Quantile(0.9995)
		if stat := (k - 1) * v / m; stat < lo || stat > hi {
			t.Errorf("%s: dispersion statistic %.1f outside [%.1f, %.1f]", tc.name, stat, lo, hi)
		}
	}
}

func meanVar(xs []float64) (m, v float64) {
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return m, v / float64(len(xs)-1)
}

// Next never goes backwards and never before 0, for every process, several
// seeds, and the edge cases of profiles; once Forever, always Forever.
func TestNextNonDecreasing(t *testing.T) {
	for _, s := range propertySpecs() {
		for seed := range uint64(5) {
			p, last := s.New(rng(seed)), sim.Time(0)
			for i := range 20_000 {
				at := p.Next()
				if at < last {
					t.Fatalf("%s seed %d: arrival %d at %v after %v", s, seed, i, at, last)
				}
				last = at
			}
			if last == sim.Forever && p.Next() != sim.Forever {
				t.Fatalf("%s: an arrival after Forever", s)
			}
		}
	}
}

// propertySpecs cover every process, and profiles whose segments start, end
// and wrap in every way.
func propertySpecs() []Spec {
	return []Spec{
		{Process: Poisson, Rate: 1e6},
		{Process: Constant, Rate: 3},
		{Process: Constant, Rate: 2e9}, // more than one per nanosecond
		{Process: Profile, Points: spike(), Shape: "step"},
		{Process: Profile, Points: spike(), Shape: "linear", Repeat: 7 * minute},
		{Process: Profile, Points: []Point{{0, 1000}, {sim.Millisecond, 0}, {2 * sim.Millisecond, 5000}}, Shape: "linear", Repeat: 3 * sim.Millisecond},
		{Process: Profile, Points: []Point{{0, 0}, {sec, 100}}, Shape: "step", Repeat: 2 * sec},
		{Process: Sinusoid, Mean: 1000, Amplitude: 1000, Period: sec, Phase: 300 * sim.Millisecond},
		{Process: MMPP, States: []State{{Rate: 0, MeanDwell: sim.Millisecond}, {Rate: 1e5, MeanDwell: sim.Millisecond}}},
		{Process: Burst, Count: 1000, At: sec, Over: 3 * sim.Nanosecond},
		{Process: Burst, Count: 10, At: sec},
	}
}

// Next allocates nothing.
func TestNextDoesNotAllocate(t *testing.T) {
	for _, s := range propertySpecs() {
		p := s.New(rng(1))
		if a := testing.AllocsPerRun(1000, func() { p.Next() }); a != 0 {
			t.Errorf("%s: %v allocations per arrival", s, a)
		}
	}
}

// A process that owns its source (Own) gives New's arrivals, a Peek between
// them changing none, and allocates nothing per arrival either.
func TestOwnSameArrivals(t *testing.T) {
	for _, s := range propertySpecs() {
		a, b := s.New(rand.New(rand.NewPCG(3, 4))), s.Own(rand.NewPCG(3, 4))
		peek, isPeeker := b.(dist.Peeker)
		if s.Process == Poisson && !isPeeker {
			t.Errorf("%s: Own's Poisson process reads nothing ahead (no dist.Peeker)", s)
		}
		for i := range 500 {
			if isPeeker {
				peek.Peek() // reads ahead, draws nothing
			}
			if x, y := a.Next(), b.Next(); x != y {
				t.Fatalf("%s: arrival %d at %v, New's at %v", s, i, y, x)
			}
		}
		if n := testing.AllocsPerRun(1000, func() { b.Next() }); n != 0 {
			t.Errorf("%s: %v allocations per arrival", s, n)
		}
	}
}

// A process whose rate is 0 everywhere returns Forever at once instead of
// searching for an arrival for ever; a quiet start is skipped.
func TestZeroRates(t *testing.T) {
	for _, s := range []Spec{
		{Process: Poisson},
		{Process: Constant},
		{Process: Profile, Points: []Point{{0, 0}}, Shape: "step"},
		{Process: Profile, Points: []Point{{0, 0}, {sec, 0}}, Shape: "linear", Repeat: 2 * sec},
		{Process: Sinusoid, Period: sec},
		{Process: MMPP, States: []State{{Rate: 0, MeanDwell: sim.Nanosecond}, {Rate: 0, MeanDwell: sim.Nanosecond}}},
		{Process: Burst},
	} {
		if at := s.New(rng(1)).Next(); at != sim.Forever {
			t.Errorf("%s arrived at %v", s, at)
		}
	}
	s := Spec{Process: Profile, Points: []Point{{0, 0}, {minute, 10}}, Shape: "step"}
	if at := s.New(rng(1)).Next(); at < minute || at > 2*minute {
		t.Errorf("first arrival at %v, want soon after the quiet first minute", at)
	}
}

// Periods stay aligned a year into a run: a profile quiet for 23 hours a
// day sees nothing in the quiet hours of day 365 and the expected count in
// its busy hour (the period start is computed, not accumulated).
func TestLateArrivals(t *testing.T) {
	day := 24 * sim.Hour
	s := Spec{Process: Profile, Points: []Point{{0, 0}, {23 * sim.Hour, 2}}, Shape: "step", Repeat: day}
	ts := until(t, s.New(rng(11)), 365*day)
	if n := within(ts, 364*day, 364*day+23*sim.Hour); n != 0 {
		t.Errorf("%d arrivals in the quiet hours of the last day", n)
	}
	for _, w := range []window{{364*day + 23*sim.Hour, 365 * day}, {0, 365 * day}} {
		want, got := s.ExpectedCount(w.from, w.to), float64(within(ts, w.from, w.to))
		if math.Abs(got-want) > 5*math.Sqrt(want) {
			t.Errorf("%v arrivals in [%v, %v), want %.0f ± %.0f", got, w.from, w.to, want, 5*math.Sqrt(want))
		}
	}
}
