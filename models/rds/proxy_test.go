package rds

import (
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

func borrowTimeout(at sim.Time) outcome { return outcome{BorrowTimeout.String(), at} }

// RDS Proxy: each query borrows a pooled connection; the pool grows up to
// max_connections × max_connections_percent; beyond it borrows wait in FIFO
// order and fail after borrow_timeout.
func TestProxyPool(t *testing.T) {
	for _, tc := range []struct {
		name         string
		max, percent int
		timeout      sim.Time // borrow_timeout
		query        sim.Time
		n            int // invocations at t = 0, one query each
		postgres     bool
		connectCPU   sim.Time // per pool connection, on one vCPU
		want         []outcome
		wantPool     float64 // peak database connections
		wantWaited   int64
		wantTimeouts int64
	}{
		// 10 × 30% = 3 pooled connections: three queries at once, the fourth
		// and fifth in arrival order when the first ones return theirs.
		{name: "pool cap", max: 10, percent: 30, timeout: 2 * sim.Minute, query: sim.Second, n: 5,
			want:     []outcome{ok(sim.Second), ok(sim.Second), ok(sim.Second), ok(2 * sim.Second), ok(2 * sim.Second)},
			wantPool: 3, wantWaited: 2},
		// Room for everyone: no wait.
		{name: "no wait", max: 4, percent: 100, timeout: 2 * sim.Minute, query: sim.Second, n: 4,
			want:     []outcome{ok(sim.Second), ok(sim.Second), ok(sim.Second), ok(sim.Second)},
			wantPool: 4},
		// One connection (10 × 10%), borrow_timeout 1.5 s: the second borrow
		// gets it at 1 s; the third, still waiting at 1.5 s, fails.
		{name: "borrow timeout", max: 10, percent: 10, timeout: 1500 * ms, query: sim.Second, n: 3,
			want:     []outcome{ok(sim.Second), ok(2 * sim.Second), borrowTimeout(1500 * ms)},
			wantPool: 1, wantWaited: 1, wantTimeouts: 1},
		// borrow_timeout 0: a borrow that cannot be served at once fails.
		{name: "no waiting", max: 1, percent: 100, timeout: 0, query: sim.Second, n: 2,
			want:     []outcome{ok(sim.Second), borrowTimeout(0)},
			wantPool: 1, wantTimeouts: 1},
		// The pool may aim above what the database allows: PostgreSQL's 5 − 3
		// reserved leave 2; the third connect is refused and its borrow
		// waits for a release.
		{name: "database refuses", max: 5, percent: 100, timeout: 2 * sim.Minute, query: sim.Second, n: 3, postgres: true,
			want:     []outcome{ok(sim.Second), ok(sim.Second), ok(2 * sim.Second)},
			wantPool: 2, wantWaited: 1},
		// New pool connections cost database CPU (5 ms each) on one vCPU:
		// connected at 5 and 10 ms, the queries queue behind: 10 ms–1.01 s,
		// 1.01–2.01 s.
		{name: "connect CPU", max: 10, percent: 100, timeout: 2 * sim.Minute, query: sim.Second, n: 2, connectCPU: 5 * ms,
			want:     []outcome{ok(1010 * ms), ok(2010 * ms)},
			wantPool: 2, wantWaited: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testDB(tc.max)
			cfg.QueryTime = fixed(tc.query)
			if tc.postgres {
				cfg.Engine = Postgres
			}
			if tc.connectCPU > 0 {
				cfg.VCPUs, cfg.ConnectCPU = 1, fixed(tc.connectCPU)
			}
			cfg.Proxy = ProxyConfig{Enabled: true, MaxConnectionsPercent: tc.percent, BorrowTimeout: new(tc.timeout), AddedLatency: fixed(0)}
			r := newRig(t, cfg, testFn(0))
			r.burst(0, 0, tc.n)
			r.run(sim.Minute)
			r.expect(tc.want...)
			st := r.db.Stats
			eq(t, "pool maximum", r.db.Proxy.MaxPool(), tc.max*tc.percent/100)
			eq(t, "peak database connections", st.Open.Peak(), tc.wantPool)
			eq(t, "borrows", st.Borrows, int64(tc.n)-tc.wantTimeouts)
			eq(t, "borrows that waited", st.BorrowWaited.N, tc.wantWaited)
			eq(t, "borrow timeouts", st.BorrowTimeout.N, tc.wantTimeouts)
			eq(t, "client connections", st.ClientConns.Value(), float64(tc.n))
			eq(t, "idle in the pool", st.PoolIdle.Value(), tc.wantPool)
		})
	}
}

