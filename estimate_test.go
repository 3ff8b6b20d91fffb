package stampede_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stampede-sim/stampede"
)

// The estimate of every built-in against what a run sends: requests within
// 1% (plus four standard deviations of a Poisson count) and events within
// 30% (a query's events depend on the database's load, an SQS message's on
// the size of its batch). With -short each runs its first 3 simulated minutes.
func TestEstimateWorkBuiltins(t *testing.T) {
	for _, b := range stampede.Builtins() {
		t.Run(b.Name, func(t *testing.T) {
			var sets []string
			if testing.Short() {
				sets = append(sets, "duration=3m")
			}
			sc, err := stampede.Load(b.Name, sets...)
			if err != nil {
				t.Fatal(err)
			}
			w := stampede.EstimateWork(sc)
			res, err := stampede.Run(context.Background(), sc, stampede.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := float64(res.Summary.Requests.Total)
			if tol := 0.01*w.Requests + 4*math.Sqrt(w.Requests); math.Abs(got-w.Requests) > tol {
				t.Errorf("requests: estimate %.0f, run %.0f (tolerance %.0f)", w.Requests, got, tol)
			}
			// Events within 30%, for runs of a thousand requests or more:
			// the estimate is for sizing large runs, and a tiny one's
			// drain (handlers running minutes past the end, their
			// environments reclaimed meanwhile) is most of its events.
			if ratio := float64(res.Events) / w.Events; w.Requests >= 1000 && (ratio < 0.7 || ratio > 1.3) {
				t.Errorf("events: estimate %.0f, run %d (ratio %.3f)", w.Events, res.Events, ratio)
			}
			if w.Runs != 1 {
				t.Errorf("runs %d, want 1", w.Runs)
			}
		})
	}
}

// Replications, sweep points and compared scenarios multiply the work.
func TestEstimateWorkMultiplies(t *testing.T) {
	one, err := stampede.Load("steady-api", "duration=1m")
	if err != nil {
		t.Fatal(err)
	}
	base := stampede.EstimateWork(one)
	three, _ := stampede.Load("steady-api", "duration=1m", "replications=3")
	plan, err := stampede.PlanSweep(stampede.Sweep{Scenario: "steady-api", Overrides: []string{"duration=1m"},
		Vary: []string{"function.api.memory_mb=512,1024"}})
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := stampede.EstimateCompareWork([]stampede.Entry{{Label: "a", Scenario: one}, {Label: "b", Scenario: one}},
		stampede.CompareOptions{Replications: 4})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		work stampede.Work
		runs int
	}{
		// Three replications: three runs.
		{"replications", stampede.EstimateWork(three), 3},
		// Two sweep points of one replication.
		{"sweep", plan.EstimateWork(), 2},
		// Two scenarios, four paired replications each.
		{"compare", cmp, 8},
	}
	for _, tc := range tests {
		if tc.work.Runs != tc.runs || tc.work.Requests != float64(tc.runs)*base.Requests || tc.work.Events != float64(tc.runs)*base.Events {
			t.Errorf("%s: %+v, want %d × %+v", tc.name, tc.work, tc.runs, base)
		}
	}
	if _, err := stampede.EstimateCompareWork(nil, stampede.CompareOptions{}); err == nil {
		t.Error("comparing nothing: no error")
	}
}

// A scenario's work, known before it runs: an hour of steady-api is small;
// at 10,000 requests/s for 300 hours it is the 10^10 requests that issue 11
// saw run for most of an hour without a word.
func ExampleEstimateWork() {
	sc, err := stampede.Load("steady-api", "duration=1h")
	if err != nil {
		panic(err)
	}
	w := stampede.EstimateWork(sc)
	fmt.Println(w, w.Large())

	big, err := stampede.Load("steady-api", "duration=300h", "workload.requests.arrivals.rate=10000")
	if err != nil {
		panic(err)
	}
	w = stampede.EstimateWork(big)
	fmt.Println(w, w.Large())
	// Output:
	// about 360 thousand requests, 720 thousand events; roughly 180ms of CPU at 4 million events/s false
	// about 11 billion requests, 22 billion events; roughly 1h30m of CPU at 4 million events/s true
}
