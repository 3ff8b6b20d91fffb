package stats

import "github.com/stampede-sim/stampede/sim"

// Buckets is a layout of n fixed-width time buckets from start. Times before
// start or past the last bucket belong to no bucket (Index −1): series cover
// the simulated duration, not the drain after it.
type Buckets struct {
	start, width sim.Time
	n            int
}

// NewBuckets returns n buckets of width from start.
func NewBuckets(start, width sim.Time, n int) *Buckets {
	return &Buckets{start: start, width: width, n: n}
}

// N is the number of buckets.
func (b *Buckets) N() int { return b.n }

// Width is the bucket width.
func (b *Buckets) Width() sim.Time { return b.width }

// Start is the start of bucket i.
func (b *Buckets) Start(i int) sim.Time { return b.start + sim.Time(i)*b.width }

// End is the end of the last bucket.
func (b *Buckets) End() sim.Time { return b.Start(b.n) }

// Index is the bucket holding t, or −1.
func (b *Buckets) Index(t sim.Time) int {
	if t < b.start {
		return -1
	}
	i := int((t - b.start) / b.width)
	if i >= b.n {
		return -1
	}
	return i
}

// Counter counts events per bucket.
type Counter struct {
	b      *Buckets
	counts []int64
}

// NewCounter returns a zero counter over b.
func NewCounter(b *Buckets) *Counter { return &Counter{b: b, counts: make([]int64, b.n)} }

// Inc counts one event at t.
func (c *Counter) Inc(t sim.Time) { c.Add(t, 1) }

// Add counts n events at t.
func (c *Counter) Add(t sim.Time, n int64) {
	if i := c.b.Index(t); i >= 0 {
		c.counts[i] += n
	}
}

// Counts returns the per-bucket counts (not a copy).
func (c *Counter) Counts() []int64 { return c.counts }
