package models_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/scenarios"
)

// checkBuiltinDeterministic: built-in name with sets gives byte-identical
// summaries across runs, and with replications across numbers of workers.
func checkBuiltinDeterministic(t *testing.T, name string, sets ...string) {
	t.Helper()
	summary := func(reps string, workers int) []byte {
		t.Helper()
		sc, err := scenarios.Load(name, append([]string{"duration=12m", "replications=" + reps}, sets...))
		if err != nil {
			t.Fatal(err)
		}
		res, err := models.RunScenario(sc, workers, models.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(res.Summary)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if a, b := summary("1", 1), summary("1", 1); !bytes.Equal(a, b) {
		t.Errorf("%s: same seed, different summary", name)
	}
	if a, b := summary("3", 1), summary("3", 3); !bytes.Equal(a, b) {
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
