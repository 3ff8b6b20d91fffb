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
// digits (HdrHistogram). Values outside the range are clamped into it and
// counted in Overflow, so nothing is lost silently.
type Histogram struct {
	h        *hdrhistogram.Histogram
	overflow int64
}

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	return &Histogram{h: hdrhistogram.New(histLowest, histHighest, histDigits)}
}

// Record adds one duration.
func (h *Histogram) Record(d sim.Time) {
	us := (int64(d) + 500) / 1000
	switch {
	case us < histLowest:
		us = histLowest
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

// Quantile returns the q-quantile for q in [0, 1]. HdrHistogram's
// ValueAtQuantile takes a percentile in [0, 100]: this is the one place that
// converts.
func (h *Histogram) Quantile(q float64) sim.Time {
	q = math.Max(0, math.Min(1, q))
	return sim.Time(h.h.ValueAtQuantile(100*q)) * sim.Microsecond
}

// Mean is the mean of the recorded values.
func (h *Histogram) Mean() sim.Time { return sim.Time(math.Round(h.h.Mean() * 1000)) }

// Max is the largest recorded value (at the histogram's precision).
func (h *Histogram) Max() sim.Time { return sim.Time(h.h.Max()) * sim.Microsecond }

// Merge adds other's values to h.
func (h *Histogram) Merge(other *Histogram) {
	h.h.Merge(other.h)
	h.overflow += other.overflow
}

// WriteHgrm writes HdrHistogram's percentile-distribution text format, with
// values in milliseconds.
func (h *Histogram) WriteHgrm(w io.Writer) error {
	_, err := h.h.PercentilesPrint(w, 5, 1000.0)
	return err
}
