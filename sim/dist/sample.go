package dist

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede/sim"
)

// New returns a sampler of s drawing every random number from src. s must be
// valid; New panics on a kind it does not know rather than quietly sample
// something else.
//
// The parametric kinds keep one gonum struct, built here with src as its
// explicit Src. Its Rand wraps src in rand.New on every draw; in gonum v0.17
// that *rand.Rand does not escape (go build -gcflags=-m: "&rand.Rand{...}
// does not escape", also for Gamma's method values), so it lives on the stack
// and a draw allocates nothing. TestSampleDoesNotAllocate guards this: if a
// gonum upgrade changes it, draw with the same formulas from a *rand.Rand
// made once here instead.
func (s Spec) New(src Src) Sampler {
	switch s.Kind {
	case Fixed:
		return fixedSampler(s.Value)
	case Empirical:
		return &empiricalSampler{values: s.Values, r: rand.New(src)}
	case Sum:
		terms := make(sumSampler, len(s.Terms))
		for i, t := range s.Terms {
			terms[i] = t.New(src)
		}
		return terms
	}
	switch d := s.continuousOf(src).(type) {
	case nil:
	case distuv.LogNormal:
		return lognormalSampler{d}
	case distuv.Exponential:
		return exponentialSampler{d}
	case distuv.Uniform:
		return uniformSampler{d}
	default:
		return contSampler{d: d}
	}
	panic(fmt.Sprintf("dist: New of unknown kind %q", s.Kind))
}

type fixedSampler sim.Time

func (f fixedSampler) Sample() sim.Time { return sim.Time(f) }

// contSampler draws seconds from a gonum distribution. A lognormal or gamma
// never goes below 0, but rounding to the nanosecond of a uniform or of a
// huge draw could, and a negative duration would move the clock backwards.
type contSampler struct{ d continuous }

func (c contSampler) Sample() sim.Time { return max(0, sim.FromSeconds(c.d.Rand())) }

// Own is New(src) for a source no other sampler shares: the sampler takes
// src's state over and keeps it in its own allocation, so that a draw
// touches one record rather than two (issue 12: with thousands of
// functions each is a cache miss). The draws are New's; src must not be
// drawn from again.
func (s Spec) Own(src *rand.PCG) Sampler {
	switch d := s.continuousOf(nil).(type) {
	case distuv.LogNormal:
		return &ownLogNormal{mu: d.Mu, sigma: d.Sigma, pcg: *src}
	case distuv.Exponential:
		return &ownExp{rate: d.Rate, pcg: *src}
	case distuv.Uniform:
		return &ownUniform{min: d.Min, span: d.Max - d.Min, pcg: *src}
	}
	return s.New(src)
}

// aheadN is how many draws an Own sampler makes at a time.
const aheadN = 8

// ahead holds an Own sampler's draws made ahead, served in the order they
// were drawn: the same values as one at a time, since nothing else draws
// from the sampler's generator. One draw at a time is bound by its
// latency (a lognormal's math.Exp, about 40 ns here, waits on the normal
// draw before it); eight in a loop overlap (issue 12: the 1-hour API run
// 4–5% faster). n counts the draws left; the zero value has none.
type ahead struct {
	n   int
	buf [aheadN]sim.Time
}

// next serves the next draw made ahead; ok is false when none is left.
func (a *ahead) next() (t sim.Time, ok bool) {
	if a.n == 0 {
		return 0, false
	}
	a.n--
	return a.buf[aheadN-1-a.n], true
}

// peek reads the buffer's count and its far end: with the record's first
// field, the lines a draw reads.
func (a *ahead) peek() sim.Time { return sim.Time(a.n) + a.buf[aheadN-1] }

func (c *ownExp) Peek() sim.Time       { return c.ahead.peek() + sim.Time(c.rate) }
func (c *ownLogNormal) Peek() sim.Time { return c.ahead.peek() + sim.Time(c.mu) }
func (c *ownUniform) Peek() sim.Time   { return c.ahead.peek() + sim.Time(c.min) }

