// Package stats owns the accumulators of a run, all with memory independent
// of the run's length: HDR latency histograms (Histogram), small
// log-bucketed histograms for per-bucket percentiles (LogHistogram),
// time-weighted levels (Gauge), and per-bucket event counts (Counter) over a
// fixed time-bucket layout (Buckets).
//
// The package only accumulates and reports numbers; formatting belongs to
// the callers. It has no package-level mutable state, and recording into any
// accumulator allocates nothing.
package stats
