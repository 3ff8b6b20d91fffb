package models

import (
	"fmt"
	"math"
	"testing"

	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/sim"
)

// testDatabase is a MySQL database (no reserved slots) with maxConn usable
// connections, effectively unlimited CPU, instant connects, queries of the
// given mean time and, when enabled, a proxy that adds no latency and keeps
// its idle connections: tests change what they check.
func testDatabase(name string, maxConn int, query sim.Time) rds.Config {
	return rds.Config{
		Name: name, Engine: rds.MySQL, Instance: "db.r6g.large", VCPUs: 1024, MaxConnections: maxConn,
		ConnectTime: fixed(0), QueryTime: expo(query),
		Proxy: rds.ProxyConfig{MaxIdleConnectionsPercent: new(100), AddedLatency: fixed(0)},
	}
}

func withCall(f Function, db string, queries int, conn rds.ConnectionMode) Function {
	f.Calls = append(f.Calls, rds.CallConfig{Database: db, Queries: new(queries), Connection: conn})
	return f
}

// erlangC is the probability that an arrival waits in M/M/c with offered
// load a = λ/μ < c: C = c·B / (c − a(1 − B)), B = Erlang B.
func erlangC(c int, a float64) float64 {
	b := erlangB(c, a)
	return float64(c) * b / (float64(c) - a*(1-b))
}

func TestErlangC(t *testing.T) {
	// Textbook values: M/M/1 waits with probability ρ; C(2, 1) = 1/3;
	// C(10, 8) ≈ 0.40918.
	for _, c := range []struct {
		c       int
		a, want float64
	}{{1, 0.5, 0.5}, {2, 1, 1.0 / 3}, {10, 8, 0.409180}} {
		if got := erlangC(c.c, c.a); math.Abs(got-c.want) > 1e-5 {
			t.Errorf("C(%d, %g) = %g, want %g", c.c, c.a, got, c.want)
		}
	}
}

// checkLittleConnections: the time-average number of open connections is the
// connect rate times the mean lifetime, for runs whose connections all close
// (per_invocation); connections straddling the window's ends bound the
// difference: |L − λW| ≤ 2·(peak + 1)·max lifetime / T.
func checkLittleConnections(t *testing.T, s *Summary) {
	t.Helper()
	window := s.DurationS - s.WarmupS
	for name, d := range s.Databases {
		lw := float64(d.Connects) / window * d.ConnectionLifetimeS
		tol := 2*(d.PeakConnections+1)*d.MaxLifetimeS*1.01/window + 1e-9
		if diff := math.Abs(d.MeanConnections - lw); diff > tol {
			t.Errorf("Little's law for %s connections: mean %.6g vs λW %.6g (diff %.3g > %.3g)",
				name, d.MeanConnections, lw, diff, tol)
		}
	}
}

// Without a proxy, connection slots are a loss system: per_invocation
// connections held for an exponential time (the connect, then no queries)
// against c slots refuse a share of connects equal to Erlang B, and the
// refused requests fail with db_connection_refused.
func TestConnectionSlotsAreErlangB(t *testing.T) {
	const reps = 8
	for _, tc := range []struct {
		c int
		a float64 // offered load: λ × mean connection time
	}{
		{10, 8},  // a typical small pool, moderate blocking
		{40, 45}, // overload
	} {
		t.Run(fmt.Sprintf("c=%d,a=%g", tc.c, tc.a), func(t *testing.T) {
			const hold = 100 * sim.Millisecond
			lambda := tc.a / hold.Seconds()
			fn := withCall(testFunction("f", fixed(0)), "db", 0, rds.PerInvocation)
			db := testDatabase("db", tc.c, sim.Millisecond)
			db.ConnectTime = expo(hold)
			length := sim.FromSeconds(perRep(200000) / lambda)
			sc := testScenario(length, []Function{fn}, []Workload{testWorkload("w", "f", poisson(lambda))})
			sc.Databases = []rds.Config{db}
			sc.Seed, sc.Replications = shortSeed(), reps
			res := mustRunReps(t, sc)
			for _, s := range res.Replicas {
				checkLittleConnections(t, s)
				if d := s.Databases["db"]; d.Refused != s.Failures[CauseDBConnectionRefused] {
					t.Errorf("database refused %v connects, requests failed by refusal %v", d.Refused, s.Failures[CauseDBConnectionRefused])
				}
			}
			want := erlangB(tc.c, tc.a)
			rate := est(t, res, "failures.db_connection_refused").Mean / est(t, res, "requests.total").Mean
			se := seFromCI(est(t, res, "requests.error_rate").CI95, reps)
			within(t, "refused share", rate, want, se, 4)
			withinCI(t, "mean_connections", est(t, res, "databases.db.mean_connections"), tc.a*(1-want), reps, 4)
		})
	}
}

