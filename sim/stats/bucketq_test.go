package stats

import (
	"math/rand/v2"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// BucketQuantiles gives each bucket the count and quantiles of a
// LogHistogram of that bucket's values alone, to the bit, however the
// records fall: buckets with none, one, many, records at a bucket's very
// start and end, and times outside the buckets, which count nowhere.
func TestBucketQuantilesSameAsHistograms(t *testing.T) {
	b := NewBuckets(0, sim.Second, 50)
	qs := []float64{0.50, 0.99, 0, 1}
	bq := NewBucketQuantiles(b, qs...)
	want := make([]LogHistogram, b.N())
	r := rand.New(rand.NewPCG(1, 2))
	now := sim.Time(0)
	for now < b.End()+3*sim.Second {
		// Gaps of up to 4 s leave some buckets empty; a few land exactly
		// on a bucket's start.
		if r.IntN(10) == 0 {
			now = (now/sim.Second + 1) * sim.Second
		} else {
			now += sim.Time(r.Int64N(int64(200 * sim.Millisecond)))
			if r.IntN(40) == 0 {
				now += 4 * sim.Second
			}
		}
		d := sim.Time(r.ExpFloat64() * float64(100*sim.Millisecond))
		bq.Record(now, d)
		if i := b.Index(now); i >= 0 {
			want[i].Record(d)
		}
	}
	n := bq.Counts()
	empty := 0
	for i := range want {
		if n[i] != want[i].Count() {
			t.Errorf("bucket %d: count %d, want %d", i, n[i], want[i].Count())
		}
		if n[i] == 0 {
			empty++
		}
		for j, q := range qs {
			if got, w := bq.Quantile(i, j), want[i].Quantile(q); got != w {
				t.Errorf("bucket %d: quantile %v is %v, want %v", i, q, got, w)
			}
		}
	}
	if empty == 0 || empty == b.N() {
		t.Errorf("%d empty buckets of %d: the case should have some and not all", empty, b.N())
	}
}

// A record in a bucket already summarized is a caller's bug (times out of
// order): it panics rather than drop the value or corrupt a summary.
func TestBucketQuantilesOutOfOrder(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(bq *BucketQuantiles)
	}{
		// An earlier bucket after a later one.
		{"earlier bucket", func(bq *BucketQuantiles) {
			bq.Record(5*sim.Second, sim.Millisecond)
			bq.Record(2*sim.Second, sim.Millisecond)
		}},
		// The last bucket again after its summary was read.
		{"after Counts", func(bq *BucketQuantiles) {
			bq.Record(5*sim.Second, sim.Millisecond)
			bq.Counts()
			bq.Record(5*sim.Second, sim.Millisecond)
		}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			tc.run(NewBucketQuantiles(NewBuckets(0, sim.Second, 10), 0.5))
		}()
	}
}

// Recording allocates nothing, across buckets too.
func TestBucketQuantilesNoAllocation(t *testing.T) {
	bq := NewBucketQuantiles(NewBuckets(0, sim.Millisecond, 1_000_000), 0.5, 0.99)
	now := sim.Time(0)
	if a := testing.AllocsPerRun(10_000, func() {
		now += 300 * sim.Microsecond
		bq.Record(now, sim.Millisecond)
	}); a != 0 {
		t.Errorf("%v allocations a record", a)
	}
}
