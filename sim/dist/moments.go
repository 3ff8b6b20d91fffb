package dist

import (
	"slices"

	"github.com/stampede-sim/stampede/sim"
)

// MeanSeconds is the closed-form mean of s in seconds.
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

// Quantile is the closed-form p-quantile (0 < p < 1) of s, when one exists
// (not for sums). The empirical quantile is the ⌈p·n⌉-th order statistic.
func (s Spec) Quantile(p float64) (sim.Time, bool) {
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
		i := int(p*float64(len(v)) + 0.999999999)
		return v[max(0, min(i-1, len(v)-1))], true
	}
	if d := s.continuousOf(nil); d != nil {
		return sim.FromSeconds(d.Quantile(p)), true
	}
	return 0, false
}
