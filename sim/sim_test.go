package sim_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// delivery is what a recorder saw of one event.
type delivery struct {
	At   sim.Time
	Kind int32
	Ref  sim.Ref
}

// recorder logs every event it receives and runs an optional hook, so tests
// can schedule from inside a handler.
type recorder struct {
	got  []delivery
	hook func(s *sim.Sim, ev sim.Event)
}

func (r *recorder) Handle(s *sim.Sim, ev sim.Event) {
	r.got = append(r.got, delivery{s.Now(), ev.Kind, ev.Ref})
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
				s.Schedule(e.t, r, e.kind, sim.Ref{})
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
			s.After(0, r, 9, sim.Ref{})
			s.Schedule(s.Now(), r, 8, sim.Ref{})
		}
	}
	s.Schedule(10, r, 1, sim.Ref{})
	s.Schedule(10, r, 2, sim.Ref{})
	s.Schedule(10, r, 3, sim.Ref{})
	s.Schedule(11, r, 4, sim.Ref{})
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

// Scheduling before Now is a model's programming error: Schedule panics,
// naming both times, whether called from a handler or after RunUntil moved
// the clock to its horizon.
func TestSchedulePastPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(s *sim.Sim, r *recorder)
	}{
		{"from a handler", func(s *sim.Sim, r *recorder) {
			r.hook = func(s *sim.Sim, ev sim.Event) { s.Schedule(s.Now()-1, r, 2, sim.Ref{}) }
			s.Schedule(10, r, 1, sim.Ref{})
			s.RunUntil(sim.Forever)
		}},
		{"after a horizon", func(s *sim.Sim, r *recorder) {
			s.RunUntil(10)
			s.Schedule(9, r, 1, sim.Ref{})
		}},
		{"negative delay", func(s *sim.Sim, r *recorder) {
			s.RunUntil(10)
			s.After(-1, r, 1, sim.Ref{})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, "in the past") || !strings.Contains(msg, "at 9 ns") || !strings.Contains(msg, "Now 10 ns") {
					t.Fatalf("panic %q, want one naming the time 9 and Now 10", msg)
				}
			}()
			tc.run(sim.New(), &recorder{})
		})
	}
}

// A delay that would overflow the clock saturates at Forever.
func TestAfterSaturates(t *testing.T) {
	s, r := sim.New(), &recorder{}
	s.RunUntil(100)
	s.After(sim.Forever-50, r, 1, sim.Ref{})
	s.After(sim.Forever, r, 2, sim.Ref{})
	s.RunUntil(sim.Forever)
	if len(r.got) != 2 || r.got[0].At != sim.Forever || r.got[1].At != sim.Forever {
		t.Fatalf("got %+v, want both events at Forever", r.got)
	}
}

// Kind and Ref travel with the event unchanged.
func TestPayload(t *testing.T) {
	s, r := sim.New(), &recorder{}
	ref := sim.Ref{Index: -3, Gen: 1<<31 + 5}
	s.Schedule(1, r, 7, ref)
	s.RunUntil(sim.Forever)
	if want := (delivery{1, 7, ref}); len(r.got) != 1 || r.got[0] != want {
		t.Fatalf("got %+v, want %+v", r.got, want)
	}
}

// A Ref taken in a generation is live until the next one, including across
// the wrap of the 32-bit counter.
func TestGen(t *testing.T) {
	var g sim.Gen
	r := g.Ref(4)
	if r != (sim.Ref{Index: 4, Gen: 0}) || !r.Live(g) {
		t.Fatalf("ref %+v not live in its generation %d", r, g)
	}
	g.Next()
	if r.Live(g) || !g.Ref(4).Live(g) {
		t.Fatalf("after Next: old ref live %v, new ref live %v; want false, true", r.Live(g), g.Ref(4).Live(g))
	}
	g = math.MaxUint32
	old := g.Ref(0)
	g.Next()
	if g != 0 || old.Live(g) {
		t.Fatalf("wrapped to %d, old ref live %v; want 0, false", g, old.Live(g))
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
			s.Schedule(10, r, 1, sim.Ref{})
			s.Schedule(20, r, 2, sim.Ref{})
			s.Schedule(30, r, 3, sim.Ref{})
			more := s.RunUntil(tc.horizon)
			if got := kinds(r.got); !slices.Equal(got, tc.want) {
				t.Fatalf("delivered %v, want %v", got, tc.want)
			}
			if s.Now() != tc.wantNow {
				t.Fatalf("Now %d, want %d", s.Now(), tc.wantNow)
			}
			if more != tc.wantPending {
				t.Fatalf("RunUntil=%v, want pending %v", more, tc.wantPending)
			}
			// Whatever was pending is still there, once.
			s.RunUntil(sim.Forever)
			if got := kinds(r.got); !slices.Equal(got, []int32{1, 2, 3}) {
				t.Fatalf("delivered %v in all, want [1 2 3]", got)
			}
		})
	}
}

