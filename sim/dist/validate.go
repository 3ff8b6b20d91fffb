package dist

import (
	"errors"
	"fmt"
	"math"

	"github.com/stampede-sim/stampede/sim"
)

// Kinds lists the accepted distribution names, for messages.
const Kinds = "fixed, exponential, uniform, lognormal, gamma, weibull, empirical, sum"

// Validate reports whether the parameters of s are usable. The message says
// what is allowed and carries no key path: the caller knows where s came from
// and prefixes it.
func (s Spec) Validate() error {
	switch s.Kind {
	case Fixed:
		if s.Value < 0 {
			return fmt.Errorf("fixed needs value >= 0 (got %v)", s.Value)
		}
	case Exponential:
		if s.Mean <= 0 {
			return fmt.Errorf("exponential needs mean > 0 (got %v)", s.Mean)
		}
	case Uniform:
		if s.Min < 0 || s.Max < s.Min {
			return fmt.Errorf("uniform needs max >= min >= 0 (got min %v, max %v)", s.Min, s.Max)
		}
	case LogNormal:
		return s.validateLognormal()
	case Gamma:
		if s.Mean <= 0 || !positiveFinite(s.CV) {
			return fmt.Errorf("gamma needs mean > 0 and cv > 0 (got mean %v, cv %g)", s.Mean, s.CV)
		}
	case Weibull:
		if !positiveFinite(s.Shape) || s.Scale <= 0 {
			return fmt.Errorf("weibull needs shape > 0 and scale > 0 (got shape %g, scale %v)", s.Shape, s.Scale)
		}
	case Empirical:
		return s.validateEmpirical()
	case Sum:
		return s.validateSum()
	default:
		return fmt.Errorf("unknown dist %q (allowed: %s)", s.Kind, Kinds)
	}
	return nil
}

// validateLognormal picks the parametrisation by which fields are non-zero,
// as lognormal() does, so a spec that passes is sampled the way it reads.
func (s Spec) validateLognormal() error {
	byMedian := s.lognormalByMedian()
	byMean := s.Mean != 0 || s.Stddev != 0
	switch {
	case byMedian && byMean:
		return errors.New("lognormal takes median and p99, or mean and stddev, not both")
	case byMedian:
		// The wording is the scenario loader's tested message; it says p99 > median.
		if s.Median <= 0 || s.P99 <= s.Median {
			return fmt.Errorf("lognormal needs 0 < median < p99 (got median %v, p99 %v)", s.Median, s.P99)
		}
	case byMean:
		if s.Mean <= 0 || s.Stddev <= 0 {
			return fmt.Errorf("lognormal needs mean > 0 and stddev > 0 (got mean %v, stddev %v)", s.Mean, s.Stddev)
		}
	default:
		return errors.New("lognormal needs median and p99, or mean and stddev")
	}
	return nil
}

func (s Spec) validateEmpirical() error {
	if len(s.Values) == 0 {
		return errors.New("empirical needs at least one value")
	}
	for i, v := range s.Values {
		if v < 0 {
			return fmt.Errorf("empirical needs values >= 0 (got values[%d] = %v)", i, v)
		}
	}
	return nil
}

func (s Spec) validateSum() error {
	if len(s.Terms) == 0 {
		return errors.New("sum needs at least one term")
	}
	for i, t := range s.Terms {
		if err := t.Validate(); err != nil {
			return fmt.Errorf("terms[%d]: %w", i, err)
		}
	}
	if sc := s.scale(); sc >= maxSum {
		return fmt.Errorf("sum: the terms add up to %dh or more, too long (allowed: under %dh in all)", sc/sim.Hour, maxSum/sim.Hour)
	}
	return nil
}

// maxSum bounds the stated sizes of a sum's terms, as ParseDuration bounds
// one duration: far beyond any run, far from overflowing a sim.Time.
const maxSum = sim.Time(math.MaxInt64 / 2)

// scale is the largest value s states (a fixed value, a maximum, a p99, a
// mean…, a sum's terms added up), saturating at maxSum.
func (s Spec) scale() sim.Time {
	var out sim.Time
	switch s.Kind {
	case Sum:
		for _, t := range s.Terms {
			out += min(t.scale(), maxSum)
			if out >= maxSum {
				return maxSum
			}
		}
		return out
	case Empirical:
		for _, v := range s.Values {
			out = max(out, v)
		}
		return out
	}
	return max(s.Value, s.Max, s.P99, s.Median, s.Mean, s.Stddev, s.Scale)
}

// positiveFinite is false for NaN, which every comparison also fails.
func positiveFinite(x float64) bool { return x > 0 && !math.IsInf(x, 1) }
