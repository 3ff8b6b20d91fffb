package sim_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// delivery is what a recorder saw of one event.
type delivery struct {
	At   sim.Time
	Kind int32
	A    int32
	B    int64
}

// recorder logs every event it receives and runs an optional hook, so tests
// can schedule, cancel or stop from inside a handler.
type recorder struct {
	got  []delivery
	hook func(s *sim.Sim, ev sim.Event)
}

func (r *recorder) Handle(s *sim.Sim, ev sim.Event) {
	r.got = append(r.got, delivery{ev.At, ev.Kind, ev.A, ev.B})
	if r.hook != nil {
		r.hook(s, ev)
	}
}

// kinds lists the Kind of each delivery, the usual identity in these tests.
func kinds(ds []delivery) []int32 {
	out := make([]int32, len(ds))
	for i, d := range ds {
		out[i] = d.Kind
	}
	return out
}

// at is one event to schedule: time and kind (kind doubles as identity).
type at struct {
	t    sim.Time
	kind int32
}

func TestOrdering(t *testing.T) {
	tests := []struct {
		name   string
		events []at
		want   []int32
	}{
		// Out-of-order schedules come out sorted by time.
		{"by time", []at{{30, 3}, {10, 1}, {20, 2}}, []int32{1, 2, 3}},
		// Simultaneous events keep the order they were scheduled in.
		{"ties in scheduling order", []at{{5, 1}, {5, 2}, {5, 3}, {5, 4}}, []int32{1, 2, 3, 4}},
		// Time dominates sequence: a later-scheduled earlier event goes first.
		{"time before sequence", []at{{7, 1}, {7, 2}, {3, 3}, {7, 4}, {3, 5}}, []int32{3, 5, 1, 2, 4}},
		// Time zero is a valid time and ties there too.
		{"at zero", []at{{0, 1}, {0, 2}}, []int32{1, 2}},
		// Nothing scheduled: nothing delivered.
		{"empty", nil, []int32{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, r := sim.New(), &recorder{}
			for _, e := range tc.events {
				s.Schedule(e.t, r, e.kind, 0, 0)
			}
			s.RunUntil(sim.Forever)
			if got := kinds(r.got); !slices.Equal(got, tc.want) {
				t.Fatalf("order %v, want %v", got, tc.want)
			}
			if s.Processed() != uint64(len(tc.want)) {
				t.Fatalf("Processed %d, want %d", s.Processed(), len(tc.want))
			}
		})
	}
}

// An event scheduled at Now by a handler runs after the events that were
// already waiting at Now: it gets a later sequence number.
func TestScheduleAtNowRunsAfterPending(t *testing.T) {
	s := sim.New()
	r := &recorder{}
	r.hook = func(s *sim.Sim, ev sim.Event) {
		if ev.Kind == 1 {
			s.After(0, r, 9, 0, 0)
			s.Schedule(s.Now()-5, r, 8, 0, 0) // the past is clamped to Now
		}
	}
	s.Schedule(10, r, 1, 0, 0)
	s.Schedule(10, r, 2, 0, 0)
	s.Schedule(10, r, 3, 0, 0)
	s.Schedule(11, r, 4, 0, 0)
	s.RunUntil(sim.Forever)
	if got, want := kinds(r.got), []int32{1, 2, 3, 9, 8, 4}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	for _, d := range r.got[:5] {
		if d.At != 10 {
			t.Fatalf("event %d at %d, want 10", d.Kind, d.At)
		}
	}
}

// Handler fields A and B travel with the event unchanged.
func TestPayload(t *testing.T) {
	s, r := sim.New(), &recorder{}
	s.Schedule(1, r, 7, -3, 1<<40)
	s.RunUntil(sim.Forever)
	if want := (delivery{1, 7, -3, 1 << 40}); len(r.got) != 1 || r.got[0] != want {
		t.Fatalf("got %+v, want %+v", r.got, want)
	}
}

func TestCancel(t *testing.T) {
	tests := []struct {
		name   string
		events []at
		cancel []int // indexes into events
		want   []int32
	}{
		// The cancelled event alone disappears.
		{"one", []at{{1, 1}, {2, 2}, {3, 3}}, []int{1}, []int32{1, 3}},
		// A cancelled tie does not disturb its neighbours' order.
		{"tie", []at{{5, 1}, {5, 2}, {5, 3}}, []int{1}, []int32{1, 3}},
		// Cancelling the head of the calendar.
		{"head", []at{{1, 1}, {2, 2}}, []int{0}, []int32{2}},
		// Cancelling everything leaves nothing to deliver.
		{"all", []at{{1, 1}, {2, 2}}, []int{0, 1}, []int32{}},
		// Cancelling twice is the same as once.
		{"twice", []at{{1, 1}, {2, 2}}, []int{0, 0}, []int32{2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, r := sim.New(), &recorder{}
			ids := make([]sim.EventID, len(tc.events))
			for i, e := range tc.events {
				ids[i] = s.Schedule(e.t, r, e.kind, 0, 0)
			}
			for _, i := range tc.cancel {
				s.Cancel(ids[i])
			}
			s.RunUntil(sim.Forever)
			if got := kinds(r.got); !slices.Equal(got, tc.want) {
				t.Fatalf("delivered %v, want %v", got, tc.want)
			}
			if s.Processed() != uint64(len(tc.want)) {
				t.Fatalf("Processed %d counts cancelled events; want %d", s.Processed(), len(tc.want))
			}
		})
	}
}

