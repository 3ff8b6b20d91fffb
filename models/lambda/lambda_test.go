package lambda

import (
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// The token bucket: a full burst, then continuous refill, never above capacity.
func TestTokenBucket(t *testing.T) {
	b := NewTokenBucket(1000, 100)
	took := 0
	for b.Take(0) {
		took++
	}
	if took != 1000 {
		t.Fatalf("burst of %d, want 1000", took)
	}
	for _, tc := range []struct {
		at   sim.Time
		want int
	}{
		{sim.Second / 2, 50},     // half a second refills 50
		{sim.Second, 50},         // the next half second, 50 more
		{100 * sim.Second, 1000}, // a long pause refills to capacity, no more
	} {
		n := 0
		for b.Take(tc.at) {
			n++
		}
		if n != tc.want {
			t.Errorf("at %v took %d, want %d", tc.at, n, tc.want)
		}
	}
}

// refBucket is TokenBucket as it was before its fast path: every refill
// worked out.
type refBucket struct {
	cap, rate, tokens float64
	last              sim.Time
}

func (b *refBucket) take(now sim.Time) bool {
	if now > b.last {
		b.tokens = min(b.cap, b.tokens+b.rate*(now-b.last).Seconds())
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// The full-bucket fast path changes nothing: through random takes, the
// bucket holds exactly the tokens the plain refill gives, for buckets that
// refill within a take's gap, slower than it, with a fractional capacity,
// and of one token.
func TestTokenBucketFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		cap, rate float64
		gap       sim.Time // takes come 0 to 2·gap apart
	}{
		{10000, 10000, sim.Millisecond},  // the account's: full between takes
		{1000, 100, 5 * sim.Millisecond}, // the scaling bucket: drains, refills
		{2.5, 0.3, sim.Second},           // fractional capacity and rate
		{1, 1e9, sim.Nanosecond},         // a token a nanosecond
		{7, 3, 0},                        // bursts at one instant
	} {
		b, ref := NewTokenBucket(tc.cap, tc.rate), &refBucket{cap: tc.cap, rate: tc.rate, tokens: tc.cap}
		now := sim.Time(0)
		for i := range 100_000 {
			if tc.gap > 0 {
				now += sim.Time(r.Int64N(int64(2 * tc.gap)))
			}
			if got, want := b.Take(now), ref.take(now); got != want || b.tokens != ref.tokens {
				t.Fatalf("cap %v rate %v, take %d at %v: %v with %v tokens, want %v with %v",
					tc.cap, tc.rate, i, now, got, b.tokens, want, ref.tokens)
			}
		}
	}
}

// refScaler is RateScaler in exact rational arithmetic, with the
// windows' roll and the token's take as branches.
type refScaler struct {
	end       sim.Time
	base, cur int64
	tokens    *big.Rat
	last      sim.Time
}

func (r *refScaler) allow(now sim.Time) bool {
	if now >= r.end {
		if now >= r.end+rateScalingWindow {
			r.base = 0
		} else {
			r.base = r.cur
		}
		r.cur = 0
		r.end = (now/rateScalingWindow + 1) * rateScalingWindow
	}
	if now > r.last {
		// tokens + 1,000 a second × the time since last, at most 10,000.
		r.tokens.Add(r.tokens, big.NewRat(rateScalingRate*int64(now-r.last), int64(sim.Second)))
		if r.tokens.Cmp(big.NewRat(rateScalingBurst, 1)) > 0 {
			r.tokens.SetInt64(rateScalingBurst)
		}
		r.last = now
	}
	return r.cur < r.base || r.tokens.Cmp(big.NewRat(1, 1)) >= 0
}

func (r *refScaler) admit() {
	if r.cur >= r.base {
		r.tokens.Sub(r.tokens, big.NewRat(1, 1))
		if r.tokens.Sign() < 0 {
			r.tokens.SetInt64(0)
		}
	}
	r.cur++
}

// The rate scaler is exact: through random offers, some admitted and some
// not (refused, or taken elsewhere), it allows exactly what a reference in
// rational arithmetic allows and holds exactly its tokens, in millionths.
func TestRateScalerExact(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		gap     sim.Time // offers come 0 to 2·gap apart
		admit   float64  // the chance an allowed offer is admitted
		quantum sim.Time // if set, offers come 0 to 3 quanta apart instead
	}{
		{sim.Second, 1, 0},              // SimFaaS's 0.9/s: a token a request, refilled between
		{0, 1, sim.Second / 2},          // on window boundaries, and whole windows apart
		{sim.Millisecond, 1, 0},         // about the refill's own pace
		{20 * sim.Microsecond, 1, 0},    // 50,000/s: drains the bucket
		{300 * sim.Microsecond, 0.5, 0}, // allowed offers often not admitted
		{2 * sim.Second, 0.9, 0},        // idle windows between offers
		{0, 0.5, 0},                     // a thousand offers an instant, a millisecond apart
		{777, 1, 0},                     // 0–1.5 µs apart: refills of a few hundred millionths
	} {
		got := NewRateScaler()
		want := &refScaler{end: rateScalingWindow, tokens: big.NewRat(rateScalingBurst, 1)}
		now := sim.Time(0)
		for i := range 20_000 {
			switch {
			case tc.quantum > 0:
				now += tc.quantum * sim.Time(r.IntN(4))
			case tc.gap > 0:
				now += sim.Time(r.Int64N(int64(2 * tc.gap)))
			case i%1000 == 0:
				now += sim.Millisecond
			}
			a, b := got.Allow(now), want.allow(now)
			tokens := big.NewRat(got.tokens, rateScalingToken)
			if a != b || tokens.Cmp(want.tokens) != 0 || got.base != want.base || got.cur != want.cur {
				t.Fatalf("gap %v, offer %d at %v: allowed %v with %v tokens (base %v, cur %v), want %v with %v (%v, %v)",
					tc.gap, i, now, a, tokens.FloatString(6), got.base, got.cur, b, want.tokens.FloatString(6), want.base, want.cur)
			}
			if (a || r.IntN(20) == 0) && r.Float64() < tc.admit {
				got.Admit()
				want.admit()
			}
		}
	}
}

