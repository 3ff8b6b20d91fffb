package sim

import (
	"fmt"
	"math"
	"slices"
)

// Handler receives the events scheduled for it. Models implement it on
// long-lived objects (a function pool, a workload) and switch on Event.Kind.
type Handler interface {
	Handle(s *Sim, ev Event)
}

// Event is one entry of the calendar: when, for which handler, and the
// handler's own payload, Kind (what to do) and Ref (to which entity).
type Event struct {
	At   Time
	H    Handler
	Kind int32
	Ref  Ref
}

// Ref names an entity of a model in an event: its Index in the model's own
// table and, for entities that are recycled, the Gen of that entry when the
// event was scheduled. Events about an entity that is never recycled leave
// Gen zero; events about none carry the zero Ref.
type Ref struct {
	Index int32
	Gen   Gen
}

// Gen is the generation of a recycled entity (an environment, a connection,
// an invocation). A model keeps one per table entry, hands out Refs taken in
// the current generation and calls Next when the entry changes life (it is
// reused, or the activity the events were about ends): events and callbacks
// still carrying the old generation are then stale, and the model drops
// them after checking Live. This replaces cancelling events, which the
// engine does not offer.
type Gen uint32

// Next starts a new generation: every Ref taken before is stale.
func (g *Gen) Next() { *g++ }

// Ref is the reference to entry index in generation g.
func (g Gen) Ref(index int32) Ref { return Ref{Index: index, Gen: g} }

// Live reports whether r was taken in generation g, the entry's current
// one: false means the event or callback carrying r is stale.
func (r Ref) Live(g Gen) bool { return r.Gen == g }

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
	rank      uint32 // next key rank
	heap      []key
	hole      bool // heap[0] was delivered and awaits a replacement (pop)
	slots     []Event
	free      []uint32
	processed uint64
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

// Schedule puts an event of kind about ref for h at time at. Scheduling in
// the past (at < Now) is a programming error in the model: it panics.
func (s *Sim) Schedule(at Time, h Handler, kind int32, ref Ref) {
	if at < s.now {
		past(at, s.now)
	}
	if s.rank == math.MaxUint32 {
		s.renumber()
	}
	var slot uint32
	if n := len(s.free); n > 0 {
		slot = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		slot = uint32(len(s.slots))
		s.slots = append(s.slots, Event{})
	}
	p := &s.slots[slot]
	p.At, p.H, p.Kind, p.Ref = at, h, kind, ref
	k := key{at: at, rank: s.rank, slot: slot}
	s.rank++
	if s.hole {
		s.hole = false
		s.down(k)
	} else {
		s.heap = append(s.heap, k)
		s.up(len(s.heap) - 1)
	}
}

// past reports a schedule before Now, out of Schedule's way.
func past(at, now Time) {
	panic(fmt.Sprintf("sim: event scheduled in the past, at %d ns (%v) before Now %d ns (%v)", int64(at), at, int64(now), now))
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

// After schedules an event d from now (d >= 0); a delay that would
// overflow the clock lands at Forever.
func (s *Sim) After(d Time, h Handler, kind int32, ref Ref) {
	at := s.now + d
	if d > 0 && at < s.now {
		at = Forever
	}
	s.Schedule(at, h, kind, ref)
}

// RunUntil delivers events in (time, scheduling order) while the next one is
// at or before horizon, then sets the clock to horizon (unless horizon is
// Forever). It reports whether any events remain.
func (s *Sim) RunUntil(horizon Time) bool {
	s.RunFor(horizon, math.MaxInt)
	return len(s.heap) > 0
}

// RunFor is RunUntil in slices: it delivers at most n events, and reports
// whether it reached horizon (only then is the clock set to it). A caller
// that must react between events, to a cancellation say, loops on it.
func (s *Sim) RunFor(horizon Time, n int) bool {
	for ; n > 0; n-- {
		s.fill()
		if len(s.heap) == 0 || s.heap[0].at > horizon {
			break
		}
		s.deliver(s.pop())
	}
	if n == 0 {
		s.fill()
		if len(s.heap) > 0 && s.heap[0].at <= horizon {
			return false
		}
	}
	if horizon != Forever && s.now < horizon {
		s.now = horizon
	}
	return true
}

// Step delivers the next event, if any, and reports whether it did.
func (s *Sim) Step() bool {
	s.fill()
	if len(s.heap) == 0 {
		return false
	}
	s.deliver(s.pop())
	return true
}

// deliver frees the slot and hands its event to its handler. The slot may
// be reused by the handler's own schedules: the event is copied into the
// call's arguments before the handler runs. The slot keeps its Handler until
// reused: handlers live as long as the run, and clearing it would cost a
// write barrier per event.
func (s *Sim) deliver(slot uint32) {
	ev := &s.slots[slot]
	s.free = append(s.free, slot)
	s.now = ev.At
	s.processed++
	ev.H.Handle(s, *ev)
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
