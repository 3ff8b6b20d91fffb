// Package dist owns the distributions a scenario may name (fixed, exponential,
// uniform, lognormal, gamma, weibull, empirical, sum): their parameters, their
// validation, their closed-form moments and quantiles where they exist, and
// samplers built on gonum's distuv with an explicit random source. An
// exponential, lognormal or uniform sampler that owns its source (Own)
// draws the same numbers from it directly, with Go's ziggurat
// (ziggurat.go) or its uniform.
package dist

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
)

// Kind names a distribution family as written in a scenario (`dist = "..."`).
type Kind string

// The families of the spec, plus Sum (an extension: the sum of independent terms).
const (
	Fixed       Kind = "fixed"
	Exponential Kind = "exponential"
	Uniform     Kind = "uniform"
	LogNormal   Kind = "lognormal"
	Gamma       Kind = "gamma"
	Weibull     Kind = "weibull"
	Empirical   Kind = "empirical"
	Sum         Kind = "sum"
)

// Spec is a distribution of durations as a scenario states it. Only the fields
// of its Kind are meaningful; durations are sim.Time (nanoseconds).
type Spec struct {
	Kind Kind

	Value  sim.Time // fixed
	Mean   sim.Time // exponential; lognormal (with Stddev); gamma
	Min    sim.Time // uniform
	Max    sim.Time // uniform
	Median sim.Time // lognormal (with P99)
	P99    sim.Time // lognormal (with Median)
	Stddev sim.Time // lognormal (with Mean)
	CV     float64  // gamma: coefficient of variation
	Shape  float64  // weibull
	Scale  sim.Time // weibull

	Values []sim.Time // empirical samples (loaded from File when File is set)
	File   string     // empirical: the file the values came from, as written
	Terms  []Spec     // sum
}

// Sampler draws durations. Samplers are not safe for concurrent use.
type Sampler interface {
	Sample() sim.Time
}

// Peeker reads, without drawing, the record its next draw reads, and
// returns what it read as a number for the caller to sink: a caller that
// knows a draw is coming reads ahead so that the record's cache misses
// overlap other work (issue 12: with thousands of functions, a handler
// time's sampler was cold at every draw). The samplers of Own are
// Peekers, and so is the Poisson process of arrivals.Spec.Own.
type Peeker interface {
	Peek() sim.Time
}

// Src is the random source samplers draw from (math/rand/v2).
type Src = rand.Source
