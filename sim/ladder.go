package sim

import (
	"math/bits"
	"slices"
)

// ladder is a calendar (the Sim has two: main and sources). While it holds
// few keys it is a binary heap (near). Past onAt keys it becomes a calendar
// queue (Brown, CACM 1988): time is cut into buckets of 2^shift ns; near
// holds every key of the buckets up to cur, ring the keys of the next
// len(ring) buckets, unsorted, a slice each, and far the rest, in a heap.
// Every key outside near is in a later bucket than every key in near, so
// near's least key is the least of all, and the delivery order is exactly a
// single heap's. The ladder also re-measures its spacing once as many keys
// have passed through near as it holds, if a bucket held more than
// 8·ladderPer keys or far holds half of them.
//
// A heap of n keys costs log₂ n dependent steps a schedule, most out of L1
// once n is in the thousands: with 10,000 environments busy at once it was
// 14 (issue 12, BenchmarkBusyEnvironments). Here a schedule appends to a
// bucket, and a delivery sifts through near, which holds a bucket's few
// keys, whatever the pending count (BenchmarkHold). A key for the ring
// waits in staged until 64 have come or near needs refilling (flush): a
// bucket's end is out of L1 when a key comes for it, and in flush's loop
// those misses overlap. When near empties, the next non-empty bucket is
// heapified into it (refill), and its events, known to come next, are
// announced to their handlers (Prefetcher).
//
// The bucket width is set when the heap becomes a calendar queue, from the
// spacing of its earliest keys (ladderPer a bucket there); the ring reaches
// twice past the 95th percentile of the keys' times. Below onAt/4 keys,
// checked as near empties, it is a heap again: the hysteresis keeps it from
// switching back and forth, and the next start measures the spacing anew.
type ladder struct {
	near    heap
	on      bool    // a calendar queue, not just near
	shift   uint    // buckets are 2^shift ns wide
	cur     int64   // near holds the keys of buckets ≤ cur
	ring    [][]key // bucket b, cur < b ≤ cur + len(ring), at ring[b & mask]
	mask    int64
	inRing  int   // keys in the ring's buckets and in staged
	staged  []key // keys for the ring, not yet in their buckets (flush)
	far     heap  // keys of buckets past the ring
	fresh   bool  // near was refilled from a bucket: its events come next
	moved   int   // keys moved from buckets into near since the start
	wide    bool  // a bucket held more than 8·ladderPer keys since the start
	onAt    int   // a heap of more keys becomes a calendar queue (ladderOn)
	startAt int   // the next size at which to start: onAt, or more after a start found no spacing
}

const (
	ladderOn  = 4096 // keys: a larger heap becomes a calendar queue
	ladderPer = 16   // keys a bucket holds at the front when it starts
	ringMax   = 8192 // buckets: 192 KB of slice headers at most
	stageMax  = 64   // keys staged for the ring before they go into buckets
)

func newLadder() ladder {
	return ladder{near: heap{keys: make([]key, 0, 1024)}, onAt: ladderOn, startAt: ladderOn}
}

// pending reports whether l holds a key not yet delivered.
func (l *ladder) pending() bool {
	n := l.len()
	if l.near.hole {
		n-- // the delivered root
	}
	return n > 0
}

// len is the number of keys held, once near's hole is filled.
func (l *ladder) len() int { return len(l.near.keys) + l.inRing + len(l.far.keys) }

// direct says a key can go straight onto near's heap: l is a heap below
// the size at which it starts a calendar queue. Sim.add checks it inline,
// the common case, and calls push otherwise.
func (l *ladder) direct() bool { return !l.on && len(l.near.keys) < l.startAt }

// push adds k.
func (l *ladder) push(k key) {
	if !l.on {
		l.near.push(k)
		if len(l.near.keys) > l.startAt {
			l.start()
		}
		return
	}
	b := int64(k.at) >> l.shift
	switch d := b - l.cur; {
	case d <= 0:
		l.near.push(k)
	case d <= int64(len(l.ring)):
		l.staged = append(l.staged, k)
		l.inRing++
		if len(l.staged) == stageMax {
			l.flush()
		}
	default:
		l.far.push(k)
	}
}

