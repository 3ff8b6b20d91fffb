package sim

import (
	"math"
	"slices"
)

// Handler receives the events scheduled for it. Models implement it on
// long-lived objects (a function pool, a workload) and switch on Event.Kind.
type Handler interface {
	Handle(s *Sim, ev Event)
}

// Event is one entry of the calendar. Kind, A and B are the handler's own:
// typically what to do and to which entity (an index and a generation).
type Event struct {
	At   Time
	seq  uint64
	H    Handler
	Kind int32
	A    int32
	B    int64
}

// EventID identifies a scheduled event for Cancel.
type EventID uint64

// Sim owns the clock and the calendar of one simulation run.
//
// The calendar is a binary heap of 16-byte keys (time, rank, slot); the
// events themselves stay put in slots, reused through a free list. Sifting
// small pointer-free keys is what makes the engine run at hand-loop speed
// (bench/README.md). rank orders simultaneous events by scheduling order; it
// is 32 bits, so once every 2³² schedules the pending keys are renumbered in
// calendar order (renumber), which leaves that order unchanged.
type Sim struct {
	now       Time
	seq       uint64 // events ever scheduled: EventIDs
	rank      uint32 // next key rank
	heap      []key
	hole      bool // heap[0] was delivered and awaits a replacement (pop)
	slots     []Event
	free      []uint32
	cancelled map[uint64]struct{}
	processed uint64
	stopped   bool
}

// New returns an empty simulation at time zero.
func New() *Sim {
	return &Sim{heap: make([]key, 0, 1024), slots: make([]Event, 0, 1024), free: make([]uint32, 0, 1024)}
}

// key is a calendar entry.
type key struct {
	at   Time
	rank uint32
	slot uint32
}

// Now is the current simulated time.
func (s *Sim) Now() Time { return s.now }

// Processed counts the events delivered so far.
func (s *Sim) Processed() uint64 { return s.processed }

// Pending counts events still on the calendar (cancelled ones included
// until they surface).
func (s *Sim) Pending() int {
	s.fill()
	return len(s.heap)
}

// Schedule puts an event for h at time at (never before Now) and returns its id.
func (s *Sim) Schedule(at Time, h Handler, kind int32, a int32, b int64) EventID {
	if at < s.now {
		at = s.now
	}
	if s.rank == math.MaxUint32 {
		s.renumber()
	}
	s.seq++
	var slot uint32
	if n := len(s.free); n > 0 {
		slot = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		slot = uint32(len(s.slots))
		s.slots = append(s.slots, Event{})
	}
	p := &s.slots[slot]
	p.At, p.seq, p.H, p.Kind, p.A, p.B = at, s.seq, h, kind, a, b
	k := key{at: at, rank: s.rank, slot: slot}
	s.rank++
	if s.hole {
		s.hole = false
		s.down(k)
	} else {
		s.heap = append(s.heap, k)
		s.up(len(s.heap) - 1)
	}
	return EventID(s.seq)
}

// renumber gives the pending keys ranks 0, 1, … in calendar order. A sorted
// array is a valid heap, and the order between any two keys is unchanged.
func (s *Sim) renumber() {
	s.fill()
	slices.SortFunc(s.heap, func(a, b key) int {
		if less(&a, &b) {
			return -1
		}
		return 1
	})
	for i := range s.heap {
		s.heap[i].rank = uint32(i)
	}
	s.rank = uint32(len(s.heap))
}

// After schedules an event d from now; a delay that would overflow the clock
// lands at Forever.
func (s *Sim) After(d Time, h Handler, kind int32, a int32, b int64) EventID {
	at := s.now + d
	if d > 0 && at < s.now {
		at = Forever
	}
	return s.Schedule(at, h, kind, a, b)
}

// Cancel drops a scheduled event; it is discarded when it reaches the top of
// the calendar. Cancelling an event that already ran is harmless but leaks
// one map entry, so models prefer generation counters for frequent cases.
func (s *Sim) Cancel(id EventID) {
	if s.cancelled == nil {
		s.cancelled = make(map[uint64]struct{})
	}
	s.cancelled[uint64(id)] = struct{}{}
}

// Stop makes the current RunUntil return after the event being handled.
func (s *Sim) Stop() { s.stopped = true }

// RunUntil delivers events in (time, sequence) order while the next one is at
// or before horizon, then sets the clock to horizon (unless stopped earlier
// or horizon is Forever). It reports whether any events remain.
func (s *Sim) RunUntil(horizon Time) bool {
	s.stopped = false
	for !s.stopped {
		s.fill()
		if len(s.heap) == 0 || s.heap[0].at > horizon {
			break
		}
		s.deliver(s.pop())
	}
	if !s.stopped && horizon != Forever && s.now < horizon {
		s.now = horizon
	}
	s.fill()
	return len(s.heap) > 0
}

// Step delivers the next event, if any, and reports whether it did.
func (s *Sim) Step() bool {
	for {
		s.fill()
		if len(s.heap) == 0 {
			return false
		}
		if s.deliver(s.pop()) {
			return true
		}
	}
}

// deliver frees the slot and hands its event to its handler, unless it was
// cancelled. The slot may be reused by the handler's own schedules: the event
// is copied into the call's arguments before the handler runs. The slot
// keeps its Handler until reused: handlers live as long as the run, and
// clearing it would cost a write barrier per event.
func (s *Sim) deliver(slot uint32) bool {
	ev := &s.slots[slot]
	s.free = append(s.free, slot)
	if len(s.cancelled) > 0 {
		if _, ok := s.cancelled[ev.seq]; ok {
			delete(s.cancelled, ev.seq)
			return false
		}
	}
	s.now = ev.At
	s.processed++
	ev.H.Handle(s, *ev)
	return true
}

// NextAt is the time of the next event, or Forever when there is none.
func (s *Sim) NextAt() Time {
	s.fill()
	if len(s.heap) == 0 {
		return Forever
	}
	return s.heap[0].at
}

func less(a, b *key) bool {
	return a.at < b.at || (a.at == b.at && a.rank < b.rank)
}

func (s *Sim) up(i int) {
	h := s.heap
	k := h[i]
	for i > 0 {
		p := (i - 1) / 2
		if !less(&k, &h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = k
}

// pop takes the next key off the calendar and returns its slot. It leaves
// a hole at the root rather than sifting the last key down at once: most
// handlers schedule an event, which then fills the hole with one sift-down
// (Schedule), saving the sift-up of an append. fill closes a hole nobody
// filled; every read of the heap calls it first. Delivery order depends only
// on the keys, so the trick changes no result.
func (s *Sim) pop() uint32 {
	s.hole = true
	return s.heap[0].slot
}

// fill closes the hole pop left, if no Schedule has filled it.
func (s *Sim) fill() {
	if !s.hole {
		return
	}
	s.hole = false
	n := len(s.heap) - 1
	last := s.heap[n]
	s.heap = s.heap[:n]
	if n > 0 {
		s.down(last)
	}
}

// down places k, which replaces the root, at its position.
func (s *Sim) down(k key) {
	h := s.heap
	n := len(h)
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && less(&h[r], &h[c]) {
			c = r
		}
		if !less(&h[c], &k) {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = k
}
