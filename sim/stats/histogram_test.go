package stats

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// hdrTol is the HDR error at 3 significant digits: 2048 sub-buckets per
// power of two, so a bucket spans at most 1/1024 of its values.
func hdrTol(v sim.Time) sim.Time { return v/1024 + sim.Microsecond }

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
		{"zero is clamped to 1 µs", 0, sim.Microsecond, 1, 0},
		{"sub-µs rounding to 0 is clamped", 499, sim.Microsecond, 1, 0},
		{"negative is clamped", -sim.Second, sim.Microsecond, 1, 0},
		{"one hour is in range", sim.Hour, sim.Hour, 0, 0},
		{"above one hour is clamped", 2 * sim.Hour, sim.Hour, 0, 1},
		{"Forever does not overflow", sim.Forever, sim.Hour, 0, 1},
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
	even.Record(3 * sim.Hour)
	all.Record(3 * sim.Hour)
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

func TestHistogramRecordNoAlloc(t *testing.T) {
	h := NewHistogram()
	d := sim.Time(0)
	if n := testing.AllocsPerRun(1000, func() { d += 7919 * sim.Microsecond; h.Record(d) }); n != 0 {
		t.Errorf("Record allocates %v per call", n)
	}
	if h.Raw().TotalCount() != h.Count() {
		t.Error("Raw does not expose the same histogram")
	}
}
