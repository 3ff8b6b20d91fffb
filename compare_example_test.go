package stampede_test

import (
	"context"
	"fmt"
	"log"

	"github.com/stampede-sim/stampede"
)

// Compare two designs on common random numbers: each difference to the
// baseline comes with a 95% interval from the paired replications.
func ExampleCompare() {
	var entries []stampede.Entry
	for _, name := range []string{"rds-exhaustion", "rds-proxy"} {
		sc, err := stampede.Load(name, "duration=6m")
		if err != nil {
			log.Fatal(err)
		}
		entries = append(entries, stampede.Entry{Scenario: sc})
	}
	c, err := stampede.Compare(context.Background(), entries, stampede.CompareOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d paired replications (compare's default: %v)\n", c.Replications, c.ReplicationsDefaulted)
	for _, path := range []string{"requests.total", "requests.failed", "databases.orders.peak_connections", "latency_ms.p99"} {
		d, _ := c.Difference("rds-proxy", path)
		fmt.Printf("%s: %+.1f ± %.1f (significant: %v)\n", path, d.Diff, d.CI95, d.Significant)
	}
	// Output:
	// 5 paired replications (compare's default: true)
	// requests.total: +0.0 ± 0.0 (significant: false)
	// requests.failed: -25637.6 ± 163.6 (significant: true)
	// databases.orders.peak_connections: -382.4 ± 9.7 (significant: true)
	// latency_ms.p99: -1308.3 ± 15.1 (significant: true)
}
