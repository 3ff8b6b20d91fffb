package dist

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede/sim"
)

// z99 is the standard normal 0.99 quantile: a lognormal with median m and
// 99th percentile p has μ = ln m and σ = ln(p/m)/z99.
const z99 = 2.3263478740408408

// continuous is a distuv distribution measured in seconds.
type continuous interface {
	Rand() float64
	Quantile(p float64) float64
	Mean() float64
}

// Lognormal parameters. By median and p99: μ = ln(median), σ = ln(p99/median)/z₀.₉₉.
// By mean m and standard deviation s: σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
func (s Spec) lognormal() (mu, sigma float64) {
	if s.Median > 0 {
		mu = math.Log(s.Median.Seconds())
		return mu, math.Log(float64(s.P99)/float64(s.Median)) / z99
	}
	m, sd := s.Mean.Seconds(), s.Stddev.Seconds()
	s2 := math.Log(1 + sd*sd/(m*m))
	return math.Log(m) - s2/2, math.Sqrt(s2)
}

// continuousOf returns the gonum distribution of a parametric kind, with
// src as its explicit source (nil for closed-form use only).
func (s Spec) continuousOf(src rand.Source) continuous {
	switch s.Kind {
	case Exponential:
		return distuv.Exponential{Rate: 1 / s.Mean.Seconds(), Src: src}
	case Uniform:
		return distuv.Uniform{Min: s.Min.Seconds(), Max: s.Max.Seconds(), Src: src}
	case LogNormal:
		mu, sigma := s.lognormal()
		return distuv.LogNormal{Mu: mu, Sigma: sigma, Src: src}
	case Gamma:
		// Mean m and coefficient of variation c: shape α = 1/c², rate β = α/m.
		alpha := 1 / (s.CV * s.CV)
		return distuv.Gamma{Alpha: alpha, Beta: alpha / s.Mean.Seconds(), Src: src}
	case Weibull:
		return distuv.Weibull{K: s.Shape, Lambda: s.Scale.Seconds(), Src: src}
	}
	return nil
}

// New returns a sampler of s drawing from src. s must be valid.
func (s Spec) New(src Src) Sampler {
	switch s.Kind {
	case Fixed:
		return fixedSampler(s.Value)
	case Empirical:
		return &empiricalSampler{values: s.Values, r: rand.New(src)}
	case Sum:
		terms := make([]Sampler, len(s.Terms))
		for i, t := range s.Terms {
			terms[i] = t.New(src)
		}
		return sumSampler(terms)
	}
	return contSampler{d: s.continuousOf(src)}
}

type fixedSampler sim.Time

func (f fixedSampler) Sample() sim.Time { return sim.Time(f) }

// contSampler draws seconds from a gonum distribution.
type contSampler struct{ d continuous }

func (c contSampler) Sample() sim.Time { return max(0, sim.FromSeconds(c.d.Rand())) }

// empiricalSampler draws one of the observed values uniformly (a bootstrap).
type empiricalSampler struct {
	values []sim.Time
	r      *rand.Rand
}

func (e *empiricalSampler) Sample() sim.Time { return e.values[e.r.IntN(len(e.values))] }

type sumSampler []Sampler

func (s sumSampler) Sample() sim.Time {
	var t sim.Time
	for _, x := range s {
		t += x.Sample()
	}
	return t
}

var (
	_ Sampler = fixedSampler(0)
	_ Sampler = contSampler{}
	_ Sampler = (*empiricalSampler)(nil)
	_ Sampler = sumSampler(nil)
)