// A handler may cancel an event that is due at the same instant.
func TestCancelFromHandler(t *testing.T) {
	s, r := sim.New(), &recorder{}
	var victim sim.EventID
	r.hook = func(s *sim.Sim, ev sim.Event) {
		if ev.Kind == 1 {
			s.Cancel(victim)
		}
	}
	s.Schedule(4, r, 1, 0, 0)
	victim = s.Schedule(4, r, 2, 0, 0)
	s.Schedule(4, r, 3, 0, 0)
	s.RunUntil(sim.Forever)
	if got, want := kinds(r.got), []int32{1, 3}; !slices.Equal(got, want) {
		t.Fatalf("delivered %v, want %v", got, want)
	}
}

func TestRunUntil(t *testing.T) {
	tests := []struct {
		name        string
		horizon     sim.Time
		want        []int32
		wantNow     sim.Time
		wantPending bool
	}{
		// Events at the horizon run; later ones wait; the clock moves to the horizon.
		{"inclusive horizon", 20, []int32{1, 2}, 20, true},
		// Between events: the clock still advances to the horizon.
		{"between events", 25, []int32{1, 2}, 25, true},
		// Before the first event nothing runs but the clock advances.
		{"before first", 5, []int32{}, 5, true},
		// Past the last event everything runs and the clock sits at the horizon.
		{"past last", 100, []int32{1, 2, 3}, 100, false},
		// Forever drains the calendar and leaves the clock at the last event.
		{"forever", sim.Forever, []int32{1, 2, 3}, 30, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, r := sim.New(), &recorder{}
			s.Schedule(10, r, 1, 0, 0)
			s.Schedule(20, r, 2, 0, 0)
			s.Schedule(30, r, 3, 0, 0)
			more := s.RunUntil(tc.horizon)
			if got := kinds(r.got); !slices.Equal(got, tc.want) {
				t.Fatalf("delivered %v, want %v", got, tc.want)
			}
			if s.Now() != tc.wantNow {
				t.Fatalf("Now %d, want %d", s.Now(), tc.wantNow)
			}
			if more != tc.wantPending || (s.Pending() > 0) != tc.wantPending {
				t.Fatalf("RunUntil=%v Pending=%d, want pending %v", more, s.Pending(), tc.wantPending)
			}
		})
	}
}

// Successive horizons deliver each event exactly once, and scheduling
// relative to the advanced clock uses the horizon as Now.
func TestRunUntilResumes(t *testing.T) {
	s, r := sim.New(), &recorder{}
	for i := range 10 {
		s.Schedule(sim.Time(i*10), r, int32(i), 0, 0)
	}
	for h := sim.Time(0); h <= 100; h += 7 {
		s.RunUntil(h)
	}
	if len(r.got) != 10 {
		t.Fatalf("delivered %d events, want 10", len(r.got))
	}
	s.After(5, r, 99, 0, 0)
	if s.NextAt() != 103 { // last horizon was 98
		t.Fatalf("NextAt %d, want 103", s.NextAt())
	}
}

func TestStep(t *testing.T) {
	s, r := sim.New(), &recorder{}
	if s.Step() {
		t.Fatal("Step on an empty calendar reported an event")
	}
	if s.NextAt() != sim.Forever {
		t.Fatalf("NextAt of empty calendar %d, want Forever", s.NextAt())
	}
	s.Schedule(10, r, 1, 0, 0)
	id := s.Schedule(15, r, 2, 0, 0)
	s.Schedule(20, r, 3, 0, 0)
	s.Cancel(id)
	steps := []struct {
		ok   bool
		now  sim.Time
		kind int32
	}{
		{true, 10, 1},  // the first event
		{true, 20, 3},  // the cancelled one is skipped within a single Step
		{false, 20, 3}, // nothing left: clock and log unchanged
	}
	for i, st := range steps {
		if ok := s.Step(); ok != st.ok || s.Now() != st.now || r.got[len(r.got)-1].Kind != st.kind {
			t.Fatalf("step %d: ok=%v now=%d last=%d, want %v %d %d",
				i, ok, s.Now(), r.got[len(r.got)-1].Kind, st.ok, st.now, st.kind)
		}
	}
}

