package arrivals

import (
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

const (
	sec    = sim.Second
	minute = sim.Minute
)

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 99)) }

// until returns the arrivals of p before end, failing if they ever go
// backwards or before 0.
func until(t *testing.T, p Process, end sim.Time) []sim.Time {
	t.Helper()
	var out []sim.Time
	last := sim.Time(0)
	for at := p.Next(); at < end; at = p.Next() {
		if at < last {
			t.Fatalf("arrival at %v after one at %v", at, last)
		}
		last = at
		out = append(out, at)
	}
	return out
}

// within counts the sorted times ts in [from, to).
func within(ts []sim.Time, from, to sim.Time) int {
	lo := sort.Search(len(ts), func(i int) bool { return ts[i] >= from })
	hi := sort.Search(len(ts), func(i int) bool { return ts[i] >= to })
	return hi - lo
}

// spike is the 50 → 2,000 → 50 requests/s profile of the spike scenario.
func spike() []Point { return []Point{{0, 50}, {5 * minute, 2000}, {7 * minute, 50}} }