// Successive horizons deliver each event exactly once, and scheduling
// relative to the advanced clock uses the horizon as Now.
func TestRunUntilResumes(t *testing.T) {
	s, r := sim.New(), &recorder{}
	for i := range 10 {
		s.Schedule(sim.Time(i*10), r, int32(i), sim.Ref{})
	}
	for h := sim.Time(0); h <= 100; h += 7 {
		s.RunUntil(h)
	}
	if len(r.got) != 10 {
		t.Fatalf("delivered %d events, want 10", len(r.got))
	}
	s.After(5, r, 99, sim.Ref{})
	if !s.Step() || s.Now() != 103 { // last horizon was 98
		t.Fatalf("Now %d after the next step, want 103", s.Now())
	}
}

func TestStep(t *testing.T) {
	s, r := sim.New(), &recorder{}
	if s.Step() {
		t.Fatal("Step on an empty calendar reported an event")
	}
	// The handler of 1 schedules nothing (fill closes the hole at the
	// next Step); that of 2 schedules 4 (it fills the hole).
	r.hook = func(s *sim.Sim, ev sim.Event) {
		if ev.Kind == 2 {
			s.After(1, r, 4, sim.Ref{})
		}
	}
	s.Schedule(10, r, 1, sim.Ref{})
	s.Schedule(15, r, 2, sim.Ref{})
	s.Schedule(20, r, 3, sim.Ref{})
	steps := []struct {
		ok   bool
		now  sim.Time
		kind int32
	}{
		{true, 10, 1},
		{true, 15, 2},
		{true, 16, 4},
		{true, 20, 3},
		{false, 20, 3}, // nothing left: clock and log unchanged
	}
	for i, st := range steps {
		if ok := s.Step(); ok != st.ok || s.Now() != st.now || r.got[len(r.got)-1].Kind != st.kind {
			t.Fatalf("step %d: ok=%v now=%d last=%d, want %v %d %d",
				i, ok, s.Now(), r.got[len(r.got)-1].Kind, st.ok, st.now, st.kind)
		}
	}
}

// churn keeps a constant number of events in flight: each delivery
// schedules its successor, as a model in steady state does.
type churn struct{ step sim.Time }

func (c *churn) Handle(s *sim.Sim, ev sim.Event) {
	s.After(c.step+sim.Time(ev.Ref.Index), c, ev.Kind, sim.Ref{Index: ev.Ref.Index, Gen: ev.Ref.Gen + 1})
}

// After the heap has grown to its working size, delivering an event and
// scheduling its successor allocates nothing.
func TestNoAllocSteadyState(t *testing.T) {
	s, c := sim.New(), &churn{step: 100}
	for i := range 5000 { // beyond New's initial capacity, so the heap grows first
		s.After(sim.Time(i), c, 0, sim.Ref{Index: int32(i % 97)})
	}
	for range 10000 {
		s.Step()
	}
	if n := testing.AllocsPerRun(10000, func() { s.Step() }); n != 0 {
		t.Fatalf("%v allocations per schedule+deliver cycle, want 0", n)
	}
}

// The calendar agrees with a stable sort of the same events by time, for a
// random mix of schedules made up front and from inside handlers. Handlers
// schedule zero, one or two events, so the root's hole left by a delivery
// is filled by a Schedule, closed by the next read, or filled and followed
// by an append; the run is driven by a random mix of Step and RunUntil
// with short horizons, which read the heap after either.
//
// Run once from rank 0 and once with the 32-bit key rank wrapping (and the
// calendar renumbered) a few thousand events in; each with every event
// through Schedule, and with a random third through ScheduleSource, whose
// separate heap must not change the order. Each again with the main
// calendar a calendar queue past 64 keys (ladder), on times drawn so that
// ties are frequent, and on times spread over nine decades with some at
// Forever, so that buckets are skipped, far keys are pulled into the ring
// and the queue re-measures its spacing and returns to a heap as the
// events drain; and on times nearly all at Forever, too few to measure a
// spacing by.
func TestAgainstStableSort(t *testing.T) {
	for _, start := range []uint32{0, math.MaxUint32 - 3000} {
		for _, sources := range []bool{false, true} {
			for _, tc := range []struct {
				name  string
				on    int // ladder threshold (0: the default)
				times func(rng *rand.Rand, now sim.Time) sim.Time
			}{
				// A heap: the default threshold is never reached.
				{"heap, ties", 0, dense},
				// A calendar queue, with ties.
				{"ladder, ties", 64, dense},
				// A calendar queue, times nine decades apart and some never.
				{"ladder, spread", 64, spread},
				// Nearly all never: too few times to measure a spacing, so
				// it stays a heap until it has doubled.
				{"ladder, mostly never", 64, mostlyNever},
			} {
				t.Run(fmt.Sprintf("%s/rank %d/sources %v", tc.name, start, sources), func(t *testing.T) {
					againstStableSort(t, start, sources, tc.on, tc.times)
				})
			}
		}
	}
}

