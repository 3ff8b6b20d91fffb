package arrivals

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede/sim"
)

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 99)) }

// count arrivals of s in [from, to), checking they never go backwards.
func count(t *testing.T, s Spec, seed uint64, from, to sim.Time) float64 {
	t.Helper()
	p, last, n := s.New(rng(seed)), sim.Time(0), 0
	for at := p.Next(); at < to; at = p.Next() {
		if at < last {
			t.Fatalf("arrival at %v after %v", at, last)
		}
		last = at
		if at >= from {
			n++
		}
	}
	return float64(n)
}

var profile = []Point{{0, 50}, {5 * sim.Minute, 2000}, {7 * sim.Minute, 50}}

// Counts in an interval match the integral of the rate within 5 Poisson
// standard deviations (√expected), interval by interval.
func TestCountsMatchExpected(t *testing.T) {
	for _, tc := range []struct {
		name     string
		spec     Spec
		from, to sim.Time
	}{
		{"poisson", Spec{Process: Poisson, Rate: 200}, 0, sim.Hour},
		{"step profile, low segment", Spec{Process: Profile, Points: profile, Shape: "step"}, 0, 5 * sim.Minute},
		{"step profile, spike", Spec{Process: Profile, Points: profile, Shape: "step"}, 5 * sim.Minute, 7 * sim.Minute},
		{"step profile, after", Spec{Process: Profile, Points: profile, Shape: "step"}, 7 * sim.Minute, sim.Hour},
		{"linear profile, ramp up", Spec{Process: Profile, Points: profile, Shape: "linear"}, 0, 5 * sim.Minute},
		{"linear profile, ramp down", Spec{Process: Profile, Points: profile, Shape: "linear"}, 5 * sim.Minute, 7 * sim.Minute},
		{"repeating step profile", Spec{Process: Profile, Points: profile, Shape: "step", Repeat: 10 * sim.Minute}, 0, 3 * sim.Hour},
		{"repeating linear profile, wrap", Spec{Process: Profile, Points: profile, Shape: "linear", Repeat: 10 * sim.Minute}, 7 * sim.Minute, 10 * sim.Minute},
		{"sinusoid, whole periods", Spec{Process: Sinusoid, Mean: 100, Amplitude: 80, Period: 10 * sim.Minute}, 0, sim.Hour},
		{"sinusoid, rising quarter", Spec{Process: Sinusoid, Mean: 100, Amplitude: 80, Period: 10 * sim.Minute}, 0, 150 * sim.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.spec.ExpectedCount(tc.from, tc.to)
			got := count(t, tc.spec, 7, tc.from, tc.to)
			if math.Abs(got-want) > 5*math.Sqrt(want) {
				t.Errorf("%v arrivals in [%v, %v), want %.1f ± %.1f", got, tc.from, tc.to, want, 5*math.Sqrt(want))
			}
		})
	}
}

// Deterministic processes place every arrival exactly.
func TestDeterministicTimes(t *testing.T) {
	c := Spec{Process: Constant, Rate: 4}.New(nil)
	for k := range 10 {
		if at := c.Next(); at != sim.Time(k)*250*sim.Millisecond {
			t.Fatalf("constant arrival %d at %v", k, at)
		}
	}
	b := Spec{Process: Burst, Count: 4, At: sim.Minute, Over: 2 * sim.Second}.New(nil)
	for _, want := range []sim.Time{60 * sim.Second, 60500 * sim.Millisecond, 61 * sim.Second, 61500 * sim.Millisecond, sim.Forever} {
		if at := b.Next(); at != want {
			t.Fatalf("burst arrival at %v, want %v", at, want)
		}
	}
	if n := (Spec{Process: Constant, Rate: 4}).ExpectedCount(0, sim.Second); n != 4 {
		t.Errorf("constant expected count %v", n)
	}
}

// Poisson counts in fixed windows have variance equal to their mean: the
// index of dispersion s²/m of k window counts, times (k−1), follows a
// chi-square with k−1 degrees of freedom; check it lies in its central 99.9%.
func TestPoissonDispersion(t *testing.T) {
	const k = 1000
	p := Spec{Process: Poisson, Rate: 50}.New(rng(3))
	counts := make([]float64, k)
	for at := p.Next(); at < k*sim.Second; at = p.Next() {
		counts[at/sim.Second]++
	}
	var m, v float64
	for _, c := range counts {
		m += c / k
	}
	for _, c := range counts {
		v += (c - m) * (c - m) / (k - 1)
	}
	chi := distuv.ChiSquared{K: k - 1}
	if stat := (k - 1) * v / m; stat < chi.Quantile(0.0005) || stat > chi.Quantile(0.9995) {
		t.Errorf("dispersion statistic %.1f outside [%.1f, %.1f]", stat, chi.Quantile(0.0005), chi.Quantile(0.9995))
	}
}

