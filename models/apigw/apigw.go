// Package apigw models Amazon API Gateway's quotas in front of Lambda: the
// account-level throttle per Region, shared by every API of the account, an
// optional per-route (or per-stage) throttle, and the integration timeouts.
//
// Sources (docs/sources.md): [apigw-throttle] for the throttle (10,000
// requests/s steady state with a burst of 5,000, a token bucket; excess
// requests get HTTP 429), [apigw-timeout] for the timeouts (REST 29 s by
// default, raisable up to 300 s for Regional and private REST APIs; HTTP
// API 30 s at most).
package apigw

import (
	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/sim"
)

// HTTPTimeout is an HTTP API's integration timeout: 30 s, its documented
// maximum, which cannot be raised ([apigw-timeout]).
const HTTPTimeout = 30 * sim.Second

// Config is the scenario's [api_gateway] table: the account's quotas. The
// zero value is AWS's default once Defaults has filled it in.
type Config struct {
	ThrottleRate  int      // account-level steady rate, requests/s, shared by all APIs
	ThrottleBurst int      // account-level burst: the token bucket's capacity
	RESTTimeout   sim.Time // a REST API's integration timeout
}

// Fields declares Config's parameters.
var Fields = []param.Field[Config]{
	{Key: "throttle_rate", Default: 10000, Lo: 1, Hi: 10_000_000, Unit: "requests/s",
		Doc: "account-level throttle per Region, shared by every workload via API Gateway: steady rate (token-bucket refill); excess requests get a 429 (`api_gateway_throttled`)",
		Ptr: func(c *Config) any { return &c.ThrottleRate }},
	{Key: "throttle_burst", Default: 5000, Lo: 1, Hi: 10_000_000, Unit: "requests",
		Doc: "account-level throttle's burst: the token bucket's capacity (full at the start)",
		Ptr: func(c *Config) any { return &c.ThrottleBurst }},
	{Key: "rest_timeout", Default: 29 * sim.Second, Lo: 50 * sim.Millisecond, Hi: 300 * sim.Second,
		Doc: "REST API integration timeout (29 s by default; raisable by quota request for Regional and private REST APIs; an HTTP API's is 30 s)",
		Ptr: func(c *Config) any { return &c.RESTTimeout }},
}

// Defaults fills every unset field with AWS's default.
func (c *Config) Defaults() { param.Fill(Fields, c) }

// Validate checks a config that Defaults has filled in.
func (c *Config) Validate() error { return param.Check(Fields, c).Err() }

// Bucket is a token bucket: it holds at most Burst tokens, refills
// continuously at Rate tokens per second, starts full, and an admitted
// request takes one token.
type Bucket struct {
	rate   float64 // tokens per nanosecond
	burst  float64
	tokens float64
	last   sim.Time
}

// NewBucket returns a full bucket refilled at rate per second with capacity
// burst.
func NewBucket(rate float64, burst int) *Bucket {
	return &Bucket{rate: rate / float64(sim.Second), burst: float64(burst), tokens: float64(burst)}
}

// ready refills the bucket to now and says whether it holds a token.
func (b *Bucket) ready(now sim.Time) bool {
	if now > b.last {
		b.tokens = min(b.burst, b.tokens+float64(now-b.last)*b.rate)
		b.last = now
	}
	return b.tokens >= 1
}

// Empty says whether the bucket holds no token at now: after Admit
// refused a request, which of its buckets did.
func (b *Bucket) Empty(now sim.Time) bool { return !b.ready(now) }

// Admit says whether a request arriving at now passes both buckets (route,
// which may be nil, then account), and if so takes a token from each. A
// request refused by either takes no token from the other.
func Admit(now sim.Time, route, account *Bucket) bool {
	if route != nil && !route.ready(now) {
		return false
	}
	if !account.ready(now) {
		return false
	}
	if route != nil {
		route.tokens--
	}
	account.tokens--
	return true
}
