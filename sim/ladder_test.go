package sim

import (
	"slices"
	"testing"
)

// A calendar queue delivers its keys in order across the ways a bucket is
// reached: near, within the ring, past it in far, by a jump over empty
// buckets to far's first, with far keys in several buckets the jump then
// brings within reach, and at Forever.
func TestLadderOrder(t *testing.T) {
	for _, tc := range []struct {
		name  string
		times []Time
		// then: after the i-th delivery at now, a key at then(i, now), if
		// not negative.
		then func(i int, now Time) Time
	}{
		// Forty keys 1 ns apart set buckets of a few ns; a hundred more,
		// far off, fill the buckets the jump to far's first brings within
		// reach (more keys than have passed through near, so the queue
		// does not start anew instead).
		{"jump into far's buckets", append(append(seq(0, 40, 1), seq(1e9, 100, 3)...), 5e9, Forever, 1e9+3), nil},
		// Buckets of 4 ns, a ring of 64 (256 ns): a key at 300 ns waits
		// in far while keys scheduled from deliveries, 1 to 250 ns ahead,
		// go to the ring and pass it; far's key must join the ring as it
		// comes within reach. (Far stays small, so the queue does not
		// start anew, which would put it right.)
		{"far overtaken by the ring", append(seq(0, 40, 1), 300), func(i int, now Time) Time {
			if i >= 300 {
				return -1
			}
			return now + 1 + Time(i*37%250)
		}},
		// The same with keys up to 400 ns ahead, some past the ring.
		{"far and ring both fed", append(seq(0, 40, 1), 300), func(i int, now Time) Time {
			if i >= 300 {
				return -1
			}
			return now + 1 + Time(i*37%400)
		}},
		// Every key in one bucket.
		{"one bucket", slices.Repeat([]Time{7}, 50), nil},
		// Keys wider apart than the ring reaches, one a bucket.
		{"sparse", seq(0, 50, 1e6), nil},
		// Ties across near, ring and far.
		{"ties", append(append(seq(0, 40, 2), seq(0, 40, 2)...), 1e9, 1e9, 0, 1e9), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLadder()
			l.onAt, l.startAt = 32, 32
			var want []key
			push := func(at Time) {
				k := key{at: at, rank: uint32(len(want)), slot: uint32(len(want))}
				l.push(k)
				want = append(want, k)
			}
			for _, at := range tc.times {
				push(at)
			}
			if !l.on {
				t.Fatalf("%d keys past %d: still a heap", len(tc.times), l.onAt)
			}
			var got []key
			top := func() *key { // as Sim.RunFor reads it
				if k := l.near.top(); k != nil {
					return k
				}
				return l.refill()
			}
			for k := top(); k != nil; k = top() {
				got = append(got, *k)
				l.near.fill() // as Sim.RunFor delivers it
				l.near.hole = true
				if tc.then != nil {
					if at := tc.then(len(got)-1, got[len(got)-1].at); at >= 0 {
						push(at)
					}
				}
			}
			slices.SortFunc(want, func(a, b key) int { return int(lessBit(b, a)) - int(lessBit(a, b)) })
			if !slices.Equal(got, want) {
				t.Fatalf("order:\n got %v\nwant %v", got, want)
			}
		})
	}
}

// seq is n times from start, step apart.
func seq(start Time, n int, step Time) []Time {
	out := make([]Time, n)
	for i := range out {
		out[i] = start + Time(i)*step
	}
	return out
}
