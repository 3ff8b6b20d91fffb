package lambda

import (
	"testing"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// Provisioned concurrency's billed environment-seconds, by hand: the window
// in 5-minute blocks from its start, each at the highest level configured
// at any moment of it, the last (short) one billed whole.
func TestPCBill(t *testing.T) {
	m := sim.Minute
	type change struct {
		at    sim.Time
		level int
	}
	for _, tc := range []struct {
		name     string
		from, to sim.Time
		changes  []change // in time order; the first at 0
		want     float64  // environment-seconds
	}{
		// A constant 10 over 61 s bills one whole block: 10 × 300.
		{"short window", 0, 61 * sim.Second, []change{{0, 10}}, 3000},
		// A constant 10 over an hour: 12 blocks.
		{"constant", 0, 60 * m, []change{{0, 10}}, 10 * 3600},
		// 10, 50 from 7 min, 20 from 12 min, over 15 min: blocks 10, 50, 50.
		{"rise and fall", 0, 15 * m, []change{{0, 10}, {7 * m, 50}, {12 * m, 20}}, (10 + 50 + 50) * 300},
		// The same from a 3-minute warm-up: blocks [3, 8) 50, [8, 13) 50, [13, 15) 20.
		{"from the warm-up", 3 * m, 15 * m, []change{{0, 10}, {7 * m, 50}, {12 * m, 20}}, (50 + 50 + 20) * 300},
		// A change on a block boundary belongs to the next block only: 10, then 40 from 5 min.
		{"on a boundary", 0, 10 * m, []change{{0, 10}, {5 * m, 40}}, (10 + 40) * 300},
		// A level held for a moment still sets its block's price: 100 for 1 s at 2 min.
		{"a moment", 0, 10 * m, []change{{0, 0}, {2 * m, 100}, {2*m + sim.Second, 0}}, 100 * 300},
		// Changes before the window count only as the level in force at its start.
		{"before the window", 20 * m, 25 * m, []change{{0, 500}, {10 * m, 7}}, 7 * 300},
		// Long constant stretches are billed block by block: 3 for 2 h, then 0.
		{"long stretch", 0, 4 * sim.Hour, []change{{0, 3}, {2 * sim.Hour, 0}}, 3 * 7200},
	} {
		w := stats.Window{From: tc.from, To: tc.to}
		var b pcBill
		for _, c := range tc.changes {
			b.set(w, c.at, c.level)
		}
		if got := b.close(w); got != tc.want {
			t.Errorf("%s: %v environment-seconds, want %v", tc.name, got, tc.want)
		}
	}
}