// dense draws times from a small range: ties are frequent.
func dense(rng *rand.Rand, now sim.Time) sim.Time { return now + sim.Time(rng.IntN(20)) }

// spread draws delays of 1 ns to 10⁹ ns, log-uniformly, and 1 in 50 at
// Forever.
func spread(rng *rand.Rand, now sim.Time) sim.Time {
	d := sim.Time(math.Pow(10, 9*rng.Float64()))
	if rng.IntN(50) == 0 || d > sim.Forever-now {
		return sim.Forever
	}
	return now + d
}

// mostlyNever is spread, at Forever 199 times in 200.
func mostlyNever(rng *rand.Rand, now sim.Time) sim.Time {
	if rng.IntN(200) > 0 {
		return sim.Forever
	}
	return spread(rng, now)
}

func againstStableSort(t *testing.T, startRank uint32, sources bool, ladderOn int, times func(*rand.Rand, sim.Time) sim.Time) {
	rng := rand.New(rand.NewPCG(1, 2))
	drive := rand.New(rand.NewPCG(3, 4))
	var all []sim.Time // scheduled times, in scheduling order
	s := sim.New()
	sim.SetRank(s, startRank)
	if ladderOn > 0 {
		s.SetCalendarQueueAt(ladderOn)
	}
	r := &recorder{}
	schedule := func(at sim.Time) {
		if sources && drive.IntN(3) == 0 {
			s.ScheduleSource(at, r, 0, sim.Ref{Index: int32(len(all))})
		} else {
			s.Schedule(at, r, 0, sim.Ref{Index: int32(len(all))})
		}
		all = append(all, at)
	}
	r.hook = func(s *sim.Sim, ev sim.Event) {
		// One child per event on average: a critical branching process,
		// whose size is unbounded, so it is capped.
		children := rng.IntN(3)
		if len(all) >= 20000 {
			children = 0
		}
		for range children {
			schedule(times(rng, s.Now()))
		}
	}
	for range 2000 {
		schedule(times(rng, sim.Time(rng.IntN(480))))
	}
	for more := true; more; {
		if drive.IntN(2) == 0 {
			more = s.Step()
		} else {
			more = s.RunUntil(min(sim.Forever-30, s.Now()) + sim.Time(drive.IntN(30)))
		}
	}

	// Events scheduled from handlers are later in `all` than everything
	// scheduled before them, so a stable sort of `all` by time is the order
	// the calendar must follow.
	want := make([]int32, len(all))
	for i := range want {
		want[i] = int32(i)
	}
	sort.SliceStable(want, func(i, j int) bool { return all[want[i]] < all[want[j]] })
	got := make([]int32, len(r.got))
	for i, d := range r.got {
		got[i] = d.Ref.Index
		if d.At != all[d.Ref.Index] {
			t.Fatalf("event %d delivered at %d, scheduled for %d", d.Ref.Index, d.At, all[d.Ref.Index])
		}
	}
	if len(all) < 4000 {
		t.Fatalf("only %d events scheduled; the test lost its handler-scheduled mix", len(all))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("calendar order differs from the stable sort (%d vs %d events)", len(got), len(want))
	}
	if s.Processed() != uint64(len(all)) {
		t.Fatalf("Processed %d, want %d", s.Processed(), len(all))
	}
}

// RunFor delivers at most n events and sets the clock to the horizon only
// once every event up to it has run.
func TestRunFor(t *testing.T) {
	s := sim.New()
	var c counter
	for i := range 10 {
		s.Schedule(sim.Time(i+1)*sim.Second, &c, 0, sim.Ref{})
	}
	if s.RunFor(20*sim.Second, 4) || c.n != 4 || s.Now() != 4*sim.Second {
		t.Fatalf("first slice: done, n=%d, now %v", c.n, s.Now())
	}
	if !s.RunFor(20*sim.Second, 6) || c.n != 10 || s.Now() != 20*sim.Second {
		t.Fatalf("second slice: n=%d, now %v", c.n, s.Now())
	}
	if !s.RunFor(30*sim.Second, 0) || s.Now() != 30*sim.Second {
		t.Fatalf("an empty calendar reaches the horizon at once")
	}
	// A negative n delivers nothing, as 0 does.
	s.Schedule(40*sim.Second, &c, 0, sim.Ref{})
	if s.RunFor(50*sim.Second, -1) || c.n != 10 || s.Now() != 30*sim.Second {
		t.Fatalf("n = -1: n=%d, now %v", c.n, s.Now())
	}
}

