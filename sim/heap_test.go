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
		if less(a, b) {
			want = 1
		}
		if got := lessBit(a, b); got != want {
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

// The heap keeps its order through every operation the calendar uses, at
// the small sizes where siftDown takes its branch-free path and past them:
// pushes into a hole or onto the end, deliveries that leave a hole, holes
// closed by fill; after each, every key is at or after its parent, and
// what comes out is in key order. Times are drawn from a small range, so
// ties are frequent and ranks decide.
func TestHeap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, maxLen := range []int{2, 3, 5, 6, 8, 9, 17, 40} {
		var h heap
		rank := uint32(0)
		last := key{at: math.MinInt64}
		for step := range 20_000 {
			n := len(h.keys)
			if h.hole {
				n--
			}
			switch {
			case n < maxLen && r.IntN(2) == 0: // push a key no earlier than the last out
				h.push(key{at: last.at + Time(r.IntN(4)), rank: rank})
				rank++
			case n > 0: // deliver the least, as RunFor does
				h.fill()
				k := h.keys[0]
				if less(k, last) {
					t.Fatalf("max %d, step %d: %+v came out after %+v", maxLen, step, k, last)
				}
				last, h.hole = k, true
			}
			checkHeap(t, &h, maxLen, step)
		}
	}
}

// checkHeap fails unless every key of h, past a hole, is at or after its
// parent's.
func checkHeap(t *testing.T, h *heap, maxLen, step int) {
	t.Helper()
	for i := 1; i < len(h.keys); i++ {
		p := (i - 1) / 2
		if p == 0 && h.hole {
			continue
		}
		if less(h.keys[i], h.keys[p]) {
			t.Fatalf("max %d, step %d: key %d %+v before its parent %d %+v", maxLen, step, i, h.keys[i], p, h.keys[p])
		}
	}
}