// queueScenario is a Poisson workload of about 300,000 requests per
// replication at lambda on fn, which calls db; the first 5% is warm-up
// (warmedUp: a tenth of the rest under -short).
func queueScenario(fn Function, db rds.Config, lambda float64, reps int) *Scenario {
	length, warmup := warmedUp(300000, lambda)
	sc := dbScenario(length, fn, db, testWorkload("w", "f", poisson(lambda)))
	sc.Warmup = warmup
	sc.Seed, sc.Replications = shortSeed(), reps
	return sc
}

// RDS Proxy's pool with its borrow queue is M/M/c: c = the pool's maximum,
// instant connects (so the pool is always as good as warm), each request one
// exponential query. Borrows wait with probability Erlang C and for
// W_q = C/(cμ − λ) on average.
func TestProxyPoolIsErlangC(t *testing.T) {
	const reps = 8
	for _, tc := range []struct {
		c int
		a float64
	}{
		{10, 8},  // ρ = 0.8
		{50, 45}, // ρ = 0.9, a larger pool
	} {
		t.Run(fmt.Sprintf("c=%d,a=%g", tc.c, tc.a), func(t *testing.T) {
			const query = 100 * sim.Millisecond
			lambda := tc.a / query.Seconds()
			fn := withCall(testFunction("f", fixed(0)), "db", 1, rds.PerEnvironment)
			db := testDatabase("db", tc.c, query)
			db.Proxy.Enabled = true
			res := mustRunReps(t, queueScenario(fn, db, lambda, reps))
			for _, s := range res.Replicas {
				if p := s.Databases["db"].Proxy; p.BorrowTimeouts != 0 || s.Requests.Failed != 0 {
					t.Fatalf("%v borrow timeouts, %v failures: the queue should be stable", p.BorrowTimeouts, s.Requests.Failed)
				}
			}
			cw := erlangC(tc.c, tc.a)
			waited, borrows := est(t, res, "databases.db.proxy.borrow_waited"), est(t, res, "databases.db.proxy.borrows")
			within(t, "P(wait)", waited.Mean/borrows.Mean, cw, seFromCI(waited.CI95, reps)/borrows.Mean, 4)
			wq := cw / (float64(tc.c)/query.Seconds() - lambda) * 1000
			withinCI(t, "mean borrow wait (ms)", est(t, res, "databases.db.proxy.borrow_wait_ms.mean"), wq, reps, 4)
		})
	}
}

// The database CPU is an FCFS queue with one server per vCPU: with Poisson
// queries of exponential CPU time, the mean query latency is Erlang C's
// W_q + 1/μ.
func TestDatabaseCPUIsErlangC(t *testing.T) {
	const reps = 8
	const query = 10 * sim.Millisecond
	for _, tc := range []struct {
		c int
		a float64
	}{
		{1, 0.7}, // M/M/1 at ρ = 0.7: W = 1/(μ − λ)
		{4, 3.4}, // four vCPUs at ρ = 0.85
	} {
		t.Run(fmt.Sprintf("vcpus=%d,a=%g", tc.c, tc.a), func(t *testing.T) {
			lambda := tc.a / query.Seconds()
			fn := withCall(testFunction("f", fixed(0)), "db", 1, rds.PerEnvironment)
			db := testDatabase("db", 5000, query)
			db.VCPUs = tc.c
			res := mustRunReps(t, queueScenario(fn, db, lambda, reps))
			mu := 1 / query.Seconds()
			want := (erlangC(tc.c, tc.a)/(float64(tc.c)*mu-lambda) + 1/mu) * 1000
			withinCI(t, "mean query latency (ms)", est(t, res, "databases.db.query_ms.mean"), want, reps, 4)
			withinCI(t, "CPU utilization", est(t, res, "databases.db.cpu_utilization"), tc.a/float64(tc.c), reps, 4)
		})
	}
}
