package lambda

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
)

// Request-rate half of the 2023 scaling rate (sources.md [lambda-scaling]):
// besides 1,000 environments every 10 s, a function scales by at most
// "10,000 requests per second every 10 seconds", whichever comes first; the
// 10 is the requests-per-second limit of 10 × concurrency
// (sources.md [lambda-concurrency]) applied to the 1,000 environments.
const (
	rateScalingBurst  = rpsPerConcurrency * functionScalingBurst // 10,000 requests/s of headroom
	rateScalingRate   = rpsPerConcurrency * functionScalingRate  // +1,000 requests/s per second
	rateScalingWindow = sim.Second                               // the window a rate is measured over
)

// RateScaler limits how fast a function's admitted request rate may rise.
// Time is cut into 1-second windows (aligned on whole seconds). The rate
// the function has reached is what it admitted in the previous window,
// base; in the current window the first base admissions are free, and each
// one beyond needs a token from a bucket of 10,000 (requests/s of rise)
// refilled continuously at 1,000 per second, never holding more than
// 10,000. So, from a standstill, the admitted rate may reach 10,000/s at
// once and then rise by 1,000/s each second: in window k of a step,
// admitted(k) ≤ 10,000 + 1,000·(k+1).
type RateScaler struct {
	end       sim.Time // end of the current window
	base, cur int64    // admitted in the previous and the current window
	tokens    float64
	last      sim.Time
}

// NewRateScaler returns a limiter with a full bucket and no rate reached.
func NewRateScaler() *RateScaler {
	return &RateScaler{end: rateScalingWindow, tokens: rateScalingBurst}
}

// Allow says whether an invocation at now is within the allowed rate; it
// changes nothing the caller can see. Admit must follow for an admission.
//
// At a rate near one a window (SimFaaS's 0.9/s), whether a request opens
// a new window, whether a whole window passed without one, and so whether
// the last admission took a token, are coin tosses: Allow and Admit work
// out both outcomes and select, which the compiler makes conditional
// moves, rather than branch and mispredict half the time (issue 12). The
// refill is always worked out: the fast path that skipped it for a full
// bucket was a branch of that kind.
func (r *RateScaler) Allow(now sim.Time) bool {
	base, cur, end := r.base, r.cur, r.end
	next := (now/rateScalingWindow + 1) * rateScalingWindow
	if now >= end {
		base, cur, end = cur, 0, next
	}
	if now >= r.end+rateScalingWindow {
		base = 0 // a whole window with no admission
	}
	r.base, r.cur, r.end = base, cur, end
	if now > r.last {
		r.tokens = min(rateScalingBurst, r.tokens+rateScalingRate*(now-r.last).Seconds())
		r.last = now
	}
	ok := r.tokens >= 1
	if r.cur < r.base {
		ok = true
	}
	return ok
}

// Admit counts an admission at the time of the last Allow, taking a token
// when it raises the rate above base. An admission Allow refused may still
// be counted (one served by a provisioned environment, which counts towards
// the rate but is never refused by it): the bucket then stays empty.
func (r *RateScaler) Admit() {
	// A select on the count's bits: floats have no conditional move.
	tokens := math.Float64bits(r.tokens)
	if taken := math.Float64bits(max(0, r.tokens-1)); r.cur >= r.base {
		tokens = taken
	}
	r.tokens = math.Float64frombits(tokens)
	r.cur++
}
