package models

import (
	"reflect"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// RunScenario folds each replication's series and histogram into the
// combined result as soon as the replications before it are done, keeping
// only its summary: the result is Combine's over the replications run one
// by one, series and histogram included, whatever the workers.
func TestFoldEqualsCombine(t *testing.T) {
	sc := resolve(t, determinismScenario(3, 5))
	sc.Duration = 2 * sim.Minute
	var rs []*Result
	for r := range sc.Replications {
		res, err := RunReplication(sc, r, RunOptions{Buckets: 50})
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, res)
	}
	want := Combine(rs)
	for _, workers := range []int{
		1, // one at a time: each folds at once
		2, // fewer workers than replications: slots wait for the fold
		8, // more workers than replications
	} {
		got, err := RunScenario(sc, workers, RunOptions{Buckets: 50})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !reflect.DeepEqual(got.Series, want.Series):
			t.Errorf("%d workers: series differ from Combine's", workers)
		case !reflect.DeepEqual(got.Estimates, want.Estimates):
			t.Errorf("%d workers: estimates differ from Combine's", workers)
		case got.Latency.Count() != want.Latency.Count() || got.Latency.Quantile(0.99) != want.Latency.Quantile(0.99):
			t.Errorf("%d workers: latency histogram differs from Combine's", workers)
		case got.Events != want.Events || len(got.Replicas) != len(want.Replicas):
			t.Errorf("%d workers: %d events, %d replicas; want %d, %d", workers, got.Events, len(got.Replicas), want.Events, len(want.Replicas))
		}
	}
}

// The replications running at once stay within MemoryBudget by their
// structural estimate: many functions run fewer at once.
func TestReplicationBytes(t *testing.T) {
	for _, tc := range []struct {
		name      string
		functions int
		buckets   int
		lo, hi    int // replications at once within the budget
	}{
		// One small function (≈ 0.3 MB, mostly its time series): hundreds
		// at once.
		{name: "small", functions: 1, buckets: 600, lo: 300, hi: 1 << 30},
		// 2,000 functions: ≈ 80 MB each since issue 12 (1.4 GB before).
		{name: "2,000 functions", functions: 2000, buckets: 600, lo: 20, hi: 30},
		// 200 functions: ≈ 7.8 MB each (14 MB while each bucket kept a
		// windowed latency histogram).
		{name: "200 functions", functions: 200, buckets: 600, lo: 250, hi: 300},
		// The maximum buckets weigh too: 200 functions at 100,000 buckets,
		// ≈ 200 MB each, nearly all time series.
		{name: "fine buckets", functions: 200, buckets: MaxBuckets, lo: 8, hi: 12},
	} {
		sc := &Scenario{Functions: make([]Function, tc.functions), Workloads: make([]Workload, tc.functions)}
		got := CapWorkers(1<<30, tc.buckets, sc)
		if got < tc.lo || got > tc.hi {
			t.Errorf("%s: %d at once (%d bytes each), want %d to %d", tc.name, got, ReplicationBytes(sc, tc.buckets), tc.lo, tc.hi)
		}
	}
}