// The reclaim queue always yields the earliest deadline, through random
// pushes and removals, checked against a sorted reference.
func TestReclaimQueue(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	envs := make([]env, 200)
	for i := range envs {
		envs[i].hpos = -1
	}
	q := reclaimQueue{}
	in := map[int32]bool{}
	for step := range 20000 {
		e := int32(r.IntN(len(envs)))
		if in[e] {
			q.remove(envs, e)
			delete(in, e)
		} else {
			envs[e].reclaimAt = sim.Time(r.IntN(1000))
			q.push(envs, e)
			in[e] = true
		}
		var ref []sim.Time
		for k := range in {
			ref = append(ref, envs[k].reclaimAt)
		}
		slices.Sort(ref)
		if m := q.min(); (m < 0) != (len(ref) == 0) || (m >= 0 && envs[m].reclaimAt != ref[0]) {
			t.Fatalf("step %d: min %d, reference %v", step, m, ref[:min(3, len(ref))])
		}
		for k := range in {
			if q.heap[envs[k].hpos] != k {
				t.Fatalf("step %d: env %d's slot is stale", step, k)
			}
		}
	}
}

// The idle list pops the most recently freed environment.
func TestIdleListLIFO(t *testing.T) {
	envs := make([]env, 4)
	l := newIdleList()
	for i := range int32(4) {
		l.pushFront(envs, i)
	}
	l.remove(envs, 2)
	for _, want := range []int32{3, 1, 0, -1} {
		if got := l.popFront(envs); got != want {
			t.Fatalf("popped %d, want %d", got, want)
		}
	}
}

// The request-rate scaling limit under a step to 50,000 requests/s offered
// evenly: 10,000/s at once, then +1,000/s each second, so that second k
// admits the allowance at its end, 10,000 + 1,000·(k+1) (less the token in
// flight), until the allowance meets the demand at 40 s; after an idle
// second it starts over.
func TestRateScaler(t *testing.T) {
	r := NewRateScaler()
	const demand = 50000
	step := sim.Second / demand
	offer := func(from, to sim.Time) []int {
		var per []int
		for now := from; now < to; now += step {
			k := int((now - from) / sim.Second)
			for len(per) <= k {
				per = append(per, 0)
			}
			if r.Allow(now) {
				r.Admit()
				per[k]++
			}
		}
		return per
	}
	per := offer(0, 60*sim.Second)
	for k, n := range per {
		allowance := 10000 + 1000*(k+1)
		want := min(allowance-1, demand)
		if n != want {
			t.Errorf("second %d: admitted %d, want %d (allowance %d)", k, n, want, allowance)
		}
	}
	if per[40] != demand || per[59] != demand {
		t.Errorf("admitted %d at 40 s and %d at 59 s, want the demand %d", per[40], per[59], demand)
	}
	// At 50,000/s for 20 s the bucket is full again: a step to 100,000/s
	// gets 10,000 more at once.
	step = sim.Second / 2 / demand
	per = offer(60*sim.Second, 61*sim.Second)
	if per[0] < 60000 || per[0] > 61000 {
		t.Errorf("step from 50,000 to 100,000/s: admitted %d in the first second, want 60,000 + up to 1,000", per[0])
	}
	// A second with no admission forgets the rate reached.
	step = sim.Second / demand
	per = offer(62*sim.Second, 63*sim.Second)
	if per[0] > 11000 {
		t.Errorf("after an idle second admitted %d, want ≤ 11,000", per[0])
	}
	// Admissions counted without Allow's consent (provisioned environments)
	// leave the bucket empty, not negative.
	r = NewRateScaler()
	for range 20000 {
		r.Allow(0)
		r.Admit()
	}
	if r.Allow(sim.Second / 1000); r.tokens != rateScalingToken {
		t.Errorf("tokens %v millionths after 1 ms, want one token", r.tokens)
	}
}
