package stats

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// hdrTol bounds a binned quantile's error: 1/256 of the value (half a bin
// of at most 1/128), plus the rounding to 1 µs.
func hdrTol(v sim.Time) sim.Time { return v/256 + sim.Microsecond }

func near(got, want, tol sim.Time) bool { return got >= want-tol && got <= want+tol }

// oneTo100ms records 1, 2, …, 100 ms.
func oneTo100ms() *Histogram {
	h := NewHistogram()
	for i := 1; i <= 100; i++ {
		h.Record(sim.Time(i) * sim.Millisecond)
	}
	return h
}

func TestHistogramQuantile(t *testing.T) {
	h := oneTo100ms()
	tests := []struct {
		q    float64
		want sim.Time
	}{
		{0.5, 50 * sim.Millisecond},       // median of 1..100 (nearest rank)
		{0.99, 99 * sim.Millisecond},      // p99
		{0.999, 100 * sim.Millisecond},    // beyond the last full rank
		{1, 100 * sim.Millisecond},        // the maximum
		{0, 1 * sim.Millisecond},          // the minimum
		{0.01, 1 * sim.Millisecond},       // first rank
		{-3, 1 * sim.Millisecond},         // below 0 clamps to 0
		{7, 100 * sim.Millisecond},        // above 1 clamps to 1
		{math.NaN(), 1 * sim.Millisecond}, // NaN is treated as 0
	}
	for _, tc := range tests {
		if got := h.Quantile(tc.q); !near(got, tc.want, hdrTol(tc.want)) {
			t.Errorf("Quantile(%v) = %v, want %v ± %v", tc.q, got, tc.want, hdrTol(tc.want))
		}
	}
	if h.Count() != 100 {
		t.Errorf("Count %d, want 100", h.Count())
	}
	if want := 50500 * sim.Microsecond; !near(h.Mean(), want, hdrTol(want)) {
		t.Errorf("Mean %v, want %v", h.Mean(), want)
	}
	if want := 100 * sim.Millisecond; !near(h.Max(), want, hdrTol(want)) {
		t.Errorf("Max %v, want %v", h.Max(), want)
	}
}

func TestHistogramRecordClamps(t *testing.T) {
	tests := []struct {
		name  string
		d     sim.Time
		want  sim.Time // the recorded value, read back as the max
		under int64
		over  int64
	}{
		{"rounds down below half a µs", 1499, sim.Microsecond, 0, 0},
		{"rounds half up", 1500, 2 * sim.Microsecond, 0, 0},
		{"exact µs below 2048 are exact", 2047 * sim.Microsecond, 2047 * sim.Microsecond, 0, 0},
		{"six hours (async ages) are in range", 6 * sim.Hour, 6 * sim.Hour, 0, 0},
		{"zero is clamped to 1 µs", 0, sim.Microsecond, 1, 0},
		{"sub-µs rounding to 0 is clamped", 499, sim.Microsecond, 1, 0},
		{"negative is clamped", -sim.Second, sim.Microsecond, 1, 0},
		{"one hour is in range", sim.Hour, sim.Hour, 0, 0},
		{"above 2^42 µs is clamped", 60 * 24 * sim.Hour, histHighest * sim.Microsecond, 0, 1},
		{"Forever does not overflow", sim.Forever, histHighest * sim.Microsecond, 0, 1},
	}
	for _, tc := range tests {
		h := NewHistogram()
		h.Record(tc.d)
		if got := h.Max(); !near(got, tc.want, tc.want/1024) {
			t.Errorf("%s: recorded %v, want %v", tc.name, got, tc.want)
		}
		if h.Underflow() != tc.under || h.Overflow() != tc.over || h.Count() != 1 {
			t.Errorf("%s: under %d over %d count %d, want %d %d 1",
				tc.name, h.Underflow(), h.Overflow(), h.Count(), tc.under, tc.over)
		}
	}
}

func TestHistogramEmpty(t *testing.T) {
	h := NewHistogram()
	if h.Quantile(0.5) != 0 || h.Mean() != 0 || h.Max() != 0 || h.Count() != 0 {
		t.Errorf("empty: Quantile %v Mean %v Max %v Count %d, want zeros", h.Quantile(0.5), h.Mean(), h.Max(), h.Count())
	}
}

