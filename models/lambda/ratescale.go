package lambda

import "github.com/stampede-sim/stampede/sim"

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
	base, cur float64  // admitted in the previous and the current window
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
	if now >= r.end {
		if now >= r.end+rateScalingWindow {
			r.base = 0 // a whole window with no admission
		} else {
			r.base = r.cur
		}
		r.cur = 0
		r.end = (now/rateScalingWindow + 1) * rateScalingWindow
	}
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
	return r.cur < r.base || r.tokens >= 1
}

// Admit counts an admission at the time of the last Allow, taking a token
// when it raises the rate above base. An admission Allow refused may still
// be counted (one served by a provisioned environment, which counts towards
// the rate but is never refused by it): the bucket then stays empty.
func (r *RateScaler) Admit() {
	if r.cur >= r.base {
		r.full = sim.Forever
		if r.tokens == rateScalingBurst {
			r.full = r.last + rateScalingOne
		}
		// A branch, not max: max's NaN and −0 handling is ten
		// instructions, and tokens are neither (issue 12).
		if r.tokens >= 1 {
			r.tokens--
		} else {
			r.tokens = 0
		}
	}
	r.cur++
}
