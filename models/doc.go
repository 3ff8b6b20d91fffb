// Package models assembles a validated scenario into one simulation, runs it
// and finalizes its results: workloads and their clients (retries, async
// invocation), request outcomes and failure causes, latency distributions,
// time series, the Summary that becomes summary.json, replications with
// confidence intervals, and service-level assertions over a Summary.
//
// The AWS models themselves live in sub-packages (lambda, arrivals,
// coldstart); this package owns the request: from its first arrival to its
// final outcome. It accumulates and finalizes; it never formats.
package models
