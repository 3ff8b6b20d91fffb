package stampede_test

import (
	"context"
	"fmt"
	"log"

	"github.com/stampede-sim/stampede"
)

// How much provisioned concurrency keeps the p99 under 300 ms, and what
// does it cost? Sweep it and pick the cheapest point that passes.
func ExampleRunSweep() {
	sw := stampede.Sweep{
		Scenario: "provisioned",
		Vary:     []string{"function.api.provisioned_concurrency=0:300:50"},
		Assert:   []string{"p99<300ms"},
		Pick:     stampede.PickCheapest,
	}
	res, err := stampede.RunSweep(context.Background(), sw, stampede.SweepOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range res.Points {
		p99, _ := p.Value("latency_ms.p99")
		fmt.Printf("%s: p99 %.0f ms, ok %v\n", p.Point, p99, p.OK)
	}
	best := res.Picked()
	cost, _ := best.Value("cost.monthly_usd")
	fmt.Printf("pick: %s at $%.0f a month\n", best.Point, cost)
	// Output:
	// point 0 (function.api.provisioned_concurrency=0): p99 551 ms, ok false
	// point 1 (function.api.provisioned_concurrency=50): p99 523 ms, ok false
	// point 2 (function.api.provisioned_concurrency=100): p99 484 ms, ok false
	// point 3 (function.api.provisioned_concurrency=150): p99 292 ms, ok true
	// point 4 (function.api.provisioned_concurrency=200): p99 250 ms, ok true
	// point 5 (function.api.provisioned_concurrency=250): p99 250 ms, ok true
	// point 6 (function.api.provisioned_concurrency=300): p99 250 ms, ok true
	// pick: point 3 (function.api.provisioned_concurrency=150) at $1744 a month
}
