package models

import "testing"

// Helpers for tests of replicated runs: each replication's summary is a
// whole run (conservation and Little's law hold in each); means and their
// confidence intervals come from the result's estimates.

// mustRunReps runs sc's replications, checks each replication and returns
// the combined result.
func mustRunReps(t *testing.T, sc *Scenario) *Result {
	t.Helper()
	res := run(t, sc, 0, RunOptions{})
	for _, s := range res.Replicas {
		checkConservation(t, s)
		checkLittle(t, s)
	}
	return res
}

// est is the estimate over res's replications of the metric at a concrete
// path of summary.json ("functions.f.mean_concurrency").
func est(t *testing.T, res *Result, path string) Estimate {
	t.Helper()
	k, err := Lookup(path)
	if err != nil {
		t.Fatal(err)
	}
	e, ok := res.Value(k)
	if !ok {
		t.Fatalf("%s: not in the result", path)
	}
	return e
}

// withinCI asserts that an estimate over reps replications is within k
// standard errors of want.
func withinCI(t *testing.T, what string, e Estimate, want float64, reps int, k float64) {
	t.Helper()
	within(t, what, e.Mean, want, seFromCI(e.CI95, reps), k)
}
