package models

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/models/apigw"
	"github.com/stampede-sim/stampede/models/arrivals"
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/sqs"
	"github.com/stampede-sim/stampede/sim"
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
	client   Client
	maxAge   sim.Time // async: maximum event age
	retries  int32    // async: retries after function errors
	proc     arrivals.Process
	jitter   *rand.Rand
}

// newWorkload builds a workload; gw is the account's API Gateway quotas.
// Through API Gateway, each attempt gets the integration timeout (sources.md
// [apigw-timeout]: REST rest_timeout, 29 s by default; HTTP API 30 s): the
// function runs on, the client gets a 504.
func newWorkload(cfg *Workload, index int32, fn *lambda.Function, fcfg *Function, gw *apigw.Config, streams sim.Streams) *workload {
	w := &workload{
		index:    index,
		name:     cfg.Name,
		fn:       fn,
		async:    cfg.Invocation == Async,
		deadline: sim.Forever,
		client:   cfg.Client,
		maxAge:   fcfg.AsyncMaxEventAge,
		retries:  int32(fcfg.Retries()),
		proc:     cfg.Arrivals.New(streams.Stream("workload/" + cfg.Name + "/arrivals")),
		jitter:   streams.Stream("workload/" + cfg.Name + "/client"),
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
	}
	return w
}

// syncBackoff is the client's wait before retry number n (1-based): full
// jitter, uniform in [0, min(cap, base·2^(n−1))].
func (w *workload) syncBackoff(n int32) sim.Time {
	return sim.Time(w.jitter.Float64() * float64(expBackoff(w.client.BackoffBase, w.client.BackoffCap, n-1)))
}

// asyncThrottleBackoff is Lambda's wait after the k-th throttle (0-based) of
// an async event: uniform in [d/2, d] with d = min(5 min, 1 s·2^k). AWS
// documents the range, not the jitter; half jitter keeps the documented
// growth while desynchronising retries.
func (w *workload) asyncThrottleBackoff(k int32) sim.Time {
	d := float64(expBackoff(asyncBackoffBase, asyncBackoffCap, k))
	return sim.Time(d/2 + w.jitter.Float64()*d/2)
}

func expBackoff(base, limit sim.Time, k int32) sim.Time {
	if k > 40 {
		return limit
	}
	d := base << k
	if d > limit || d <= 0 {
		return limit
	}
	return d
}
