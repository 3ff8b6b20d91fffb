package stats

import (
	"github.com/stampede-sim/stampede/sim"
)

// Gauge is a level that changes at events (environments busy, connections
// open) and is summarised by time: the time average and peak over a
// statistics window [from, to), and the time average of each bucket of a
// layout.
//
// The time average over [a, b) is (1/(b−a)) ∫ₐᵇ v(t) dt; an update integrates
// the constant level since the previous update, so updates cost O(1) plus one
// step per bucket boundary crossed.
type Gauge struct {
	from, to sim.Time
	v        float64
	last     sim.Time
	integral float64 // level × seconds inside the window
	peak     float64
	started  bool // the level at `from` has been taken into the peak

	b          *Buckets
	bucket     []float64 // level × seconds per bucket
	bpeak      []float64
	cur        int      // bucket of `last` (−1: none)
	curEnd     sim.Time // end of bucket cur
	curStarted sim.Time // start of bucket cur
}

// NewGauge returns a zero gauge with a window [from, to) and an optional
// bucket layout (nil: no per-bucket values).
func NewGauge(from, to sim.Time, b *Buckets) *Gauge {
	g := &Gauge{from: from, to: to, b: b, cur: -1}
	if b != nil {
		g.bucket = make([]float64, b.n)
		g.bpeak = make([]float64, b.n)
	}
	return g
}

// Add changes the level by dv at now (now never decreases).
func (g *Gauge) Add(now sim.Time, dv float64) { g.Set(now, g.v+dv) }

// Set changes the level to v at now.
func (g *Gauge) Set(now sim.Time, v float64) {
	g.advance(now)
	g.v = v
	g.notePeak(now)
}

// Value is the current level.
func (g *Gauge) Value() float64 { return g.v }

func (g *Gauge) notePeak(now sim.Time) {
	if g.v > g.peak && now >= g.from && now < g.to {
		g.peak = g.v
	}
	if g.b == nil {
		return
	}
	if now < g.curStarted || now >= g.curEnd {
		g.cur = g.b.Index(now)
		if g.cur >= 0 {
			g.curStarted, g.curEnd = g.b.Start(g.cur), g.b.Start(g.cur+1)
		} else {
			g.curStarted, g.curEnd = 0, 0
		}
	}
	if g.cur >= 0 && g.v > g.bpeak[g.cur] {
		g.bpeak[g.cur] = g.v
	}
}

// advance integrates the current level from the last update to now.
func (g *Gauge) advance(now sim.Time) {
	if now <= g.last {
		return
	}
	if !g.started && now > g.from {
		g.started = true
		if g.last <= g.from && g.from < g.to && g.v > g.peak {
			g.peak = g.v // the level in force when the window opens
		}
	}
	if g.v != 0 {
		a, b := max(g.last, g.from), min(now, g.to)
		if b > a {
			g.integral += g.v * (b - a).Seconds()
		}
		if g.b != nil {
			g.spread(g.last, now)
		}
	}
	g.last = now
}

// spread adds level × time of [a, b) to the buckets it overlaps.
func (g *Gauge) spread(a, b sim.Time) {
	if a >= g.curStarted && b <= g.curEnd && g.cur >= 0 {
		g.bucket[g.cur] += g.v * (b - a).Seconds() // the common case: within one bucket
		return
	}
	a, b = max(a, g.b.start), min(b, g.b.End())
	for a < b {
		i := g.b.Index(a)
		end := min(b, g.b.Start(i+1))
		g.bucket[i] += g.v * (end - a).Seconds()
		if g.v > g.bpeak[i] {
			g.bpeak[i] = g.v
		}
		a = end
	}
}

// Close integrates up to end; call it once after the last update.
func (g *Gauge) Close(end sim.Time) { g.advance(end) }

// Mean is the time average over the window.
func (g *Gauge) Mean() float64 {
	if w := (g.to - g.from).Seconds(); w > 0 {
		return g.integral / w
	}
	return 0
}

// Peak is the highest level inside the window.
func (g *Gauge) Peak() float64 { return g.peak }

// BucketMeans returns each bucket's time-average level.
func (g *Gauge) BucketMeans() []float64 {
	out := make([]float64, len(g.bucket))
	w := g.b.width.Seconds()
	for i, x := range g.bucket {
		out[i] = x / w
	}
	return out
}

// BucketPeaks returns each bucket's highest level (not a copy).
func (g *Gauge) BucketPeaks() []float64 { return g.bpeak }
