package sim

import (
	"math/bits"
	"slices"
)

// heap is a binary min-heap of calendar keys.
//
// Delivering the root (Sim.RunFor) leaves a hole there rather than sifting
// the last key down at once: most handlers schedule an event, which then
// fills the hole with one sift-down (push), saving the sift-up of an append
// and the sift-down of the last key. top reads the least key past a hole,
// so the hole stays open while the other queue's events run (a
// completion's hole waits for the next arrival to schedule its completion
// into it); the next delivery from this heap closes it first (fill).
// Delivery order depends only on the keys, so the trick changes no result.
type heap struct {
	keys []key
	hole bool // keys[0] was delivered and awaits a replacement
}

func (h *heap) push(k key) {
	if h.hole {
		h.hole = false
		h.down(k)
		return
	}
	h.keys = append(h.keys, k)
	siftUp(h.keys, len(h.keys)-1, k)
}

// top returns the least key, or nil: with a hole, the lesser of the root's
// children, the roots of the two sub-heaps that hold every other key.
func (h *heap) top() *key {
	ks, i := h.keys, 0
	if h.hole {
		i = 1
		if len(ks) > 2 {
			i += lessBit(ks[2], ks[1])
		}
	}
	if i >= len(ks) {
		return nil
	}
	return &ks[i]
}

// fill closes the hole a delivery left, if no push has filled it.
func (h *heap) fill() {
	if h.hole {
		h.close()
	}
}

// close is fill's work, out of line so that fill inlines.
func (h *heap) close() {
	h.hole = false
	n := len(h.keys) - 1
	last := h.keys[n]
	h.keys = h.keys[:n]
	if n > 0 {
		h.bottomUp(last)
	}
}

// bottomUp places k, a leaf's key moved to the root, at its position.
// Such a key is nearly always among the latest, so it belongs near the
// bottom: rather than compare it on the way down (down), move the hole to a
// leaf along the lesser children, one comparison a level, then sift k up
// from there, which rarely takes a step (Floyd). A key pushed into the hole
// is often early, and goes through down instead.
func (h *heap) bottomUp(k key) {
	ks := h.keys
	i := 0
	for c := child(ks, i); c >= 0; c = child(ks, i) {
		ks[i] = ks[c]
		i = c
	}
	siftUp(ks, i, k)
}

// child returns the lesser child of i, or -1 for a leaf.
func child(ks []key, i int) int {
	c := 2*i + 1
	if c >= len(ks) {
		return -1
	}
	if r := c + 1; r < len(ks) {
		c += lessBit(ks[r], ks[c])
	}
	return c
}

// sort orders the keys, which leaves them a valid heap.
func (h *heap) sort() {
	h.fill()
	slices.SortFunc(h.keys, func(a, b key) int {
		if less(a, b) {
			return -1
		}
		return 1
	})
}

// siftUp places k, which is to go at ks[i], at its position on i's path
// to the root. k is passed in registers: read back from ks[i] just after
// it was stored there, it waited for the store (issue 12).
func siftUp(ks []key, i int, k key) {
	for i > 0 {
		p := (i - 1) / 2
		if !less(k, ks[p]) {
			break
		}
		ks[i] = ks[p]
		i = p
	}
	ks[i] = k
}

// down places k, which replaces the root, at its position.
func (h *heap) down(k key) { siftDown(h.keys, 0, k) }

// siftDown places k, which replaces ks[i], at its position in i's subtree.
//
// Into the root of a heap of up to smallHeap keys (a calendar of a few
// pending events, as SimFaaS's case keeps), it runs without branches: how
// far a new key sinks among a few others is a coin toss that a loop's exit
// mispredicts, so it walks the heap's whole depth, a fixed count, and
// moves by arithmetic on indexes, a key moving onto itself once k has
// found its place (issue 12: 2.7% ± 0.9% of SimFaaS's case).
func siftDown(ks []key, i int, k key) {
	if n := len(ks); i == 0 && n <= smallHeap {
		for range bits.Len(uint(n)) - 1 {
			l := 2*i + 1
			in := int(uint(l-n) >> 63) // 1: i has a child, l < n
			c := min(l, n-1)
			r := min(c+1, n-1)
			c += lessBit(ks[r], ks[c])
			m := lessBit(ks[c], k) & in
			src := i + m*(c-i)
			ks[i] = ks[src]
			i = src
		}
		ks[i] = k
		return
	}
	for c := child(ks, i); c >= 0 && less(ks[c], k); c = child(ks, i) {
		ks[i] = ks[c]
		i = c
	}
	ks[i] = k
}

// smallHeap is the size up to which siftDown runs without branches: past
// it, 16 keys say, the fixed walk measured no better.
const smallHeap = 8

// lessBit is less as 1 or 0, without branches: which of two children is
// less is a coin toss that a branch would mispredict half the time. It is
// the borrow out of the 96-bit subtraction (at, rank) − (at', rank'), with
// at's sign bit flipped so that it compares as unsigned. By value, as
// less.
func lessBit(a, b key) int {
	const sign = 1 << 63
	_, borrow := bits.Sub64(uint64(a.rank), uint64(b.rank), 0)
	_, borrow = bits.Sub64(uint64(a.at)^sign, uint64(b.at)^sign, borrow)
	return int(borrow)
}

// take removes and returns the least key of a heap without a hole.
func (h *heap) take() key {
	k := h.keys[0]
	h.hole = true
	h.fill()
	return k
}

// heapify orders keys, in any order and without a hole, into a heap
// (Floyd: sift each parent down, last first; O(n)).
func (h *heap) heapify() {
	for i := len(h.keys)/2 - 1; i >= 0; i-- {
		siftDown(h.keys, i, h.keys[i])
	}
}
