package stats

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
)

// LogHistogram is a small histogram with geometric bins of ratio r = 1.02
// from 1 µs to 1 h: bin i holds [rⁱ, rⁱ⁺¹) µs, i = 0 … 1111 (rⁱ¹¹² ≈ 3.66·10⁹
// µs > 1 h), as uint32 counts: 4.4 KB, so one per time bucket is cheap.
//
// A quantile is reported at its bin's geometric midpoint rⁱ⁺½, so for values
// in range its relative error against the exact nearest-rank quantile is at
// most √r − 1 ≈ 0.995%. Values below 1 µs land in bin 0 and values above
// the last bin in the last bin; Clamped counts both. A bin holds at most
// 2³²−1 values, far beyond one time bucket's worth.
type LogHistogram struct {
	counts  [logBins]uint32
	n       int64
	clamped int64
}

const (
	logBinRatio = 1.02
	logBinBase  = 0.01980262729617973 // ln 1.02
	logBins     = 1112                // ⌈ln(3.6·10⁹) / ln 1.02⌉ = ⌈1111.18⌉
)

// NewLogHistogram returns an empty LogHistogram.
func NewLogHistogram() *LogHistogram { return &LogHistogram{} }

// logBin is ⌊ln(d/1µs) / ln r⌋, clamped to the bins; ok is false if clamped.
func logBin(d sim.Time) (bin int, ok bool) {
	if d < sim.Microsecond {
		return 0, false
	}
	i := int(math.Log(float64(d)/float64(sim.Microsecond)) / logBinBase)
	if i >= logBins {
		return logBins - 1, false
	}
	return i, true
}

// Record adds one duration.
func (h *LogHistogram) Record(d sim.Time) {
	i, ok := logBin(d)
	if !ok {
		h.clamped++
	}
	h.counts[i]++
	h.n++
}

// Count is the number of recorded values.
func (h *LogHistogram) Count() int64 { return h.n }

// Clamped counts values outside [1 µs, rⁱ¹¹² µs), recorded in the end bins.
func (h *LogHistogram) Clamped() int64 { return h.clamped }

// Merge adds other's values to h.
func (h *LogHistogram) Merge(other *LogHistogram) {
	for i, c := range other.counts {
		h.counts[i] += c
	}
	h.n += other.n
	h.clamped += other.clamped
}

// Quantile returns the nearest-rank q-quantile (q in [0, 1], clamped) at its
// bin's geometric midpoint: the bin of the ⌈q·n⌉-th smallest value (the
// first for q = 0). It returns 0 when empty.
func (h *LogHistogram) Quantile(q float64) sim.Time {
	if h.n == 0 {
		return 0
	}
	if !(q > 0) {
		q = 0
	}
	rank := int64(math.Ceil(math.Min(q, 1) * float64(h.n)))
	rank = max(1, min(rank, h.n))
	var seen int64
	for i, c := range h.counts {
		seen += int64(c)
		if seen >= rank {
			us := math.Exp((float64(i) + 0.5) * logBinBase)
			return sim.Time(math.Round(us * float64(sim.Microsecond)))
		}
	}
	panic("stats: LogHistogram count out of step with its bins")
}
