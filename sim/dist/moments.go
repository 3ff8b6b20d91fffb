package dist

import (
	"math"
	"slices"

	"github.com/stampede-sim/stampede/sim"
)

// MeanSeconds is the closed-form mean of s in seconds: the sum of its terms'
// means for a sum, the mean of the values for an empirical distribution.
func (s Spec) MeanSeconds() float64 {
	switch s.Kind {
	case Fixed:
		return s.Value.Seconds()
	case Empirical:
		if len(s.Values) == 0 {
			return 0
		}
		var sum float64
		for _, v := range s.Values {
			sum += v.Seconds()
		}
		return sum / float64(len(s.Values))
	case Sum:
		var m float64
		for _, t := range s.Terms {
			m += t.MeanSeconds()
		}
		return m
	}
	if d := s.continuousOf(nil); d != nil {
		return d.Mean()
	}
	return 0
}

// Quantile is the p-quantile of s (0 < p < 1) where a closed form exists;
// false for a sum (its distribution is a convolution) and for p outside [0, 1].
//
// The empirical p-quantile is the order statistic x₍ₖ₎ with k = ⌈p·n⌉: the
// smallest value whose share of values at or below it is at least p.
func (s Spec) Quantile(p float64) (sim.Time, bool) {
	if !(p >= 0 && p <= 1) {
		return 0, false
	}
	switch s.Kind {
	case Fixed:
		return s.Value, true
	case Sum:
		return 0, false
	case Empirical:
		if len(s.Values) == 0 {
			return 0, false
		}
		v := slices.Clone(s.Values)
		slices.Sort(v)
		// The slack keeps p·n that is an integer up to rounding (0.99·100)
		// from moving to the next order statistic.
		k := int(math.Ceil(p*float64(len(v)) - 1e-9))
		return v[min(max(k, 1), len(v))-1], true
	}
	if d := s.continuousOf(nil); d != nil {
		return max(0, sim.FromSeconds(d.Quantile(p))), true
	}
	return 0, false
}
