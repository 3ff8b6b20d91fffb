// Package arrivals owns the arrival processes of workloads: poisson, constant,
// profile (step or linear, optionally repeating; a non-homogeneous Poisson
// process sampled by thinning), sinusoid, mmpp, burst, and trace (replayed
// from a file, streamed).
package arrivals

import "github.com/stampede-sim/stampede/sim"

// ProcessKind names an arrival process as written in a scenario.
type ProcessKind string

// Arrival processes of the spec.
const (
	Poisson  ProcessKind = "poisson"
	Constant ProcessKind = "constant"
	Profile  ProcessKind = "profile"
	Sinusoid ProcessKind = "sinusoid"
	MMPP     ProcessKind = "mmpp"
	Burst    ProcessKind = "burst"
)

// Point is one point of a rate profile: from At on, the rate is Rate per second
// (step) or moves linearly towards the next point's rate (linear).
type Point struct {
	At   sim.Time
	Rate float64
}

// State is one state of an MMPP: Poisson arrivals at Rate per second for an
// exponentially distributed dwell with mean MeanDwell.
type State struct {
	Rate      float64
	MeanDwell sim.Time
}

// Spec is an arrival process as a scenario states it. Only the fields of its
// Process are meaningful.
type Spec struct {
	Process ProcessKind

	Rate float64 // poisson, constant: per second

	Points []Point  // profile, sorted by At, first At = 0
	Shape  string   // profile: "step" or "linear"
	Repeat sim.Time // profile: period after which the profile restarts; 0 = no repeat

	Mean      float64  // sinusoid: mean rate per second
	Amplitude float64  // sinusoid: amplitude, per second (<= Mean)
	Period    sim.Time // sinusoid
	Phase     sim.Time // sinusoid: time shift; rate(t) = Mean + Amplitude*sin(2π(t+Phase)/Period)

	States []State // mmpp

	Count int      // burst: number of requests
	At    sim.Time // burst: start
	Over  sim.Time // burst: window the requests are spread evenly over (0 = all at At)

	Trace TraceSpec // trace
}
