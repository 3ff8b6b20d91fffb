package models

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede/models/arrivals"
	"github.com/stampede-sim/stampede/scenarios"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Builders of in-memory scenarios for model tests: they bypass the TOML
// loader so that a test states exactly the model it checks.

func fixed(d sim.Time) dist.Spec { return dist.Spec{Kind: dist.Fixed, Value: d} }

func expo(mean sim.Time) dist.Spec { return dist.Spec{Kind: dist.Exponential, Mean: mean} }

func poisson(rate float64) arrivals.Spec { return arrivals.Spec{Process: arrivals.Poisson, Rate: rate} }

func burst(n int, at, over sim.Time) arrivals.Spec {
	return arrivals.Spec{Process: arrivals.Burst, Count: n, At: at, Over: over}
}

// testFunction is a function with no cold-start cost, a keep-alive longer
// than any test and no limits but the account's.
func testFunction(name string, d dist.Spec) scenarios.Function {
	return scenarios.Function{
		Name: name, Runtime: "python3.12", Arch: "x86_64", MemoryMB: 1024,
		Timeout: 900 * sim.Second, Duration: d, ColdStart: fixed(0), KeepAlive: fixed(1000 * sim.Hour),
		ReservedConcurrency: -1, AsyncMaxRetries: 2, AsyncMaxEventAge: 6 * sim.Hour,
	}
}

func testWorkload(name, fn string, a arrivals.Spec) scenarios.Workload {
	return scenarios.Workload{
		Name: name, Function: fn, Invocation: "sync", Via: "direct", Arrivals: a,
		Client: scenarios.Client{BackoffBase: 100 * sim.Millisecond, BackoffCap: 20 * sim.Second},
	}
}

func testScenario(duration sim.Time, fns []scenarios.Function, wls []scenarios.Workload) *scenarios.Scenario {
	return &scenarios.Scenario{
		Name: "test", Seed: 1, Duration: duration, Replications: 1,
		Account:   scenarios.Account{ConcurrencyLimit: 1000, UnreservedMinimum: 100, Scaling: "2023", Region: "us-east-1"},
		Functions: fns, Workloads: wls,
	}
}

func mustRun(t *testing.T, sc *scenarios.Scenario) *Summary {
	t.Helper()
	res, err := RunScenario(sc, 0, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	checkConservation(t, s)
	checkLittle(t, s)
	return s
}

// checkConservation: every request ends succeeded or failed with exactly one
// cause.
func checkConservation(t *testing.T, s *Summary) {
	t.Helper()
	r, f := s.Requests, s.Failures
	causes := f.Throttled + f.Timeout + f.DBConnectionRefused + f.DBBorrowTimeout + f.FunctionError + f.DeadLettered + f.Expired
	if math.Abs(r.Succeeded+r.Failed-r.Total) > 1e-9 || math.Abs(causes-r.Failed) > 1e-9 {
		t.Errorf("conservation: total %v, succeeded %v, failed %v, causes %v", r.Total, r.Succeeded, r.Failed, causes)
	}
}

// checkLittle checks Little's law per function: the time-average number of
// environments serving requests equals the invocation rate times the mean
// time an invocation holds its environment. The two sides differ only by
// invocations that straddle the window's ends, each of which shifts the
// balance by at most its own duration: |L − λW| ≤ 2·peak·max/T.
func checkLittle(t *testing.T, s *Summary) {
	t.Helper()
	window := s.DurationS - s.WarmupS
	for name, f := range s.Functions {
		lambdaW := f.Invocations / window * f.DurationMS.Mean / 1000
		tol := 2*(f.PeakConcurrency+1)*f.DurationMS.Max/1000*1.01/window + 1e-9
		if d := math.Abs(f.MeanConcurrency - lambdaW); d > tol {
			t.Errorf("Little's law for %s: mean concurrency %.6g vs λW %.6g (diff %.3g > %.3g)",
				name, f.MeanConcurrency, lambdaW, d, tol)
		}
	}
}

// within asserts |got − want| ≤ k standard errors, where se is derived from
// the run (a replication CI or a binomial standard error).
func within(t *testing.T, what string, got, want, se, k float64) {
	t.Helper()
	t.Logf("%s = %.6g, closed form %.6g (%.2f SE, SE %.3g)", what, got, want, (got-want)/se, se)
	if math.Abs(got-want) > k*se {
		t.Errorf("%s = %.6g, want %.6g ± %.3g (%g × SE %.3g)", what, got, want, k*se, k, se)
	}
}

// seFromCI turns a 95% CI half-width over n replications back into a
// standard error.
func seFromCI(ci float64, n int) float64 {
	return ci / distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
}

func arrivalsEvery(d sim.Time) arrivals.Spec {
	return arrivals.Spec{Process: arrivals.Constant, Rate: 1 / d.Seconds()}
}
