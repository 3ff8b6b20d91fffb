package arrivals

import (
	"fmt"
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Process generates successive arrival times.
type Process interface {
	// Next returns the next arrival time (non-decreasing), or sim.Forever
	// when the process has no more arrivals.
	Next() sim.Time
}

// New returns a process for s drawing every random number from r, starting
// at time 0. Constant and burst draw nothing (r may be nil). s must be valid;
// New panics on a process it does not know rather than quietly never arrive.
func (s Spec) New(r *rand.Rand) Process {
	switch s.Process {
	case Poisson:
		return &poisson{r: r, rate: s.Rate}
	case Constant:
		return &constant{clock: newConstantClock(s.Rate)}
	case Profile:
		return newProfile(s, r)
	case Sinusoid:
		return newSinusoid(s, r)
	case MMPP:
		return newMMPP(s, r)
	case Burst:
		return &burst{clock: burstClock{at: s.At, over: s.Over, count: s.Count}}
	case Trace:
		return newTrace(s, r)
	}
	panic(fmt.Sprintf("arrivals: New of unknown process %q", s.Process))
}

// Own is New(rand.New(src)) for a source no other process shares: a Poisson
// process takes src's state over and keeps it in its own allocation, so
// that an arrival touches one record rather than three (issue 12: with
// thousands of workloads each is a cache miss). The arrivals are New's;
// src must not be drawn from again.
func (s Spec) Own(src *rand.PCG) Process {
	if s.Process != Poisson {
		return s.New(rand.New(src))
	}
	return &ownPoisson{rate: s.Rate, pcg: *src}
}

// The random processes keep time in float64 seconds, which resolve a
// nanosecond for about 100 days of simulated time and a microsecond for
// centuries; arrivals are rounded to sim.Time only on the way out.

// maxSeconds is sim.Forever in seconds: no arrival happens at or after it.
const maxSeconds = float64(sim.Forever) / float64(sim.Second)

// at converts an arrival time in seconds, saturating at sim.Forever.
// Rounding is monotone, so non-decreasing seconds stay non-decreasing.
func at(s float64) sim.Time {
	if s >= maxSeconds {
		return sim.Forever
	}
	return sim.FromSeconds(s)
}

// poisson is a homogeneous Poisson process: gaps are exponential with mean
// 1/rate, one draw per arrival.
type poisson struct {
	r    *rand.Rand
	rate float64
	t    float64
}

func (p *poisson) Next() sim.Time {
	if p.rate <= 0 {
		return sim.Forever
	}
	p.t += p.r.ExpFloat64() / p.rate
	return at(p.t)
}

// gapsAhead is how many gaps ownPoisson draws at a time.
const gapsAhead = 8

// ownPoisson is poisson drawing from a generator of its own (Own), its
// gaps drawn gapsAhead at a time: the same numbers, added to the clock in
// the same order, since nothing else draws from pcg, but the draws and
// divisions overlap instead of each waiting on the last (issue 12).
type ownPoisson struct {
	rate float64
	t    float64
	n    int // gaps left in gaps, served from its end
	gaps [gapsAhead]float64
	pcg  rand.PCG // drawn from directly (dist.ExpFloat64): Rand's draws
}

// Peek reads the record Next reads, without drawing (dist.Peeker's
// read-ahead for arrivals).
func (p *ownPoisson) Peek() sim.Time {
	return sim.Time(p.rate) + sim.Time(p.n) + sim.Time(p.gaps[gapsAhead-1])
}

func (p *ownPoisson) Next() sim.Time {
	if p.rate <= 0 {
		return sim.Forever
	}
	if p.n == 0 {
		for i := range p.gaps {
			p.gaps[gapsAhead-1-i] = dist.ExpFloat64(&p.pcg) / p.rate
		}
		p.n = gapsAhead
	}
	p.n--
	p.t += p.gaps[p.n]
	return at(p.t)
}

var (
	_ Process     = (*poisson)(nil)
	_ Process     = (*ownPoisson)(nil)
	_ dist.Peeker = (*ownPoisson)(nil)
	_ Process     = (*constant)(nil)
	_ Process     = (*burst)(nil)
	_ Process     = (*profile)(nil)
	_ Process     = (*sinusoid)(nil)
	_ Process     = (*mmpp)(nil)
)
