package sqs

import (
	"testing"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
	"github.com/stampede-sim/stampede/sim/stats"
)

// A rig drives one queue and a real Lambda function consuming it on a bare
// sim.Sim, with fixed distributions so that every time is exact. A fake
// sink records how and when each message ended.

const ms = sim.Millisecond

func fixed(d sim.Time) dist.Spec { return dist.Spec{Kind: dist.Fixed, Value: d} }

// testFn is a consumer whose invocations take h plus perMsg per message of
// the batch, with no cold-start time, a keep-alive of an hour and a
// 15-minute timeout.
func testFn(h, perMsg sim.Time) lambda.Config {
	return lambda.Config{Name: "f", Duration: fixed(h), PerMessageTime: new(fixed(perMsg)),
		ColdStart: fixed(0), PlatformOverhead: fixed(0), KeepAlive: fixed(sim.Hour), Timeout: 900 * sim.Second}
}

// testQueue is queue q for f with AWS's defaults.
func testQueue() Config { return Config{Name: "q", Function: "f"} }

// end is how a message ended: processed (start: its invocation's start) or
// failed (dead-lettered or expired).
type end struct {
	at, start sim.Time
	receives  int
	failed    bool
	dead      bool
}

type rig struct {
	t    *testing.T
	s    *sim.Sim
	q    *Queue
	fn   *lambda.Function
	ends map[int32]end      // message (request) → its end
	sent map[int32]sim.Time // message → its send time
}

// newRig resolves q and fn (Defaults) and builds them over a window of one
// hour in 10-second buckets.
func newRig(t *testing.T, q Config, fn lambda.Config, scaling lambda.Scaling) *rig {
	t.Helper()
	fn.Defaults()
	if err := fn.Validate(); err != nil {
		t.Fatalf("function config: %v", err)
	}
	q.Defaults(fn.Timeout)
	if err := q.Validate(fn.Timeout); err != nil {
		t.Fatalf("queue config: %v", err)
	}
	w := stats.Window{From: 0, To: sim.Hour, Buckets: stats.NewBuckets(0, 10*sim.Second, 360)}
	streams := sim.NewStreams(1, 0)
	r := &rig{t: t, s: sim.New(), ends: map[int32]end{}, sent: map[int32]sim.Time{}}
	acct := lambda.NewAccount(1000, max(fn.Reserved(), 0), scaling, "us-east-1")
	r.fn = lambda.NewFunction(&fn, 0, acct, streams, lambda.NewStats(w, nil))
	r.q = New(&q, r.fn, fn.ErrorRate, scaling == lambda.ScalingLegacy, r, streams, w)
	r.q.Start(r.s)
	return r
}

// Event kinds of the rig: send message Ref.Index.
const evSend int32 = 0

// send schedules messages first, first+1, … (n of them) at time at.
func (r *rig) send(at sim.Time, first int32, n int) {
	for i := range int32(n) {
		r.s.Schedule(at, r, evSend, sim.Ref{Index: first + i})
	}
}

func (r *rig) Handle(s *sim.Sim, ev sim.Event) {
	r.sent[ev.Ref.Index] = s.Now()
	r.q.Send(s, ev.Ref.Index, true)
}

// Processed implements Sink.
func (r *rig) Processed(s *sim.Sim, m Msg, start sim.Time, cold bool) {
	r.record(m, end{at: s.Now(), start: start, receives: m.Receives})
}

// Failed implements Sink.
func (r *rig) Failed(s *sim.Sim, m Msg, dead bool) {
	r.record(m, end{at: s.Now(), receives: m.Receives, failed: true, dead: dead})
}

// record also checks that the queue gave back the message's send time,
// which it may store as part of a run: exactly, or within the age
// resolution of a long backlog's runs.
func (r *rig) record(m Msg, e end) {
	req := m.ID
	if _, dup := r.ends[req]; dup {
		r.t.Errorf("message %d ended twice", req)
	}
	if sent, ok := r.sent[req]; ok && max(sent-m.Sent, m.Sent-sent) > (e.at-sent)/sim.AgeResolution {
		r.t.Errorf("message %d sent at %v, queue says %v", req, sent, m.Sent)
	}
	r.ends[req] = e
}

// run runs the rig until t and checks the queue's bookkeeping.
func (r *rig) run(until sim.Time) {
	r.t.Helper()
	r.s.RunUntil(until)
	if err := r.q.Check(); err != nil {
		r.t.Errorf("at %v: %v", until, err)
	}
}

// esm is the event source mapping's concurrency now.
func (r *rig) esm() float64 { return r.q.Stats.ESM.Value() }

// eq fails the test when got ≠ want.
func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
