package stats

import (
	"fmt"

	"github.com/stampede-sim/stampede/sim"
)

// BucketQuantiles summarizes durations per time bucket: how many were
// recorded in each bucket, and their quantiles qs as LogHistogram reports
// them (within 0.78% of the exact nearest-rank quantile).
//
// Durations arrive in time order, as a simulation's clock runs, so a
// bucket is complete once a later one is recorded in. One LogHistogram
// then serves bucket after bucket, and a finished bucket keeps only its
// summary: 8 bytes a count and a quantile, where a histogram a bucket was
// 9.5 KB (issue 12: most of what a long run allocated, and 950 MB at the
// 100,000 buckets a run may ask for). The counts and quantiles are the
// ones a histogram per bucket gives, to the bit.
type BucketQuantiles struct {
	b    *Buckets
	qs   []float64
	at   Cursor
	open int // the bucket h holds, −1 before the first record
	done int // buckets below done are summarized
	h    LogHistogram
	n    []int64
	q    []sim.Time // bucket i's quantile j at i·len(qs) + j
}

// NewBucketQuantiles returns empty summaries of the buckets of b, each
// with the quantiles qs (each in [0, 1]).
func NewBucketQuantiles(b *Buckets, qs ...float64) *BucketQuantiles {
	return &BucketQuantiles{b: b, qs: qs, open: -1,
		n: make([]int64, b.N()), q: make([]sim.Time, b.N()*len(qs))}
}

// Record adds duration d in the bucket holding now; nothing outside the
// buckets. now must not fall in a bucket already summarized: it panics
// there, since a summary cannot take more values.
func (bq *BucketQuantiles) Record(now, d sim.Time) {
	i := bq.at.Index(bq.b, now)
	if i < 0 {
		return
	}
	if i != bq.open {
		bq.move(i)
	}
	bq.h.Record(d)
}

// move summarizes the open bucket and opens bucket i.
//
//go:noinline
func (bq *BucketQuantiles) move(i int) {
	if i < bq.done {
		panic(fmt.Sprintf("stats: BucketQuantiles records bucket %d after summarizing up to %d (times out of order)", i, bq.done))
	}
	bq.summarize()
	bq.open, bq.done = i, i
}

// summarize stores the open bucket's count and quantiles and empties the
// histogram for the next; the open bucket is then done.
func (bq *BucketQuantiles) summarize() {
	i := bq.open
	if i < 0 {
		return
	}
	bq.open, bq.done = -1, i+1
	if bq.h.Count() == 0 {
		return
	}
	bq.n[i] = bq.h.Count()
	for j, q := range bq.qs {
		bq.q[i*len(bq.qs)+j] = bq.h.Quantile(q)
	}
	bq.h = LogHistogram{}
}

// Counts returns each bucket's count of durations, summarizing the open
// bucket first: call it once recording is over. The slice is the
// summaries' own.
func (bq *BucketQuantiles) Counts() []int64 {
	bq.summarize()
	return bq.n
}

// Quantile is bucket i's quantile qs[j] (0 where it has no durations),
// summarizing the open bucket first, as Counts.
func (bq *BucketQuantiles) Quantile(i, j int) sim.Time {
	bq.summarize()
	return bq.q[i*len(bq.qs)+j]
}
