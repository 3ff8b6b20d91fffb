package arrivals

import (
	"math"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// The closed forms against integrals worked by hand.
func TestExpectedCountClosedForms(t *testing.T) {
	wrap := []Point{{0, 100}, {2 * minute, 1000}, {4 * minute, 300}}
	sine := Spec{Process: Sinusoid, Mean: 100, Amplitude: 80, Period: 10 * minute}
	cosine := sine
	cosine.Phase = 150 * sec            // a quarter period: Mean + A·cos
	quarter := 80 * 600 / (2 * math.Pi) // ∫ A·sin over a quarter period
	for _, tc := range []struct {
		name     string
		spec     Spec
		from, to sim.Time
		want     float64
	}{
		{"poisson", Spec{Process: Poisson, Rate: 200}, 0, minute, 12_000},
		{"poisson, before 0 counts nothing", Spec{Process: Poisson, Rate: 200}, -minute, minute, 12_000},
		{"empty window", Spec{Process: Poisson, Rate: 200}, minute, minute, 0},
		// 50·300 + 2000·120 + 50·180.
		{"step", Spec{Process: Profile, Points: spike(), Shape: "step"}, 0, 10 * minute, 264_000},
		// Trapezoids: (50+2000)/2·300 + (2000+50)/2·120.
		{"linear", Spec{Process: Profile, Points: spike(), Shape: "linear"}, 0, 7 * minute, 430_500},
		// After the last point: its rate for ever.
		{"linear, after the last point", Spec{Process: Profile, Points: spike(), Shape: "linear"}, 7 * minute, 10 * minute, 9000},
		// One period: 550·120 + 650·120 + 200·120 (the last ramp back to 100).
		{"repeat, one period", Spec{Process: Profile, Points: wrap, Shape: "linear", Repeat: 6 * minute}, 0, 6 * minute, 168_000},
		{"repeat, ten periods", Spec{Process: Profile, Points: wrap, Shape: "linear", Repeat: 6 * minute}, 0, sim.Hour, 1_680_000},
		// Half of the wrap ramp: 300 → 200 over 60s.
		{"repeat, wrap ramp", Spec{Process: Profile, Points: wrap, Shape: "linear", Repeat: 6 * minute}, 4 * minute, 5 * minute, 15_000},
		// The same half ramp in the fifth period.
		{"repeat, later period", Spec{Process: Profile, Points: wrap, Shape: "linear", Repeat: 6 * minute}, 28 * minute, 29 * minute, 15_000},
		// Across a period boundary: 200·60/2·... = last minute 200 → 100 plus first minute 100 → 550.
		{"repeat, across the wrap", Spec{Process: Profile, Points: wrap, Shape: "linear", Repeat: 6 * minute}, 5 * minute, 7 * minute, 150*60 + 325*60},
		// Repeat at the last point: no extra segment.
		{"repeat at the last point", Spec{Process: Profile, Points: spike(), Shape: "linear", Repeat: 7 * minute}, 0, 70 * minute, 4_305_000},
		{"sinusoid, whole periods", sine, 0, sim.Hour, 360_000},
		{"sinusoid, rising quarter", sine, 0, 150 * sec, 15_000 + quarter},
		{"sinusoid, falling half", sine, 5 * minute, 10 * minute, 30_000 - 2*quarter},
		{"sinusoid with phase, first quarter", cosine, 0, 150 * sec, 15_000 + quarter},
		{"sinusoid with phase, second quarter", cosine, 150 * sec, 300 * sec, 15_000 - quarter},
		// (50·300 + 2000·30)/330 per second.
		{"mmpp", quietBusy(), 0, sim.Hour, 75_000.0 / 330 * 3600},
		{"constant", Spec{Process: Constant, Rate: 4}, 0, sec, 4},
		{"constant, just past an arrival", Spec{Process: Constant, Rate: 4}, 0, sec + 1, 5},
		{"burst", Spec{Process: Burst, Count: 4, At: minute, Over: 2 * sec}, 0, 61 * sec, 2},
		{"burst, to the end of time", Spec{Process: Burst, Count: 4, At: minute, Over: 2 * sec}, 0, sim.Forever, 4},
	} {
		if got := tc.spec.ExpectedCount(tc.from, tc.to); math.Abs(got-tc.want) > 1e-9*math.Max(1, tc.want) {
			t.Errorf("%s: ExpectedCount(%v, %v) = %.6f, want %.6f", tc.name, tc.from, tc.to, got, tc.want)
		}
	}
}

// Long-run mean and peak rates.
func TestMeanAndPeakRates(t *testing.T) {
	wrap := []Point{{0, 100}, {2 * minute, 1000}, {4 * minute, 300}}
	for _, tc := range []struct {
		name       string
		spec       Spec
		mean, peak float64
	}{
		{"poisson", Spec{Process: Poisson, Rate: 200}, 200, 200},
		{"constant", Spec{Process: Constant, Rate: 5}, 5, 5},
		{"profile ends at its last rate", Spec{Process: Profile, Points: spike(), Shape: "step"}, 50, 2000},
		{"repeating profile averages a period", Spec{Process: Profile, Points: wrap, Shape: "linear", Repeat: 6 * minute}, 168_000.0 / 360, 1000},
		{"sinusoid", Spec{Process: Sinusoid, Mean: 100, Amplitude: 80, Period: minute}, 100, 180},
		{"mmpp", quietBusy(), 75_000.0 / 330, 2000},
		{"burst", Spec{Process: Burst, Count: 4, Over: 2 * sec}, 0, 2},
		{"burst at once", Spec{Process: Burst, Count: 4}, 0, math.Inf(1)},
		{"empty burst", Spec{Process: Burst}, 0, 0},
	} {
		if m, p := tc.spec.MeanRate(), tc.spec.PeakRate(); math.Abs(m-tc.mean) > 1e-9*tc.mean || p != tc.peak {
			t.Errorf("%s: mean %v, peak %v; want %v, %v", tc.name, m, p, tc.mean, tc.peak)
		}
	}
}

// Consistency of the profile integral: over any split of a window the
// parts add up to the whole.
func TestProfileIntegralAdds(t *testing.T) {
	s := Spec{Process: Profile, Points: []Point{{0, 100}, {2 * minute, 1000}, {4 * minute, 300}}, Shape: "linear", Repeat: 6 * minute}
	whole := s.ExpectedCount(0, 2*sim.Hour)
	var sum float64
	for t0 := sim.Time(0); t0 < 2*sim.Hour; t0 += 37 * sec {
		sum += s.ExpectedCount(t0, min(t0+37*sec, 2*sim.Hour))
	}
	if math.Abs(sum-whole) > 1e-9*whole {
		t.Errorf("parts add up to %.6f, whole %.6f", sum, whole)
	}
}
