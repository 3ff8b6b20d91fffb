package models

import (
	"testing"

	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/sim"
)

// dbScenario is one function calling database db, driven by workloads wls.
func dbScenario(length sim.Time, fn Function, db rds.Config, wls ...Workload) *Scenario {
	sc := testScenario(length, []Function{fn}, wls)
	sc.Databases = []rds.Config{db}
	return sc
}

func burstAt(name string, n int, at sim.Time) Workload {
	return testWorkload(name, "f", burst(n, at, sim.Millisecond))
}

func eq[N int64 | float64](t *testing.T, what string, got, want N) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// per_environment: each new environment opens one connection at its first
// invocation and keeps it while idle, until the environment is reclaimed.
func TestPerEnvironmentConnectionsOutliveTheLoad(t *testing.T) {
	fn := withCall(testFunction("f", fixed(sim.Second)), "db", 1, rds.PerEnvironment)
	fn.KeepAlive = fixed(2 * sim.Minute)
	db := testDatabase("db", 100, sim.Millisecond)
	s := mustRun(t, dbScenario(10*sim.Minute, fn, db, burstAt("w", 20, 0)))
	d := s.Databases["db"]
	eq(t, "connects", d.Connects, 20)
	eq(t, "peak connections", d.PeakConnections, 20)
	eq(t, "peak held by idle environments", d.PeakHeldIdle, 20)
	// Each connection lives through its invocation (1 s and a query) and the
	// 2-minute keep-alive that follows.
	if d.ConnectionLifetimeS < 121 || d.ConnectionLifetimeS > 121.1 {
		t.Errorf("mean lifetime %.3f s, want 121 s and a query", d.ConnectionLifetimeS)
	}
	checkLittleConnections(t, s)
}

// A connect beyond the usable slots fails after the handshake (no queue);
// the environment keeps no
// connection and tries again at its next invocation. The server's
// idle_timeout closes connections held by idle environments.
func TestRefusedConnectRetriesAtNextInvocation(t *testing.T) {
	fn := withCall(testFunction("f", fixed(sim.Second)), "db", 1, rds.PerEnvironment)
	db := testDatabase("db", 5, sim.Millisecond)
	db.IdleTimeout = new(30 * sim.Second)
	db.ConnectTime = fixed(10 * sim.Millisecond)
	s := mustRun(t, dbScenario(80*sim.Second, fn, db, burstAt("first", 10, 0), burstAt("second", 10, 60*sim.Second)))
	d := s.Databases["db"]
	// First burst: 10 environments, 5 connect, 5 are refused. At ~31 s the
	// server closes the 5 idle connections. Second burst: the same 10
	// environments all connect again; 5 succeed.
	eq(t, "instances", s.Functions["f"].PeakInstances, 10)
	eq(t, "refused", d.Refused, 10)
	eq(t, "db_connection_refused failures", s.Failures[CauseDBConnectionRefused], 10)
	eq(t, "connects", d.Connects, 10)
	eq(t, "closed by idle_timeout", d.ServerClosed, 5)
	eq(t, "succeeded", s.Requests.Succeeded, 10)
}

// per_invocation: a connection per invocation, none left with idle environments.
func TestPerInvocationConnectsEveryTime(t *testing.T) {
	fn := withCall(testFunction("f", fixed(10*sim.Millisecond)), "db", 2, rds.PerInvocation)
	db := testDatabase("db", 100, sim.Millisecond)
	db.ConnectTime = fixed(5 * sim.Millisecond)
	s := mustRun(t, dbScenario(time60s, fn, db, testWorkload("w", "f", poisson(50))))
	d := s.Databases["db"]
	eq(t, "connects", d.Connects, s.Functions["f"].Invocations)
	eq(t, "peak held by idle environments", d.PeakHeldIdle, 0)
	eq(t, "queries", d.Queries, 2*s.Functions["f"].Invocations)
	// Every request pays the 5 ms connect on top of 10 ms and two queries.
	if s.LatencyMS.P50 < 15 {
		t.Errorf("p50 %.2f ms: the connect time is missing", s.LatencyMS.P50)
	}
	checkLittleConnections(t, s)
}

const time60s = 60 * sim.Second

