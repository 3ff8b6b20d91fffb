package sim_test

import (
	"slices"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// alarmed rings its alarm on every event and records when it woke.
type alarmed struct {
	a     sim.Alarm
	woken []sim.Time
	then  func(s *sim.Sim) // runs after each wake-up
}

func (x *alarmed) Handle(s *sim.Sim, ev sim.Event) {
	x.a.Ring(s.Now())
	x.woken = append(x.woken, s.Now())
	if x.then != nil {
		x.then(s)
	}
}

func TestAlarm(t *testing.T) {
	for _, tc := range []struct {
		name string
		sets []sim.Time
		want []sim.Time // deliveries, superseded ones included
	}{
		// Later deadlines while one is pending schedule nothing more.
		{"later ignored", []sim.Time{10, 20, 30}, []sim.Time{10}},
		// An earlier deadline schedules again; the superseded event still arrives.
		{"earlier rescheduled", []sim.Time{30, 10}, []sim.Time{10, 30}},
		// Forever never rings.
		{"forever", []sim.Time{sim.Forever}, nil},
	} {
		s := sim.New()
		x := &alarmed{}
		for _, at := range tc.sets {
			x.a.Set(s, at, x, 0)
		}
		s.RunUntil(sim.Forever)
		if !slices.Equal(x.woken, tc.want) {
			t.Errorf("%s: woken at %v, want %v", tc.name, x.woken, tc.want)
		}
	}
	// After it rings, a later deadline schedules again; a superseded event
	// arriving while a later alarm is pending does not disarm it.
	s := sim.New()
	x := &alarmed{}
	x.then = func(s *sim.Sim) {
		if s.Now() == 10 {
			x.a.Set(s, 40, x, 0)
		}
	}
	x.a.Set(s, 30, x, 0)
	x.a.Set(s, 10, x, 0)
	s.RunUntil(sim.Forever)
	if want := []sim.Time{10, 30, 40}; !slices.Equal(x.woken, want) {
		t.Errorf("woken at %v, want %v", x.woken, want)
	}
}
