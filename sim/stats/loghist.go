package stats

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
)

// LogHistogram is a small histogram with geometric bins of ratio logBinRatio
// from 1 µs to 1 h: about 1,100 uint32 counts (4.4 KB), for one percentile
// estimate per time bucket. A quantile is reported at its bin's geometric
// midpoint, so its relative error is at most √1.02 − 1 ≈ 1%.
type LogHistogram struct {
	counts [logBins]uint32
	n      int64
}

const (
	logBinRatio = 1.02
	logBins     = 1110 // ln(3.6e9 µs) / ln(1.02) ≈ 1,105, rounded up
)

var logBinBase = math.Log(logBinRatio)

// NewLogHistogram returns an empty LogHistogram.
func NewLogHistogram() *LogHistogram { return &LogHistogram{} }

func logBin(d sim.Time) int {
	us := float64(d) / float64(sim.Microsecond)
	if us <= 1 {
		return 0
	}
	return min(int(math.Log(us)/logBinBase), logBins-1)
}

// Record adds one duration.
func (h *LogHistogram) Record(d sim.Time) {
	h.counts[logBin(d)]++
	h.n++
}

// Count is the number of recorded values.
func (h *LogHistogram) Count() int64 { return h.n }

// Quantile returns the q-quantile (q in [0, 1]) at its bin's geometric
// midpoint; 0 when empty.
func (h *LogHistogram) Quantile(q float64) sim.Time {
	if h.n == 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(h.n)))
	rank = max(1, min(rank, h.n))
	var seen int64
	for i, c := range h.counts {
		seen += int64(c)
		if seen >= rank {
			us := math.Exp((float64(i) + 0.5) * logBinBase)
			return sim.Time(us * float64(sim.Microsecond))
		}
	}
	return 0
}
