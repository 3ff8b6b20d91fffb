package models

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// latencies merges each workload's smaller histogram into its larger in
// place; every statistic must be what merging both into an empty histogram
// gives, whichever is larger and whether each holds exact values or bins.
func TestLatenciesMergeInPlace(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fill := func(h *stats.Histogram, n int) {
		for range n {
			h.Record(sim.Time(r.ExpFloat64() * float64(50*sim.Millisecond)))
		}
	}
	cases := []struct{ cold, warm int }{
		{0, 0},     // nothing recorded
		{0, 40},    // warm only: moved
		{30, 0},    // cold only: moved
		{4, 356},   // the usual: a few cold merged into many warm
		{300, 20},  // cold the larger
		{300, 300}, // exact values past the limit together: densified
		{5, 3000},  // binned warm takes exact cold
		{2000, 9},  // binned cold takes exact warm
		{900, 800}, // both binned
	}
	qs := []float64{0, 0.5, 0.9, 0.99, 0.999, 1}
	for _, tc := range cases {
		m := &metrics{perWorkload: make([]workloadCounts, 1)}
		fill(&m.perWorkload[0].cold, tc.cold)
		fill(&m.perWorkload[0].warm, tc.warm)
		var want stats.Histogram
		want.Merge(&m.perWorkload[0].cold)
		want.Merge(&m.perWorkload[0].warm)
		got := m.latencies(1, []int{0})
		for name, h := range map[string]*stats.Histogram{"workload": &got.workload[0], "function": &got.function[0], "all": &got.all} {
			if h.Count() != want.Count() || h.Mean() != want.Mean() || h.Min() != want.Min() || h.Max() != want.Max() ||
				!slices.Equal(h.Quantiles(qs...), want.Quantiles(qs...)) {
				t.Errorf("cold %d, warm %d: %s's %d values differ from merging both into an empty histogram", tc.cold, tc.warm, name, h.Count())
			}
		}
	}
}
