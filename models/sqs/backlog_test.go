package sqs

import (
	"math/rand/v2"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// A run gives back each message's tag and send time exactly when the
// messages continue its even spacing, and within the tolerance otherwise.
func TestRunJoin(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sent  []sim.Time // send times, tags 7, 8, 9, …
		same  bool       // every tag 7 (step 0) instead
		tol   sim.Time
		runs  int  // records the messages take
		exact bool // every send time comes back exactly
	}{
		// Periodic arrivals: one record, exact.
		{name: "periodic", sent: []sim.Time{0, 3, 6, 9, 12}, runs: 1, exact: true},
		// Any two messages are exact; a third off the spacing starts a run.
		{name: "uneven exact", sent: []sim.Time{0, 5, 7, 20, 21}, runs: 3, exact: true},
		// Simultaneous messages of one sender (the System tags by workload).
		{name: "same instant", sent: []sim.Time{4, 4, 4, 4}, same: true, runs: 1, exact: true},
		// With a tolerance uneven messages within it share a run, their
		// times interpolated.
		{name: "tolerance", sent: []sim.Time{0, 5, 7, 20, 21}, tol: 100, runs: 1},
	} {
		var rs []run
		for k, at := range tc.sent {
			id := int32(7 + k)
			if tc.same {
				id = 7
			}
			if len(rs) == 0 || !rs[len(rs)-1].join(id, at, true, tc.tol) {
				rs = append(rs, run{first: at, last: at, n: 1, id: id, counted: true})
			}
		}
		if len(rs) != tc.runs {
			t.Errorf("%s: %d runs, want %d", tc.name, len(rs), tc.runs)
		}
		k := 0
		for _, r := range rs {
			for j := range r.n {
				id := r.id + int32(r.step)*j
				wantID := int32(7 + k)
				if tc.same {
					wantID = 7
				}
				got := r.at(j)
				if id != wantID || (tc.exact && got != tc.sent[k]) || got < r.first || got > r.last {
					t.Errorf("%s: message %d: tag %d at %v, want tag %d at %v", tc.name, k, id, got, wantID, tc.sent[k])
				}
				k++
			}
		}
	}
}

// flood is a sender of n messages at exponential gaps of mean gap (a Poisson
// stream), with tags 0, 1, …
type flood struct {
	r    *rig
	rng  *rand.Rand
	gap  float64
	next int32
	n    int32
}

func (f *flood) Handle(s *sim.Sim, ev sim.Event) {
	f.r.sent[f.next] = s.Now()
	f.r.q.Send(s, f.next, true)
	if f.next++; f.next < f.n {
		s.Schedule(s.Now()+1+sim.Time(f.rng.ExpFloat64()*f.gap), f, 0, sim.Ref{})
	}
}

// A flood far beyond what the consumer drains keeps its backlog in a
// bounded number of records, and every message still ends once, with its
// own tag, its send time (within the age resolution) and its receive
// count (the rig checks the first two).
func TestFloodBacklogCompact(t *testing.T) {
	n := int32(2_000_000)
	if testing.Short() {
		n = 250_000
	}
	// 1,000 messages/s into one poller handling 10 per 100 ms (100/s).
	fn := testFn(100*ms, 0)
	fn.ReservedConcurrency = new(1)
	r := newRig(t, testQueue(), fn, 0)
	f := &flood{r: r, rng: rand.New(rand.NewPCG(1, 2)), gap: float64(sim.Millisecond), n: n}
	r.s.Schedule(0, f, 0, sim.Ref{})
	r.run(sim.Time(n) * sim.Millisecond)
	backlog, runs := r.q.freshN, r.q.fresh.Len()
	if backlog < int(n)/2 {
		t.Fatalf("backlog %d: the flood did not build up", backlog)
	}
	// Pairs until sim.CompactAfter, then about sim.AgeResolution·ln(growth) more.
	if limit := sim.CompactAfter + 4*sim.AgeResolution; runs > limit {
		t.Errorf("%d messages in %d runs, want at most %d", backlog, runs, limit)
	}
	for id, e := range r.ends {
		if e.failed || e.receives != 1 {
			t.Errorf("message %d: %+v, want processed on its first receive", id, e)
			break
		}
	}
}
