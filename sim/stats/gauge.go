package stats

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
)

// Gauge is a level that changes at events (environments busy, connections
// open), summarised over time: its time average and peak over a statistics
// window [from, to), and optionally the time average and peak of each bucket
// of a layout.
//
// The level v(t) is piecewise constant and right-continuous, 0 until the
// first update, and time starts at 0. The time average over [a, b) is
//
//	(1/(b−a)) ∫ₐᵇ v(t) dt,
//
// accumulated exactly per piece: an update at `now` adds v·(now − last) to
// the window and to every bucket the piece [last, now) overlaps, clipped to
// each. Areas are kept in level·ns as float64, so for integer levels they are
// exact while below 2⁵³ (e.g. a level of 1,000 for 100 days). An update costs
// O(1) (no division while it stays in the bucket of the previous one) plus
// one step per bucket boundary crossed, which sums over a run to
// O(updates + buckets), and allocates nothing.
//
// A peak is the highest level in force at any instant of its interval: the
// level in force at the interval's start, and every level set inside it,
// even one that is replaced at the same instant (a momentary concurrency
// still happened).
type Gauge struct {
	from, to sim.Time
	v        float64
	last     sim.Time // time of the last update: v holds from last on
	area     float64  // ∫ v dt over the window up to last, level·ns
	peak     float64  // −Inf until the window has seen a level

	b     *Buckets
	barea []float64 // per bucket, level·ns
	bpeak []float64 // per bucket, −Inf until the bucket has seen a level
	// The stretch [curStart, curEnd) holding last: bucket cur, or (cur −1)
	// the time before or after the buckets. Most updates stay inside it and
	// skip the division that locating a bucket costs.
	cur              int
	curStart, curEnd sim.Time
}

// NewGauge returns a zero gauge with the window [from, to) and an optional
// bucket layout (nil: no per-bucket values).
func NewGauge(from, to sim.Time, b *Buckets) *Gauge {
	g := &Gauge{from: from, to: to, b: b, peak: math.Inf(-1), cur: -1}
	if b != nil {
		g.barea = make([]float64, b.n)
		g.bpeak = make([]float64, b.n)
		for i := range g.bpeak {
			g.bpeak[i] = math.Inf(-1)
		}
		g.locate(0)
	}
	return g
}

// Add changes the level by dv at now.
func (g *Gauge) Add(now sim.Time, dv float64) { g.Set(now, g.v+dv) }

// Set changes the level to v at now. Times must not decrease; an update
// earlier than the previous one is treated as happening at the previous one.
func (g *Gauge) Set(now sim.Time, v float64) {
	g.advance(now)
	g.v = v
	if v > g.peak && now >= g.from && now < g.to {
		g.peak = v
	}
	if g.cur >= 0 && v > g.bpeak[g.cur] { // cur holds now (= last) after advance
		g.bpeak[g.cur] = v
	}
}

// Close integrates the current level up to end; call it at the end of the
// run. The integrals then cover everything up to the latest of end and the
// last update; later updates would continue them.
func (g *Gauge) Close(end sim.Time) { g.advance(end) }

// advance integrates the level in force over [last, now).
func (g *Gauge) advance(now sim.Time) {
	if now <= g.last {
		return
	}
	if a, b := max(g.last, g.from), min(now, g.to); a < b {
		g.area += g.v * float64(b-a)
		if g.v > g.peak {
			g.peak = g.v
		}
	}
	if g.b != nil {
		if now < g.curEnd { // the common case: still inside the stretch of last
			if g.cur >= 0 {
				g.barea[g.cur] += g.v * float64(now-g.last)
			}
		} else {
			g.spread(g.last, now)
			g.locate(now)
		}
	}
	g.last = now
}

// spread adds the level's area over [a, b) to the buckets it overlaps.
func (g *Gauge) spread(a, b sim.Time) {
	l := g.b
	a, b = max(a, l.start), min(b, l.End())
	if a >= b {
		return
	}
	for i := int((a - l.start) / l.width); a < b; i++ {
		end := min(b, l.Start(i+1))
		g.barea[i] += g.v * float64(end-a)
		if g.v > g.bpeak[i] {
			g.bpeak[i] = g.v
		}
		a = end
	}
}

// locate points the cached stretch at the one holding t.
func (g *Gauge) locate(t sim.Time) {
	l := g.b
	g.cur = l.Index(t)
	switch {
	case g.cur >= 0:
		g.curStart, g.curEnd = l.Start(g.cur), l.Start(g.cur+1)
	case t < l.start:
		g.curStart, g.curEnd = -sim.Forever, l.start
	default:
		g.curStart, g.curEnd = l.End(), sim.Forever
	}
}

// Value is the current level.
func (g *Gauge) Value() float64 { return g.v }

// Integral is ∫ v dt over the window, in level·seconds, as far as the gauge
// has been advanced.
func (g *Gauge) Integral() float64 { return g.area / float64(sim.Second) }

// Mean is the time average over the whole window [from, to); 0 for an empty
// window. Close the gauge at or after `to` first, or the part of the window
// not yet integrated counts as level 0.
func (g *Gauge) Mean() float64 {
	if g.to <= g.from {
		return 0
	}
	return g.area / float64(g.to-g.from)
}

// Peak is the highest level inside the window; 0 if the gauge has not
// reached the window.
func (g *Gauge) Peak() float64 { return finite(g.peak) }

// BucketMeans returns each bucket's time-average level (a new slice; nil
// without a layout).
func (g *Gauge) BucketMeans() []float64 {
	if g.b == nil {
		return nil
	}
	out := make([]float64, len(g.barea))
	for i, a := range g.barea {
		out[i] = a / float64(g.b.width)
	}
	return out
}

// BucketPeaks returns each bucket's highest level, 0 for buckets the gauge
// has not reached (a new slice; nil without a layout).
func (g *Gauge) BucketPeaks() []float64 {
	if g.b == nil {
		return nil
	}
	out := make([]float64, len(g.bpeak))
	for i, p := range g.bpeak {
		out[i] = finite(p)
	}
	return out
}

// finite maps the "nothing seen" −Inf to 0.
func finite(x float64) float64 {
	if math.IsInf(x, -1) {
		return 0
	}
	return x
}
