package stats

import (
	"math"

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
	logSubBits    = 7  // 64 bins an octave (loglinear)
	logFirstOct   = 3  // the first bins' octave: [2^(6+3), 2^(7+3)) = [512, 1024) ns
	logLastOct    = 39 // the last's: values below 2^46 ns
	logFirstChunk = logFirstOct + 1
	logBins       = (logLastOct - logFirstOct + 1) << (logSubBits - 1)
	logLowest     = sim.Microsecond
)

// NewLogHistogram returns an empty LogHistogram.
func NewLogHistogram() *LogHistogram { return &LogHistogram{} }

// logBin is the bin of d, clamped to the bins; ok is false if out of range.
func logBin(d sim.Time) (bin int, ok bool) {
	ok = d >= logLowest
	if d < 1<<(logSubBits-1+logFirstOct) {
		return 0, ok
	}
	c, i := loglinear(uint64(d), logSubBits)
	if c-1 > logLastOct {
		return logBins - 1, false
	}
	return (c-logFirstChunk)<<(logSubBits-1) + i, ok
}

// logMid is bin i's midpoint in ns.
func logMid(i int) float64 {
	return loglinearMid(i>>(logSubBits-1)+logFirstChunk, i&(1<<(logSubBits-1)-1), logSubBits)
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
	if above := h.n - rank; above <= rank {
		// From the top, for the median and above: the same bin, the highest
		// whose values and those above it number more than the values
		// above rank, in fewer steps (the bins above a run's slowest
		// latencies are fewer than those below its fastest).
		for i := len(h.counts) - 1; i >= 0; i-- {
			seen += int64(h.counts[i])
			if seen > above {
				return sim.Time(math.Round(logMid(i)))
			}
		}
	}
	for i, c := range h.counts {
		seen += int64(c)
		if seen >= rank {
			return sim.Time(math.Round(logMid(i)))
		}
	}
	panic("stats: LogHistogram count out of step with its bins")
}
