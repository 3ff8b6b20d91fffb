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
// accumulated exactly: each piece [last, now) at level v adds v·(now − last)
// to the window and to every bucket it overlaps, clipped to each (inside a
// bucket, through the moment sum of Levels). Areas are kept in level·ns as
// float64, so for integer levels they are exact while below 2⁵³ (a level
// of 1 for 104 days, of 1,000 for 2.5 hours), and past it within a few
// units in the last place (TestLevelsPast2to53). An update costs O(1) (no
// division while it stays in the bucket of the previous one) plus one
// step per bucket boundary crossed, which sums over a run to O(updates +
// buckets), and allocates nothing.
//
// A peak is the highest level in force at any instant of its interval: the
// level in force at the interval's start, and every level set inside it,
// even one that is replaced at the same instant (a momentary concurrency
// still happened).
type Gauge struct{ l Levels }

// NewGauge returns a zero gauge with the window [from, to) and an optional
// bucket layout (nil: no per-bucket values).
func NewGauge(from, to sim.Time, b *Buckets) *Gauge {
	g := &Gauge{}
	g.l.Init(1, from, to, b, true)
	return g
}

// NewMeanGauge is NewGauge whose buckets keep their time averages only:
// half the memory, for the many gauges whose bucket peaks nobody reads
// (BucketPeaks then returns zeros).
func NewMeanGauge(from, to sim.Time, b *Buckets) *Gauge {
	g := &Gauge{}
	g.InitMean(from, to, b)
	return g
}

// InitMean makes g what NewMeanGauge returns, in place: for a gauge held
// inside its owner's record, near the rest of its state. g must not be
// copied after.
func (g *Gauge) InitMean(from, to sim.Time, b *Buckets) { g.l.Init(1, from, to, b, false) }

// Add changes the level by dv at now.
func (g *Gauge) Add(now sim.Time, dv float64) { g.l.Add(now, 0, dv) }

// Peek reads ahead what Add reads (Levels.Peek).
func (g *Gauge) Peek() sim.Time { return g.l.Peek() }

// Set changes the level to v at now. Times must not decrease; an update
// earlier than the previous one is treated as happening at the previous one.
func (g *Gauge) Set(now sim.Time, v float64) { g.l.Set(now, 0, v) }

// Close integrates the current level up to end; call it at the end of the
// run. The integrals then cover everything up to the latest of end and the
// last update; later updates would continue them.
func (g *Gauge) Close(end sim.Time) { g.l.Close(end) }

// Value is the current level.
func (g *Gauge) Value() float64 { return g.l.Value(0) }

// Integral is ∫ v dt over the window, in level·seconds, as far as the gauge
// has been advanced.
func (g *Gauge) Integral() float64 { return g.l.Integral(0) }

// Mean is the time average over the whole window [from, to); 0 for an empty
// window. Close the gauge at or after `to` first, or the part of the window
// not yet integrated counts as level 0.
func (g *Gauge) Mean() float64 { return g.l.Mean(0) }

// Peak is the highest level inside the window; 0 if the gauge has not
// reached the window.
func (g *Gauge) Peak() float64 { return g.l.Peak(0) }

// BucketMeans returns each bucket's time-average level (a new slice; nil
// without a layout).
func (g *Gauge) BucketMeans() []float64 { return g.l.BucketMeans(0) }

// TakeBucketMeans is BucketMeans without the copy, for the end of a run:
// the gauge's bucket areas are turned into their means in place and handed
// over (issue 12: with 10,000 functions the copies of their concurrency
// columns were 45 MB at the run's peak). The gauge's buckets must not be
// read or changed after.
func (g *Gauge) TakeBucketMeans() []float64 {
	l := &g.l
	if l.b == nil {
		return nil
	}
	out := l.barea
	l.barea, l.cur = nil, -1 // -1: store writes nothing
	for i := range out {
		out[i] /= float64(l.b.width)
	}
	return out
}

// BucketPeaks returns each bucket's highest level, 0 for buckets the gauge
// has not reached (a new slice; nil without a layout).
func (g *Gauge) BucketPeaks() []float64 { return g.l.BucketPeaks(0) }

// BucketMins returns each bucket's lowest level, 0 for buckets the gauge
// has not reached (a new slice; nil without a bucket layout).
func (g *Gauge) BucketMins() []float64 { return g.l.BucketMins(0) }

// finite maps the "nothing seen" ±Inf (of peaks, of minima) to 0.
func finite(x float64) float64 {
	if math.IsInf(x, 0) {
		return 0
	}
	return x
}
