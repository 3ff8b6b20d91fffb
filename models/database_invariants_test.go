package models_test

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/scenarios"
)

// The built-in database and queue scenarios leave the connection bookkeeping
// consistent: records, counts and gauges agree, and no more connections are
// open than the database allows.
func TestDatabaseInvariants(t *testing.T) {
	t.Parallel()
	// The spike runs from minute 5 to 10; under -short, its first 3 minutes.
	duration := "15m"
	if testing.Short() {
		duration = "8m"
	}
	for _, tc := range []struct {
		name string
		sets []string
	}{
		{"rds-exhaustion", nil},
		{"rds-exhaustion", []string{"database.orders.idle_timeout=1m"}}, // the server closes idle connections
		{"rds-proxy", nil},
		{"rds-proxy", []string{"database.orders.proxy.pinning_fraction=0.3"}},                                 // pinning exhausts the pool
		{"rds-proxy", []string{"database.orders.proxy.max_connections_percent=2", "function.api.timeout=1s"}}, // borrow waits and timeouts
		{"rds-per-invocation", nil},
		{"rds-per-invocation", []string{"database.orders.proxy.enabled=true"}}, // per-invocation client sessions
		{"sqs-leveling", nil},
		{"sqs-leveling", []string{"function.worker.error_rate=0.3", "queue.orders-queue.visibility_timeout=1m"}}, // redeliveries and the DLQ
		{"sqs-leveling", []string{"function.worker.error_rate=0.3", "queue.orders-queue.report_batch_item_failures=true"}},
		{"sqs-leveling", []string{"function.worker.reserved_concurrency=20", "queue.orders-queue.max_concurrency=40"}}, // throttled batches
		{"sqs-leveling", []string{"queue.orders-queue.batch_size=100", "queue.orders-queue.batch_window=2s"}},
	} {
		t.Run(strings.Join(append([]string{tc.name}, tc.sets...), ","), func(t *testing.T) {
			t.Parallel()
			sc, err := scenarios.Load(tc.name, append([]string{"duration=" + duration}, tc.sets...))
			if err != nil {
				t.Fatal(err)
			}
			sys, err := models.Build(sc, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			res := sys.Run(models.RunOptions{})
			if err := sys.CheckInvariants(); err != nil {
				t.Error(err)
			}
			models.CheckQueueConservation(t, res.Summary)
			models.CheckConservation(t, res.Summary)
			models.CheckLittle(t, res.Summary)
		})
	}
}
