package sim

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
type Sim struct {
	now       Time
	seq       uint64
	heap      []Event
	cancelled map[uint64]struct{}
	processed uint64
	stopped   bool
}

// New returns an empty simulation at time zero.
func New() *Sim { return &Sim{heap: make([]Event, 0, 1024)} }

// Now is the current simulated time.
func (s *Sim) Now() Time { return s.now }

// Processed counts the events delivered so far.
func (s *Sim) Processed() uint64 { return s.processed }

// Pending counts events still on the calendar (cancelled ones included
// until they surface).
func (s *Sim) Pending() int { return len(s.heap) }

// Schedule puts an event for h at time at (never before Now) and returns its id.
func (s *Sim) Schedule(at Time, h Handler, kind int32, a int32, b int64) EventID {
	if at < s.now {
		at = s.now
	}
	s.seq++
	s.heap = append(s.heap, Event{At: at, seq: s.seq, H: h, Kind: kind, A: a, B: b})
	s.up(len(s.heap) - 1)
	return EventID(s.seq)
}

// After schedules an event d from now.
func (s *Sim) After(d Time, h Handler, kind int32, a int32, b int64) EventID {
	return s.Schedule(s.now+d, h, kind, a, b)
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
	for len(s.heap) > 0 && !s.stopped {
		if s.heap[0].At > horizon {
			break
		}
		ev := s.pop()
		if len(s.cancelled) > 0 {
			if _, ok := s.cancelled[ev.seq]; ok {
				delete(s.cancelled, ev.seq)
				continue
			}
		}
		s.now = ev.At
		s.processed++
		ev.H.Handle(s, ev)
	}
	if !s.stopped && horizon != Forever && s.now < horizon {
		s.now = horizon
	}
	return len(s.heap) > 0
}

// Step delivers the next event, if any, and reports whether it did.
func (s *Sim) Step() bool {
	for len(s.heap) > 0 {
		ev := s.pop()
		if len(s.cancelled) > 0 {
			if _, ok := s.cancelled[ev.seq]; ok {
				delete(s.cancelled, ev.seq)
				continue
			}
		}
		s.now = ev.At
		s.processed++
		ev.H.Handle(s, ev)
		return true
	}
	return false
}

// NextAt is the time of the next event, or Forever when there is none.
func (s *Sim) NextAt() Time {
	if len(s.heap) == 0 {
		return Forever
	}
	return s.heap[0].At
}

func less(a, b *Event) bool {
	return a.At < b.At || (a.At == b.At && a.seq < b.seq)
}

func (s *Sim) up(i int) {
	h := s.heap
	ev := h[i]
	for i > 0 {
		p := (i - 1) / 2
		if !less(&ev, &h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = ev
}

func (s *Sim) pop() Event {
	h := s.heap
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h[n] = Event{} // drop the Handler reference
	s.heap = h[:n]
	if n > 0 {
		s.down(last)
	}
	return top
}

// down places ev, which replaces the root, at its position.
func (s *Sim) down(ev Event) {
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
		if !less(&h[c], &ev) {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = ev
}
