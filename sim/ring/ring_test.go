package ring

import (
	"slices"
	"testing"
)

// The ring keeps FIFO order across growth and wrap-around, and popBack takes
// the newest.
func TestRing(t *testing.T) {
	var r Ring[int]
	var want []int
	next := 0
	for round := range 50 {
		for range round % 7 * 5 {
			r.Push(next)
			want = append(want, next)
			next++
		}
		for range round % 5 * 4 {
			if r.Len() == 0 {
				break
			}
			if round%2 == 0 {
				if got := r.Pop(); got != want[0] {
					t.Fatalf("pop %d, want %d", got, want[0])
				}
				want = want[1:]
			} else {
				if got := r.PopBack(); got != want[len(want)-1] {
					t.Fatalf("popBack %d, want %d", got, want[len(want)-1])
				}
				want = want[:len(want)-1]
			}
		}
		got := make([]int, r.Len())
		for i := range got {
			got[i] = *r.At(i)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: ring %v, want %v", round, got, want)
		}
	}
}
