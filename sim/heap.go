package sim

import "slices"

// heap is a binary min-heap of calendar keys.
//
// pop leaves a hole at the root rather than sifting the last key down at
// once: most handlers schedule an event, which then fills the hole with one
// sift-down (push), saving the sift-up of an append. fill closes a hole
// nobody filled; every read of the keys calls it first. Delivery order
// depends only on the keys, so the trick changes no result.
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
	h.up(len(h.keys) - 1)
}

// pop takes the least key off the heap and returns its slot.
func (h *heap) pop() uint32 {
	h.hole = true
	return h.keys[0].slot
}

// fill closes the hole pop left, if no push has filled it.
func (h *heap) fill() {
	if !h.hole {
		return
	}
	h.hole = false
	n := len(h.keys) - 1
	last := h.keys[n]
	h.keys = h.keys[:n]
	if n > 0 {
		h.down(last)
	}
}

// sort orders the keys, which leaves them a valid heap.
func (h *heap) sort() {
	h.fill()
	slices.SortFunc(h.keys, func(a, b key) int {
		if less(&a, &b) {
			return -1
		}
		return 1
	})
}

func (h *heap) up(i int) {
	ks := h.keys
	k := ks[i]
	for i > 0 {
		p := (i - 1) / 2
		if !less(&k, &ks[p]) {
			break
		}
		ks[i] = ks[p]
		i = p
	}
	ks[i] = k
}

// down places k, which replaces the root, at its position.
func (h *heap) down(k key) {
	ks := h.keys
	n := len(ks)
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n {
			// Branch-free: which child is less is a coin toss that a
			// branch would mispredict half the time.
			c += b2i(less2(&ks[r], &ks[c]))
		}
		if !less(&ks[c], &k) {
			break
		}
		ks[i] = ks[c]
		i = c
	}
	ks[i] = k
}

// less2 is less without short-circuit branches.
func less2(a, b *key) bool {
	return b2i(a.at < b.at)|(b2i(a.at == b.at)&b2i(a.rank < b.rank)) != 0
}

func b2i(b bool) int {
	var i int
	if b {
		i = 1
	}
	return i
}
