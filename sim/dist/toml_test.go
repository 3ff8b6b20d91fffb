package dist

import (
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// String writes the inline tables the scenario loader reads (the round trip
// is tested there).
func TestString(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		// Durations as sim.Time writes them.
		{Spec{Kind: Fixed, Value: 250 * ms}, `{ dist = "fixed", value = "250ms" }`},
		{Spec{Kind: Exponential, Mean: 1500 * ms}, `{ dist = "exponential", mean = "1.5s" }`},
		{Spec{Kind: Uniform, Min: 5 * sim.Minute, Max: 7 * sim.Minute}, `{ dist = "uniform", min = "5m", max = "7m" }`},
		// Each lognormal parametrisation as given.
		{Spec{Kind: LogNormal, Median: 80 * ms, P99: 400 * ms}, `{ dist = "lognormal", median = "80ms", p99 = "400ms" }`},
		{Spec{Kind: LogNormal, Mean: 200 * ms, Stddev: 100 * ms}, `{ dist = "lognormal", mean = "200ms", stddev = "100ms" }`},
		// Plain numbers in the shortest form.
		{Spec{Kind: Gamma, Mean: sim.Second, CV: 0.5}, `{ dist = "gamma", mean = "1s", cv = 0.5 }`},
		{Spec{Kind: Weibull, Shape: 1.5, Scale: 200 * ms}, `{ dist = "weibull", shape = 1.5, scale = "200ms" }`},
		// Empirical values in milliseconds, unless they came from a file.
		{Spec{Kind: Empirical, Values: []sim.Time{1500 * sim.Microsecond, 2 * ms, 30 * ms}}, `{ dist = "empirical", values = [1.5, 2, 30] }`},
		{Spec{Kind: Empirical, File: "samples.csv", Values: []sim.Time{ms}}, `{ dist = "empirical", file = "samples.csv" }`},
		// Sums nest their terms' tables.
		{Spec{Kind: Sum, Terms: []Spec{{Kind: Fixed, Value: ms}, {Kind: LogNormal, Median: 84 * ms, P99: 126 * ms}}},
			`{ dist = "sum", terms = [{ dist = "fixed", value = "1ms" }, { dist = "lognormal", median = "84ms", p99 = "126ms" }] }`},
	} {
		if got := tc.spec.String(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
		if b, _ := tc.spec.MarshalTOML(); string(b) != tc.want {
			t.Errorf("MarshalTOML %s", b)
		}
	}
}
