package models

import (
	"bytes"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// summaryJSON is summary.json of sc run on workers goroutines: with
// replications, their means and confidence intervals.
func summaryJSON(t *testing.T, sc *Scenario, workers int) []byte {
	t.Helper()
	b, err := run(t, sc, workers, RunOptions{}).SummaryJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func determinismScenario(seed uint64, reps int) *Scenario {
	fn := testFunction("f", expo(100*sim.Millisecond))
	fn.ColdStart = expo(200 * sim.Millisecond)
	fn.KeepAlive = expo(30 * sim.Second)
	fn.ReservedConcurrency = new(20)
	fn.ErrorRate = 0.01
	wl := testWorkload("w", "f", poisson(50))
	wl.Client.Retries = new(2)
	sc := testScenario(5*sim.Minute, []Function{fn}, []Workload{wl})
	sc.Seed, sc.Replications = seed, reps
	return sc
}

// Same scenario and seed give byte-identical summaries, whatever the number
// of workers; another seed gives another result.
func TestDeterminism(t *testing.T) {
	a := summaryJSON(t, determinismScenario(1, 1), 1)
	if b := summaryJSON(t, determinismScenario(1, 1), 1); !bytes.Equal(a, b) {
		t.Error("same seed, different summary")
	}
	if c := summaryJSON(t, determinismScenario(2, 1), 1); bytes.Equal(a, c) {
		t.Error("different seeds, same summary")
	}
	one := summaryJSON(t, determinismScenario(1, 4), 1)
	if two := summaryJSON(t, determinismScenario(1, 4), 3); !bytes.Equal(one, two) {
		t.Error("replications depend on the number of workers")
	}
}

// Adding a workload must not change the draws of another component: the
// first workload's arrivals are the same with or without a second one.
func TestStreamsIndependentOfOtherComponents(t *testing.T) {
	sc := determinismScenario(1, 1)
	res1 := run(t, sc, 1, RunOptions{})
	other := testFunction("g", fixed(sim.Millisecond))
	sc.Functions = append(sc.Functions, other)
	sc.Workloads = append(sc.Workloads, testWorkload("v", "g", poisson(5)))
	res2 := run(t, sc, 1, RunOptions{})
	if a, b := res1.Summary.Workloads["w"], res2.Summary.Workloads["w"]; a != b {
		t.Errorf("workload w changed when v was added: %+v vs %+v", a, b)
	}
}
