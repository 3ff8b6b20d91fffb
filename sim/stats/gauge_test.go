package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// sec converts seconds to Time for readable tables.
func sec(s float64) sim.Time { return sim.FromSeconds(s) }

// gop is one gauge update: Set(at, v), or Add(at, v) when add is true.
type gop struct {
	at  float64 // seconds
	v   float64
	add bool
}

// gaugeCase is a hand-computed scenario; buckets are width 1 s from
// bucketsFrom, nb of them (none when nb is 0).
type gaugeCase struct {
	name            string
	from, to, close float64
	bucketsFrom     float64
	nb              int
	ops             []gop
	mean, peak      float64
	bmeans, bpeaks  []float64
}

var gaugeCases = []gaugeCase{
	{
		// A constant level: mean and peak are the level.
		name: "constant", from: 0, to: 10, close: 10,
		ops:  []gop{{0, 2, false}},
		mean: 2, peak: 2,
	},
	{
		// One step: (1·4 + 3·6)/10.
		name: "step", from: 0, to: 10, close: 10,
		ops:  []gop{{0, 1, false}, {4, 3, false}},
		mean: 2.2, peak: 3,
	},
	{
		// Add accumulates: 1 on [1,3), 3 on [3,6), 2 on [6,10) → (2+9+8)/10.
		name: "adds", from: 0, to: 10, close: 10,
		ops:  []gop{{1, 1, true}, {3, 2, true}, {6, -1, true}},
		mean: 1.9, peak: 3,
	},
	{
		// Window [2,8): 4 on [2,5), 1 on [5,8) → 15/6; the 10 set after the
		// window is outside it, the 4 in force at its start is its peak.
		name: "window clips", from: 2, to: 8, close: 10,
		ops:  []gop{{0, 4, false}, {5, 1, false}, {9, 10, false}},
		mean: 2.5, peak: 4,
	},
	{
		// A level replaced exactly at the window's start never holds inside it.
		name: "replaced at start", from: 1, to: 5, close: 5,
		ops:  []gop{{0, 7, false}, {1, 0, false}},
		mean: 0, peak: 0,
	},
	{
		// The level in force at the start counts toward the peak: 7 on [1,3).
		name: "level at start", from: 1, to: 5, close: 5,
		ops:  []gop{{0, 7, false}, {3, 0, false}},
		mean: 3.5, peak: 7,
	},
	{
		// A momentary level inside the window counts as a peak, not in the mean.
		name: "spike inside", from: 0, to: 10, close: 10,
		ops:  []gop{{3, 5, true}, {3, -5, true}},
		mean: 0, peak: 5,
	},
	{
		// A spike at the window's end is outside [from, to).
		name: "spike at end", from: 0, to: 10, close: 12,
		ops:  []gop{{0, 1, false}, {10, 5, true}, {10, -5, true}},
		mean: 1, peak: 1,
	},
	{
		// Updates after the window (the drain) and a Close before them do not
		// disturb the window's values.
		name: "drain after window", from: 0, to: 4, close: 4,
		ops:  []gop{{0, 2, false}, {6, 8, false}, {7, 0, false}},
		mean: 2, peak: 2,
	},
	{
		// Negative levels are averaged and peaked like any other.
		name: "negative", from: 0, to: 4, close: 4,
		ops:  []gop{{0, -2, false}, {2, -1, false}},
		mean: -1.5, peak: -1,
	},
	{
		// An empty window has no average and no peak.
		name: "empty window", from: 3, to: 3, close: 10,
		ops:  []gop{{0, 2, false}},
		mean: 0, peak: 0,
	},
	{
		// Closed before the window opens: nothing seen; the mean counts the
		// unintegrated window as 0.
		name: "closed early", from: 5, to: 10, close: 2,
		ops:  []gop{{0, 2, false}},
		mean: 0, peak: 0,
	},
	{
		// Spans crossing buckets: 2 on [0.5, 3.25), 4 on [3.25, 5). Bucket 3
		// is 2·0.25 + 4·0.75.
		name: "spans crossing buckets", from: 0, to: 5, close: 5, nb: 5,
		ops:  []gop{{0.5, 2, false}, {3.25, 4, false}},
		mean: (2*2.75 + 4*1.75) / 5, peak: 4,
		bmeans: []float64{1, 2, 2, 3.5, 4},
		bpeaks: []float64{2, 2, 2, 4, 4},
	},
	{
		// One span across many buckets, closed mid-bucket: buckets after the
		// close are unreached (0); the one holding the close is half covered.
		name: "one long span", from: 0, to: 10, close: 6.5, nb: 10,
		ops:  []gop{{0, 3, false}},
		mean: 3 * 6.5 / 10, peak: 3,
		bmeans: []float64{3, 3, 3, 3, 3, 3, 1.5, 0, 0, 0},
		bpeaks: []float64{3, 3, 3, 3, 3, 3, 3, 0, 0, 0},
	},
	{
		// Buckets starting later than the updates, and a span past their end:
		// 1 on [0, 2.5), 3 on [2.5, 10) over buckets [2,3) [3,4).
		name: "buckets offset", from: 0, to: 10, close: 10, bucketsFrom: 2, nb: 2,
		ops:  []gop{{0, 1, false}, {2.5, 3, false}},
		mean: (2.5 + 3*7.5) / 10, peak: 3,
		bmeans: []float64{2, 3},
		bpeaks: []float64{3, 3},
	},
	{
		// A spike inside a bucket is its peak; the bucket mean ignores it.
		name: "bucket spike", from: 0, to: 3, close: 3, nb: 3,
		ops:  []gop{{1.5, 9, true}, {1.5, -9, true}},
		mean: 0, peak: 9,
		bmeans: []float64{0, 0, 0},
		bpeaks: []float64{0, 9, 0},
	},
}

