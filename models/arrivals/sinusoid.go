package arrivals

import (
	"math"
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
)

// sinusoid is the non-homogeneous Poisson process with rate
//
//	λ(t) = Mean + Amplitude·sin(2π(t + Phase)/Period),
//
// sampled by thinning: candidates of a Poisson process at the peak rate
// Mean + Amplitude, each kept with probability λ(t)/peak. As 0 <= Amplitude
// <= Mean, at least half the candidates are kept.
type sinusoid struct {
	r             *rand.Rand
	mean, amp     float64
	period, phase float64 // seconds
	peak          float64
	t             float64
}

func newSinusoid(s Spec, r *rand.Rand) *sinusoid {
	return &sinusoid{
		r: r, mean: s.Mean, amp: s.Amplitude,
		period: s.Period.Seconds(), phase: s.Phase.Seconds(),
		peak: s.Mean + math.Abs(s.Amplitude),
	}
}

// rate reduces the angle modulo the period first, so that sin keeps its
// precision late in long runs.
func (s *sinusoid) rate(t float64) float64 {
	x := math.Mod(t+s.phase, s.period) / s.period
	return s.mean + s.amp*math.Sin(2*math.Pi*x)
}

func (s *sinusoid) Next() sim.Time {
	if s.peak <= 0 {
		return sim.Forever
	}
	for {
		s.t += s.r.ExpFloat64() / s.peak
		if s.t >= maxSeconds || s.amp == 0 || s.r.Float64()*s.peak <= s.rate(s.t) {
			return at(s.t)
		}
	}
}
