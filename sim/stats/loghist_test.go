package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/stampede-sim/stampede/sim"
)

// logTol is the bound on the relative error of a bin's midpoint: half a bin
// of at most 1/64 of its values.
const logTol = 1.0 / 128

// relErr is the relative error of got, less the half nanosecond by which
// Quantile may round (which matters only for values of a few µs).
func relErr(got, want sim.Time) float64 {
	return math.Abs(float64(got)/float64(want)-1) - 0.5/float64(want)
}

// Every single value from 1 µs to 1 h, on a fine geometric grid, reads back
// within the bound.
func TestLogHistogramSingleValueError(t *testing.T) {
	for x := 1000.0; x <= float64(sim.Hour); x *= 1.0037 {
		d := sim.Time(x)
		var h LogHistogram
		h.Record(d)
		if e := relErr(h.Quantile(0.5), d); e > logTol {
			t.Fatalf("value %v read back as %v: relative error %.5f > %.5f", d, h.Quantile(0.5), e, logTol)
		}
	}
}

// Quantiles of a wide sample (lognormal, median 50 ms, spanning µs to
// minutes) are within the bound of the exact nearest-rank quantiles.
func TestLogHistogramQuantileError(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	h := NewLogHistogram()
	xs := make([]sim.Time, 100000)
	for i := range xs {
		xs[i] = sim.Time(0.05 * math.Exp(2*rng.NormFloat64()) * float64(sim.Second))
		xs[i] = max(xs[i], sim.Microsecond)
		h.Record(xs[i])
	}
	slices.Sort(xs)
	for _, q := range []float64{0, 0.001, 0.1, 0.5, 0.9, 0.99, 0.999, 1} {
		rank := max(1, int(math.Ceil(q*float64(len(xs)))))
		if e := relErr(h.Quantile(q), xs[rank-1]); e > logTol {
			t.Errorf("Quantile(%v) = %v, exact %v: relative error %.5f > %.5f", q, h.Quantile(q), xs[rank-1], e, logTol)
		}
	}
	if h.Count() != int64(len(xs)) || h.Clamped() != 0 {
		t.Errorf("Count %d Clamped %d, want %d 0", h.Count(), h.Clamped(), len(xs))
	}
}

// Quantile finds the bin of the nearest rank from whichever end is nearer:
// the same bin as a count from the bottom, for every rank of small samples
// with ties and empty bins between their values.
func TestLogHistogramQuantileFromEitherEnd(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for range 200 {
		var h LogHistogram
		for range 1 + rng.IntN(12) {
			d := sim.Time(rng.IntN(4)+1) * sim.Time(rng.IntN(3)*1000+7) * sim.Millisecond
			for range 1 + rng.IntN(3) {
				h.Record(d)
			}
		}
		for rank := int64(1); rank <= h.n; rank++ {
			q := (float64(rank) - 0.5) / float64(h.n) // ⌈q·n⌉ = rank
			var seen int64
			want := -1
			for i, c := range h.counts {
				if seen += int64(c); seen >= rank {
					want = i
					break
				}
			}
			if got := h.Quantile(q); got != sim.Time(math.Round(logMid(want))) {
				t.Fatalf("rank %d of %d: Quantile %v, want bin %d's %v", rank, h.n, got, want, logMid(want))
			}
		}
	}
}

func TestLogHistogramClamps(t *testing.T) {
	tests := []struct {
		d       sim.Time
		clamped bool
	}{
		{0, true},                // below 1 µs: bin 0
		{999, true},              // just below 1 µs
		{sim.Microsecond, false}, // the lowest in range
		{sim.Hour, false},        // one hour fits
		{2 * sim.Hour, false},    // two hours fit (async ages)
		{20 * sim.Hour, true},    // beyond the last bin
		{sim.Forever, true},      // far beyond
	}
	for _, tc := range tests {
		var h LogHistogram
		h.Record(tc.d)
		if got := h.Clamped() == 1; got != tc.clamped {
			t.Errorf("Record(%v): clamped %v, want %v", tc.d, got, tc.clamped)
		}
	}
}

func TestLogHistogramEdges(t *testing.T) {
	var h LogHistogram
	if h.Quantile(0.5) != 0 {
		t.Error("empty Quantile is not 0")
	}
	for i := 1; i <= 100; i++ {
		h.Record(sim.Time(i) * sim.Millisecond)
	}
	var other LogHistogram
	other.Record(sim.Second)
	h.Merge(&other)
	tests := []struct {
		q    float64
		want sim.Time
	}{
		{0, sim.Millisecond},          // the minimum
		{math.NaN(), sim.Millisecond}, // NaN as 0
		{0.5, 51 * sim.Millisecond},   // rank ⌈0.5·101⌉ = 51 after the merge
		{1, sim.Second},               // the merged maximum
		{2, sim.Second},               // clamped q
	}
	for _, tc := range tests {
		if e := relErr(h.Quantile(tc.q), tc.want); e > logTol {
			t.Errorf("Quantile(%v) = %v, want %v", tc.q, h.Quantile(tc.q), tc.want)
		}
	}
	if h.Count() != 101 {
		t.Errorf("Count %d, want 101", h.Count())
	}
	if size := unsafe.Sizeof(h); size > 10_000 { // one per time bucket: 600 by default
		t.Errorf("LogHistogram is %d bytes; hundreds per run must stay small", size)
	}
	if n := testing.AllocsPerRun(1000, func() { h.Record(37 * sim.Millisecond) }); n != 0 {
		t.Errorf("Record allocates %v", n)
	}
}
