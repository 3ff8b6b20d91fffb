package arrivals

import (
	"math"
	"math/bits"

	"github.com/stampede-sim/stampede/sim"
)

// constantClock gives the time of arrival k of a constant process, k/rate
// seconds, to the nanosecond, computed from k: adding up a rounded period
// would drift. The period 1e9/rate ns is split into whole nanoseconds and a
// fraction so that k·whole is exact integer arithmetic and only k·frac is
// rounded. The fraction is the remainder (1e9 − whole·rate)/rate, taken with
// a fused multiply-add, not period − whole: that would keep the rounding
// error of 1e9/rate (2e-8 ns for a rate of 3), which k multiplies into
// whole nanoseconds within days. Rates that divide 1e9 are exact for ever,
// others to well under a nanosecond for 10¹² arrivals; at is non-decreasing
// in k.
type constantClock struct {
	period float64 // ns; +Inf when the rate is 0
	whole  int64
	frac   float64
}

// safeNs leaves headroom below sim.Forever for the integer sum in at.
const safeNs = 9e18

func newConstantClock(rate float64) constantClock {
	period := float64(sim.Second) / rate
	c := constantClock{period: period}
	if period < safeNs {
		w := math.Floor(period)
		c.whole, c.frac = int64(w), math.FMA(-w, rate, float64(sim.Second))/rate
	}
	return c
}

func (c constantClock) at(k int64) sim.Time {
	if k == 0 {
		return 0
	}
	if float64(k)*c.period >= safeNs {
		return sim.Forever
	}
	return sim.Time(k*c.whole + int64(math.Round(float64(k)*c.frac)))
}

// first is the number of arrivals before x: the smallest k with at(k) >= x.
// The estimate ⌈x/period⌉ is off by at most a rounding, so a step or two
// fixes it; beyond 2⁵³ arrivals the estimate is the count to float precision.
func (c constantClock) first(x sim.Time) float64 {
	if x <= 0 {
		return 0
	}
	kf := math.Ceil(float64(x) / c.period)
	if kf > 1<<53 {
		return kf
	}
	k := int64(kf)
	for k > 0 && c.at(k-1) >= x {
		k--
	}
	for c.at(k) < x {
		k++
	}
	return float64(k)
}

// constant places arrival k at k/rate, the first at 0.
type constant struct {
	clock constantClock
	k     int64
}

func (c *constant) Next() sim.Time {
	if math.IsInf(c.clock.period, 1) {
		return sim.Forever
	}
	t := c.clock.at(c.k)
	if t != sim.Forever {
		c.k++
	}
	return t
}

// burstClock gives the time of request k of a burst, At + ⌊Over·k/Count⌋ in
// integer nanoseconds. The product is taken in 128 bits: Over·k overflows
// int64 for long windows, and the quotient, below Over, always fits.
type burstClock struct {
	at, over sim.Time
	count    int
}

func (b burstClock) time(k int) sim.Time {
	hi, lo := bits.Mul64(uint64(b.over), uint64(k))
	q, _ := bits.Div64(hi, lo, uint64(b.count))
	return b.at + sim.Time(q)
}

// first is the number of requests before x. With d = x − At > 0,
// ⌊Over·k/Count⌋ >= d ⟺ Over·k >= d·Count ⟺ k >= ⌈d·Count/Over⌉; every
// request is before At + Over, so d >= Over counts them all.
func (b burstClock) first(x sim.Time) int {
	d := x - b.at
	switch {
	case d <= 0:
		return 0
	case d >= b.over:
		return b.count
	}
	hi, lo := bits.Mul64(uint64(d), uint64(b.count))
	q, r := bits.Div64(hi, lo, uint64(b.over))
	if r > 0 {
		q++
	}
	return int(q)
}

// burst releases Count requests evenly over [At, At+Over), then stops.
type burst struct {
	clock burstClock
	k     int
}

func (b *burst) Next() sim.Time {
	if b.k >= b.clock.count {
		return sim.Forever
	}
	t := b.clock.time(b.k)
	b.k++
	return t
}
