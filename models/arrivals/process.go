package arrivals

import (
	"math"
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
)

// Process generates successive arrival times.
type Process interface {
	// Next returns the next arrival time (non-decreasing), or sim.Forever
	// when the process has no more arrivals.
	Next() sim.Time
}

// New returns a process for s drawing from r, starting at time 0. s must be valid.
func (s Spec) New(r *rand.Rand) Process {
	switch s.Process {
	case Poisson:
		return &rateProcess{r: r, rate: constRate(s.Rate)}
	case Constant:
		return &constant{rate: s.Rate}
	case Profile:
		return &rateProcess{r: r, rate: profileRate{s}}
	case Sinusoid:
		return &rateProcess{r: r, rate: sinusoidRate{s}}
	case MMPP:
		return newMMPP(s, r)
	case Burst:
		return &burst{s: s}
	}
	return never{}
}

// rateFn describes a time-varying rate piecewise: segment(t) returns the
// segment holding t, its end, and a bound on the rate inside it. Within a
// segment the process is sampled by thinning against the bound; at a
// segment's end it restarts from the end (Poisson processes are memoryless),
// so a profile jumping from 50 to 2,000 requests/s never thins low segments
// against the high bound.
type rateFn interface {
	at(t float64) float64
	segment(t float64) (end, bound float64)
}

// rateProcess is a (non-homogeneous) Poisson process, in seconds internally.
type rateProcess struct {
	r    *rand.Rand
	rate rateFn
	t    float64
}

func (p *rateProcess) Next() sim.Time {
	for {
		end, bound := p.rate.segment(p.t)
		if bound <= 0 {
			if math.IsInf(end, 1) {
				return sim.Forever
			}
			p.t = end
			continue
		}
		cand := p.t + p.r.ExpFloat64()/bound
		if cand >= end {
			p.t = end
			continue
		}
		p.t = cand
		if p.r.Float64()*bound <= p.rate.at(cand) {
			return secondsToTime(cand)
		}
	}
}

func secondsToTime(s float64) sim.Time {
	if s >= float64(sim.Forever)/float64(sim.Second) {
		return sim.Forever
	}
	return sim.FromSeconds(s)
}

type constRate float64

func (c constRate) at(float64) float64 { return float64(c) }
func (c constRate) segment(float64) (float64, float64) {
	return math.Inf(1), float64(c)
}

// constant places arrival k at k/rate, computed from k to avoid drift.
type constant struct {
	rate float64
	k    int64
}

func (c *constant) Next() sim.Time {
	if c.rate <= 0 {
		return sim.Forever
	}
	t := secondsToTime(float64(c.k) / c.rate)
	c.k++
	return t
}

// burst places Count arrivals at At + k·Over/Count.
type burst struct {
	s Spec
	k int
}

func (b *burst) Next() sim.Time {
	if b.k >= b.s.Count {
		return sim.Forever
	}
	t := b.s.At + sim.Time(float64(b.s.Over)*float64(b.k)/float64(b.s.Count))
	b.k++
	return t
}

type never struct{}

func (never) Next() sim.Time { return sim.Forever }

var (
	_ Process = (*rateProcess)(nil)
	_ Process = (*constant)(nil)
	_ Process = (*burst)(nil)
	_ Process = (*mmpp)(nil)
	_ rateFn  = constRate(0)
	_ rateFn  = profileRate{}
	_ rateFn  = sinusoidRate{}
)
