package arrivals

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Constant and burst place every arrival exactly.
func TestDeterministicTimes(t *testing.T) {
	const ms, ns = sim.Millisecond, sim.Nanosecond
	for _, tc := range []struct {
		name string
		spec Spec
		want []sim.Time
	}{
		// k/rate from k = 0.
		{"constant 4/s", Spec{Process: Constant, Rate: 4}, []sim.Time{0, 250 * ms, 500 * ms, 750 * ms, sec}},
		// Thirds of a second, rounded to the nanosecond, and exact at 1s.
		{"constant 3/s", Spec{Process: Constant, Rate: 3}, []sim.Time{0, 333333333, 666666667, sec, 1333333333}},
		// Slower than one a second.
		{"constant 0.25/s", Spec{Process: Constant, Rate: 0.25}, []sim.Time{0, 4 * sec, 8 * sec}},
		// At + k·Over/Count.
		{"burst", Spec{Process: Burst, Count: 4, At: minute, Over: 2 * sec},
			[]sim.Time{60 * sec, 60500 * ms, 61 * sec, 61500 * ms, sim.Forever, sim.Forever}},
		// Thirds of 10s, truncated to the nanosecond.
		{"burst in thirds", Spec{Process: Burst, Count: 3, Over: 10 * sec}, []sim.Time{0, 3333333333, 6666666666, sim.Forever}},
		// Over = 0: all at once.
		{"burst at once", Spec{Process: Burst, Count: 3, At: sec}, []sim.Time{sec, sec, sec, sim.Forever}},
		// Fewer nanoseconds than requests: several per nanosecond.
		{"burst in 2ns", Spec{Process: Burst, Count: 4, At: sec, Over: 2 * ns}, []sim.Time{sec, sec, sec + ns, sec + ns, sim.Forever}},
		// No requests at all.
		{"empty burst", Spec{Process: Burst, At: sec, Over: sec}, []sim.Time{sim.Forever}},
	} {
		p := tc.spec.New(nil)
		got := make([]sim.Time, len(tc.want))
		for i := range got {
			got[i] = p.Next()
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Arrival k of a constant process is computed from k, so it is exact however
// late: no error accumulates.
func TestConstantDoesNotDrift(t *testing.T) {
	for _, tc := range []struct {
		rate float64
		k    int64
		want sim.Time
	}{
		{1000, 123_456_789_012, 123_456_789_012 * sim.Millisecond}, // ~4 years at 1000/s
		{10, 86_400 * 365 * 10, 365 * sim.Day},                     // a year at 10/s
		{3, 3 * 86_400 * 365, 365 * sim.Day},                       // a whole number of seconds, at 3/s
		{1.0 / 1024, 3, 3 * 1024 * sec},                            // a binary fraction: exact
		{1e-10, 1, sim.Forever},                                    // past the end of time
	} {
		if got := newConstantClock(tc.rate).at(tc.k); got != tc.want {
			t.Errorf("rate %g: arrival %d at %v, want %v", tc.rate, tc.k, got, tc.want)
		}
	}
}

// ExpectedCount of constant and burst is the exact number of arrival times
// in [from, to), for windows starting and ending on, just before and just
// after arrivals and at random.
func TestDeterministicExpectedCount(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 3))
	for _, s := range []Spec{
		{Process: Constant, Rate: 3},
		{Process: Constant, Rate: 7.3},
		{Process: Constant, Rate: 1000},
		{Process: Constant, Rate: 0.25},
		{Process: Burst, Count: 1000, At: sec, Over: 7 * sec},
		{Process: Burst, Count: 7, At: sec, Over: 3 * sim.Nanosecond},
		{Process: Burst, Count: 5, At: sec},
	} {
		ts := until(t, s.New(nil), 20*sec)
		var edges []sim.Time
		for _, at := range ts[:min(len(ts), 50)] {
			edges = append(edges, at-1, at, at+1)
		}
		for range 200 {
			edges = append(edges, sim.Time(r.Int64N(int64(20*sec))))
		}
		for i, from := range edges {
			to := edges[(i*7+3)%len(edges)]
			if to < from {
				from, to = to, from
			}
			if got, want := s.ExpectedCount(from, to), float64(within(ts, from, to)); got != want {
				t.Fatalf("%s: ExpectedCount(%v, %v) = %v, but %v arrivals", s, from, to, got, want)
			}
		}
	}
}
