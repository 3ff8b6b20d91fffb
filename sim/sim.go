package sim

import (
	"fmt"
	"math"
	"unsafe"
)

// Handler receives the events scheduled for it. Models implement it on
// long-lived objects (a function pool, a workload) and switch on Event.Kind.
type Handler interface {
	Handle(s *Sim, ev Event)
}

// Event is what a handler receives of one of its events: its own payload,
// Kind (what to do) and Ref (to which entity). The time is Now. Twelve
// bytes, it is passed in registers; with the time and the handler in it,
// every delivery copied it through memory (issue 12).
type Event struct {
	Kind int32
	Ref  Ref
}

// slot is where a pending event waits: its handler and payload. Its time
// is in its calendar key.
type slot struct {
	h  Handler
	ev Event
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
// The calendar holds 16-byte keys (time, rank, slot) in binary heaps; the
// events themselves stay put in slots, reused through a free list. Sifting
// small pointer-free keys is what makes the engine run at hand-loop speed
// (bench/README.md). rank orders simultaneous events by scheduling order; it
// is 32 bits, so once every 2³² schedules the pending keys are renumbered in
// calendar order (renumber), which leaves that order unchanged.
//
// There are two calendars, main and sources, and the next event is the
// least key of their two roots: ranks are shared, so the order is exactly
// that of one heap. Sources (ScheduleSource) are processes with one pending
// event that reschedule themselves as it fires, such as arrivals: kept
// apart, a request's arrival does not sift through the many later
// completions (issue 12). Each calendar is a heap while it holds up to
// 4,096 keys and a calendar queue past that (ladder), which announces each
// bucket of events to their handlers before delivering them (Prefetcher).
type Sim struct {
	now       Time
	rank      uint32 // next key rank
	main      ladder
	sources   ladder
	slots     []slot
	free      []uint32
	processed uint64
	// prefetch's scratch: the events of the keys announced, and where
	// each run of one handler's starts.
	pevs  []Event
	pruns []int32
}

// New returns an empty simulation at time zero.
func New() *Sim {
	return &Sim{main: newLadder(), sources: newLadder(), slots: make([]slot, 0, 1024), free: make([]uint32, 0, 1024)}
}

// key is a calendar entry.
type key struct {
	at   Time
	rank uint32
	slot uint32
}

// SetCalendarQueueAt sets the number of pending events (ladderOn, 4,096,
// by default) past which each of the two calendars becomes a calendar
// queue (ladder), until it holds a quarter as many. Results never depend
// on it, only speed: it is there for tests and measurements. Call it
// before scheduling.
func (s *Sim) SetCalendarQueueAt(n int) {
	for _, l := range []*ladder{&s.main, &s.sources} {
		l.onAt, l.startAt = n, n
	}
}

// Now is the current simulated time.
func (s *Sim) Now() Time { return s.now }

// Processed counts the events delivered so far.
func (s *Sim) Processed() uint64 { return s.processed }

// Schedule puts an event of kind about ref for h at time at. Scheduling in
// the past (at < Now) is a programming error in the model: it panics.
func (s *Sim) Schedule(at Time, h Handler, kind int32, ref Ref) { s.add(&s.main, at, h, kind, ref) }

// ScheduleSource is Schedule for the one pending event of a source that
// schedules its next event as each fires (an arrival process): such events
// wait in a calendar of their own, as large as the number of sources, so
// they cost no sift through the other pending events. Delivery order is the
// same as Schedule's.
func (s *Sim) ScheduleSource(at Time, h Handler, kind int32, ref Ref) {
	s.add(&s.sources, at, h, kind, ref)
}

// add stores the event in a slot and its key in calendar l. What is rare
// (a time in the past, ranks run out, no free slot) is in addSlow, and a
// calendar queue's push out of line, so that the common case, a key
// filling the hole a delivery left in a heap, makes one call, the sift
// (issue 12).
func (s *Sim) add(l *ladder, at Time, h Handler, kind int32, ref Ref) {
	n := len(s.free)
	if at < s.now || s.rank == math.MaxUint32 || n == 0 {
		s.addSlow(l, at, h, kind, ref)
		return
	}
	slot := s.free[n-1]
	s.free = s.free[:n-1]
	p := &s.slots[slot]
	p.h, p.ev = h, Event{Kind: kind, Ref: ref}
	k := key{at: at, rank: s.rank, slot: slot}
	s.rank++
	switch hp := &l.near; {
	case !l.direct():
		l.push(k)
	case hp.hole: // heap.push's common case
		hp.hole = false
		siftDown(hp.keys, 0, k)
	default:
		hp.push(k)
	}
}

// addSlow is add's rare path: it deals with what add would not, then does
// what add does.
//
//go:noinline
func (s *Sim) addSlow(l *ladder, at Time, h Handler, kind int32, ref Ref) {
	if at < s.now {
		past(at, s.now)
	}
	if s.rank == math.MaxUint32 {
		s.renumber()
	}
	if len(s.free) == 0 {
		s.free = append(s.free, uint32(len(s.slots)))
		s.slots = append(s.slots, slot{})
	}
	s.add(l, at, h, kind, ref)
}

// Prefetcher is implemented by a Handler that wants to hear of its events
// shortly before they are delivered, to read ahead the records they will
// read. With thousands of events pending, each event's records are out of
// cache when it comes due; a calendar queue knows its next bucket of events
// (ladder), and reading their records in loops lets the misses overlap,
// where one event at a time waits for each in turn (issue 12).
//
// Prefetch is called with the events of each run of keys that share the
// handler, consecutive in the bucket's heap (not in delivery order), at
// depth 0; then with each run again at depth 1, when a handler reads what
// the records read at depth 0 point to (an invocation's request, say). A
// run at a time, a handler reads in a loop of its own, with nothing
// between the loads: with a call an event, the calls' own instructions
// filled the processor's window and few misses overlapped (issue 12).
// Prefetch must change nothing a model computes.
type Prefetcher interface {
	Prefetch(evs []Event, depth int)
}

// refill refills l's near and tells the handlers of its events.
func (s *Sim) refill(l *ladder) *key {
	k := l.refill()
	if l.fresh {
		l.fresh = false
		s.prefetch(l.near.keys)
	}
	return k
}

// prefetch tells the handlers of the events of keys, the next to come,
// that they are near: first it copies the events out of their slots, in a
// loop of independent loads that overlap, and marks where the handler
// changes (same); then it calls each run's handler, twice.
func (s *Sim) prefetch(keys []key) {
	evs, runs := s.pevs[:0], s.pruns[:0]
	var last Handler
	for i := range keys {
		sl := &s.slots[keys[i].slot]
		evs = append(evs, sl.ev)
		if i == 0 || !same(sl.h, last) {
			runs = append(runs, int32(i))
			last = sl.h
		}
	}
	runs = append(runs, int32(len(keys)))
	s.pevs, s.pruns = evs, runs
	for depth := range 2 {
		for r := 0; r+1 < len(runs); r++ {
			a, b := runs[r], runs[r+1]
			if p, ok := s.slots[keys[a].slot].h.(Prefetcher); ok {
				p.Prefetch(evs[a:b], depth)
			}
		}
	}
}

// same reports whether a and b are the same handler by comparing their
// two words, the dynamic type and the value, where == calls the runtime
// for two handlers of one type: a call a key prefetch announced (issue 12:
// 3% of the time with 10,000 environments busy). Equal words are the same
// handler. Two boxes of one value of a non-pointer type compare unequal,
// which only splits a run of announcements in two.
func same(a, b Handler) bool {
	wa, wb := (*[2]unsafe.Pointer)(unsafe.Pointer(&a)), (*[2]unsafe.Pointer)(unsafe.Pointer(&b))
	return wa[0] == wb[0] && wa[1] == wb[1]
}

// past reports a schedule before Now, out of Schedule's way.
func past(at, now Time) {
	panic(fmt.Sprintf("sim: event scheduled in the past, at %d ns (%v) before Now %d ns (%v)", int64(at), at, int64(now), now))
}

// renumber gives the pending keys ranks 0, 1, … in calendar order, across
// both heaps. A sorted array is a valid heap, and the order between any two
// keys is unchanged.
func (s *Sim) renumber() {
	s.main.sort()
	s.sources.sort()
	m, o := s.main.near.keys, s.sources.near.keys
	r := uint32(0)
	for len(m) > 0 || len(o) > 0 {
		if len(o) == 0 || (len(m) > 0 && less(m[0], o[0])) {
			m[0].rank, m = r, m[1:]
		} else {
			o[0].rank, o = r, o[1:]
		}
		r++
	}
	s.rank = r
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
	return s.main.pending() || s.sources.pending()
}

// RunFor is RunUntil in slices: it delivers at most n events (none for
// n ≤ 0), and reports whether it reached horizon (only then is the clock
// set to it). A caller that must react between events, to a cancellation
// say, loops on it.
//
// The loop is the engine's only delivery: finding the next event, taking
// it off its calendar and handing it over are written out in it, which
// saves three calls an event (issue 12). The next event is the lesser of
// the two calendars' least keys; a calendar queue whose near heap is empty
// refills it first, and announces its events (Prefetcher). A delivered
// slot is free again at once: the handler's own schedules may reuse it, so
// the event is copied into the call's arguments first. The slot keeps its
// Handler until reused: handlers live as long as the run, and clearing it
// would cost a write barrier an event.
func (s *Sim) RunFor(horizon Time, n int) bool {
	n = max(n, 0)
	for ; ; n-- {
		h, k := &s.main.near, s.main.near.top()
		o := s.sources.near.top()
		if k == nil && s.main.on {
			k = s.refill(&s.main)
		}
		if o == nil && s.sources.on {
			o = s.refill(&s.sources)
		}
		if o != nil && (k == nil || less(*o, *k)) {
			h, k = &s.sources.near, o
		}
		if k == nil || k.at > horizon {
			break
		}
		if n == 0 {
			return false // events remain before horizon
		}
		h.fill() // k moves to the root
		h.hole = true
		k = &h.keys[0]
		p := &s.slots[k.slot]
		s.free = append(s.free, k.slot)
		s.now = k.at
		s.processed++
		p.h.Handle(s, p.ev)
	}
	if horizon != Forever && s.now < horizon {
		s.now = horizon
	}
	return true
}

// Step delivers the next event, if any, and reports whether it did.
func (s *Sim) Step() bool {
	before := s.processed
	s.RunFor(Forever, 1)
	return s.processed != before
}

// less orders keys by time, then rank. Keys are compared by value, 16
// bytes in registers: a sift that compared through &k kept the key it
// places on the stack, written as three stores and read back, for the
// final store, as two loads, one spanning two of the stores, which the
// processor cannot forward and waits out (issue 12).
func less(a, b key) bool {
	return a.at < b.at || (a.at == b.at && a.rank < b.rank)
}
