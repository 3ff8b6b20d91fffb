package sim

// Alarm keeps at most one wake-up event on the calendar for a model that
// tracks many deadlines in a queue of its own (idle timeouts, reclaims,
// borrow timeouts) and only needs waking for the earliest. The zero value
// is disarmed.
type Alarm struct {
	at    Time
	armed bool
}

// At reports the time the alarm is set for, and whether it is set.
func (a *Alarm) At() (Time, bool) { return a.at, a.armed }

// Set schedules an event of kind for h at t, unless one at or before t is
// already pending. t = Forever never rings.
func (a *Alarm) Set(s *Sim, t Time, h Handler, kind int32) { a.SetRef(s, t, h, kind, Ref{}) }

// SetRef is Set for a handler that owns several alarms: the event carries
// ref, to say whose.
func (a *Alarm) SetRef(s *Sim, t Time, h Handler, kind int32, ref Ref) {
	if t == Forever || (a.armed && t >= a.at) {
		return
	}
	a.at, a.armed = t, true
	s.Schedule(t, h, kind, ref)
}

// Ring is called when an alarm event is handled: it disarms the alarm if
// this is the pending wake-up (an earlier, superseded event leaves it set).
func (a *Alarm) Ring(now Time) {
	if a.armed && now >= a.at {
		a.armed = false
	}
}
