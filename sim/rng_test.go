package sim_test

import (
	"slices"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// draws returns the first n outputs of a stream.
func draws(st sim.Streams, name string, n int) []uint64 {
	r := st.Stream(name)
	out := make([]uint64, n)
	for i := range out {
		out[i] = r.Uint64()
	}
	return out
}

func TestStreams(t *testing.T) {
	const name = "workload/checkout/arrivals"
	base := draws(sim.NewStreams(42, 0), name, 64)
	tests := []struct {
		name  string
		st    sim.Streams
		which string
		same  bool
	}{
		{"same seed, rep and name", sim.NewStreams(42, 0), name, true},             // reproducible
		{"other name", sim.NewStreams(42, 0), "workload/checkout/sizes", false},    // components independent
		{"name prefix", sim.NewStreams(42, 0), "workload/checkout/arrival", false}, // near-identical names
		{"empty name", sim.NewStreams(42, 0), "", false},                           // degenerate name
		{"other seed", sim.NewStreams(43, 0), name, false},                         // runs independent
		{"other rep", sim.NewStreams(42, 1), name, false},                          // replications independent
		{"seed and rep swapped", sim.NewStreams(0, 42), name, false},               // the two inputs are not symmetric
	}
	for _, tc := range tests {
		got := draws(tc.st, tc.which, 64)
		if same := slices.Equal(got, base); same != tc.same {
			t.Errorf("%s: identical=%v, want %v", tc.name, same, tc.same)
		}
		if !tc.same {
			for i := range got {
				if got[i] == base[i] {
					t.Errorf("%s: draw %d coincides with the base stream", tc.name, i)
				}
			}
		}
	}
}

// Creating and drawing from other streams, before or interleaved with a
// stream's own draws, does not change that stream's numbers.
func TestStreamIsolation(t *testing.T) {
	st := sim.NewStreams(7, 3)
	alone := draws(st, "a", 100)

	other := st.Stream("b")
	other.Uint64()
	a := st.Stream("a")
	extra := st.Stream("c")
	got := make([]uint64, 100)
	for i := range got {
		got[i] = a.Uint64()
		other.Float64()
		extra.IntN(10)
	}
	if !slices.Equal(got, alone) {
		t.Fatal("stream a changed when streams b and c were added")
	}
	if st.Seed() != 7 {
		t.Fatalf("Seed %d, want 7", st.Seed())
	}
}

// Replications of one seed do not collide: first draws of many reps and
// names are all distinct (a collision among 10⁴ 64-bit values would be a
// 3·10⁻¹² event for independent streams).
func TestStreamsDistinctAcrossReps(t *testing.T) {
	seen := map[uint64]string{}
	for rep := range uint64(1000) {
		st := sim.NewStreams(1, rep)
		for _, name := range []string{"a", "b", "arrivals", "service", "f/0", "f/1", "f/2", "f/3", "f/4", "f/5"} {
			v := st.Stream(name).Uint64()
			if prev, ok := seen[v]; ok {
				t.Fatalf("rep %d %q repeats %s", rep, name, prev)
			}
			seen[v] = name
		}
	}
}