// The MMPP's long-run rate is the dwell-weighted mean of its states'. The
// tolerance comes from the run: counts over 40 batches of many dwell cycles
// are nearly independent, so their mean has a t-based standard error.
func TestMMPPRate(t *testing.T) {
	s := Spec{Process: MMPP, States: []State{{Rate: 50, MeanDwell: 5 * sim.Minute}, {Rate: 2000, MeanDwell: 30 * sim.Second}}}
	const batches = 40
	batch := 2 * sim.Hour
	p := s.New(rng(5))
	counts := make([]float64, batches)
	for at := p.Next(); at < batches*batch; at = p.Next() {
		counts[at/batch]++
	}
	var m, v float64
	for _, c := range counts {
		m += c / batches
	}
	for _, c := range counts {
		v += (c - m) * (c - m) / (batches - 1)
	}
	se := math.Sqrt(v / batches)
	if want := s.MeanRate() * batch.Seconds(); math.Abs(m-want) > 5*se {
		t.Errorf("mean batch count %.0f, want %.0f ± %.0f", m, want, 5*se)
	}
	// A bursty process is over-dispersed: its batch variance exceeds Poisson's.
	if v < 2*m {
		t.Errorf("MMPP batch variance %.0f not above the Poisson variance %.0f", v, m)
	}
}

// Next allocates nothing.
func TestNextDoesNotAllocate(t *testing.T) {
	for _, s := range []Spec{
		{Process: Poisson, Rate: 10}, {Process: Constant, Rate: 10},
		{Process: Profile, Points: profile, Shape: "linear", Repeat: sim.Hour},
		{Process: Sinusoid, Mean: 10, Amplitude: 5, Period: sim.Minute},
		{Process: MMPP, States: []State{{Rate: 1, MeanDwell: sim.Second}, {Rate: 5, MeanDwell: sim.Second}}},
		{Process: Burst, Count: 10_000, Over: sim.Hour},
	} {
		p := s.New(rng(1))
		if a := testing.AllocsPerRun(1000, func() { p.Next() }); a != 0 {
			t.Errorf("%s: %v allocations per arrival", s.Process, a)
		}
	}
}

// A zero rate never arrives; the process does not spin.
func TestZeroRates(t *testing.T) {
	for _, s := range []Spec{
		{Process: Poisson}, {Process: Constant},
		{Process: Profile, Points: []Point{{0, 0}}, Shape: "step"},
	} {
		if at := s.New(rng(1)).Next(); at != sim.Forever {
			t.Errorf("%s with rate 0 arrived at %v", s.Process, at)
		}
	}
	// A profile with a quiet start skips it.
	s := Spec{Process: Profile, Points: []Point{{0, 0}, {sim.Minute, 10}}, Shape: "step"}
	if at := s.New(rng(1)).Next(); at < sim.Minute {
		t.Errorf("arrival at %v during a zero-rate segment", at)
	}
}

// Invalid specs and what the message says is allowed.
func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{Process: "x"}, `unknown process "x" (allowed: poisson`},                                                      // unknown
		{Spec{Process: Poisson, Rate: -1}, "rate -1 is not a rate"},                                                        // negative rate
		{Spec{Process: Poisson, Rate: math.Inf(1)}, "not a rate"},                                                          // infinite rate
		{Spec{Process: "trace"}, "not supported yet"},                                                                      // trace
		{Spec{Process: Profile, Shape: "step"}, "at least one point"},                                                      // empty profile
		{Spec{Process: Profile, Points: []Point{{sim.Second, 1}}, Shape: "step"}, `first point must be at "0s"`},           // late start
		{Spec{Process: Profile, Points: profile, Shape: "cubic"}, `shape "cubic" (allowed: step, linear)`},                 // bad shape
		{Spec{Process: Profile, Points: profile, Shape: "step", Repeat: sim.Minute}, "must be longer than the last point"}, // short repeat
		{Spec{Process: Sinusoid, Mean: 1, Amplitude: 2, Period: sim.Second}, "amplitude 2 is larger than mean 1"},          // negative rate
		{Spec{Process: Sinusoid, Mean: 1}, "period > 0"},                                                                   // no period
		{Spec{Process: MMPP}, "at least one state"},                                                                        // no states
		{Spec{Process: MMPP, States: []State{{Rate: 1}}}, "mean_dwell must be > 0"},                                        // no dwell
		{Spec{Process: Burst, Count: -1}, "count >= 0"},                                                                    // negative count
	} {
		err := tc.spec.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.spec, err, tc.want)
		}
	}
}

// String writes inline tables the scenario loader reads back.
func TestString(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{Process: Poisson, Rate: 200}, `{ process = "poisson", rate = 200 }`},
		{Spec{Process: Profile, Points: profile, Shape: "step", Repeat: sim.Hour},
			`{ process = "profile", points = [["0s", 50], ["5m", 2000], ["7m", 50]], shape = "step", repeat = "1h" }`},
		{Spec{Process: MMPP, States: []State{{Rate: 50, MeanDwell: 5 * sim.Minute}}},
			`{ process = "mmpp", states = [{ rate = 50, mean_dwell = "5m" }] }`},
		{Spec{Process: Burst, Count: 10, At: sim.Minute, Over: 10 * sim.Second}, `{ process = "burst", count = 10, at = "1m", over = "10s" }`},
		{Spec{Process: Sinusoid, Mean: 100, Amplitude: 50, Period: sim.Hour}, `{ process = "sinusoid", mean = 100, amplitude = 50, period = "1h", phase = "0s" }`},
	} {
		if got := tc.spec.String(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}