// The proxy's added latency delays each query; the query's latency counts
// from the borrow.
func TestProxyLatency(t *testing.T) {
	cfg := testDB(10)
	cfg.Proxy = ProxyConfig{Enabled: true, AddedLatency: fixed(2 * ms)}
	r := newRig(t, cfg, testFn(0), call{queries: 3})
	r.invoke(0, 0, 0)
	r.run(sim.Minute)
	r.expect(ok(9 * ms)) // 3 × (2 ms + 1 ms)
	eq(t, "queries", r.db.Stats.Queries, 3)
	eq(t, "pool connections", r.db.Stats.Open.Peak(), 1)
}

// A pinned session keeps its database connection for the environment's
// life, idle or not: the pool cannot lend it to others.
func TestPinning(t *testing.T) {
	cfg := testDB(2)
	cfg.Proxy = ProxyConfig{Enabled: true, PinningFraction: 1, BorrowTimeout: new(2 * sim.Second), AddedLatency: fixed(0)}
	cfg.QueryTime = fixed(sim.Second)
	r := newRig(t, cfg, testFn(0))
	r.burst(0, 0, 3)
	// The first two pin both connections; at 1 s they go idle, still
	// holding them, and the third times out at 2 s.
	r.run(sim.Minute)
	r.expect(ok(sim.Second), ok(sim.Second), borrowTimeout(2*sim.Second))
	st := r.db.Stats
	eq(t, "pinned sessions", st.PinnedTotal, 2)
	eq(t, "pinned now", st.Pinned.Value(), 2)
	eq(t, "held by idle environments", st.HeldIdle.Value(), 2)
	// A second burst takes the idle environments most recently freed first:
	// the third one, which borrows again and times out again, and one with
	// a pinned connection, which uses it without borrowing.
	r.burst(sim.Minute, 3, 2)
	r.run(2 * sim.Minute)
	eq(t, "borrows", st.Borrows, 2)
	eq(t, "borrow timeouts", st.BorrowTimeout.N, 2)
	eq(t, "third environment again", r.out[3], borrowTimeout(sim.Minute+2*sim.Second))
	eq(t, "pinned environment again", r.out[4], ok(sim.Minute+sim.Second))
}

// per_invocation through the proxy: the client connection and a pinned
// connection are given back at the end of the call.
func TestProxyPerInvocation(t *testing.T) {
	cfg := testDB(2)
	cfg.Proxy = ProxyConfig{Enabled: true, PinningFraction: 1, AddedLatency: fixed(0)}
	r := newRig(t, cfg, testFn(0), call{queries: 2, perInvocation: true})
	r.invoke(0, 0, 0)
	r.invoke(sim.Second, 1, 0)
	r.run(sim.Minute)
	r.expect(ok(2*ms), ok(sim.Second+2*ms))
	st := r.db.Stats
	eq(t, "client connections", st.ClientConns.Value(), 0)
	eq(t, "pinned", st.Pinned.Value(), 0)
	eq(t, "pinned sessions", st.PinnedTotal, 2)
	eq(t, "database connections (pooled, reused)", st.Connects, 1)
	eq(t, "idle in the pool", st.PoolIdle.Value(), 1)
}

