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
	// At a low rate an offer is about as likely as not to open a window,
	// and to come a whole window after the last: the window's roll is
	// worked out with selects, not branches a processor would mispredict
	// half the time (issue 12: Allow took 4.6% of SimFaaS's case's time
	// for 1.8% of its instructions).
	end, base, cur := r.end, r.base, r.cur
	next := (now/rateScalingWindow + 1) * rateScalingWindow
	roll, idle := now >= end, now >= end+rateScalingWindow
	if roll {
		base = cur
	}
	if idle {
		base = 0 // a whole window with no admission
	}
	if roll {
		cur, end = 0, next
	}
	r.end, r.base, r.cur = end, base, cur
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
	free, token := cur < base, r.tokens >= 1
	return free || token
}

// Admit counts an admission at the time of the last Allow, taking a token
// when it raises the rate above base. An admission Allow refused may still
// be counted (one served by a provisioned environment, which counts towards
// the rate but is never refused by it): the bucket then stays empty.
func (r *RateScaler) Admit() {
	// Whether a token is taken is, as Allow's roll, a coin toss at a low
	// rate: the bucket's new state is worked out either way and selected,
	// the tokens through their bits (a float has no select on amd64).
	full := sim.Forever
	if r.tokens == rateScalingBurst {
		full = r.last + rateScalingOne
	}
	var left float64 // a branch, not max: max's NaN and −0 handling is ten instructions, and tokens are neither
	if r.tokens >= 1 {
		left = r.tokens - 1
	}
	was, tokens, taken := r.full, math.Float64bits(r.tokens), math.Float64bits(left)
	if r.cur >= r.base {
		was, tokens = full, taken
	}
	r.full, r.tokens = was, math.Float64frombits(tokens)
	r.cur++
}
