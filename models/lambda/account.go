package lambda

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
)

// Pool is a concurrency pool: a function's reserved concurrency or the
// account's unreserved concurrency.
type Pool struct {
	Cap   int // units that may be in use at once
	InUse int // units serving requests, plus claimed provisioned concurrency
	Peak  int // the most InUse has been, over the run
}

func (p *Pool) tryTake() bool {
	if p.InUse >= p.Cap {
		return false
	}
	p.add(1)
	return true
}

func (p *Pool) add(n int) {
	p.InUse += n
	p.Peak = max(p.Peak, p.InUse)
}

func (p *Pool) give() { p.InUse-- }

// TokenBucket is a continuously refilled bucket: Cap tokens at most, Rate
// tokens per second. Unused refill beyond Cap is lost. Cap and Rate change
// only through resize.
type TokenBucket struct {
	Cap    float64
	Rate   float64 // tokens per second
	tokens float64
	last   sim.Time
	// A bucket taken from when full is full again oneToken later: from
	// full on, Take knows the refill's result without working it out
	// (issue 12: at 1,000 requests/s the account's bucket is always full,
	// and the refill's division was 4% of a run). Forever: not known.
	// While full is set the bucket holds Cap − 1 tokens as of last: only
	// a take from the full bucket sets it, and a refill short of full
	// forgets it.
	full, oneToken sim.Time
}

// NewTokenBucket returns a full bucket.
func NewTokenBucket(capacity, perSecond float64) *TokenBucket {
	b := &TokenBucket{tokens: capacity}
	b.resize(capacity, perSecond)
	return b
}

// resize sets Cap and Rate, and works out oneToken: the least d for which
// (Cap − 1) + Rate·d ≥ Cap as the refill computes it. Floating-point
// addition and multiplication are monotone, so any longer wait refills it
// too; where no d up to a second past the exact one does, oneToken stays
// Forever and the refill is always worked out.
func (b *TokenBucket) resize(capacity, perSecond float64) {
	b.Cap, b.Rate, b.full = capacity, perSecond, sim.Forever
	b.oneToken = refillOne(capacity, perSecond)
}

// refillOne is the least d for which (capacity − 1) + perSecond·d ≥
// capacity as a refill computes it, or Forever where no d up to a second
// past the exact one does.
func refillOne(capacity, perSecond float64) sim.Time {
	if perSecond <= 0 || capacity < 1 || 1/perSecond > 1e6 {
		return sim.Forever
	}
	d := sim.Time(math.Ceil(float64(sim.Second) / perSecond))
	for end := d + sim.Second; d < end; d++ {
		if capacity-1+perSecond*d.Seconds() >= capacity {
			return d
		}
	}
	return sim.Forever
}

// refill adds the tokens of [last, now).
func (b *TokenBucket) refill(now sim.Time) {
	if now >= b.full {
		b.tokens, b.last, b.full = b.Cap, now, sim.Forever
	} else if now > b.last {
		b.tokens = min(b.Cap, b.tokens+b.Rate*(now-b.last).Seconds())
		b.last, b.full = now, sim.Forever
	}
}

// Take removes one token at now if there is one. A bucket full again by
// now (full, the common case below its rate) is left one short of full,
// refilled oneToken later, as take leaves it: it already holds Cap − 1
// tokens (full's note), so only its times change, and Take inlines
// (issue 12: the account's bucket is taken from per request, and at any
// rate below its own it is full again each time).
func (b *TokenBucket) Take(now sim.Time) bool {
	if now >= b.full {
		b.last, b.full = now, now+b.oneToken
		return true
	}
	return b.take(now)
}

// take is Take's general case.
func (b *TokenBucket) take(now sim.Time) bool {
	b.refill(now)
	if b.tokens < 1 {
		return false
	}
	b.full = sim.Forever
	if b.tokens == b.Cap && b.oneToken != sim.Forever {
		b.full = now + b.oneToken
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
