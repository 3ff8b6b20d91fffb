package stats

import "github.com/stampede-sim/stampede/sim"

// Buckets is a layout of n fixed-width time buckets: bucket i is
// [start + i·width, start + (i+1)·width). Times before start or at or after
// the end of the last bucket belong to no bucket (Index −1) and are dropped
// by the accumulators, not clamped into the end buckets: series cover the
// simulated duration, not the drain after it. Counter counts what it drops.
type Buckets struct {
	start, width sim.Time
	n            int
}

// NewBuckets returns n buckets of width from start. It panics if width ≤ 0
// or n < 0, which are programming errors.
func NewBuckets(start, width sim.Time, n int) *Buckets {
	if width <= 0 || n < 0 {
		panic("stats: NewBuckets needs width > 0 and n ≥ 0")
	}
	return &Buckets{start: start, width: width, n: n}
}

// N is the number of buckets.
func (b *Buckets) N() int { return b.n }

// Width is the bucket width.
func (b *Buckets) Width() sim.Time { return b.width }

// Start is the start of bucket i (Start(N()) is the end of the last bucket).
func (b *Buckets) Start(i int) sim.Time { return b.start + sim.Time(i)*b.width }

// End is the end of the last bucket.
func (b *Buckets) End() sim.Time { return b.Start(b.n) }

// Index is the bucket holding t, or −1 if none does.
func (b *Buckets) Index(t sim.Time) int {
	if t < b.start {
		return -1
	}
	i := (t - b.start) / b.width
	if i >= sim.Time(b.n) {
		return -1
	}
	return int(i)
}

// Cursor is Index for a caller whose times mostly fall in the bucket of
// the last one: it remembers that bucket, [lo, hi), and skips the division
// Index costs while they do (issue 12). The zero value is ready.
type Cursor struct {
	i      int
	lo, hi sim.Time
}

// Index is b.Index(t).
func (c *Cursor) Index(b *Buckets, t sim.Time) int {
	if t >= c.lo && t < c.hi {
		return c.i
	}
	return c.locate(b, t)
}

// locate is Index's slow path, kept out of line so that Index inlines.
//
//go:noinline
func (c *Cursor) locate(b *Buckets, t sim.Time) int {
	i := b.Index(t)
	if i >= 0 {
		c.i, c.lo, c.hi = i, b.Start(i), b.Start(i+1)
	}
	return i
}

// Counter counts events per bucket.
type Counter struct {
	b       *Buckets
	counts  []int64
	dropped int64
	at      Cursor // most counts fall in the bucket of the last
}

// NewCounter returns a zero counter over b.
func NewCounter(b *Buckets) *Counter { return &Counter{b: b, counts: make([]int64, b.n)} }

// Inc counts one event at t.
func (c *Counter) Inc(t sim.Time) { c.Add(t, 1) }

// Add counts n events at t; outside the buckets they count as Dropped.
func (c *Counter) Add(t sim.Time, n int64) {
	if i := c.at.Index(c.b, t); i >= 0 {
		c.counts[i] += n
	} else {
		c.dropped += n
	}
}

// Counts returns the per-bucket counts (not a copy).
func (c *Counter) Counts() []int64 { return c.counts }

// Dropped counts the events at times outside the buckets.
func (c *Counter) Dropped() int64 { return c.dropped }

// Window is where a run's statistics are kept: counts and time averages
// cover [From, To); time series use Buckets, which cover the whole run.
type Window struct {
	From, To sim.Time
	Buckets  *Buckets
}
