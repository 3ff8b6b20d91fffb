package sqs

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Provisioned mode: either bound turns it on and AWS fills the other (2 and
// 200); it excludes max_concurrency (sources.md [sqs-esm-provisioned]).
func TestProvisionedConfig(t *testing.T) {
	for _, tc := range []struct {
		name     string
		q        Config
		min, max int
		err      string // part of the validation error; "": valid
	}{
		// Standard mode: both stay 0.
		{name: "standard", q: Config{Name: "q", Function: "f"}},
		// Only the maximum: the minimum defaults to 2.
		{name: "max only", q: Config{Name: "q", Function: "f", MaxPollers: 50}, min: 2, max: 50},
		// Only the minimum: the maximum defaults to 200.
		{name: "min only", q: Config{Name: "q", Function: "f", MinPollers: 10}, min: 10, max: 200},
		// AWS makes the two modes of control mutually exclusive.
		{name: "with max_concurrency", q: Config{Name: "q", Function: "f", MinPollers: 2, MaxConcurrency: 10},
			min: 2, max: 200, err: "max_concurrency"},
		// The minimum must not exceed the maximum.
		{name: "min above max", q: Config{Name: "q", Function: "f", MinPollers: 20, MaxPollers: 10},
			min: 20, max: 10, err: "above provisioned_max_pollers"},
		// At least 2 pollers.
		{name: "one poller", q: Config{Name: "q", Function: "f", MinPollers: 1, MaxPollers: 1},
			min: 1, max: 1, err: "provisioned_min_pollers"},
		// At most 10,000 (the newest API Reference).
		{name: "too many", q: Config{Name: "q", Function: "f", MaxPollers: 10_001},
			min: 2, max: 10_001, err: "provisioned_max_pollers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.Defaults(sim.Second)
			if q.MinPollers != tc.min || q.MaxPollers != tc.max {
				t.Errorf("pollers %d..%d, want %d..%d", q.MinPollers, q.MaxPollers, tc.min, tc.max)
			}
			err := q.Validate(sim.Second)
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("Validate() = %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("Validate() = %v, want an error with %q", err, tc.err)
			}
		})
	}
}
