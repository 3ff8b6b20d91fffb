package dist

import (
	"errors"
	"fmt"
	"math"
)

// Kinds lists the accepted distribution names.
const Kinds = "fixed, exponential, uniform, lognormal, gamma, weibull, empirical, sum"

// Validate reports whether the parameters of s are usable; the message says
// what is allowed (the caller prefixes the key path).
func (s Spec) Validate() error {
	switch s.Kind {
	case Fixed:
		return nonNegative("value", s.Value.Seconds())
	case Exponential:
		if s.Mean <= 0 {
			return errors.New("exponential needs mean > 0")
		}
	case Uniform:
		if s.Min < 0 || s.Max < s.Min {
			return fmt.Errorf("uniform needs 0 <= min <= max (got min %v, max %v)", s.Min, s.Max)
		}
	case LogNormal:
		return s.validateLognormal()
	case Gamma:
		if s.Mean <= 0 || !(s.CV > 0) || math.IsInf(s.CV, 0) {
			return fmt.Errorf("gamma needs mean > 0 and cv > 0 (got mean %v, cv %g)", s.Mean, s.CV)
		}
	case Weibull:
		if !(s.Shape > 0) || math.IsInf(s.Shape, 0) || s.Scale <= 0 {
			return fmt.Errorf("weibull needs shape > 0 and scale > 0 (got shape %g, scale %v)", s.Shape, s.Scale)
		}
	case Empirical:
		if len(s.Values) == 0 {
			return errors.New("empirical needs at least one value")
		}
		for _, v := range s.Values {
			if v < 0 {
				return fmt.Errorf("empirical values must be >= 0 (got %v)", v)
			}
		}
	case Sum:
		if len(s.Terms) == 0 {
			return errors.New("sum needs at least one term")
		}
		for i, t := range s.Terms {
			if err := t.Validate(); err != nil {
				return fmt.Errorf("terms[%d]: %w", i, err)
			}
		}
	default:
		return fmt.Errorf("unknown dist %q (allowed: %s)", s.Kind, Kinds)
	}
	return nil
}

func (s Spec) validateLognormal() error {
	byMedian := s.Median != 0 || s.P99 != 0
	byMean := s.Mean != 0 || s.Stddev != 0
	switch {
	case byMedian && byMean:
		return errors.New("lognormal takes median and p99, or mean and stddev, not both")
	case byMedian:
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

func nonNegative(name string, v float64) error {
	if v < 0 {
		return fmt.Errorf("%s must be >= 0", name)
	}
	return nil
}
