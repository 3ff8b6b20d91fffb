package models

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/models/apigw"
	"github.com/stampede-sim/stampede/models/arrivals"
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/sqs"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
	"github.com/stampede-sim/stampede/sim/stats"
)

// Async retry policy of Lambda's internal queue (sources.md
// [lambda-async]): throttles back off exponentially from 1 s to 5 min; function
// errors are retried after 1 min, then 2 min.
const (
	asyncBackoffBase  = sim.Second
	asyncBackoffCap   = 5 * sim.Minute
	asyncErrorBackoff = sim.Minute
)

// workload is one arrival stream and its client.
type workload struct {
	index    int32
	name     string
	fn       *lambda.Function // the target, or the queue's consumer
	queue    *sqs.Queue       // the target queue, or nil
	async    bool
	deadline sim.Time      // response deadline after each attempt; sim.Forever: none
	gateway  Gateway       // the API Gateway in front, if any
	route    *apigw.Bucket // the route's own API Gateway throttle, or nil
	// With a route throttle: attempts through it per bucket, and when it
	// refused them (bottleneck.go).
	routeAttempts  *stats.Counter
	routeThrottled stats.Span
	client         Client
	tokens         int32    // sync: the client's retry quota left (sdkRetryCost)
	quota          int32    // sync: the quota when full (*client.RetryQuota, read once)
	maxAge         sim.Time // async: maximum event age
	retries        int32    // async: retries after function errors
	proc           arrivals.Process
	procPeek       dist.Peeker // proc's read-ahead (System.Prefetch), nil where it has none
	jitter         *rand.Rand
	// With a trace's durations: where they come from, and the next
	// arrival's (scheduleArrival reads it with the arrival's time).
	durs    interface{ Duration() sim.Time }
	nextDur sim.Time
}

// newWorkload builds a workload; gw is the account's API Gateway quotas.
// Through API Gateway, each attempt gets the integration timeout (sources.md
// [apigw-timeout]: REST rest_timeout, 29 s by default; HTTP API 30 s): the
// function runs on, the client gets a 504.
func newWorkload(cfg *Workload, index int32, fn *lambda.Function, fcfg *Function, gw *apigw.Config, streams sim.Streams, buckets *stats.Buckets) *workload {
	w := &workload{
		index:    index,
		name:     cfg.Name,
		fn:       fn,
		async:    cfg.Invocation == Async,
		deadline: sim.Forever,
		client:   cfg.Client,
		quota:    int32(*cfg.Client.RetryQuota),
		maxAge:   fcfg.AsyncMaxEventAge,
		retries:  int32(fcfg.Retries()),
		proc:     cfg.Arrivals.Own(streams.Source("workload/" + cfg.Name + "/arrivals")),
		jitter:   streams.Stream("workload/" + cfg.Name + "/client"),
	}
	w.tokens = w.quota // the quota starts full
	w.procPeek, _ = w.proc.(dist.Peeker)
	if cfg.Arrivals.Process == arrivals.Trace && cfg.Arrivals.Trace.Durations {
		w.durs, _ = w.proc.(interface{ Duration() sim.Time })
	}
	w.gateway = cfg.Via
	switch cfg.Via {
	case GatewayREST:
		w.deadline = gw.RESTTimeout
	case GatewayHTTP:
		w.deadline = apigw.HTTPTimeout
	}
	if cfg.Via != Direct && cfg.RateLimit != nil {
		w.route = apigw.NewBucket(float64(*cfg.RateLimit), *cfg.BurstLimit)
		w.routeAttempts = stats.NewCounter(buckets)
	}
	return w
}

// The standard retry mode's retry quota (sources.md [sdk-retry]): a retry
// takes 5 tokens after a throttling error and 14 after any other retryable
// error; an attempt that succeeds gives back what its retry took, or
// sdkNoRetryIncrement if it was the first attempt; the bucket never holds
// more than its initial tokens.
const (
	sdkRetryCost         = 14
	sdkThrottleRetryCost = 5
	sdkNoRetryIncrement  = 1
)

// retryable says how the client's SDK classifies an attempt that failed
// with cause: whether it retries it, and whether it is a throttling error.
// Lambda's own 429 and API Gateway's are throttles. Through API Gateway
// every other failure is a 5xx, which the SDK retries as a transient error:
// a Lambda throttle becomes a 500, a function error or function timeout a
// 502, the integration timeout a 504 (sources.md [apigw-lambda-errors]).
// A direct invocation that ran and failed (function error, timeout,
// database failure) is an HTTP 200 with X-Amz-Function-Error, which is not
// an error to the SDK (sources.md [lambda-invoke-api]).
func (w *workload) retryable(cause Cause) (retry, throttle bool) {
	switch {
	case cause == CauseAPIGatewayThrottled:
		return true, true
	case w.gateway != Direct:
		return true, false
	case cause == CauseThrottled:
		return true, true
	}
	return false, false
}

// syncRetry applies the client's retry policy to r's failed attempt n =
// r.attempts: it returns the wait before retry n, or ok = false when the
// failure is final. refused is set when only the retry quota stopped the
// retry. The retry's tokens are taken from the quota and remembered in r.
func (w *workload) syncRetry(r *request, cause Cause) (wait sim.Time, ok, refused bool) {
	retry, throttle := w.retryable(cause)
	if !retry || r.attempts > int32(*w.client.Retries) {
		return 0, false, false
	}
	base, cost := w.client.BackoffBase, int32(sdkRetryCost)
	if throttle {
		base, cost = w.client.ThrottleBackoffBase, sdkThrottleRetryCost
	}
	if w.tokens < cost {
		return 0, false, true
	}
	w.tokens -= cost
	r.cost = cost
	return w.syncBackoff(base, r.attempts), true, false
}

// syncSucceeded gives the quota back the tokens of r's successful attempt.
func (w *workload) syncSucceeded(r *request) {
	give := int32(sdkNoRetryIncrement)
	if r.attempts > 1 {
		give = r.cost
	}
	w.tokens = min(w.tokens+give, w.quota)
}

// syncBackoff is the client's wait before retry number n (1-based): full
// jitter, uniform in [0, min(cap, base·2^(n−1))].
func (w *workload) syncBackoff(base sim.Time, n int32) sim.Time {
	return sim.Time(w.jitter.Float64() * float64(sim.Backoff(base, w.client.BackoffCap, n-1)))
}

// asyncThrottleBackoff is Lambda's wait after the k-th throttle (0-based) of
// an async event: uniform in [d/2, d] with d = min(5 min, 1 s·2^k). AWS
// documents the range, not the jitter; half jitter keeps the documented
// growth while desynchronising retries.
func (w *workload) asyncThrottleBackoff(k int32) sim.Time {
	d := float64(sim.Backoff(asyncBackoffBase, asyncBackoffCap, k))
	return sim.Time(d/2 + w.jitter.Float64()*d/2)
}
