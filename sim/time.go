package sim

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Time is simulated time in integer nanoseconds since the start of the run.
// It is used both for instants and for spans.
type Time int64

// Units of Time.
const (
	Nanosecond  Time = 1
	Microsecond      = 1000 * Nanosecond
	Millisecond      = 1000 * Microsecond
	Second           = 1000 * Millisecond
	Minute           = 60 * Second
	Hour             = 60 * Minute
	Day              = 24 * Hour
	// Forever is later than any event of a run.
	Forever Time = math.MaxInt64
)

// Seconds returns t in seconds.
func (t Time) Seconds() float64 { return float64(t) / float64(Second) }

// Millis returns t in milliseconds.
func (t Time) Millis() float64 { return float64(t) / float64(Millisecond) }

// FromSeconds converts seconds to Time, rounding to the nearest nanosecond and
// saturating at Forever (and at -Forever for very negative inputs).
func FromSeconds(s float64) Time {
	ns := s * float64(Second)
	// The common case, from 1 ns to 2⁵² ns (52 days): round half away from
	// zero without math.Round's cost (issue 12). There ns's ulp is at most
	// ½, so ns + ½ is exact and truncating it is rounding. Below 1 ns the
	// sum may round up past an integer (0.49999999999999994 + ½ = 1), and
	// from 2⁵² on it ties to even: both take math.Round.
	if ns >= 1 && ns < 1<<52 {
		return Time(ns + 0.5)
	}
	ns = math.Round(ns)
	switch {
	case math.IsNaN(ns):
		return 0
	case ns >= math.MaxInt64:
		return Forever
	case ns <= math.MinInt64:
		return -Forever
	}
	return Time(ns)
}

var units = []struct {
	name string
	t    Time
}{{"d", Day}, {"h", Hour}, {"m", Minute}, {"s", Second}, {"ms", Millisecond}, {"us", Microsecond}, {"ns", Nanosecond}}

// String formats t compactly in the units ParseDuration accepts, e.g. "1h30m",
// "250ms", "1.5s". It round-trips through ParseDuration exactly.
func (t Time) String() string {
	if t == 0 {
		return "0s"
	}
	if t == math.MinInt64 { // its negation overflows back to itself
		return "-" + (-(t + 1)).String()
	}
	if t < 0 {
		return "-" + (-t).String()
	}
	// Whole multiples of a unit read best as a compound of large units.
	if t%Second == 0 {
		var b strings.Builder
		rest := t
		for _, u := range units[:4] {
			if n := rest / u.t; n > 0 {
				b.WriteString(strconv.FormatInt(int64(n), 10))
				b.WriteString(u.name)
				rest -= n * u.t
			}
		}
		return b.String()
	}
	for _, u := range units[3:] {
		if t >= u.t || u.t == Nanosecond {
			return strconv.FormatFloat(float64(t)/float64(u.t), 'f', -1, 64) + u.name
		}
	}
	return strconv.FormatInt(int64(t), 10) + "ns"
}

// ParseDuration parses a non-negative duration such as "250ms", "90s",
// "1.5h", "7d" or "1h30m". Units: ns, us (or µs), ms, s, m, h, d.
func ParseDuration(s string) (Time, error) {
	orig := s
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	if s == "0" {
		return 0, nil
	}
	var total float64
	for s != "" {
		i := 0
		for i < len(s) && (s[i] == '.' || (s[i] >= '0' && s[i] <= '9')) {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("duration %q: expected a number, e.g. \"250ms\", \"90s\", \"2h\"", orig)
		}
		v, err := strconv.ParseFloat(s[:i], 64)
		if err != nil {
			return 0, fmt.Errorf("duration %q: bad number %q", orig, s[:i])
		}
		s = s[i:]
		j := 0
		for j < len(s) && !(s[j] == '.' || (s[j] >= '0' && s[j] <= '9')) {
			j++
		}
		u, ok := unitOf(s[:j])
		if !ok {
			return 0, fmt.Errorf("duration %q: unit %q is not one of ns, us, ms, s, m, h, d", orig, s[:j])
		}
		s = s[j:]
		total += v * float64(u)
	}
	if total >= math.MaxInt64/2 {
		return 0, fmt.Errorf("duration %q is too long", orig)
	}
	return Time(math.Round(total)), nil
}

func unitOf(name string) (Time, bool) {
	if name == "µs" {
		return Microsecond, true
	}
	for _, u := range units {
		if u.name == name {
			return u.t, true
		}
	}
	return 0, false
}

// Backoff is a capped exponential back-off: min(limit, base·2^k), for
// base > 0 and k ≥ 0. It never overflows: where base·2^k would pass limit
// (however large k is), it is limit.
func Backoff(base, limit Time, k int32) Time {
	if k < 0 || k >= 63 || base > limit>>k {
		return limit
	}
	return min(base<<k, limit)
}

// Backlogs that may grow with a run's load and length (an SQS queue's, the
// async queue's) store their entries one by one, exactly, until they hold
// CompactAfter records; past that, an entry may join a record of entries
// whose instants lie within the backlog's oldest age / AgeResolution of its
// own, so the instants it is later given (Spread) are off by at most that:
// 0.006% of the oldest age. Such a backlog holds about
// CompactAfter·ln(oldest age / its first record's age) records per kind of
// entry, tens of megabytes however long and heavy the flood (issue 11).
const (
	CompactAfter  = 1 << 16
	AgeResolution = 1 << 14
)

// Spread is the k-th of n instants spread evenly from first to last
// (0 ≤ k < n): first + (last−first)·k/(n−1), first when n ≤ 1. The
// product is taken in 128 bits, so a day's span times a billion instants
// cannot overflow; the quotient never exceeds the span.
func Spread(first, last Time, k, n int32) Time {
	if n <= 1 || last <= first {
		return first
	}
	hi, lo := bits.Mul64(uint64(last-first), uint64(k))
	q, _ := bits.Div64(hi, lo, uint64(n-1))
	return first + Time(q)
}
