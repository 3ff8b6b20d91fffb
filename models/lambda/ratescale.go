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
	// rateScalingToken is a token in the bucket's unit, the token a
	// nanosecond's refill adds: at 1,000 tokens a second, a millionth.
	rateScalingToken = int64(sim.Second / rateScalingRate)
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
//
// The bucket counts millionths of a token, as an integer: a nanosecond
// refills one, so the refill is an addition and exact (issue 12: in float
// tokens it was a conversion, a division and a multiplication, with a
// fast path for a full bucket to skip them, and the limiter took 7% of
// SimFaaS's case's time for 3.5% of its instructions).
// Every step is a select, not a branch: at a low rate an offer is about as
// likely as not to open a window, to come a whole window after the last
// and to take a token, branches a processor would mispredict half the
// time.
type RateScaler struct {
	end       sim.Time // end of the current window
	base, cur int64    // admitted in the previous and the current window
	tokens    int64    // in rateScalingToken a token, up to last
	last      sim.Time
}

// NewRateScaler returns a limiter with a full bucket and no rate reached.
func NewRateScaler() *RateScaler {
	return &RateScaler{end: rateScalingWindow, tokens: rateScalingBurst * rateScalingToken}
}

// Allow says whether an invocation at now is within the allowed rate; it
// changes nothing the caller can see. Admit must follow for an admission.
// Times must not decrease.
func (r *RateScaler) Allow(now sim.Time) bool {
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
	r.tokens = min(rateScalingBurst*rateScalingToken, r.tokens+int64(now-r.last))
	r.last = now
	free, token := cur < base, r.tokens >= rateScalingToken
	return free || token
}

// Admit counts an admission at the time of the last Allow, taking a token
// when it raises the rate above base. An admission Allow refused may still
// be counted (one served by a provisioned environment, which counts towards
// the rate but is never refused by it): the bucket then stays empty.
func (r *RateScaler) Admit() {
	// Both outcomes, then a select (the type's note).
	left := max(r.tokens-rateScalingToken, 0)
	if r.cur < r.base {
		left = r.tokens
	}
	r.tokens = left
	r.cur++
}
