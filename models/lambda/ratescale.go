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
	// full is when a token taken from the full bucket has been refilled
	// (TokenBucket's fast path): at a low rate every admission takes a
	// token, and the refill's division was 5% of SimFaaS's case (issue
	// 12). Forever: not known.
	full sim.Time
}

// rateScalingOne is how long the bucket takes to refill one token, as
// refillOne works it out (TestRateScalerFastPath checks it).
const rateScalingOne = sim.Second / rateScalingRate

// NewRateScaler returns a limiter with a full bucket and no rate reached.
func NewRateScaler() *RateScaler {
	return &RateScaler{end: rateScalingWindow, tokens: rateScalingBurst, full: sim.Forever}
}

// Allow says whether an invocation at now is within the allowed rate; it
// changes nothing the caller can see. Admit must follow for an admission.
func (r *RateScaler) Allow(now sim.Time) bool {
	// A new window, and a whole window with no admission, are coin tosses
	// at a rate near one a window (SimFaaS's 0.9/s): selects, which the
	// compiler makes conditional moves, rather than branches that
	// mispredict half the time (issue 12).
	base, cur, end := r.base, r.cur, r.end
	next := (now/rateScalingWindow + 1) * rateScalingWindow
	if now >= end {
		base, cur, end = cur, 0, next
	}
	if now >= r.end+rateScalingWindow {
		base = 0
	}
	r.base, r.cur, r.end = base, cur, end
	if now > r.last {
		// A full bucket stays full: skip the refill's division (issue 12:
		// at a steady rate Admit takes no token, and this ran per request).
		if now >= r.full {
			r.tokens, r.full = rateScalingBurst, sim.Forever
		} else if r.tokens < rateScalingBurst {
			r.tokens = min(rateScalingBurst, r.tokens+rateScalingRate*(now-r.last).Seconds())
			r.full = sim.Forever // refilled in two steps: worked out from here on
		}
		r.last = now
	}
	ok := r.tokens >= 1
	if r.cur < r.base { // a select too
		ok = true
	}
	return ok
}

// Admit counts an admission at the time of the last Allow, taking a token
// when it raises the rate above base. An admission Allow refused may still
// be counted (one served by a provisioned environment, which counts towards
// the rate but is never refused by it): the bucket then stays empty.
func (r *RateScaler) Admit() {
	// Whether an admission raises the rate is Allow's coin toss again:
	// selects, the token count's on its bits (floats have no conditional
	// move).
	full, tokens := r.full, math.Float64bits(r.tokens)
	refilled := r.last + rateScalingOne
	if r.tokens != rateScalingBurst {
		refilled = sim.Forever
	}
	taken := math.Float64bits(max(0, r.tokens-1))
	if r.cur >= r.base {
		full, tokens = refilled, taken
	}
	r.full, r.tokens = full, math.Float64frombits(tokens)
	r.cur++
}
