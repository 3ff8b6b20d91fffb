package models

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stampede-sim/stampede/scenarios"
	"github.com/stampede-sim/stampede/sim"
)

func summaryJSON(t *testing.T, sc *scenarios.Scenario, workers int) []byte {
	t.Helper()
	res, err := RunScenario(sc, workers, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res.Summary)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func determinismScenario(seed uint64, reps int) *scenarios.Scenario {
	fn := testFunction("f", expo(100*sim.Millisecond))
	fn.ColdStart = expo(200 * sim.Millisecond)
	fn.KeepAlive = expo(30 * sim.Second)
	fn.ReservedConcurrency = 20
	fn.ErrorRate = 0.01
	wl := testWorkload("w", "f", poisson(50))
	wl.Client.Retries = 2
	sc := testScenario(5*sim.Minute, []scenarios.Function{fn}, []scenarios.Workload{wl})
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
	res1, err := RunScenario(sc, 1, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	other := testFunction("g", fixed(sim.Millisecond))
	sc.Functions = append(sc.Functions, other)
	sc.Workloads = append(sc.Workloads, testWorkload("v", "g", poisson(5)))
	res2, err := RunScenario(sc, 1, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := res1.Summary.Workloads["w"], res2.Summary.Workloads["w"]; a != b {
		t.Errorf("workload w changed when v was added: %+v vs %+v", a, b)
	}
}

// checkBuiltinDeterministic: built-in name with sets gives byte-identical
// summaries across runs, and with replications across numbers of workers.
func checkBuiltinDeterministic(t *testing.T, name string, sets ...string) {
	t.Helper()
	load := func(reps string) *scenarios.Scenario {
		sc, err := scenarios.Load(name, append([]string{"duration=12m", "replications=" + reps}, sets...))
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	if a, b := summaryJSON(t, load("1"), 1), summaryJSON(t, load("1"), 1); !bytes.Equal(a, b) {
		t.Errorf("%s: same seed, different summary", name)
	}
	if a, b := summaryJSON(t, load("3"), 1), summaryJSON(t, load("3"), 3); !bytes.Equal(a, b) {
		t.Errorf("%s: replications depend on the number of workers", name)
	}
}

// With databases and a proxy in the loop (pinning draws, connect times,
// borrow queues), and with a queue (redeliveries, batch item failures, ESM
// scaling), summaries stay byte-identical across runs and workers.
func TestDeterminismWithDatabasesAndQueues(t *testing.T) {
	checkBuiltinDeterministic(t, "rds-proxy",
		"database.orders.proxy.pinning_fraction=0.2", "database.orders.proxy.max_connections_percent=20")
	checkBuiltinDeterministic(t, "sqs-leveling",
		"function.worker.error_rate=0.05", "queue.orders-queue.report_batch_item_failures=true")
}
