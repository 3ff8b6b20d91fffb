package stats

import "github.com/stampede-sim/stampede/sim"

// Span is when a kind of event first and last happened, and how often:
// the time a limit bound, for a verdict on what limited a run. Its zero
// value is empty and ready.
type Span struct {
	First, Last sim.Time
	N           int64
}

// Add records one event at t; times must not decrease.
func (s *Span) Add(t sim.Time) {
	if s.N == 0 {
		s.First = t
	}
	s.Last = t
	s.N++
}

// Merge adds the events of o, which may overlap s in time.
func (s *Span) Merge(o Span) {
	switch {
	case o.N == 0:
		return
	case s.N == 0:
		*s = o
		return
	}
	s.First, s.Last, s.N = min(s.First, o.First), max(s.Last, o.Last), s.N+o.N
}
