package stats

import (
	"math"
	"math/bits"

	"github.com/stampede-sim/stampede/sim"
)

// LogHistogram is a small fixed histogram for one time bucket's latencies:
// log-linear bins found with bit operations, no logarithm (issue 12).
// Values are in nanoseconds; each octave [2⁶⁺ᵉ, 2⁷⁺ᵉ) ns from 512 ns
// (e = 3) to 2⁴⁶ ns (about 19.5 h) holds 64 bins of 2ᵉ ns, as uint32
// counts: 2,368 bins, 9.5 KB, allocated for a bucket when a request ends in
// it.
//
// A quantile is reported at its bin's midpoint, so for values in range its
// relative error against the exact nearest-rank quantile is below
// 1/128 ≈ 0.78% (half a bin of at most 1/64 of its values). Values below
// 1 µs land in their bin, or the first, and values above the last bin in the
// last; Clamped counts both. A bin holds at most 2³²−1 values, far beyond
// one time bucket's worth.
type LogHistogram struct {
	counts  [logBins]uint32
	n       int64
	clamped int64
}

const (
	logSubBits  = 7
	logFirstOct = 3               // the first octave starts at 2^(logSubBits-1+3) = 512 ns
	logLastOct  = 46 - logSubBits // values below 2^46 ns
	logBins     = (logLastOct - logFirstOct + 1) << (logSubBits - 1)
	logHalf     = 1 << (logSubBits - 1)
	logLowest   = sim.Microsecond
)

// NewLogHistogram returns an empty LogHistogram.
func NewLogHistogram() *LogHistogram { return &LogHistogram{} }

// logBin is the bin of d, clamped to the bins; ok is false if out of range.
func logBin(d sim.Time) (bin int, ok bool) {
	ok = d >= logLowest
	if d < 1<<(logSubBits-1+logFirstOct) {
		return 0, ok
	}
	e := bits.Len64(uint64(d)) - logSubBits
	if e > logLastOct {
		return logBins - 1, false
	}
	return (e-logFirstOct)<<(logSubBits-1) + int(uint64(d)>>e) - logHalf, ok
}

// logMid is bin i's midpoint in ns.
func logMid(i int) float64 {
	e := i>>(logSubBits-1) + logFirstOct
	lo := uint64(i&(logHalf-1)+logHalf) << e
	return float64(lo) + float64(uint64(1)<<e-1)/2
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

// Clamped counts values outside [1 µs, 2⁴⁶ ns), recorded in the end bins.
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
			return sim.Time(math.Round(logMid(i)))
		}
	}
	panic("stats: LogHistogram count out of step with its bins")
}