func TestGauge(t *testing.T) {
	const eps = 1e-12
	for _, tc := range gaugeCases {
		t.Run(tc.name, func(t *testing.T) {
			var b *Buckets
			if tc.nb > 0 {
				b = NewBuckets(sec(tc.bucketsFrom), sim.Second, tc.nb)
			}
			g := NewGauge(sec(tc.from), sec(tc.to), b)
			for _, op := range tc.ops {
				if op.add {
					g.Add(sec(op.at), op.v)
				} else {
					g.Set(sec(op.at), op.v)
				}
			}
			g.Close(sec(tc.close))
			if math.Abs(g.Mean()-tc.mean) > eps || g.Peak() != tc.peak {
				t.Errorf("Mean %v Peak %v, want %v %v", g.Mean(), g.Peak(), tc.mean, tc.peak)
			}
			if w := tc.to - tc.from; math.Abs(g.Integral()-tc.mean*w) > eps {
				t.Errorf("Integral %v, want %v", g.Integral(), tc.mean*w)
			}
			if tc.nb == 0 {
				if g.BucketMeans() != nil || g.BucketPeaks() != nil {
					t.Error("per-bucket values without a layout")
				}
				return
			}
			means, peaks := g.BucketMeans(), g.BucketPeaks()
			for i := range tc.bmeans {
				if math.Abs(means[i]-tc.bmeans[i]) > eps || peaks[i] != tc.bpeaks[i] {
					t.Errorf("bucket %d: mean %v peak %v, want %v %v", i, means[i], peaks[i], tc.bmeans[i], tc.bpeaks[i])
				}
			}
		})
	}
}

// A gauge update allocates nothing, also when it crosses buckets.
func TestGaugeNoAlloc(t *testing.T) {
	g := NewGauge(0, sim.Hour, NewBuckets(0, sim.Second, 3600))
	now := sim.Time(0)
	n := testing.AllocsPerRun(1000, func() {
		now += 1700 * sim.Millisecond
		g.Add(now, 1)
	})
	if n != 0 {
		t.Errorf("Add allocates %v", n)
	}
}

// checkGaugeBuckets drives a gauge with integer levels at random times and
// checks, exactly, that the bucket areas sum to the window's area when the
// window is the bucket range, and that areas and peaks match a direct
// reference computed bucket by bucket.
func checkGaugeBuckets(t *testing.T, seed uint64, nb int, width sim.Time, updates int) {
	rng := rand.New(rand.NewPCG(seed, 99))
	b := NewBuckets(width/3, width, nb) // offset start: spans before the buckets too
	g := NewGauge(b.Start(0), b.End(), b)
	ref := make([]float64, nb)     // level·ns per bucket, one ns-exact piece at a time
	refPeak := make([]float64, nb) // levels are ≥ 0, so 0 stands for "none"
	refMin := make([]float64, nb)  // +Inf: none yet
	for i := range refMin {
		refMin[i] = math.Inf(1)
	}
	var now, last sim.Time
	var v float64
	for range updates {
		// Mostly short steps, sometimes spans across many buckets.
		step := sim.Time(rng.Int64N(int64(width)))
		if rng.IntN(10) == 0 {
			step = sim.Time(rng.Int64N(int64(width) * 7))
		}
		now += step
		for i := range nb {
			a, e := max(last, b.Start(i)), min(now, b.Start(i+1))
			if a < e {
				ref[i] += v * float64(e-a)
				refPeak[i], refMin[i] = max(refPeak[i], v), min(refMin[i], v)
			}
		}
		last = now
		v = max(0, v+float64(rng.IntN(7)-3))
		if i := b.Index(now); i >= 0 {
			refPeak[i], refMin[i] = max(refPeak[i], v), min(refMin[i], v)
		}
		g.Set(now, v)
	}
	g.Close(now + width)
	for i := range nb {
		a, e := max(last, b.Start(i)), min(now+width, b.Start(i+1))
		if a < e {
			ref[i] += v * float64(e-a)
			refPeak[i], refMin[i] = max(refPeak[i], v), min(refMin[i], v)
		}
	}
	peaks, mins := g.BucketPeaks(), g.BucketMins()
	var sum float64
	for i, a := range g.l.barea {
		sum += a
		if math.IsInf(refMin[i], 1) {
			refMin[i] = 0 // never reached
		}
		if a != ref[i] || peaks[i] != refPeak[i] || mins[i] != refMin[i] {
			t.Fatalf("seed %d bucket %d: area %v peak %v min %v, reference %v %v %v", seed, i, a, peaks[i], mins[i], ref[i], refPeak[i], refMin[i])
		}
	}
	if sum != g.l.lv[0].area {
		t.Fatalf("seed %d: buckets sum to %v, window area %v", seed, sum, g.l.lv[0].area)
	}
}

