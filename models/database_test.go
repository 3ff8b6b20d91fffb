package models

import (
	"fmt"
	"math"
	"testing"

	"github.com/stampede-sim/stampede/scenarios"
	"github.com/stampede-sim/stampede/sim"
)

// testDatabase is a MySQL database (no reserved slots) with c usable
// connections, effectively unlimited CPU, instant connects and queries of
// the given time: tests change what they check.
func testDatabase(name string, maxConn int, query sim.Time) scenarios.Database {
	return scenarios.Database{
		Name: name, Engine: "mysql", Instance: "db.r6g.large", VCPUs: 1024, MemoryGiB: 16,
		MaxConnections: maxConn, HourlyUSD: 0.215,
		ConnectTime: fixed(0), ConnectCPU: fixed(0), QueryTime: expo(query),
		Proxy: scenarios.Proxy{MaxConnectionsPercent: 100, MaxIdleConnectionsPercent: 100,
			BorrowTimeout: 120 * sim.Second, AddedLatency: fixed(0)},
	}
}

func withCall(f scenarios.Function, db string, queries int, conn string) scenarios.Function {
	f.Calls = append(f.Calls, scenarios.Call{Database: db, Queries: queries, Connection: conn})
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
		lw := d.Connects / window * d.ConnectionLifetimeS
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
			fn := withCall(testFunction("f", fixed(0)), "db", 0, "per_invocation")
			db := testDatabase("db", tc.c, sim.Millisecond)
			db.ConnectTime = expo(hold)
			length := sim.FromSeconds(200000 / lambda)
			sc := testScenario(length, []scenarios.Function{fn}, []scenarios.Workload{testWorkload("w", "f", poisson(lambda))})
			sc.Databases = []scenarios.Database{db}
			sc.Replications = reps
			s := mustRun(t, sc)
			checkLittleConnections(t, s)
			want := erlangB(tc.c, tc.a)
			rate := s.Failures.DBConnectionRefused / s.Requests.Total
			se := seFromCI(s.CI95.Requests.ErrorRate, reps)
			within(t, "refused share", rate, want, se, 4)
			d := s.Databases["db"]
			if d.Refused != s.Failures.DBConnectionRefused {
				t.Errorf("database refused %v connects, requests failed by refusal %v", d.Refused, s.Failures.DBConnectionRefused)
			}
			within(t, "mean_connections", d.MeanConnections, tc.a*(1-want), seFromCI(s.CI95.Databases["db"].MeanConnections, reps), 4)
		})
	}
}

// queueScenario is a Poisson workload of about 300,000 requests per
// replication at lambda on fn, which calls db; the first 5% is warm-up.
func queueScenario(fn scenarios.Function, db scenarios.Database, lambda float64, reps int) *scenarios.Scenario {
	length := sim.FromSeconds(300000 / lambda)
	sc := dbScenario(length, fn, db, testWorkload("w", "f", poisson(lambda)))
	sc.Warmup = length / 20
	sc.Replications = reps
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
			fn := withCall(testFunction("f", fixed(0)), "db", 1, "per_environment")
			db := testDatabase("db", tc.c, query)
			db.Proxy.Enabled = true
			s := mustRun(t, queueScenario(fn, db, lambda, reps))
			p, ci := s.Databases["db"].Proxy, s.CI95.Databases["db"].Proxy
			if p.BorrowTimeouts != 0 || s.Requests.Failed != 0 {
				t.Fatalf("%v borrow timeouts, %v failures: the queue should be stable", p.BorrowTimeouts, s.Requests.Failed)
			}
			cw := erlangC(tc.c, tc.a)
			within(t, "P(wait)", p.BorrowWaited/p.Borrows, cw, seFromCI(ci.BorrowWaited, reps)/p.Borrows, 4)
			wq := cw / (float64(tc.c)/query.Seconds() - lambda) * 1000
			within(t, "mean borrow wait (ms)", p.BorrowWaitMS.Mean, wq, seFromCI(ci.BorrowWaitMS.Mean, reps), 4)
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
			fn := withCall(testFunction("f", fixed(0)), "db", 1, "per_environment")
			db := testDatabase("db", 5000, query)
			db.VCPUs = tc.c
			s := mustRun(t, queueScenario(fn, db, lambda, reps))
			d, ci := s.Databases["db"], s.CI95.Databases["db"]
			mu := 1 / query.Seconds()
			want := (erlangC(tc.c, tc.a)/(float64(tc.c)*mu-lambda) + 1/mu) * 1000
			within(t, "mean query latency (ms)", d.QueryMS.Mean, want, seFromCI(ci.QueryMS.Mean, reps), 4)
			within(t, "CPU utilization", d.CPUUtilization, tc.a/float64(tc.c), seFromCI(ci.CPUUtilization, reps), 4)
		})
	}
}