func TestHistogramMerge(t *testing.T) {
	odd, even, all := NewHistogram(), NewHistogram(), oneTo100ms()
	for i := 1; i <= 100; i++ {
		if i%2 == 1 {
			odd.Record(sim.Time(i) * sim.Millisecond)
		} else {
			even.Record(sim.Time(i) * sim.Millisecond)
		}
	}
	even.Record(100 * 24 * sim.Hour)
	all.Record(100 * 24 * sim.Hour)
	odd.Merge(even)
	if odd.Count() != all.Count() || odd.Overflow() != 1 {
		t.Fatalf("merged Count %d Overflow %d, want %d 1", odd.Count(), odd.Overflow(), all.Count())
	}
	for _, q := range []float64{0, 0.1, 0.5, 0.9, 0.99, 1} {
		if odd.Quantile(q) != all.Quantile(q) {
			t.Errorf("Quantile(%v): merged %v, direct %v", q, odd.Quantile(q), all.Quantile(q))
		}
	}
}

func TestHistogramWriteHgrm(t *testing.T) {
	var buf bytes.Buffer
	if err := oneTo100ms().WriteHgrm(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	checks := []string{
		" Value\tPercentile\tTotalCount\t1/(1-Percentile)", // the format's header
		"      50.015 ",                 // the median in ms (HDR bucket top of 50 ms)
		"Total count    =          100", // footer count
		"#[Max     =      100.031",      // footer max in ms, not µs
	}
	for _, want := range checks {
		if !strings.Contains(out, want) {
			t.Errorf("hgrm output lacks %q:\n%s", want, out)
		}
	}
}

// Once its octaves exist, recording allocates nothing.
func TestHistogramRecordNoAlloc(t *testing.T) {
	h := NewHistogram()
	for d := sim.Time(0); d < 8*sim.Second; d += sim.Millisecond {
		h.Record(d)
	}
	d := sim.Time(0)
	if n := testing.AllocsPerRun(1000, func() { d += 7919 * sim.Microsecond; h.Record(d) }); n != 0 {
		t.Errorf("Record allocates %v per call", n)
	}
}

// Up to rawLimit values every statistic is exact; past it (binned) a
// quantile is within 1/256 of the exact one, the count, mean, minimum and
// maximum stay exact, and merging in any mix of the two forms gives what
// recording directly gives.
func TestHistogramExactThenBinned(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	draw := func() sim.Time {
		return sim.Time(math.Exp(rng.NormFloat64()*1.5+math.Log(80e6))) / sim.Microsecond * sim.Microsecond
	}
	for _, n := range []int{1, 10, rawLimit, rawLimit + 1, 50_000} {
		var vals []sim.Time
		h, a, b := NewHistogram(), NewHistogram(), NewHistogram()
		for k := range n {
			v := max(draw(), sim.Microsecond)
			vals = append(vals, v)
			h.Record(v)
			if k%3 == 0 { // a gets a third: raw while b is binned
				a.Record(v)
			} else {
				b.Record(v)
			}
		}
		a.Merge(b)
		slices.Sort(vals)
		for _, q := range []float64{0, 0.5, 0.9, 0.99, 0.999, 1} {
			rank := max(1, int(math.Ceil(q*float64(n))))
			want := vals[rank-1]
			tol := sim.Time(0)
			if n > rawLimit {
				tol = want/256 + sim.Microsecond
			}
			if got := h.Quantile(q); !near(got, want, tol) {
				t.Errorf("n=%d: Quantile(%v) = %v, want %v ± %v", n, q, got, want, tol)
			}
			if got, direct := a.Quantile(q), h.Quantile(q); got != direct {
				t.Errorf("n=%d: merged Quantile(%v) = %v, direct %v", n, q, got, direct)
			}
		}
		var sum float64
		for _, v := range vals {
			sum += float64(v / sim.Microsecond)
		}
		mean := sim.Time(math.Round(sum / float64(n) * float64(sim.Microsecond)))
		if h.Count() != int64(n) || !near(h.Mean(), mean, 1) || h.Max() != vals[n-1] || h.Min() != vals[0] ||
			a.Count() != h.Count() || a.Max() != h.Max() || a.Min() != h.Min() {
			t.Errorf("n=%d: count %d mean %v max %v min %v; want %d %v %v %v; merged %d %v %v", n, h.Count(), h.Mean(),
				h.Max(), h.Min(), n, mean, vals[n-1], vals[0], a.Count(), a.Max(), a.Min())
		}
	}
}

// A histogram holds memory in proportion to its values: 300 values take
// about a kilobyte, and a binned one only the octaves its values reach
// (with the slack of a growing slice).
func TestHistogramBytes(t *testing.T) {
	h := NewHistogram()
	for k := range 300 {
		h.Record(sim.Time(40+k%100) * sim.Millisecond)
	}
	if b := h.Bytes(); b > 2048 {
		t.Errorf("300 values: %d bytes, want at most 2 KiB", b)
	}
	for k := range 100_000 {
		h.Record(sim.Time(40+k%100) * sim.Millisecond)
	}
	// 40–140 ms spans two octaves of 128 bins of 4 bytes.
	if b := h.Bytes(); b > 4*512 {
		t.Errorf("100,300 values in 40–140 ms: %d bytes, want at most %d", b, 4*512)
	}
}

// A bin's count carries past 2¹⁶−1 instead of wrapping, by single records
// and by merged sums alike, in Quantile and Merge.
func TestHistogramBinCarries(t *testing.T) {
	h := NewHistogram()
	for range 200_000 {
		h.Record(sim.Second)
	}
	e, i := bin(uint64(sim.Second / sim.Microsecond))
	if c := h.binCount(e, i); c != 200_000 || h.Quantile(1) != sim.Second {
		t.Fatalf("200,000 records: bin count %d, max %v", c, h.Quantile(1))
	}
	h = NewHistogram()
	for range rawLimit + 1 {
		h.Record(sim.Second)
	}
	h.addBin(e, i, 3<<32)
	h.n += 3 << 32
	m := NewHistogram()
	m.Merge(h)
	m.Merge(h)
	if c := m.binCount(e, i); c != 2*(3<<32+rawLimit+1) {
		t.Errorf("merged bin count %d, want %d", c, 2*(3<<32+rawLimit+1))
	}
	if q := m.Quantile(0.5); !near(q, sim.Second, sim.Second/256) {
		t.Errorf("median %v, want 1 s", q)
	}
}

// A histogram reserved for n values records them without allocating, and
// reports what an unreserved one does; a Peek before each record, as a
// read-ahead makes, changes nothing.
func TestHistogramReserve(t *testing.T) {
	var plain, reserved Histogram
	reserved.Reserve(400)
	if reserved.Reserved() != 400 {
		t.Fatalf("reserved %d, want 400", reserved.Reserved())
	}
	i := 0
	allocs := testing.AllocsPerRun(300, func() {
		reserved.Peek()
		reserved.Record(sim.Time(1+i*7919%1000) * sim.Millisecond)
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations a record within the reservation, want 0", allocs)
	}
	for j := range i {
		plain.Record(sim.Time(1+j*7919%1000) * sim.Millisecond)
	}
	qs := []float64{0.5, 0.9, 0.99, 1}
	if got, want := reserved.Quantiles(qs...), plain.Quantiles(qs...); !slices.Equal(got, want) || reserved.Mean() != plain.Mean() {
		t.Errorf("reserved: %v mean %v, unreserved %v mean %v", got, reserved.Mean(), want, plain.Mean())
	}
	var big Histogram
	if big.Reserve(1 << 20); big.Reserved() != rawLimit {
		t.Errorf("reserved %d for a million values, want the %d kept exactly", big.Reserved(), rawLimit)
	}
}

// Merging exact values into exact values makes room for all of them at
// once: one allocation of the combined size, not append's doublings.
func TestHistogramMergeReserves(t *testing.T) {
	var a, b Histogram
	for i := range 300 {
		a.Record(sim.Time(1+i) * sim.Millisecond)
	}
	for i := range 100 {
		b.Record(sim.Time(1000+i) * sim.Millisecond)
	}
	allocs := testing.AllocsPerRun(1, func() {
		c := a
		c.raw = slices.Clip(c.raw)
		c.Merge(&b)
		if c.Reserved() != 400 || c.Count() != 400 {
			t.Errorf("merged %d values into room for %d, want 400 in 400", c.Count(), c.Reserved())
		}
	})
	if allocs != 1 {
		t.Errorf("%v allocations for a merge, want 1", allocs)
	}
}
