package rds

import (
	"testing"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
	"github.com/stampede-sim/stampede/sim/stats"
)

// A rig drives one database and one real Lambda function calling it on a
// bare sim.Sim, with fixed distributions, so that every completion time is
// exact. A fake caller records how each request ended and when.

const ms = sim.Millisecond

func fixed(d sim.Time) dist.Spec { return dist.Spec{Kind: dist.Fixed, Value: d} }

// window keeps statistics for a day in hour-long buckets.
func window() stats.Window {
	return stats.Window{From: 0, To: 24 * sim.Hour, Buckets: stats.NewBuckets(0, sim.Hour, 24)}
}

// testDB is a MySQL db.t3.medium (no reserved slots, no idle timeout) with
// maxConn connections, 64 vCPUs, instant connects, 1 ms queries and, when
// enabled, a proxy that adds no latency: cases change what they check.
func testDB(maxConn int) Config {
	return Config{
		Name: "db", Engine: MySQL, Instance: "db.t3.medium", MaxConnections: maxConn, VCPUs: 64,
		ConnectTime: fixed(0), QueryTime: fixed(ms), IdleTimeout: new(sim.Time(0)),
		Proxy: ProxyConfig{AddedLatency: fixed(0)},
	}
}

// testFn is a function whose handler computes for h after its calls, with
// no cold-start time, a keep-alive of an hour and a 15-minute timeout.
func testFn(h sim.Time) lambda.Config {
	return lambda.Config{Name: "f", Duration: fixed(h), ColdStart: fixed(0), PlatformOverhead: fixed(0), KeepAlive: fixed(sim.Hour), Timeout: 900 * sim.Second}
}

// call is a [[function.call]] on the rig's database.
type call struct {
	queries, perMessage int
	perInvocation       bool
}

type outcome struct {
	status string // "ok", "error", "timeout", or the call's Failure
	at     sim.Time
}

// statusOf names an invocation's outcome, a call's own failure included.
func statusOf(o lambda.Outcome) string {
	switch o.Status {
	case lambda.OK:
		return "ok"
	case lambda.FunctionError:
		return "error"
	case lambda.Timeout:
		return "timeout"
	}
	return Failure(o.Failure).String()
}

type rig struct {
	t   *testing.T
	s   *sim.Sim
	db  *Database
	fn  *lambda.Function
	out map[int32]outcome // request → how and when it ended

	batches map[int32]int // request → its SQS batch's size (absent: 0)
}

// newRig resolves db and fn (Defaults) and wires fn's calls to db.
func newRig(t *testing.T, db Config, fn lambda.Config, calls ...call) *rig {
	t.Helper()
	db.Defaults()
	if err := db.Validate(); err != nil {
		t.Fatalf("database config: %v", err)
	}
	fn.Defaults()
	if err := fn.Validate(); err != nil {
		t.Fatalf("function config: %v", err)
	}
	streams := sim.NewStreams(1, 0)
	r := &rig{t: t, s: sim.New(), out: map[int32]outcome{}}
	r.db = NewDatabase(&db, streams, window())
	acct := lambda.NewAccount(1000, 0, lambda.Scaling2023, "us-east-1")
	r.fn = lambda.NewFunction(&fn, 0, acct, streams, lambda.NewStats(window(), nil))
	if len(calls) == 0 {
		calls = []call{{queries: 1}}
	}
	cs := make([]Call, len(calls))
	for i, c := range calls {
		cs[i] = Call{DB: r.db, Queries: c.queries, QueriesPerMessage: c.perMessage, PerEnv: !c.perInvocation}
	}
	r.fn.SetDownstream(NewClient(r.fn, cs, streams))
	return r
}

// Event kinds of the rig: invoke request Ref.Index, with its batch.
const evInvoke int32 = 0

// invoke schedules request req at time at (batch: an SQS batch's size, or 0).
func (r *rig) invoke(at sim.Time, req int32, batch int) {
	if batch > 0 {
		if r.batches == nil {
			r.batches = map[int32]int{}
		}
		r.batches[req] = batch
	}
	r.s.Schedule(at, r, evInvoke, sim.Ref{Index: req})
}

// burst schedules requests first, first+1, … (n of them) at time at.
func (r *rig) burst(at sim.Time, first int32, n int) {
	for i := range int32(n) {
		r.invoke(at, first+i, 0)
	}
}

func (r *rig) Handle(s *sim.Sim, ev sim.Event) {
	req := ev.Ref.Index
	if th := r.fn.InvokeBatch(s, req, r, sim.Forever, lambda.Batch{Messages: r.batches[req]}); th != lambda.NotThrottled {
		r.t.Fatalf("request %d throttled (%v)", req, th)
	}
}

// Complete implements lambda.Caller.
func (r *rig) Complete(s *sim.Sim, req int32, o lambda.Outcome) {
	if _, dup := r.out[req]; dup {
		r.t.Errorf("request %d completed twice", req)
	}
	r.out[req] = outcome{statusOf(o), s.Now()}
}

// run runs the rig until t and checks the database's bookkeeping.
func (r *rig) run(until sim.Time) {
	r.t.Helper()
	r.s.RunUntil(until)
	if err := r.db.Check(); err != nil {
		r.t.Errorf("at %v: %v", until, err)
	}
}

// expect checks each request's outcome, in request order.
func (r *rig) expect(want ...outcome) {
	r.t.Helper()
	if len(r.out) != len(want) {
		r.t.Errorf("%d requests ended, want %d: %v", len(r.out), len(want), r.out)
	}
	for i, w := range want {
		if got, ok := r.out[int32(i)]; !ok || got != w {
			r.t.Errorf("request %d: %v, want %v", i, show(got, ok), w)
		}
	}
}

func show(o outcome, ok bool) any {
	if !ok {
		return "not ended"
	}
	return o
}

func (o outcome) String() string { return o.status + "@" + o.at.String() }

func ok(at sim.Time) outcome      { return outcome{"ok", at} }
func refused(at sim.Time) outcome { return outcome{Refused.String(), at} }

// eq fails the test when got ≠ want.
func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
