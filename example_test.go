package stampede_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/stampede-sim/stampede"
)

// Run a built-in scenario and read its p99 latency and monthly cost.
func Example() {
	sc, err := stampede.Load("steady-api")
	if err != nil {
		log.Fatal(err)
	}
	res, err := stampede.Run(context.Background(), sc, stampede.Options{})
	if err != nil {
		log.Fatal(err)
	}
	s := res.Summary
	fmt.Printf("%s: %.0f requests, p99 %.0f ms, $%.2f a month\n",
		s.Scenario, float64(s.Requests.Total), s.LatencyMS.P99, s.Cost.MonthlyUSD)
	// Output:
	// steady-api: 90082 requests, p99 404 ms, $763.68 a month
}

// Build a scenario in Go with only the fields that have no default: the zero
// value of everything else is AWS's default (an unreserved function in an
// account of 1,000), so nothing is throttled.
func Example_buildInGo() {
	sc := &stampede.Scenario{
		Name:     "hello",
		Duration: 10 * stampede.Minute,
		Functions: []stampede.Function{{Config: stampede.FunctionConfig{
			Name:     "api",
			Duration: stampede.LogNormal(80*stampede.Millisecond, 400*stampede.Millisecond),
		}}},
		Workloads: []stampede.Workload{{Name: "users", Function: "api", Arrivals: stampede.Poisson(50)}},
	}
	res, err := stampede.Run(context.Background(), sc, stampede.Options{})
	if err != nil {
		log.Fatal(err)
	}
	s := res.Summary
	fmt.Printf("%.0f requests, %.0f throttled, %.0f cold starts\n",
		float64(s.Requests.Total), float64(s.Requests.Throttled), float64(s.ColdStarts.Count))
	// Output:
	// 30030 requests, 0 throttled, 22 cold starts
}

// Replications give every metric a 95% confidence interval.
func Example_replications() {
	sc, err := stampede.Load("spike", "replications=5", "duration=10m")
	if err != nil {
		log.Fatal(err)
	}
	res, err := stampede.Run(context.Background(), sc, stampede.Options{})
	if err != nil {
		log.Fatal(err)
	}
	p99 := res.Estimate(func(s *stampede.Summary) float64 { return s.LatencyMS.P99 })
	fmt.Printf("p99 %.0f ± %.0f ms over %d replications\n", p99.Mean, p99.CI95, res.Replications())
	// Output:
	// p99 1005 ± 10 ms over 5 replications
}

// Check, before running, that one replication fits the memory budget: a
// scenario of 4,000 functions fits at the default 600 buckets, but not at
// 100,000, and Run would refuse it the same way.
func ExampleCheckMemory() {
	var b strings.Builder
	b.WriteString("name = \"many\"\nduration = \"1m\"\n")
	for i := range 4000 {
		fmt.Fprintf(&b, "[[function]]\nname = \"f%d\"\nduration = \"10ms\"\n", i)
	}
	b.WriteString("[[workload]]\nname = \"w\"\nfunction = \"f0\"\narrivals = { process = \"poisson\", rate = 10 }\n")
	sc, err := stampede.LoadBytes("many.toml", []byte(b.String()))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("600 buckets:", stampede.CheckMemory(sc, 0))
	var tooLarge *stampede.TooLargeError
	err = stampede.CheckMemory(sc, stampede.MaxBuckets)
	fmt.Println("100,000 buckets refused:", errors.As(err, &tooLarge), tooLarge.Functions, "functions")
	// Output:
	// 600 buckets: <nil>
	// 100,000 buckets refused: true 4000 functions
}

// Fit a scenario to a function's CloudWatch REPORT lines (here three, as
// the console prints them) and read what was fitted.
func ExampleCalibrate() {
	logs := `2026-11-27T10:00:00.000Z REPORT RequestId: a1 Duration: 41.20 ms Billed Duration: 42 ms Memory Size: 512 MB Max Memory Used: 80 MB Init Duration: 310.55 ms
2026-11-27T10:00:01.000Z REPORT RequestId: a2 Duration: 38.75 ms Billed Duration: 39 ms Memory Size: 512 MB Max Memory Used: 80 MB
2026-11-27T10:00:02.500Z REPORT RequestId: a3 Duration: 52.10 ms Billed Duration: 53 ms Memory Size: 512 MB Max Memory Used: 81 MB
`
	reports, err := stampede.ReadReports("console.txt", strings.NewReader(logs))
	if err != nil {
		log.Fatal(err)
	}
	cal, err := stampede.Calibrate(reports, stampede.CalibrateOptions{Name: "api"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d reports, %d MB, handler median %.1f ms, lognormal %v\n", cal.Reports, cal.MemoryMB, cal.Handler.Median, cal.Handler.Lognormal)
	// Output:
	// 3 reports, 512 MB, handler median 43.7 ms, lognormal true
}
