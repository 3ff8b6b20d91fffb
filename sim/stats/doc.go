// Package stats owns the accumulators of a run, all with memory independent
// of the run's length: latency histograms that keep their first values
// exactly and then bin them log-linearly (Histogram), small fixed
// histograms for per-bucket percentiles (LogHistogram, one reused bucket
// after bucket by BucketQuantiles), time-weighted levels (Gauge, and
// Levels for several on one clock), and per-bucket event counts (Counter)
// over a fixed time-bucket layout (Buckets).
//
// The package only accumulates and reports numbers; formatting belongs to
// the callers. It has no package-level mutable state. Recording allocates
// only while a histogram grows to its working size (its exact values, then
// the octaves its values reach); the other accumulators never allocate.
package stats