func TestGaugeBucketsSumToWindow(t *testing.T) {
	tests := []struct {
		nb      int
		width   sim.Time
		updates int
	}{
		{1, sim.Second, 100},        // a single bucket
		{10, sim.Millisecond, 1000}, // many updates per bucket
		{600, 6 * sim.Second, 5000}, // the default series layout
		{50, 3, 2000},               // ns-wide buckets: every span crosses many
	}
	for i, tc := range tests {
		for seed := range uint64(20) {
			checkGaugeBuckets(t, seed+uint64(i)*100, tc.nb, tc.width, tc.updates)
		}
	}
}

// FuzzGaugeBuckets explores layouts and update counts beyond the table.
func FuzzGaugeBuckets(f *testing.F) {
	f.Add(uint64(1), uint8(10), uint16(1000), uint16(300))
	f.Add(uint64(2), uint8(1), uint16(1), uint16(50))
	f.Fuzz(func(t *testing.T, seed uint64, nb uint8, width uint16, updates uint16) {
		if nb == 0 || width == 0 {
			t.Skip()
		}
		// Areas stay below 2⁵³ (exact): ≤ 2000 updates × 7·2¹⁶ ns × level 6000.
		checkGaugeBuckets(t, seed, int(nb), sim.Time(width), int(updates%2001))
	})
}

// BenchmarkGaugeAdd is the per-update cost in a model's steady state: a
// level changing about every millisecond under 6-second buckets.
func BenchmarkGaugeAdd(b *testing.B) {
	g := NewGauge(0, sim.Hour, NewBuckets(0, 6*sim.Second, 600))
	now := sim.Time(0)
	dv := 1.0
	for b.Loop() {
		now += 997 * sim.Microsecond
		if now >= sim.Hour {
			now = 0
			g = NewGauge(0, sim.Hour, NewBuckets(0, 6*sim.Second, 600))
		}
		g.Add(now, dv)
		dv = -dv
	}
}

// Levels is K gauges on one clock: each level's statistics are exactly those
// of a Gauge given the same updates, and a mean-only gauge's bucket means
// are a full gauge's (its peaks zeros).
func TestLevelsMatchGauges(t *testing.T) {
	b := NewBuckets(0, 7*sim.Second, 50)
	l := NewLevels(3, sim.Minute, 5*sim.Minute, b, true)
	gs := []*Gauge{NewGauge(sim.Minute, 5*sim.Minute, b), NewGauge(sim.Minute, 5*sim.Minute, b), NewMeanGauge(sim.Minute, 5*sim.Minute, b)}
	rng := rand.New(rand.NewPCG(4, 4))
	now := sim.Time(0)
	for range 5000 {
		now += sim.Time(rng.IntN(200)) * sim.Millisecond
		k, dv := rng.IntN(3), float64(rng.IntN(5)-2)
		l.Add(now, k, dv)
		gs[k].Add(now, dv)
	}
	l.Close(now)
	for k, g := range gs {
		g.Close(now)
		if l.Mean(k) != g.Mean() || l.Peak(k) != g.Peak() || l.Value(k) != g.Value() || l.Integral(k) != g.Integral() ||
			!slices.Equal(l.BucketMeans(k), g.BucketMeans()) {
			t.Errorf("level %d: mean %v peak %v, gauge %v %v; bucket means equal %v", k, l.Mean(k), l.Peak(k),
				g.Mean(), g.Peak(), slices.Equal(l.BucketMeans(k), g.BucketMeans()))
		}
		if k < 2 && !slices.Equal(l.BucketPeaks(k), g.BucketPeaks()) {
			t.Errorf("level %d: bucket peaks differ", k)
		}
	}
	if p := gs[2].BucketPeaks(); slices.Max(p) != 0 || len(p) != 50 {
		t.Errorf("mean-only gauge: bucket peaks %v, want 50 zeros", p)
	}
}

// TakeBucketMeans hands over the same means BucketMeans copies.
func TestTakeBucketMeans(t *testing.T) {
	g := NewMeanGauge(0, sim.Minute, NewBuckets(0, 7*sim.Second, 9))
	for i := range 50 {
		g.Add(sim.Time(i)*sim.Second+sim.Time(i*i)*sim.Millisecond, float64(i%5)-2)
	}
	g.Close(sim.Minute)
	want := g.BucketMeans()
	if got := g.TakeBucketMeans(); !slices.Equal(got, want) {
		t.Fatalf("took %v, want %v", got, want)
	}
}
