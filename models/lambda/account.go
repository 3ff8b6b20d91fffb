package lambda

import "github.com/stampede-sim/stampede/sim"

// Pool is a concurrency pool: a function's reserved concurrency or the
// account's unreserved concurrency.
type Pool struct {
	Cap   int // units that may be in use at once
	InUse int // units serving requests, plus claimed provisioned concurrency
}

func (p *Pool) tryTake() bool {
	if p.InUse >= p.Cap {
		return false
	}
	p.InUse++
	return true
}

func (p *Pool) give() { p.InUse-- }

// TokenBucket is a continuously refilled bucket: Cap tokens at most, Rate
// tokens per second. Unused refill beyond Cap is lost.
type TokenBucket struct {
	Cap    float64
	Rate   float64 // tokens per second
	tokens float64
	last   sim.Time
}

// NewTokenBucket returns a full bucket.
func NewTokenBucket(capacity, perSecond float64) *TokenBucket {
	return &TokenBucket{Cap: capacity, Rate: perSecond, tokens: capacity}
}

// Take removes one token at now if there is one.
func (b *TokenBucket) Take(now sim.Time) bool {
	if now > b.last {
		b.tokens = min(b.Cap, b.tokens+b.Rate*(now-b.last).Seconds())
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Scaling-rate constants (sources.md [lambda-scaling] and
// [lambda-scaling-legacy]): since 2023-11-27 each function adds up to 1,000
// environments every 10 s, refilled continuously; before, an account-wide
// burst that depends on the region, then +500 per minute.
const (
	functionScalingBurst = 1000
	functionScalingRate  = 100 // per second
	legacyScalingRate    = 500.0 / 60
	rpsPerConcurrency    = 10 // sources.md [lambda-concurrency]: 10 × the concurrency quota
)

// LegacyBurst is the account-wide initial burst of the legacy scaling model
// for a region (sources.md [lambda-scaling-legacy], awsdocs invocation-scaling.md, 2023).
func LegacyBurst(region string) int {
	switch region {
	case "us-west-2", "us-east-1", "eu-west-1":
		return 3000
	case "ap-northeast-1", "eu-central-1", "us-east-2":
		return 1000
	}
	return 500
}

// Account holds the region-wide limits shared by all functions.
type Account struct {
	Limit      int
	Unreserved *Pool
	Scaling    Scaling
	legacy     *TokenBucket // account-wide scaling bucket (legacy model only)
	rps        *TokenBucket

	// UnreservedMinimum is the part of the unreserved pool that provisioned
	// concurrency of functions without a reservation may not take (0: none;
	// models.Build sets the account's unreserved_minimum). Schedules and
	// target tracking are capped by it (provisioning.cap).
	UnreservedMinimum int
	pcShared          int // Σ provisioned levels of the functions in the unreserved pool
}

// NewAccount returns an account with the given concurrency limit, of which
// reservedTotal is reserved by functions.
func NewAccount(limit, reservedTotal int, scaling Scaling, region string) *Account {
	a := &Account{
		Limit:      limit,
		Unreserved: &Pool{Cap: limit - reservedTotal},
		Scaling:    scaling,
		rps:        NewTokenBucket(float64(rpsPerConcurrency*limit), float64(rpsPerConcurrency*limit)),
	}
	if scaling == ScalingLegacy {
		a.legacy = NewTokenBucket(float64(LegacyBurst(region)), legacyScalingRate)
	}
	return a
}
