package models

import (
	"container/heap"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/slab"
)

// The async reader's waiting line: events whose backoff is over, waiting
// for a read, oldest first arrival first. It holds each event exactly (its
// request record, in dueHeap) until sim.CompactAfter of them wait; past
// that, an event gives its record back and joins a dueRun of events that
// share everything Lambda keeps of them but their ages (issue 11). A flood
// of async events into a throttled function then needs memory that follows
// its runs, not its events, however long it waits.

// waiter is an event leaving the line: its request record, or -1 when it
// comes out of a run and needs a new one made from the rest.
type waiter struct {
	i       int32
	first   sim.Time // first arrival
	entered sim.Time // when it went back to the queue
	class   waitClass
}

// waitClass is what an async event carries besides its age.
type waitClass struct {
	workload, attempts, throttle int32
	counted                      bool
}

// dueRun is n waiting events of one class whose first arrivals lie in one
// slot of 2^shift ns; the k-th taken is given sim.Spread(lo, hi, k, n),
// off by at most the slot, which is at most the line's oldest age ÷
// sim.AgeResolution when the run opens. entered is the earliest of their
// returns to the queue. A run takes no more events once one is taken.
type dueRun struct {
	lo, hi, entered sim.Time
	n, taken        int32
	class           waitClass
	shift           uint8
	pos             int32 // in runLine.order
}

func (r *dueRun) next() sim.Time { return sim.Spread(r.lo, r.hi, r.taken, r.n) }

// runKey names the run an event may join: its class and its first
// arrival's slot. Slots are powers of two of nanoseconds, so events due in
// any order (backoff jitter reorders them) find their run.
type runKey struct {
	class waitClass
	shift uint8
	slot  sim.Time
}

func (r *dueRun) key() runKey { return runKey{r.class, r.shift, r.lo >> r.shift} }

// runLine holds the runs in a slab (stable indices), a heap of their
// indices ordered by their next event's first arrival, and the runs still
// open to joining by key.
type runLine struct {
	runs  []dueRun
	free  []int32
	order []int32
	open  map[runKey]int32
}

func (h *runLine) Len() int           { return len(h.order) }
func (h *runLine) Less(a, b int) bool { return h.runs[h.order[a]].next() < h.runs[h.order[b]].next() }
func (h *runLine) Swap(a, b int) {
	h.order[a], h.order[b] = h.order[b], h.order[a]
	h.runs[h.order[a]].pos, h.runs[h.order[b]].pos = int32(a), int32(b)
}
func (h *runLine) Push(x any) {
	i := x.(int32)
	h.runs[i].pos = int32(len(h.order))
	h.order = append(h.order, i)
}
func (h *runLine) Pop() any {
	n := len(h.order) - 1
	x := h.order[n]
	h.order = h.order[:n]
	return x
}

// front is the run the line gives from next (Len > 0).
func (h *runLine) front() *dueRun { return &h.runs[h.order[0]] }

// waitingN is the number of events in the line.
func (q *asyncQueue) waitingN() int { return q.waiting.Len() + q.inRuns }

// wait puts event w in the line. It reports whether the line kept its
// record; if not, the event is in a run and the caller frees the record.
func (q *asyncQueue) wait(now sim.Time, w waiter) bool {
	if q.waiting.Len() < sim.CompactAfter {
		heap.Push(&q.waiting, due{w.first, w.i})
		return true
	}
	q.inRuns++
	old, _ := q.oldest()
	shift := uint8(0)
	for tol := (now - old) / sim.AgeResolution; tol > 1; tol >>= 1 {
		shift++
	}
	h := &q.runs
	if h.open == nil {
		h.open = map[runKey]int32{}
	}
	k := runKey{w.class, shift, w.first >> shift}
	if i, ok := h.open[k]; ok {
		r := &h.runs[i]
		r.lo, r.hi, r.n = min(r.lo, w.first), max(r.hi, w.first), r.n+1
		r.entered = min(r.entered, w.entered)
		heap.Fix(h, int(r.pos))
		return false
	}
	i := slab.Alloc(&h.runs, &h.free)
	h.runs[i] = dueRun{lo: w.first, hi: w.first, entered: w.entered, n: 1, class: w.class, shift: shift}
	h.open[k] = i
	heap.Push(h, i)
	return false
}

// oldest is the first arrival of the event the line gives next; false when
// it is empty.
func (q *asyncQueue) oldest() (sim.Time, bool) {
	switch {
	case q.exactFirst():
		return q.waiting[0].first, true
	case q.runs.Len() > 0:
		return q.runs.front().next(), true
	}
	return 0, false
}

// exactFirst reports whether the line's next event is an exact one (ties
// go to the exact entries).
func (q *asyncQueue) exactFirst() bool {
	return q.waiting.Len() > 0 && (q.runs.Len() == 0 || q.waiting[0].first <= q.runs.front().next())
}

// take removes the event oldest() names. An exact one comes back with its
// record alone (the caller's record has the rest).
func (q *asyncQueue) take() waiter {
	if q.exactFirst() {
		e := heap.Pop(&q.waiting).(due)
		return waiter{i: e.i, first: e.first}
	}
	h := &q.runs
	r := h.front()
	w := waiter{i: -1, first: r.next(), entered: r.entered, class: r.class}
	q.inRuns--
	if r.taken == 0 {
		delete(h.open, r.key())
	}
	if r.taken++; r.taken == r.n {
		h.free = append(h.free, heap.Pop(h).(int32))
	} else {
		heap.Fix(h, 0)
	}
	return w
}
