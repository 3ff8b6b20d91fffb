package models

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// RunOptions control a run without changing its results.
type RunOptions struct {
	// Progress, when set, is called with the fraction of simulated time done.
	Progress func(done float64)
	// Status, when set, is called with the same steps in more detail
	// (RunScenario only): replications finished, the simulated clock.
	Status func(Progress)
	// Stop, when closed, ends the run early; its result is marked partial.
	Stop <-chan struct{}
	// Buckets is the number of time-series buckets (0: DefaultBuckets).
	Buckets int
}

// Result is everything a run measured, finalized: one replication, or
// several combined.
type Result struct {
	// Summary is the run's summary; with replications, the first
	// replication's (its names and settings are every replication's; its
	// numbers are one replication's: read means from Estimates).
	Summary *Summary
	// Replicas holds every replication's summary, in order, when there is
	// more than one; nil for a single run.
	Replicas []*Summary
	// Estimates holds every metric's mean over the replicas and its 95%
	// confidence half-width, by key, when there is more than one
	// replication; nil for a single run.
	Estimates map[Key]Estimate
	Series    *Series          // with replications, the mean over them, bucket by bucket
	Latency   *stats.Histogram // end-to-end latency of succeeded requests, for latency.hgrm (replications merged)
	// ByFunction and ByWorkload are the same per function and per
	// workload (replications merged), for plots that tell them apart:
	// only when a run has from 2 to MaxApart of them (workloads: and a
	// function has several), else nil, so that memory stays bounded by a
	// plot's worth with thousands of functions.
	ByFunction, ByWorkload map[string]*stats.Histogram
	Events                 uint64 // events the engine delivered
}

const progressSteps = 100

// MaxApart is the most functions (or workloads) a result keeps apart for
// plots (Result.ByFunction, ByWorkload): more lines than a plot can tell
// apart.
const MaxApart = 12

// Run simulates until the workloads stop (the scenario's duration), then
// drains: requests still in flight run to their final outcome, so that
// succeeded + failed = total. Statistics stop at the duration.
func (sys *System) Run(opts RunOptions) *Result {
	s := sys.sim
	end := sys.sc.Duration
	partial := false
	for k := 1; k <= progressSteps && !partial; k++ {
		partial = !sys.runTo(end/progressSteps*sim.Time(k), opts.Stop)
		if opts.Progress != nil && !partial {
			opts.Progress(float64(k) / progressSteps)
		}
	}
	if !partial {
		partial = !sys.runTo(end, opts.Stop)
	}
	for !partial && sys.reqs.inFlight+sys.queued > 0 && s.Step() {
		if s.Processed()%stopCheck == 0 {
			partial = stopped(opts.Stop)
		}
	}
	return sys.finalize(partial)
}

// stopCheck is how many events run between looks at the stop channel: a
// few milliseconds of work, so that a stop takes effect well within a second.
const stopCheck = 1 << 16

// runTo runs to t, and reports false when stop closed first.
func (sys *System) runTo(t sim.Time, stop <-chan struct{}) bool {
	for {
		if stopped(stop) {
			return false
		}
		if sys.sim.RunFor(t, stopCheck) {
			return true
		}
	}
}

func stopped(stop <-chan struct{}) bool {
	if stop == nil {
		return false
	}
	select {
	case <-stop:
		return true
	default:
		return false
	}
}