// RDS Proxy: with the pool at its maximum, a borrow waits in FIFO order and
// fails after borrow_timeout with db_borrow_timeout.
func TestBorrowTimeout(t *testing.T) {
	fn := withCall(testFunction("f", fixed(0)), "db", 1, rds.PerEnvironment)
	db := testDatabase("db", 2, sim.Millisecond)
	db.QueryTime = fixed(10 * sim.Second)
	db.Proxy.Enabled, db.Proxy.BorrowTimeout = true, new(sim.Second)
	s := mustRun(t, dbScenario(time60s, fn, db, burstAt("w", 5, 0)))
	p := s.Databases["db"].Proxy
	eq(t, "succeeded", s.Requests.Succeeded, 2)
	eq(t, "db_borrow_timeout failures", s.Failures[CauseDBBorrowTimeout], 3)
	eq(t, "proxy borrow timeouts", p.BorrowTimeouts, 3)
	eq(t, "database connections", s.Databases["db"].PeakConnections, 2)
	eq(t, "client connections", p.PeakClientConnections, 5)
}

// A function timeout while a borrow waits withdraws the borrow: the failure
// is a timeout, the proxy counts no borrow timeout, and no connection leaks.
func TestTimeoutWithdrawsBorrow(t *testing.T) {
	fn := withCall(testFunction("f", fixed(0)), "db", 1, rds.PerEnvironment)
	fn.Timeout = 2 * sim.Second
	db := testDatabase("db", 2, sim.Millisecond)
	db.QueryTime = fixed(sim.Second)
	db.Proxy.Enabled = true
	s := mustRun(t, dbScenario(time60s, fn, db, burstAt("w", 6, 0), burstAt("later", 2, 30*sim.Second)))
	p := s.Databases["db"].Proxy
	// 0–1 s: two queries; 1–2 s: two more; the last two time out at 2 s.
	eq(t, "succeeded", s.Requests.Succeeded, 6) // four, and the two later
	eq(t, "timeout failures", s.Failures[CauseTimeout], 2)
	eq(t, "borrow timeouts", p.BorrowTimeouts, 0)
	eq(t, "borrows", p.Borrows, 8) // the six, and two later
	eq(t, "database connections", s.Databases["db"].PeakConnections, 2)
}

// A pinned session holds its database connection for the environment's
// life, so pinning exhausts the pool as direct connections would.
func TestPinnedSessionsHoldConnections(t *testing.T) {
	fn := withCall(testFunction("f", fixed(sim.Second)), "db", 1, rds.PerEnvironment)
	db := testDatabase("db", 3, sim.Millisecond)
	db.Proxy.Enabled, db.Proxy.PinningFraction, db.Proxy.BorrowTimeout = true, 1, new(2*sim.Second)
	s := mustRun(t, dbScenario(time60s, fn, db, burstAt("first", 3, 0), burstAt("second", 3, 500*sim.Millisecond),
		burstAt("third", 6, 10*sim.Second)))
	p := s.Databases["db"].Proxy
	// The first three environments pin all three connections; the next three
	// time out waiting. The third burst takes all six environments: the
	// pinned three succeed, the other three time out again.
	eq(t, "pinned sessions", p.PinnedSessions, 3)
	eq(t, "peak pinned", p.PeakPinned, 3)
	eq(t, "borrow timeouts", p.BorrowTimeouts, 6)
	eq(t, "succeeded", s.Requests.Succeeded, 6)
	eq(t, "peak held by idle environments", s.Databases["db"].PeakHeldIdle, 3)
}

// connect_retries: the code retries a refused connect after a full-jitter
// backoff, holding its environment (and its concurrency) meanwhile.
func TestConnectRetries(t *testing.T) {
	for _, tc := range []struct {
		name     string
		retries  int
		wantFail int64
		wantConn int64 // successful connects
	}{
		// No retries: the 5 connects beyond the 5 slots fail at once.
		{name: "none", retries: 0, wantFail: 5, wantConn: 5},
		// per_invocation holds a slot for 10 ms of connect and a 1 ms
		// query; waits of up to 100 ms·2^(n−1) find one free within 8 tries.
		{name: "eight", retries: 8, wantFail: 0, wantConn: 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := withCall(testFunction("f", fixed(sim.Second)), "db", 1, rds.PerInvocation)
			fn.Calls[0].ConnectRetries = tc.retries
			db := testDatabase("db", 5, sim.Millisecond)
			db.ConnectTime = fixed(10 * sim.Millisecond)
			s := mustRun(t, dbScenario(60*sim.Second, fn, db, burstAt("w", 10, 0)))
			eq(t, "refused failures", s.Failures[CauseDBConnectionRefused], tc.wantFail)
			eq(t, "connects", s.Databases["db"].Connects, tc.wantConn)
			// A retrier waited before its connect: slower than 1 s + 11 ms.
			if tc.retries > 0 && s.LatencyMS.Max <= 1011 {
				t.Errorf("slowest request %.1f ms; want a wait before it", s.LatencyMS.Max)
			}
		})
	}
}
