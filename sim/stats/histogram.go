package stats

import (
	"io"
	"math"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stampede-sim/stampede/sim"
)

// Histogram range: 1 µs to 1 h at 3 significant digits, recorded in µs.
const (
	histLowest  = 1
	histHighest = 3_600_000_000
	histDigits  = 3
)

// Histogram is a latency distribution from 1 µs to 1 h with 3 significant
// digits (HdrHistogram, about 0.1% relative error, ~200 KB). Values are
// rounded to the nearest microsecond; values outside the range are clamped
// into it and counted (Underflow, Overflow), so nothing is lost silently.
type Histogram struct {
	h         *hdrhistogram.Histogram
	underflow int64
	overflow  int64
}

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	return &Histogram{h: hdrhistogram.New(histLowest, histHighest, histDigits)}
}

// Record adds one duration.
func (h *Histogram) Record(d sim.Time) {
	// Divide before rounding so that d near Forever cannot overflow.
	us := int64(d / sim.Microsecond)
	if d%sim.Microsecond >= sim.Microsecond/2 {
		us++
	}
	switch {
	case us < histLowest:
		us = histLowest
		h.underflow++
	case us > histHighest:
		us = histHighest
		h.overflow++
	}
	_ = h.h.RecordValue(us) // cannot fail: us is in range
}

// Count is the number of recorded values.
func (h *Histogram) Count() int64 { return h.h.TotalCount() }

// Overflow counts values above 1 h, recorded as 1 h.
func (h *Histogram) Overflow() int64 { return h.overflow }

// Underflow counts values that round to less than 1 µs (zero and negative
// ones included), recorded as 1 µs.
func (h *Histogram) Underflow() int64 { return h.underflow }

// Quantile returns the q-quantile for q in [0, 1] (clamped; NaN counts as
// 0); 0 when empty. HdrHistogram's ValueAtQuantile takes a percentile in
// [0, 100]: this is the one place that converts.
func (h *Histogram) Quantile(q float64) sim.Time {
	if !(q > 0) {
		q = 0
	}
	q = math.Min(q, 1)
	return sim.Time(h.h.ValueAtQuantile(100*q)) * sim.Microsecond
}

// Mean is the mean of the recorded values (at the histogram's precision);
// 0 when empty.
func (h *Histogram) Mean() sim.Time { return sim.Time(math.Round(h.h.Mean() * 1000)) }

// Max is the largest recorded value (at the histogram's precision); 0 when
// empty.
func (h *Histogram) Max() sim.Time { return sim.Time(h.h.Max()) * sim.Microsecond }

// Merge adds other's values to h. Both share one range, so nothing drops.
func (h *Histogram) Merge(other *Histogram) {
	h.h.Merge(other.h)
	h.underflow += other.underflow
	h.overflow += other.overflow
}

// WriteHgrm writes HdrHistogram's percentile-distribution text format (5
// ticks per half distance), with values in milliseconds.
func (h *Histogram) WriteHgrm(w io.Writer) error {
	_, err := h.h.PercentilesPrint(w, 5, 1000.0)
	return err
}

// Raw is the underlying HdrHistogram, in microseconds. Recording into it
// bypasses the clamping counters.
func (h *Histogram) Raw() *hdrhistogram.Histogram { return h.h }
