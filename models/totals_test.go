package models

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Issue 12 keeps the per-bucket levels once for the account and per
// function only its concurrency: the account's concurrency series is the
// sum of the functions' columns, bucket by bucket, and a function's own
// means and peaks are what its requests made them. Three functions of
// different speeds share the account.
func TestTotalsSumFunctions(t *testing.T) {
	var fns []Function
	var wls []Workload
	for i, ms := range []sim.Time{20, 200, 900} {
		name := fmt.Sprintf("f%d", i)
		fns = append(fns, testFunction(name, fixed(ms*sim.Millisecond)))
		wls = append(wls, testWorkload("w"+name, name, poisson(30)))
	}
	res := run(t, testScenario(5*sim.Minute, fns, wls), 1, RunOptions{})
	s := res.Series
	if len(s.Functions) != 3 {
		t.Fatalf("%d per-function columns, want 3", len(s.Functions))
	}
	for i := range s.Concurrency {
		var sum float64
		for _, f := range s.Functions {
			sum += f.Concurrency[i]
		}
		if math.Abs(sum-s.Concurrency[i]) > 1e-9*max(1, sum) {
			t.Fatalf("bucket %d: functions sum to %v, account %v", i, sum, s.Concurrency[i])
		}
	}
	// Little's law per function: mean concurrency ≈ rate × time held
	// (cold starts add a little).
	for i, ms := range []float64{20, 200, 900} {
		f := res.Summary.Functions[fmt.Sprintf("f%d", i)]
		want := 30 * ms / 1000
		if f.MeanConcurrency < 0.95*want || f.MeanConcurrency > 1.1*want || f.PeakConcurrency < want {
			t.Errorf("f%d: mean concurrency %v, peak %v; want ≈ %v", i, f.MeanConcurrency, f.PeakConcurrency, want)
		}
	}
}

// One replication's memory follows the scenario's structure (issue 12):
// 2,000 functions sharing 200 requests/s for 20 minutes keep well under
// 60 MB live (each function's state, histograms included, is a few
// kilobytes; with HdrHistogram's 190 KB arrays it was about 1.4 GB).
func TestManyFunctionsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a 20-minute run of 2,000 functions; not in -short")
	}
	var fns []Function
	var wls []Workload
	for i := range 2000 {
		name := fmt.Sprintf("f%d", i)
		fns = append(fns, testFunction(name, dist.Spec{Kind: dist.LogNormal, Median: 40 * sim.Millisecond, P99: 200 * sim.Millisecond}))
		wls = append(wls, testWorkload("w"+name, name, poisson(0.1)))
	}
	sc := testScenario(20*sim.Minute, fns, wls)
	var peak uint64
	step := 0
	run(t, sc, 1, RunOptions{Progress: func(float64) {
		if step++; step%25 == 0 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
		}
	}})
	t.Logf("peak live heap %d MB", peak>>20)
	if peak > 60<<20 {
		t.Errorf("peak live heap %d MB for 2,000 functions, want under 60 MB", peak>>20)
	}
}
