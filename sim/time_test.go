package sim_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want sim.Time
	}{
		{"250ms", 250 * sim.Millisecond}, // milliseconds
		{"90s", 90 * sim.Second},         // seconds beyond a minute stay seconds
		{"15m", 15 * sim.Minute},         // minutes
		{"2h", 2 * sim.Hour},             // hours
		{"7d", 7 * sim.Day},              // days, which time.ParseDuration lacks
		{"1h30m", 90 * sim.Minute},       // compound
		{"1d2h3m4s5ms", sim.Day + 2*sim.Hour + 3*sim.Minute + 4*sim.Second + 5*sim.Millisecond}, // every unit
		{"1.5s", 1500 * sim.Millisecond}, // fractions
		{"1.5h", 90 * sim.Minute},        // fractions of large units
		{".5s", 500 * sim.Millisecond},   // a leading dot
		{"0", 0},                         // bare zero needs no unit
		{"0s", 0},                        // zero with a unit
		{"100us", 100 * sim.Microsecond}, // ASCII micro
		{"100µs", 100 * sim.Microsecond}, // Unicode micro
		{"7ns", 7},                       // nanoseconds
		{"0.0000015s", 1500},             // rounds to the nanosecond
	}
	for _, tc := range tests {
		got, err := sim.ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestParseDurationErrors(t *testing.T) {
	tests := []string{
		"",        // empty
		"5",       // a number without a unit (only "0" may omit it)
		"5x",      // unknown unit
		"-1s",     // negative
		"abc",     // no number
		"1.2.3s",  // malformed number
		"1h30",    // trailing number without unit
		"s",       // unit without number
		"1 s",     // spaces are not units
		"999999d", // beyond the range of Time
		"1e3s",    // no exponents
		"10sec",   // unit names are exact
		"100000000000000000000000000000000000000000000h", // absurd
	}
	for _, in := range tests {
		if got, err := sim.ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %d, want an error", in, got)
		}
	}
}

func TestTimeString(t *testing.T) {
	tests := []struct {
		in   sim.Time
		want string
	}{
		{0, "0s"},                                      // zero has a unit
		{250 * sim.Millisecond, "250ms"},               // below a second: the largest unit that fits
		{90 * sim.Second, "1m30s"},                     // whole seconds: compound
		{90 * sim.Minute, "1h30m"},                     // compound without seconds
		{7 * sim.Day, "7d"},                            // days
		{sim.Day + sim.Second, "1d1s"},                 // skipped units are omitted
		{1500 * sim.Millisecond, "1.5s"},               // fractional seconds stay in seconds
		{100 * sim.Microsecond, "100us"},               // ASCII micro
		{1, "1ns"},                                     // the smallest step
		{-2 * sim.Second, "-2s"},                       // negative spans are printed, not parsed
		{sim.Hour + sim.Nanosecond, "3600.000000001s"}, // not whole seconds: exact decimal seconds
	}
	for _, tc := range tests {
		if got := tc.in.String(); got != tc.want {
			t.Errorf("Time(%d).String() = %q, want %q", int64(tc.in), got, tc.want)
		}
	}
}

// String round-trips through ParseDuration for spans of realistic size
// (up to 30 days at nanosecond resolution, whole seconds up to ~30 years).
// Non-whole-second values are printed as decimal seconds, which float64
// parses back exactly only while ulp(t in s)·1e9 < 0.5 ns, i.e. t ≲ 52 days.
func TestTimeStringRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	gens := []struct {
		name string
		draw func() sim.Time
	}{
		{"ns up to 30d", func() sim.Time { return sim.Time(rng.Int64N(int64(30 * sim.Day))) }},
		{"log-uniform", func() sim.Time { return sim.Time(1) << rng.IntN(51) * sim.Time(1+rng.IntN(3)) }},
		{"whole ms", func() sim.Time { return sim.Time(rng.Int64N(1e9)) * sim.Millisecond }},
		{"whole s up to 30y", func() sim.Time { return sim.Time(rng.Int64N(1e9)) * sim.Second }},
		{"small ns", func() sim.Time { return sim.Time(rng.Int64N(1e6)) }},
	}
	for _, g := range gens {
		for range 20000 {
			in := g.draw()
			s := in.String()
			back, err := sim.ParseDuration(s)
			if err != nil || back != in {
				t.Fatalf("%s: %d → %q → %d, %v", g.name, int64(in), s, int64(back), err)
			}
		}
	}
}

func TestFromSeconds(t *testing.T) {
	tests := []struct {
		in   float64
		want sim.Time
	}{
		{1.5, 1500 * sim.Millisecond}, // plain
		{1e-9 * 0.4, 0},               // rounds down below half a nanosecond
		{1e-9 * 0.6, 1},               // and up above
		// Where adding ½ and truncating is not rounding: a sum that rounds
		// up past the integer, and the ties to even past 2⁵² ns.
		{4.999999999999999e-10, 0}, // × 1e9 = 0.49999999999999994
		{float64(1<<52+1) / 1e9, 1<<52 + 1},
		{float64(1<<52+3) / 1e9, 1<<52 + 3},
		{1e30, sim.Forever},   // saturates
		{-1e30, -sim.Forever}, // saturates negative
	}
	for _, tc := range tests {
		if got := sim.FromSeconds(tc.in); got != tc.want {
			t.Errorf("FromSeconds(%g) = %d, want %d", tc.in, got, tc.want)
		}
	}
	if got := (90 * sim.Second).Seconds(); got != 90 {
		t.Errorf("Seconds of 90s = %g", got)
	}
	if got := (1500 * sim.Microsecond).Millis(); got != 1.5 {
		t.Errorf("Millis of 1500us = %g", got)
	}
}

func TestBackoff(t *testing.T) {
	for _, tc := range []struct {
		base, limit sim.Time
		k           int32
		want        sim.Time
	}{
		{sim.Second, 20 * sim.Second, 0, sim.Second},       // the first wait is the base
		{sim.Second, 20 * sim.Second, 4, 16 * sim.Second},  // doubling
		{sim.Second, 20 * sim.Second, 5, 20 * sim.Second},  // capped
		{sim.Second, 5 * sim.Minute, 34, 5 * sim.Minute},   // 2^34 s would overflow int64 nanoseconds
		{sim.Second, 5 * sim.Minute, 1000, 5 * sim.Minute}, // any k
		{sim.Millisecond, sim.Forever, 62, sim.Forever},    // at the edge of sim.Time
	} {
		if got := sim.Backoff(tc.base, tc.limit, tc.k); got != tc.want {
			t.Errorf("Backoff(%v, %v, %d) = %v, want %v", tc.base, tc.limit, tc.k, got, tc.want)
		}
	}
}

// The most negative time prints without recursing for ever (its negation
// overflows to itself).
func TestMostNegativeTimeString(t *testing.T) {
	if s := sim.Time(math.MinInt64).String(); !strings.HasPrefix(s, "-") {
		t.Errorf("%q", s)
	}
}
