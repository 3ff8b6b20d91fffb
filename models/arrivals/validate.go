package arrivals

import (
	"errors"
	"fmt"
	"math"
)

// Processes lists the accepted process names, for messages.
const Processes = "poisson, constant, profile, sinusoid, mmpp, burst, trace"

// Validate reports whether s is usable. The message says what is allowed and
// carries no key path: the caller prefixes it.
func (s Spec) Validate() error {
	switch s.Process {
	case Poisson, Constant:
		return rateOK("rate", s.Rate)
	case Profile:
		return s.validateProfile()
	case Sinusoid:
		return s.validateSinusoid()
	case MMPP:
		return s.validateMMPP()
	case Burst:
		if s.Count < 0 || s.At < 0 || s.Over < 0 {
			return fmt.Errorf("burst needs count >= 0, at >= 0 and over >= 0 (got count %d, at %v, over %v)", s.Count, s.At, s.Over)
		}
	case Trace:
		return s.Trace.validate()
	default:
		return fmt.Errorf("unknown process %q (allowed: %s)", s.Process, Processes)
	}
	return nil
}

func rateOK(name string, r float64) error {
	if math.IsNaN(r) || math.IsInf(r, 0) || r < 0 {
		return fmt.Errorf("%s %g is not a rate (allowed: a finite number >= 0, per second)", name, r)
	}
	return nil
}

func (s Spec) validateProfile() error {
	if len(s.Points) == 0 {
		return errors.New("profile needs at least one point")
	}
	if s.Points[0].At != 0 {
		return fmt.Errorf(`the first point must be at "0s" (got %v)`, s.Points[0].At)
	}
	for i, p := range s.Points {
		if err := rateOK(fmt.Sprintf("points[%d] rate", i), p.Rate); err != nil {
			return err
		}
		if i > 0 && p.At <= s.Points[i-1].At {
			return fmt.Errorf("points must be in strictly increasing time (points[%d] at %v is not after %v)", i, p.At, s.Points[i-1].At)
		}
	}
	if s.Shape != "step" && s.Shape != "linear" {
		return fmt.Errorf("shape %q (allowed: step, linear)", s.Shape)
	}
	// Repeat = last point's time is allowed: the last point then only ends
	// the last segment (e.g. a linear ramp back to the first rate).
	if last := s.Points[len(s.Points)-1].At; s.Repeat < 0 || (s.Repeat > 0 && s.Repeat < last) {
		return fmt.Errorf("repeat %v is shorter than the last point at %v (allowed: 0 for no repeat, or a period >= the last point's time)", s.Repeat, last)
	}
	return nil
}

func (s Spec) validateSinusoid() error {
	if s.Period <= 0 {
		return fmt.Errorf("sinusoid needs period > 0 (got %v)", s.Period)
	}
	if err := rateOK("mean", s.Mean); err != nil {
		return err
	}
	if err := rateOK("amplitude", s.Amplitude); err != nil {
		return err
	}
	if s.Amplitude > s.Mean {
		return fmt.Errorf("amplitude %g is larger than mean %g: the rate would go negative (allowed: 0 <= amplitude <= mean)", s.Amplitude, s.Mean)
	}
	return nil
}

func (s Spec) validateMMPP() error {
	if len(s.States) == 0 {
		return errors.New("mmpp needs at least one state")
	}
	for i, st := range s.States {
		if err := rateOK(fmt.Sprintf("states[%d].rate", i), st.Rate); err != nil {
			return err
		}
		if st.MeanDwell <= 0 {
			return fmt.Errorf("states[%d].mean_dwell must be > 0 (got %v)", i, st.MeanDwell)
		}
	}
	return nil
}
