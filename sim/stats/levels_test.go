package stats

import (
	"slices"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// BenchmarkLevelsInvocation moves seven levels as a function's invocation
// does: idle −1 with concurrency and busy +1, then the reverse.
func BenchmarkLevelsInvocation(b *testing.B) {
	bk := NewBuckets(0, 10*sim.Second, 360)
	l := NewLevels(7, 0, sim.Hour, bk, true)
	now := sim.Time(0)
	for b.Loop() {
		now += 300 * sim.Microsecond
		l.Add3(now, 0, 1, 1, 1, 2, -1)
		now += 300 * sim.Microsecond
		l.Add3(now, 0, -1, 1, -1, 2, 1)
		if now > sim.Hour-sim.Second {
			now = 0
			l = NewLevels(7, 0, sim.Hour, bk, true)
		}
	}
}

// Add3 at an instant is the same as Add2 and Add at that instant: the same
// levels, window means and bucket areas and peaks.
func TestLevelsAdd3(t *testing.T) {
	bk := NewBuckets(0, 10*sim.Second, 6)
	a, b := NewLevels(4, 5*sim.Second, sim.Minute, bk, true), NewLevels(4, 5*sim.Second, sim.Minute, bk, true)
	for i := range 40 {
		now := sim.Time(i) * 1700 * sim.Millisecond
		d := float64(i%3) - 1
		a.Add3(now, 0, d, 1, 2*d, 3, -d)
		b.Add2(now, 0, d, 1, 2*d)
		b.Add(now, 3, -d)
	}
	a.Close(sim.Minute)
	b.Close(sim.Minute)
	for k := range 4 {
		if a.Value(k) != b.Value(k) || a.Mean(k) != b.Mean(k) || a.Peak(k) != b.Peak(k) ||
			!slices.Equal(a.BucketMeans(k), b.BucketMeans(k)) || !slices.Equal(a.BucketPeaks(k), b.BucketPeaks(k)) {
			t.Errorf("level %d: Add3 gives %v %v %v, Add2 and Add %v %v %v", k,
				a.Mean(k), a.Peak(k), a.BucketMeans(k), b.Mean(k), b.Peak(k), b.BucketMeans(k))
		}
	}
}