// A function timeout while a borrow waits withdraws it: no borrow timeout
// counts, and the connection, when it frees up, skips the withdrawn borrow
// and goes back to the pool.
func TestTimeoutWithdrawsBorrow(t *testing.T) {
	cfg := testDB(1)
	cfg.QueryTime = fixed(sim.Second)
	cfg.Proxy = ProxyConfig{Enabled: true, PinningFraction: 1, AddedLatency: fixed(0)}
	fn := testFn(0)
	fn.Timeout, fn.KeepAlive = 4*sim.Second, fixed(10*sim.Second)
	r := newRig(t, cfg, fn, call{queries: 3})
	// The first pins the only connection for its three queries (0–3 s) and
	// keeps it while idle; the second waits for it and times out at 4 s.
	r.burst(0, 0, 2)
	r.run(5 * sim.Second)
	r.expect(ok(3*sim.Second), outcome{"timeout", 4 * sim.Second})
	st := r.db.Stats
	eq(t, "pinned", st.Pinned.Value(), 1)
	// At 13 s Lambda reclaims the first environment: its connection returns
	// to the pool, past the withdrawn borrow; at 2 minutes the borrow
	// timeout finds nobody waiting.
	r.run(5 * sim.Minute)
	eq(t, "pinned after the reclaim", st.Pinned.Value(), 0)
	eq(t, "idle in the pool", st.PoolIdle.Value(), 1)
	eq(t, "client connections", st.ClientConns.Value(), 0)
	eq(t, "borrows", st.Borrows, 1)
	eq(t, "borrow timeouts", st.BorrowTimeout.N, 0)
}

// Pooled connections idle for 5 minutes are closed while more than the idle
// maximum (max_connections × max_idle_connections_percent) are idle, the
// longest idle first.
func TestIdlePoolCloses(t *testing.T) {
	for _, tc := range []struct {
		name         string
		idlePct      int
		wantKept     float64
		wantConnects int64 // after one more borrow
	}{
		{"20% of 10: keeps 2", 20, 2, 6},
		{"100%: keeps all", 100, 6, 6},
		{"0%: closes all", 0, 0, 7}, // the next borrow opens a connection
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testDB(10)
			cfg.Proxy = ProxyConfig{Enabled: true, MaxIdleConnectionsPercent: new(tc.idlePct), AddedLatency: fixed(0)}
			r := newRig(t, cfg, testFn(0))
			r.burst(0, 0, 6) // six pooled connections, idle from 1 ms
			st := r.db.Stats
			r.run(poolIdleAfter + ms - 1)
			eq(t, "open just before 5 minutes", st.Open.Value(), 6)
			r.run(poolIdleAfter + ms)
			eq(t, "open after 5 minutes", st.Open.Value(), tc.wantKept)
			eq(t, "closed", st.Closed, int64(6-tc.wantKept))
			r.burst(10*sim.Minute, 6, 1)
			r.run(11 * sim.Minute)
			eq(t, "connects", st.Connects, tc.wantConnects)
		})
	}
}

// The borrow wait quantiles count the borrows that did not wait as zeros.
func TestBorrowWaitQuantile(t *testing.T) {
	st := newStats(window())
	eq(t, "no borrows", st.BorrowWaitQuantile(0.99), 0)
	st.Borrows, st.BorrowWaited.N = 4, 1
	st.BorrowWait.Record(sim.Second)
	for _, tc := range []struct {
		q    float64
		want sim.Time
	}{
		{0.5, 0},  // three of four did not wait
		{0.75, 0}, // the last of those
		{1, sim.Second},
	} {
		if got := st.BorrowWaitQuantile(tc.q); got < tc.want || got > tc.want+tc.want/1000 {
			t.Errorf("q%v = %v, want %v", tc.q, got, tc.want)
		}
	}
	st.Close(sim.Minute)
}

// A borrow takes the most recently returned connection, so a pool larger
// than the load needs leaves the others idle long enough to close.
func TestPoolReusesTheMostRecent(t *testing.T) {
	cfg := testDB(10)
	cfg.Proxy = ProxyConfig{Enabled: true, MaxIdleConnectionsPercent: new(0), AddedLatency: fixed(0)}
	r := newRig(t, cfg, testFn(0))
	r.burst(0, 0, 2) // two pooled connections, idle from 1 ms
	for i := range int32(8) {
		r.invoke(sim.Time(i+1)*sim.Minute, 2+i, 0) // one query a minute: one connection suffices
	}
	r.run(poolIdleAfter + ms)
	eq(t, "open after 5 minutes", r.db.Stats.Open.Value(), 1)
	r.run(10 * sim.Minute)
	eq(t, "open after 10 minutes", r.db.Stats.Open.Value(), 1)
	eq(t, "connects", r.db.Stats.Connects, 2)
}