// refilled counts the draws just made into buf and serves the first.
func (a *ahead) refilled() sim.Time {
	a.n = aheadN - 1
	return a.buf[0]
}

// The samplers of Own, one a kind, each holding the PCG it draws from and
// its draws made ahead: the exponential (SimFaaS's case, many a scenario's
// handler time), the lognormal (the built-ins') and the uniform (a
// keep-alive). gonum draws them as rand.New(Src).ExpFloat64() / Rate,
// math.Exp(rand.New(Src).NormFloat64()·Sigma + Mu) and
// rand.New(Src).Float64()·(Max − Min) + Min; these compute the same from
// the PCG directly (ExpFloat64, NormFloat64, float64Of), without the Rand
// and its call through an interface a draw (issue 12): the same draws.
type (
	ownExp struct {
		rate float64
		pcg  rand.PCG
		ahead
	}
	ownLogNormal struct {
		mu, sigma float64
		pcg       rand.PCG
		ahead
	}
	ownUniform struct {
		min, span float64 // Min, Max − Min
		pcg       rand.PCG
		ahead
	}
)

func (c *ownExp) Sample() sim.Time {
	if t, ok := c.next(); ok {
		return t
	}
	for i := range c.buf {
		c.buf[i] = max(0, sim.FromSeconds(ExpFloat64(&c.pcg)/c.rate))
	}
	return c.refilled()
}

func (c *ownLogNormal) Sample() sim.Time {
	if t, ok := c.next(); ok {
		return t
	}
	for i := range c.buf {
		c.buf[i] = max(0, sim.FromSeconds(math.Exp(NormFloat64(&c.pcg)*c.sigma+c.mu)))
	}
	return c.refilled()
}

func (c *ownUniform) Sample() sim.Time {
	if t, ok := c.next(); ok {
		return t
	}
	for i := range c.buf {
		c.buf[i] = max(0, sim.FromSeconds(float64Of(&c.pcg)*c.span+c.min))
	}
	return c.refilled()
}

// The kinds most drawn, per request, hold their gonum struct by value, so
// its Rand is called directly and inlined rather than through the
// continuous interface (issue 12); the draws are the same.
type (
	lognormalSampler   struct{ d distuv.LogNormal }
	exponentialSampler struct{ d distuv.Exponential }
	uniformSampler     struct{ d distuv.Uniform }
)

func (c lognormalSampler) Sample() sim.Time   { return max(0, sim.FromSeconds(c.d.Rand())) }
func (c exponentialSampler) Sample() sim.Time { return max(0, sim.FromSeconds(c.d.Rand())) }
func (c uniformSampler) Sample() sim.Time     { return max(0, sim.FromSeconds(c.d.Rand())) }

// empiricalSampler resamples the observed values with replacement (a
// bootstrap): each value has probability 1/n, duplicates count with their
// multiplicity.
type empiricalSampler struct {
	values []sim.Time
	r      *rand.Rand
}

func (e *empiricalSampler) Sample() sim.Time { return e.values[e.r.IntN(len(e.values))] }

// sumSampler adds independent draws of its terms, e.g. the init phases of a
// cold start that are measured separately.
type sumSampler []Sampler

func (s sumSampler) Sample() sim.Time {
	var t sim.Time
	for _, x := range s {
		d := x.Sample()
		if d > sim.Forever-t { // saturate: a huge draw must not wrap negative
			return sim.Forever
		}
		t += d
	}
	return t
}

var (
	_ Sampler = fixedSampler(0)
	_ Sampler = contSampler{}
	_ Sampler = lognormalSampler{}
	_ Sampler = exponentialSampler{}
	_ Sampler = uniformSampler{}
	_ Peeker  = (*ownExp)(nil)
	_ Peeker  = (*ownLogNormal)(nil)
	_ Peeker  = (*ownUniform)(nil)
	_ Sampler = (*empiricalSampler)(nil)
	_ Sampler = sumSampler(nil)
)
