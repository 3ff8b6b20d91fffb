package stampede_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede"
	"github.com/stampede-sim/stampede/models/param"
)

func minimal() *stampede.Scenario {
	return &stampede.Scenario{
		Name:     "t",
		Duration: 2 * stampede.Minute,
		Functions: []stampede.Function{{Config: stampede.FunctionConfig{
			Name: "api", Duration: stampede.Fixed(50 * stampede.Millisecond)}}},
		Workloads: []stampede.Workload{{Name: "w", Function: "api", Arrivals: stampede.Poisson(20)}},
	}
}

// A scenario built in Go is checked like a file: each bad value comes back
// with its key path, and nothing runs.
func TestRunRejectsInvalid(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*stampede.Scenario)
		want string
	}{
		// Out of range, named by the file's key path.
		{"memory", func(s *stampede.Scenario) { s.Functions[0].MemoryMB = 64 }, "function[api].memory_mb = 64: out of range (allowed: 128..10240 MB)"},
		// A workload aimed at a function that does not exist.
		{"target", func(s *stampede.Scenario) { s.Workloads[0].Function = "nope" }, `workload[w].function = "nope": no such function (defined: api)`},
		// A required field left at its zero value.
		{"handler time", func(s *stampede.Scenario) { s.Functions[0].Duration.Kind = "" }, "function[api].duration: missing (required"},
		// Reserved concurrency above what the account can reserve.
		{"reserved", func(s *stampede.Scenario) { s.Functions[0].ReservedConcurrency = new(950) }, "function[api].reserved_concurrency = 950: reserved concurrency adds up to 950"},
	} {
		sc := minimal()
		tc.edit(sc)
		res, err := stampede.Run(context.Background(), sc, stampede.Options{})
		var errs param.Errors
		if res != nil || !errors.As(err, &errs) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, %v; want an error containing %q", tc.name, res, err, tc.want)
		}
	}
}

// Run leaves the caller's scenario as it is: defaults go into a copy.
func TestRunKeepsScenario(t *testing.T) {
	sc := minimal()
	if _, err := stampede.Run(context.Background(), sc, stampede.Options{}); err != nil {
		t.Fatal(err)
	}
	if sc.Functions[0].MemoryMB != 0 || sc.Seed != 0 || sc.Functions[0].KeepAlive.Kind != "" {
		t.Errorf("Run changed its input: %+v", sc.Functions[0].Config)
	}
}

// A cancelled context stops the run: what was simulated comes back marked
// partial, with the context's error.
func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := stampede.Run(ctx, minimal(), stampede.Options{})
	if !errors.Is(err, context.Canceled) || res == nil || !res.Summary.Partial {
		t.Fatalf("got %v, %v; want a partial result and context.Canceled", res, err)
	}
}

// Load takes built-ins and --set overrides; bad input names the key.
func TestLoad(t *testing.T) {
	sc, err := stampede.Load("rds-proxy", "database.orders.proxy.enabled=false", "duration=5m")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Databases[0].Proxy.Enabled || sc.Duration != 5*stampede.Minute {
		t.Errorf("overrides not applied: %+v", sc.Databases[0].Proxy)
	}
	_, err = stampede.Load("steady-api", "function.api.memory_mb=1")
	if err == nil || !strings.Contains(err.Error(), "(--set) function[api].memory_mb = 1: out of range") {
		t.Errorf("got %v", err)
	}
}

// Cancelling mid-run stops the simulation where it is: the partial result
// covers only part of the workload.
func TestRunCancelledMidway(t *testing.T) {
	sc := minimal()
	full, err := stampede.Run(context.Background(), sc, stampede.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := stampede.Options{Progress: func(done float64) {
		if done >= 0.25 {
			cancel()
		}
	}}
	res, err := stampede.Run(ctx, sc, opts)
	if !errors.Is(err, context.Canceled) || !res.Summary.Partial {
		t.Fatalf("got %v; want a partial result and context.Canceled", err)
	}
	if got, all := res.Summary.Requests.Total, full.Summary.Requests.Total; got >= all/2 {
		t.Errorf("a run cancelled at 25%% simulated %d of %d requests", got, all)
	}
}
