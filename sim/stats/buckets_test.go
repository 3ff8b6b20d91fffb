package stats

import (
	"slices"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

func TestBucketsIndex(t *testing.T) {
	b := NewBuckets(10, 5, 4) // [10,15) [15,20) [20,25) [25,30)
	tests := []struct {
		t    sim.Time
		want int
	}{
		{0, -1},            // before start
		{9, -1},            // just before start
		{10, 0},            // start belongs to the first bucket
		{14, 0},            // inside the first
		{15, 1},            // a boundary belongs to the bucket it starts
		{29, 3},            // last nanosecond of the last bucket
		{30, -1},           // the end is outside: dropped, not clamped
		{sim.Forever, -1},  // far beyond, without overflow
		{-sim.Forever, -1}, // far before
	}
	for _, tc := range tests {
		if got := b.Index(tc.t); got != tc.want {
			t.Errorf("Index(%d) = %d, want %d", tc.t, got, tc.want)
		}
	}
	if b.Start(2) != 20 || b.End() != 30 || b.Width() != 5 || b.N() != 4 {
		t.Errorf("layout Start(2)=%d End=%d Width=%d N=%d", b.Start(2), b.End(), b.Width(), b.N())
	}
}

func TestNewBucketsRejects(t *testing.T) {
	tests := []struct {
		width sim.Time
		n     int
	}{
		{0, 10},  // zero width would divide by zero in Index
		{-1, 10}, // negative width
		{1, -1},  // negative count
	}
	for _, tc := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewBuckets(0, %d, %d) did not panic", tc.width, tc.n)
				}
			}()
			NewBuckets(0, tc.width, tc.n)
		}()
	}
}

func TestCounter(t *testing.T) {
	c := NewCounter(NewBuckets(0, sim.Second, 3))
	ops := []struct {
		t sim.Time
		n int64
	}{
		{0, 1},                      // first bucket, first instant
		{sim.Second - 1, 2},         // first bucket, last instant
		{sim.Second, 1},             // second bucket
		{2500 * sim.Millisecond, 4}, // third
		{3 * sim.Second, 5},         // past the end: dropped
		{-1, 6},                     // before the start: dropped
	}
	for _, op := range ops {
		if op.n == 1 {
			c.Inc(op.t)
		} else {
			c.Add(op.t, op.n)
		}
	}
	if got, want := c.Counts(), []int64{3, 1, 4}; !slices.Equal(got, want) {
		t.Errorf("Counts %v, want %v", got, want)
	}
	if c.Dropped() != 11 {
		t.Errorf("Dropped %d, want 11", c.Dropped())
	}
	if n := testing.AllocsPerRun(100, func() { c.Inc(sim.Second) }); n != 0 {
		t.Errorf("Inc allocates %v", n)
	}
}
