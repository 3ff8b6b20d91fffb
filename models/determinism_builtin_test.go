package models_test

import (
	"bytes"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/scenarios"
)

// checkBuiltinDeterministic: built-in name with sets, run twice with the
// same two replications, once on one worker and once on two, gives
// byte-identical summaries (their means and confidence intervals cover
// both replications): the same seed gives the same result, whatever the
// number of workers.
func checkBuiltinDeterministic(t *testing.T, name string, sets ...string) {
	t.Helper()
	sc, err := scenarios.Load(name, append([]string{"duration=12m", "replications=2"}, sets...))
	if err != nil {
		t.Fatal(err)
	}
	summary := func(workers int) []byte {
		t.Helper()
		res, err := models.RunScenario(sc, workers, models.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := res.SummaryJSON()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if a, b := summary(1), summary(2); !bytes.Equal(a, b) {
		t.Errorf("%s: same seed, different summaries on one and two workers", name)
	}
}

// With databases and a proxy in the loop (pinning draws, connect times,
// borrow queues), and with a queue (redeliveries, batch item failures, ESM
// scaling), summaries stay byte-identical across runs and workers.
func TestDeterminismWithDatabasesAndQueues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		sets []string
	}{
		{"rds-proxy", []string{"database.orders.proxy.pinning_fraction=0.2", "database.orders.proxy.max_connections_percent=20"}},
		{"sqs-leveling", []string{"function.worker.error_rate=0.05", "queue.orders-queue.report_batch_item_failures=true"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkBuiltinDeterministic(t, tc.name, tc.sets...)
		})
	}
}
