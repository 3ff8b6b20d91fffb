package lambda

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/ring"
)

// timeouts holds the function timeouts of warm invocations with downstream
// calls (issue 12). All of them are the start plus the same timeout, so
// they come due in the order they were set: a FIFO with one sim.Alarm,
// rather than a calendar event per invocation that nearly never fires.
// Invocations that ended are dropped from the front when the alarm is
// re-armed, so it rings about once per timeout span, not per invocation.
// Cold invocations, whose timeouts count from the end of a random init,
// keep their own calendar event.
type timeouts struct {
	q     ring.Ring[timeout]
	alarm sim.Alarm
}

// timeout is environment i's invocation of generation gen, cut at at.
type timeout struct {
	at  sim.Time
	i   int32
	gen sim.Gen
}

// live reports whether t's invocation is still waiting on its calls.
func (f *Function) live(t timeout) bool {
	e := &f.envs[t.i]
	return e.gen == t.gen && e.phase == phaseDownstream
}

// addTimeout queues a warm invocation's timeout (at ≥ every queued one).
func (f *Function) addTimeout(s *sim.Sim, i int32) {
	e := &f.envs[i]
	f.timeouts.q.Push(timeout{at: e.timeoutAt, i: i, gen: e.gen})
	f.armTimeouts(s)
}

// timeoutsDue handles the alarm: the invocations whose timeout has come
// and that still wait on their calls are cut.
func (f *Function) timeoutsDue(s *sim.Sim) {
	now := s.Now()
	f.timeouts.alarm.Ring(now)
	q := &f.timeouts.q
	for q.Len() > 0 && q.Front().at <= now {
		t := q.Pop()
		if f.live(t) {
			f.cut(s, t.i)
		}
	}
	f.armTimeouts(s)
}

// armTimeouts drops ended invocations from the front and sets the alarm
// for the first one still running.
func (f *Function) armTimeouts(s *sim.Sim) {
	q := &f.timeouts.q
	for q.Len() > 0 && !f.live(*q.Front()) {
		q.Pop()
	}
	if q.Len() > 0 {
		f.timeouts.alarm.Set(s, q.Front().at, f, evTimeouts)
	}
}
