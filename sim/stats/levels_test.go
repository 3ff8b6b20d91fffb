package stats

import (
	"math/rand/v2"
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

// Lazy integration gives exactly what integrating every level over every
// span between events does, for integer levels: a reference in exact
// integer arithmetic, over events that move one, two or three of seven
// levels, half of those that would cross a bucket or window boundary on
// it, with buckets that start after the first events and end before the
// last, and a Close in the middle of the run.
func TestLevelsLazyExact(t *testing.T) {
	const k, nb = 7, 12
	width := 5 * sim.Second
	bk := NewBuckets(3*sim.Second, width, nb)
	from, to := 20*sim.Second, 50*sim.Second
	l := NewLevels(k, from, to, bk, true)
	rng := rand.New(rand.NewPCG(7, 7))
	var v, area [k]int64 // area: level·ns over the window
	barea := make([]int64, nb*k)
	// held integrates the levels over [a, b).
	held := func(a, b sim.Time) {
		for j := range k {
			area[j] += v[j] * int64(max(0, min(b, to)-max(a, from)))
			for i := range nb {
				barea[i*k+j] += v[j] * int64(max(0, min(b, bk.Start(i+1))-max(a, bk.Start(i))))
			}
		}
	}
	now, last := sim.Time(0), sim.Time(0)
	for n := range 4000 {
		// A step of up to 40 ms, or onto the boundary it would cross.
		step := sim.Time(rng.IntN(40)) * sim.Millisecond
		b := sim.Forever
		for _, t := range []sim.Time{from, to, bk.Start(0), bk.Start(bk.Index(now) + 1)} {
			if t > now {
				b = min(b, t)
			}
		}
		if now+step >= b && rng.IntN(2) == 0 {
			now = b
		} else {
			now += step
		}
		if n == 2000 {
			l.Close(now) // a Close mid-run: later updates continue the integrals
		}
		held(last, now)
		last = now
		js := rng.Perm(k)[:1+rng.IntN(3)]
		var ds [3]int64
		for i, j := range js {
			ds[i] = int64(rng.IntN(5) - 2)
			v[j] += ds[i]
		}
		switch len(js) {
		case 1:
			l.Add(now, js[0], float64(ds[0]))
		case 2:
			l.Add2(now, js[0], float64(ds[0]), js[1], float64(ds[1]))
		default:
			l.Add3(now, js[0], float64(ds[0]), js[1], float64(ds[1]), js[2], float64(ds[2]))
		}
	}
	end := now + 7*sim.Second
	held(last, end)
	l.Close(end)
	if last < 70*sim.Second {
		t.Fatalf("the run ends at %v, before the buckets do: make it longer", last)
	}
	for j := range k {
		if want := float64(area[j]) / float64(to-from); l.Mean(j) != want {
			t.Errorf("level %d: mean %v, want %v", j, l.Mean(j), want)
		}
		means := l.BucketMeans(j)
		for i := range nb {
			if want := float64(barea[i*k+j]) / float64(width); means[i] != want {
				t.Errorf("level %d bucket %d: mean %v, want %v", j, i, means[i], want)
			}
		}
	}
}