// RunUntil reports the events left wherever they wait: in either
// calendar, in a heap or in a calendar queue's buckets.
func TestRunUntilPending(t *testing.T) {
	for _, tc := range []struct {
		name    string
		queueAt int  // SetCalendarQueueAt; 0: the default
		source  bool // the events are a source's (ScheduleSource)
	}{
		// A heap of the main calendar.
		{"main heap", 0, false},
		// The sources' calendar.
		{"sources heap", 0, true},
		// Calendar queues: most keys wait in buckets or far.
		{"main queue", 8, false},
		{"sources queue", 8, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := sim.New()
			if tc.queueAt > 0 {
				s.SetCalendarQueueAt(tc.queueAt)
			}
			var c counter
			for i := range 100 {
				at := sim.Time(i+1) * sim.Second
				if tc.source {
					s.ScheduleSource(at, &c, 0, sim.Ref{})
				} else {
					s.Schedule(at, &c, 0, sim.Ref{})
				}
			}
			for _, h := range []sim.Time{0, 1, 50, 99} {
				if !s.RunUntil(h*sim.Second) || c.n != int(h) {
					t.Fatalf("RunUntil(%d s): %d delivered, or none reported left", h, c.n)
				}
			}
			if s.RunUntil(100*sim.Second) || c.n != 100 {
				t.Fatalf("RunUntil(100 s): %d delivered, or some reported left", c.n)
			}
		})
	}
}

type counter struct{ n int }

func (c *counter) Handle(*sim.Sim, sim.Event) { c.n++ }

// prefetcher holds events, as churn does, and records what Prefetch told
// it of each before its delivery.
type prefetcher struct {
	rng       *rand.Rand
	told      map[int32][]int // depths announced, by event
	announced int             // deliveries announced at depths 0 then 1
	late      int             // announcements of events already delivered
	foreign   int             // announcements of another handler's events
	delivered map[int32]bool
	next      int32 // the next event's index; each handler has its own range
	base      int32 // the first index of the range
}

func (p *prefetcher) Prefetch(evs []sim.Event, depth int) {
	for _, ev := range evs {
		if ev.Ref.Index < p.base || ev.Ref.Index >= p.next {
			p.foreign++
		}
		if p.delivered[ev.Ref.Index] {
			p.late++
		}
		p.told[ev.Ref.Index] = append(p.told[ev.Ref.Index], depth)
	}
}

func (p *prefetcher) Handle(s *sim.Sim, ev sim.Event) {
	p.delivered[ev.Ref.Index] = true
	if slices.Equal(p.told[ev.Ref.Index], []int{0, 1}) {
		p.announced++
	}
	s.After(sim.Time(p.rng.ExpFloat64()*float64(sim.Second)), p, 0, sim.Ref{Index: p.next})
	p.next++
}

// With 10,000 events pending the calendar is a calendar queue, and it
// announces nearly every event to its Prefetcher, at depth 0 and then 1,
// before delivering it, never one already delivered, and to no other
// handler.
func TestPrefetch(t *testing.T) {
	s := sim.New()
	// Two handlers, their events interleaved in the calendar: each hears
	// only of its own, in runs.
	ps := []*prefetcher{
		{rng: rand.New(rand.NewPCG(5, 6)), told: map[int32][]int{}, delivered: map[int32]bool{}},
		{rng: rand.New(rand.NewPCG(7, 8)), told: map[int32][]int{}, delivered: map[int32]bool{}, base: 1 << 30, next: 1 << 30},
	}
	for _, p := range ps {
		for end := p.next + 5000; p.next < end; p.next++ {
			s.After(sim.Time(p.rng.ExpFloat64()*float64(sim.Second)), p, 0, sim.Ref{Index: p.next})
		}
	}
	const n = 50000
	for range n {
		s.Step()
	}
	announced := 0
	for i, p := range ps {
		if p.late > 0 {
			t.Errorf("handler %d: %d events announced after their delivery", i, p.late)
		}
		if p.foreign > 0 {
			t.Errorf("handler %d: told of %d events of the other handler", i, p.foreign)
		}
		announced += p.announced
	}
	if announced < n*9/10 {
		t.Errorf("%d of %d deliveries announced at depths 0 and 1 first, want 90%% or more", announced, n)
	}
}
