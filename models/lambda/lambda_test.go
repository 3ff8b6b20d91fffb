package lambda

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// The token bucket: a full burst, then continuous refill, never above capacity.
func TestTokenBucket(t *testing.T) {
	b := NewTokenBucket(1000, 100)
	took := 0
	for b.Take(0) {
		took++
	}
	if took != 1000 {
		t.Fatalf("burst of %d, want 1000", took)
	}
	for _, tc := range []struct {
		at   sim.Time
		want int
	}{
		{sim.Second / 2, 50},     // half a second refills 50
		{sim.Second, 50},         // the next half second, 50 more
		{100 * sim.Second, 1000}, // a long pause refills to capacity, no more
	} {
		n := 0
		for b.Take(tc.at) {
			n++
		}
		if n != tc.want {
			t.Errorf("at %v took %d, want %d", tc.at, n, tc.want)
		}
	}
}

// The reclaim queue always yields the earliest deadline, through random
// pushes and removals, checked against a sorted reference.
func TestReclaimQueue(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	envs := make([]env, 200)
	for i := range envs {
		envs[i].hpos = -1
	}
	q := reclaimQueue{}
	in := map[int32]bool{}
	for step := range 20000 {
		e := int32(r.IntN(len(envs)))
		if in[e] {
			q.remove(envs, e)
			delete(in, e)
		} else {
			envs[e].reclaimAt = sim.Time(r.IntN(1000))
			q.push(envs, e)
			in[e] = true
		}
		var ref []sim.Time
		for k := range in {
			ref = append(ref, envs[k].reclaimAt)
		}
		slices.Sort(ref)
		if m := q.min(); (m < 0) != (len(ref) == 0) || (m >= 0 && envs[m].reclaimAt != ref[0]) {
			t.Fatalf("step %d: min %d, reference %v", step, m, ref[:min(3, len(ref))])
		}
		for k := range in {
			if q.heap[envs[k].hpos] != k {
				t.Fatalf("step %d: env %d's slot is stale", step, k)
			}
		}
	}
}

// The idle list pops the most recently freed environment.
func TestIdleListLIFO(t *testing.T) {
	envs := make([]env, 4)
	l := newIdleList()
	for i := range int32(4) {
		l.pushFront(envs, i)
	}
	l.remove(envs, 2)
	for _, want := range []int32{3, 1, 0, -1} {
		if got := l.popFront(envs); got != want {
			t.Fatalf("popped %d, want %d", got, want)
		}
	}
}
