// Package stats owns the accumulators of a run whose memory does not grow
// with the number of requests: HDR latency histograms, small log-bucketed
// histograms for windowed percentiles, time-weighted gauges and per-bucket
// counters over a fixed time-bucket layout. It accumulates and reports
// numbers; it never formats.
package stats
