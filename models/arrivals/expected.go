package arrivals

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
)

// MeanRate is the long-run mean rate per second: the rate itself for
// poisson and constant, Mean for a sinusoid, Σ π_i·Rate_i for an MMPP (π_i
// the share of time in state i), the mean over one period for a repeating
// profile and the last point's rate for one that does not repeat. A burst
// has finitely many requests: 0.
func (s Spec) MeanRate() float64 {
	switch s.Process {
	case Poisson, Constant:
		return s.Rate
	case Sinusoid:
		return s.Mean
	case MMPP:
		var num, den float64
		for _, st := range s.States {
			num += st.Rate * st.MeanDwell.Seconds()
			den += st.MeanDwell.Seconds()
		}
		if den <= 0 {
			return 0
		}
		return num / den
	case Profile:
		if len(s.Points) == 0 {
			return 0
		}
		if rep := s.Repeat.Seconds(); rep > 0 {
			return cumulative(segments(s), 0, rep) / rep
		}
		return s.Points[len(s.Points)-1].Rate
	case Trace:
		return s.Trace.expected(0, 1)
	}
	return 0
}

// PeakRate is the highest rate the process reaches, per second. A burst's is
// Count/Over (+Inf when all its requests come at once).
func (s Spec) PeakRate() float64 {
	var peak float64
	switch s.Process {
	case Poisson, Constant:
		peak = s.Rate
	case Sinusoid:
		peak = s.Mean + math.Abs(s.Amplitude)
	case MMPP:
		for _, st := range s.States {
			peak = math.Max(peak, st.Rate)
		}
	case Profile:
		for _, p := range s.Points {
			peak = math.Max(peak, p.Rate)
		}
	case Burst:
		switch {
		case s.Count == 0:
		case s.Over == 0:
			peak = math.Inf(1)
		default:
			peak = float64(s.Count) / s.Over.Seconds()
		}
	case Trace:
		peak = s.Trace.expected(0, 1) // the mean: a trace's bursts are not known before it plays
	}
	return peak
}

// ExpectedCount is the expected number of arrivals in [from, to): the
// integral of the rate over it, in closed form. For constant and burst it is
// the exact number of their arrival times in [from, to), computed with the
// same integer clock as Next. Processes start at 0, so time before 0 counts
// nothing.
//
//	poisson:  Rate·(b − a)
//	mmpp:     MeanRate·(b − a)   (stationary from 0)
//	sinusoid: Mean·(b − a) − Amplitude·P/(2π)·[cos 2π(b+φ)/P − cos 2π(a+φ)/P]
//	profile:  Λ(b) − Λ(a), Λ the sum of trapezoids over segments and periods
func (s Spec) ExpectedCount(from, to sim.Time) float64 {
	from = max(from, 0)
	if to <= from {
		return 0
	}
	a, b := from.Seconds(), to.Seconds()
	switch s.Process {
	case Poisson:
		return s.Rate * (b - a)
	case MMPP:
		return s.MeanRate() * (b - a)
	case Constant:
		if s.Rate <= 0 {
			return 0
		}
		c := newConstantClock(s.Rate)
		return c.first(to) - c.first(from)
	case Burst:
		c := burstClock{at: s.At, over: s.Over, count: s.Count}
		return float64(c.first(to) - c.first(from))
	case Sinusoid:
		p, ph := s.Period.Seconds(), s.Phase.Seconds()
		cos := func(t float64) float64 { return math.Cos(2 * math.Pi * math.Mod(t+ph, p) / p) }
		return s.Mean*(b-a) - s.Amplitude*p/(2*math.Pi)*(cos(b)-cos(a))
	case Profile:
		segs, rep := segments(s), s.Repeat.Seconds()
		return cumulative(segs, rep, b) - cumulative(segs, rep, a)
	case Trace:
		return s.Trace.expected(a, b)
	}
	return 0
}
