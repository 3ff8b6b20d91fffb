package rds

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Direct connections take a slot each; applications get max_connections −
// reserved_connections of them, and a connect beyond that is refused once
// its handshake is done (no queue): the invocation fails with DBRefused.
func TestConnectionSlots(t *testing.T) {
	for _, tc := range []struct {
		name       string
		engine     Engine
		max        int
		reserved   *int // nil: the engine's default
		n          int  // invocations at t = 0, one connection each
		perInv     bool
		wantOK     int
		wantPeak   float64
		wantClosed int64
	}{
		// PostgreSQL keeps 3 superuser slots: 5 − 3 = 2 usable.
		{name: "postgres reserves 3", engine: Postgres, max: 5, n: 4, wantOK: 2, wantPeak: 2},
		// Reserved slots set to 0: all 5 usable.
		{name: "postgres reserved 0", engine: Postgres, max: 5, reserved: new(0), n: 4, wantOK: 4, wantPeak: 4},
		// MySQL reserves none by default.
		{name: "mysql", engine: MySQL, max: 3, n: 4, wantOK: 3, wantPeak: 3},
		// An explicit reservation on MySQL.
		{name: "mysql reserved 2", engine: MySQL, max: 3, reserved: new(2), n: 4, wantOK: 1, wantPeak: 1},
		// per_invocation connections close after the call, so the slots are
		// free again for the next burst; peak as for per_environment.
		{name: "per_invocation", engine: MySQL, max: 3, n: 4, perInv: true, wantOK: 3, wantPeak: 3, wantClosed: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testDB(tc.max)
			cfg.Engine, cfg.ReservedConnections, cfg.IdleTimeout = tc.engine, tc.reserved, nil
			cfg.ConnectTime = fixed(10 * ms)
			r := newRig(t, cfg, testFn(0), call{queries: 1, perInvocation: tc.perInv})
			r.burst(0, 0, tc.n)
			r.run(sim.Minute)
			// Connect 10 ms, query 1 ms; refusals after the 10 ms handshake.
			var want []outcome
			for i := range tc.n {
				if i < tc.wantOK {
					want = append(want, ok(11*ms))
				} else {
					want = append(want, refused(10*ms))
				}
			}
			r.expect(want...)
			st := r.db.Stats
			eq(t, "connects", st.Connects, int64(tc.wantOK))
			eq(t, "refused", st.Refused.N, int64(tc.n-tc.wantOK))
			eq(t, "peak open", st.Open.Peak(), tc.wantPeak)
			eq(t, "closed", st.Closed, tc.wantClosed)
			eq(t, "refused series", st.RefusedSeries.Counts()[0], int64(tc.n-tc.wantOK))
			// A second burst: per_environment connections are still held by
			// the idle environments and reused; refused environments try again.
			r.burst(sim.Minute, int32(tc.n), tc.n)
			r.run(2 * sim.Minute)
			eq(t, "refused after the second burst", st.Refused.N, 2*int64(tc.n-tc.wantOK))
			if !tc.perInv {
				eq(t, "connects after the second burst", st.Connects, int64(tc.wantOK))
				eq(t, "held by idle environments", st.HeldIdle.Value(), tc.wantPeak)
			}
		})
	}
}

// The database's CPU is an FCFS queue with one server per vCPU: with fixed
// query times every completion time is known.
func TestCPUQueue(t *testing.T) {
	for _, tc := range []struct {
		name       string
		vcpus      int
		n          int      // invocations at t = 0, one query each
		connectCPU sim.Time // per new connection, queued like a query
		want       []sim.Time
		slowest    sim.Time // the longest query: issued → result
	}{
		// One vCPU: one query after another.
		{name: "one vCPU", vcpus: 1, n: 3, want: []sim.Time{ms, 2 * ms, 3 * ms}, slowest: 3 * ms},
		// Two vCPUs: two at a time, the fifth alone.
		{name: "two vCPUs", vcpus: 2, n: 5, want: []sim.Time{ms, ms, 2 * ms, 2 * ms, 3 * ms}, slowest: 3 * ms},
		// As many vCPUs as queries: no wait.
		{name: "no contention", vcpus: 4, n: 4, want: []sim.Time{ms, ms, ms, ms}, slowest: ms},
		// Connection CPU of 2 ms each on one vCPU: the two connects take
		// 0–2 and 2–4 ms, then the queries queue behind them: 4–5 and 5–6 ms
		// (the first, issued at 2 ms, waits for the second connect).
		{name: "connect CPU", vcpus: 1, n: 2, connectCPU: 2 * ms, want: []sim.Time{5 * ms, 6 * ms}, slowest: 3 * ms},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testDB(100)
			cfg.VCPUs, cfg.ConnectCPU = tc.vcpus, fixed(tc.connectCPU)
			r := newRig(t, cfg, testFn(0))
			r.burst(0, 0, tc.n)
			r.run(sim.Minute)
			var got []sim.Time
			for _, o := range r.out {
				if o.status != "ok" {
					t.Errorf("status %v", o)
				}
				got = append(got, o.at)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("completions at %v, want %v", got, tc.want)
			}
			st := r.db.Stats
			eq(t, "queries", st.Queries, int64(tc.n))
			// Busy vCPU time: the queries' and the connects' CPU, exactly.
			busy := float64(tc.n) * (ms + tc.connectCPU).Seconds()
			if d := st.CPUBusy.Integral() - busy; math.Abs(d) > 1e-12 {
				t.Errorf("busy vCPU-seconds %v, want %v", st.CPUBusy.Integral(), busy)
			}
			eq(t, "peak busy vCPUs", st.CPUBusy.Peak(), float64(min(tc.vcpus, tc.n)))
			// The latency histogram keeps 3 significant digits.
			if got := st.QueryLatency.Max(); got < tc.slowest || got > tc.slowest+tc.slowest/1000 {
				t.Errorf("slowest query %v, want %v", got, tc.slowest)
			}
		})
	}
}