// Stop ends RunUntil after the current event, leaves the clock there and
// does not leak into the next RunUntil.
func TestStop(t *testing.T) {
	s, r := sim.New(), &recorder{}
	r.hook = func(s *sim.Sim, ev sim.Event) {
		if ev.Kind == 2 {
			s.Stop()
		}
	}
	for i := int32(1); i <= 4; i++ {
		s.Schedule(sim.Time(i)*10, r, i, 0, 0)
	}
	if !s.RunUntil(100) {
		t.Fatal("RunUntil after Stop reported no pending events")
	}
	if got, want := kinds(r.got), []int32{1, 2}; !slices.Equal(got, want) {
		t.Fatalf("delivered %v before stopping, want %v", got, want)
	}
	if s.Now() != 20 {
		t.Fatalf("Now %d after Stop, want 20 (not the horizon)", s.Now())
	}
	s.RunUntil(100)
	if got, want := kinds(r.got), []int32{1, 2, 3, 4}; !slices.Equal(got, want) {
		t.Fatalf("delivered %v after resuming, want %v", got, want)
	}
	if s.Now() != 100 {
		t.Fatalf("Now %d, want the horizon 100", s.Now())
	}
}

// churn keeps a constant number of events in flight: each delivery
// schedules its successor, as a model in steady state does.
type churn struct{ step sim.Time }

func (c *churn) Handle(s *sim.Sim, ev sim.Event) {
	s.After(c.step+sim.Time(ev.A), c, ev.Kind, ev.A, ev.B+1)
}

// After the heap has grown to its working size, delivering an event and
// scheduling its successor allocates nothing.
func TestNoAllocSteadyState(t *testing.T) {
	s, c := sim.New(), &churn{step: 100}
	for i := range 5000 { // beyond New's initial capacity, so the heap grows first
		s.After(sim.Time(i), c, 0, int32(i%97), 0)
	}
	for range 10000 {
		s.Step()
	}
	if n := testing.AllocsPerRun(10000, func() { s.Step() }); n != 0 {
		t.Fatalf("%v allocations per schedule+deliver cycle, want 0", n)
	}
	if s.Pending() != 5000 {
		t.Fatalf("Pending %d, want the steady 5000", s.Pending())
	}
}

// The calendar agrees with a stable sort of the same events by time, for a
// random mix of schedules made up front and from inside handlers, with some
// cancellations.
//
// Run once from rank 0 and once with the 32-bit key rank wrapping (and the
// calendar renumbered) a few thousand events in.
func TestAgainstStableSort(t *testing.T) {
	for _, start := range []uint32{0, math.MaxUint32 - 3000} {
		againstStableSort(t, start)
	}
}

func againstStableSort(t *testing.T, startRank uint32) {
	rng := rand.New(rand.NewPCG(1, 2))
	type ref struct {
		at  sim.Time
		id  int32
		del bool
	}
	var all []ref // in scheduling order
	s := sim.New()
	sim.SetRank(s, startRank)
	r := &recorder{}
	ids := map[int32]sim.EventID{}
	schedule := func(at sim.Time) {
		id := int32(len(all))
		all = append(all, ref{at: at, id: id})
		ids[id] = s.Schedule(at, r, 0, id, 0)
	}
	// Times drawn from a small range, so ties are frequent.
	r.hook = func(s *sim.Sim, ev sim.Event) {
		// One child per event on average: a critical branching process,
		// whose size is unbounded, so it is capped.
		children := rng.IntN(3)
		if len(all) >= 20000 {
			children = 0
		}
		for range children {
			schedule(s.Now() + sim.Time(rng.IntN(20)))
		}
		if rng.IntN(4) == 0 && len(all) > 0 {
			victim := int32(rng.IntN(len(all)))
			if all[victim].at > s.Now() || (all[victim].at == s.Now() && victim > ev.A) {
				all[victim].del = true // still pending: it must not be delivered
			}
			s.Cancel(ids[victim])
		}
	}
	for range 2000 {
		schedule(sim.Time(rng.IntN(500)))
	}
	s.RunUntil(sim.Forever)

	// Events scheduled from handlers are later in `all` than everything
	// scheduled before them, so a stable sort of `all` by time is the order
	// the calendar must follow.
	var want []int32
	sorted := slices.Clone(all)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].at < sorted[j].at })
	for _, e := range sorted {
		if !e.del {
			want = append(want, e.id)
		}
	}
	got := make([]int32, len(r.got))
	for i, d := range r.got {
		got[i] = d.A
		if d.At != all[d.A].at {
			t.Fatalf("event %d delivered at %d, scheduled for %d", d.A, d.At, all[d.A].at)
		}
	}
	if len(all) < 4000 {
		t.Fatalf("only %d events scheduled; the test lost its handler-scheduled mix", len(all))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("calendar order differs from the stable sort (%d vs %d events)", len(got), len(want))
	}
}
