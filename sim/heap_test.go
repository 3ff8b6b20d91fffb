package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// lessBit, the calendar's branch-free comparison, agrees with less on
// every pair: edge cases, then random keys from a small range so that
// times often tie.
func TestLessBit(t *testing.T) {
	edges := []key{
		{at: 0, rank: 0},
		{at: 0, rank: math.MaxUint32}, // the same time, the last rank
		{at: 1, rank: 0},
		{at: Forever, rank: 0}, // the sign bit's neighbour
		{at: Forever, rank: 7},
		{at: Forever - 1, rank: math.MaxUint32},
		{at: -1, rank: 3}, // below zero: at's sign is flipped, not ignored
		{at: math.MinInt64, rank: 0},
	}
	check := func(a, b key) {
		want := 0
		if less(&a, &b) {
			want = 1
		}
		if got := lessBit(&a, &b); got != want {
			t.Fatalf("lessBit(%+v, %+v) = %d, less says %d", a, b, got, want)
		}
	}
	for _, a := range edges {
		for _, b := range edges {
			check(a, b)
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 100_000 {
		check(key{at: Time(r.IntN(8)), rank: uint32(r.IntN(8))}, key{at: Time(r.IntN(8)), rank: uint32(r.IntN(8))})
	}
}