// refill moves the next non-empty bucket into near, which is empty;
// Sim.RunFor calls it (through Sim.refill) when near has no key left and l
// is a calendar queue.
func (l *ladder) refill() *key {
	l.flush()
	l.near.fill()
	n := l.len()
	if n < l.onAt/4 {
		l.stop()
		return l.near.top()
	}
	// Spacing changes (a burst, a new phase): buckets too wide fill near
	// with many keys, too narrow leave most in far. Once as many keys have
	// passed through near as are held, it starts anew (O(n log n), so O(log
	// n) a key at most).
	if l.moved >= n && (l.wide || len(l.far.keys) > n/2) {
		l.stop()
		l.start()
		if len(l.near.keys) > 0 || !l.on {
			return l.near.top()
		}
	}
	for len(l.near.keys) == 0 && (l.inRing > 0 || len(l.far.keys) > 0) {
		if l.inRing == 0 { // nothing within reach: on to far's first bucket
			l.cur = int64(l.far.keys[0].at)>>l.shift - 1
			l.pullFar()
		}
		l.cur++
		if ks := l.ring[l.cur&l.mask]; len(ks) > 0 {
			// near is empty: it takes the bucket's array, and the bucket
			// near's, instead of a copy of the keys.
			l.near.keys, l.ring[l.cur&l.mask] = ks, l.near.keys[:0]
			l.inRing -= len(ks)
			l.moved += len(ks)
			l.wide = l.wide || len(ks) > 8*ladderPer
			l.near.heapify()
			l.fresh = true
		}
		l.pullFar()
	}
	return l.near.top()
}

// flush puts the staged keys into their buckets: in a loop of its own,
// the cache misses of the buckets' ends overlap, where each push's waited
// on the last.
func (l *ladder) flush() {
	for _, k := range l.staged {
		i := (int64(k.at) >> l.shift) & l.mask
		l.ring[i] = append(l.ring[i], k)
	}
	l.staged = l.staged[:0]
}

// pullFar moves far's keys that the ring now reaches into it.
func (l *ladder) pullFar() {
	for len(l.far.keys) > 0 {
		b := int64(l.far.keys[0].at) >> l.shift
		if b-l.cur > int64(len(l.ring)) {
			return
		}
		k := l.far.take()
		i := b & l.mask
		l.ring[i] = append(l.ring[i], k)
		l.inRing++
	}
}

// start turns the heap into a calendar queue, with buckets as wide as the
// earliest keys are spaced: the keys ahead are usually densest soonest
// (the ends of services drawn from a distribution). Keys at or near
// Forever do not count; if fewer than ladderPer keys are left, it stays a
// heap until it has doubled.
func (l *ladder) start() {
	l.near.fill()
	ks := l.near.keys
	ats := make([]Time, 0, len(ks))
	for i := range ks {
		if at := ks[i].at; at < Forever/2 {
			ats = append(ats, at)
		}
	}
	if len(ats) < ladderPer {
		l.startAt = 2 * len(ks)
		return
	}
	slices.Sort(ats)
	lo, hi := ats[0], ats[len(ats)*19/20]
	front := 8 * ladderPer
	width := max(1, int64(ats[min(front, len(ats)-1)]-lo)/8)
	l.shift = uint(bits.Len64(uint64(width)) - 1)
	buckets := max(64, 2*(int64(hi-lo)>>l.shift)+2)
	size := 1 << min(bits.Len64(uint64(buckets-1)), bits.Len(ringMax)-1)
	if cap(l.ring) < size {
		l.ring = make([][]key, size)
	}
	l.ring, l.mask = l.ring[:size], int64(size-1)
	l.on, l.cur, l.moved, l.wide = true, int64(lo)>>l.shift, 0, false
	keys := slices.Clone(ks)
	l.near.keys = ks[:0]
	for _, k := range keys {
		l.push(k)
	}
}

// stop turns the calendar queue back into a heap of every key.
func (l *ladder) stop() {
	l.flush()
	l.near.fill()
	for i, ks := range l.ring {
		l.near.keys = append(l.near.keys, ks...)
		l.ring[i] = ks[:0]
	}
	l.near.keys = append(l.near.keys, l.far.keys...)
	l.far.keys = l.far.keys[:0]
	l.inRing, l.on, l.startAt = 0, false, l.onAt
	l.near.heapify()
}

// sort leaves every key in near, in order (a valid heap), and l a heap.
func (l *ladder) sort() {
	if l.on {
		l.stop()
	}
	l.near.sort()
}