// A batch's queries: queries + queries_per_message × messages, one after
// another; per_invocation calls connect each time.
func TestQueriesPerMessage(t *testing.T) {
	cfg := testDB(10)
	cfg.ConnectTime = fixed(5 * ms)
	r := newRig(t, cfg, testFn(100*ms), call{queries: 1, perMessage: 2, perInvocation: true}, call{queries: 2})
	r.invoke(0, 0, 3)          // a batch of 3: 7 queries, then 2
	r.invoke(sim.Second, 1, 0) // alone: 1 query, then 2
	r.run(sim.Minute)
	// 5 ms connect + 7 ms, then 5 ms connect + 2 ms, then 100 ms.
	// The second: the per_environment connection is kept, the other is new.
	r.expect(ok(119*ms), ok(sim.Second+5*ms+3*ms+100*ms))
	st := r.db.Stats
	eq(t, "queries", st.Queries, 12)
	eq(t, "connects", st.Connects, 3)
	eq(t, "closed (per_invocation)", st.Closed, 2)
	eq(t, "open (the kept one)", st.Open.Value(), 1)
	eq(t, "connect time recorded", st.ConnectTime.Count(), 3)
}

// The server closes a connection held by an idle environment after
// idle_timeout; the environment notices at its next invocation and
// connects again. Use restarts the clock.
func TestIdleTimeout(t *testing.T) {
	for _, tc := range []struct {
		name         string
		timeout      sim.Time
		second       sim.Time // the second invocation
		closeAt      sim.Time // the first server close, or 0
		wantConnects int64
		wantClosed   int64 // by the server, by 10 minutes
	}{
		// Idle from 1 ms (the query's end) to 20 s: reused; closed 30 s
		// after the second invocation's query ends.
		{name: "reused in time", timeout: 30 * sim.Second, second: 20 * sim.Second,
			closeAt: 50*sim.Second + ms, wantConnects: 1, wantClosed: 1},
		// Closed at 30.001 s; the second invocation connects again and that
		// connection is closed in turn.
		{name: "closed before reuse", timeout: 30 * sim.Second, second: 40 * sim.Second,
			closeAt: 30*sim.Second + ms, wantConnects: 2, wantClosed: 2},
		// 0: never closed.
		{name: "never", timeout: 0, second: 5 * sim.Minute, wantConnects: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testDB(10)
			cfg.IdleTimeout = new(tc.timeout)
			r := newRig(t, cfg, testFn(0))
			r.invoke(0, 0, 0)
			r.invoke(tc.second, 1, 0)
			st := r.db.Stats
			if tc.closeAt > 0 {
				r.run(tc.closeAt - 1)
				eq(t, "open just before the close", st.Open.Value(), 1)
				r.run(tc.closeAt)
				eq(t, "server closes at "+tc.closeAt.String(), st.ServerClosed, 1)
			}
			r.run(10 * sim.Minute)
			r.expect(ok(ms), ok(tc.second+ms))
			eq(t, "connects", st.Connects, tc.wantConnects)
			eq(t, "closed by the server", st.ServerClosed, tc.wantClosed)
			eq(t, "open", st.Open.Value(), float64(tc.wantConnects-tc.wantClosed))
		})
	}
}

// An environment's connections close when Lambda reclaims it; their
// lifetimes feed Little's law on connections.
func TestConnectionsCloseWithTheEnvironment(t *testing.T) {
	cfg := testDB(10)
	fn := testFn(0)
	fn.KeepAlive = fixed(10 * sim.Second)
	r := newRig(t, cfg, fn)
	r.invoke(0, 0, 0)
	r.run(sim.Minute)
	st := r.db.Stats
	eq(t, "open", st.Open.Value(), 0)
	eq(t, "closed", st.Closed, 1)
	eq(t, "lifetime", st.LifetimeSum, 10*sim.Second+ms)
	eq(t, "longest lifetime", st.LifetimeMax, 10*sim.Second+ms)
}

// A function timeout during a direct connection's handshake closes the
// half-open connection; the late handshake event is ignored.
func TestTimeoutDuringHandshake(t *testing.T) {
	cfg := testDB(10)
	cfg.ConnectTime = fixed(2 * sim.Second)
	fn := testFn(0)
	fn.Timeout = sim.Second
	r := newRig(t, cfg, fn)
	r.invoke(0, 0, 0)
	r.run(sim.Minute)
	r.expect(outcome{"timeout", sim.Second})
	st := r.db.Stats
	eq(t, "open", st.Open.Value(), 0)
	eq(t, "queries", st.Queries, 0)
}

// Check reports bookkeeping that disagrees with the connection records.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name    string
		corrupt func(db *Database)
		want    string
	}{
		{"count", func(db *Database) { db.open++ }, "count says"},
		{"over the slots", func(db *Database) { db.usable = 0 }, "more than the 0 usable"},
		{"gauge", func(db *Database) { db.Stats.InUse.Add(0, 1) }, "gauges"},
		{"proxy pool", func(db *Database) { db.Proxy.poolOpen = db.Proxy.max + 1 }, "above its maximum"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testDB(10)
			cfg.Proxy.Enabled = true
			r := newRig(t, cfg, testFn(0), call{queries: 1}) // one pooled connection, idle
			r.invoke(0, 0, 0)
			r.run(sim.Minute)
			tc.corrupt(r.db)
			if err := r.db.Check(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check() = %v, want an error with %q", err, tc.want)
			}
		})
	}
}
