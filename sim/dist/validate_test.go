package dist

import (
	"math"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Invalid parameters, and what the message says is allowed.
func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{Kind: "pareto"}, `unknown dist "pareto" (allowed: fixed, exponential, uniform, lognormal, gamma, weibull, empirical, sum)`}, // unknown family
		{Spec{}, `unknown dist ""`},                                                                                       // no family
		{Spec{Kind: Fixed, Value: -ms}, "fixed needs value >= 0"},                                                         // negative constant
		{Spec{Kind: Exponential}, "exponential needs mean > 0"},                                                           // missing mean
		{Spec{Kind: Uniform, Min: 2 * ms, Max: ms}, "uniform needs max >= min"},                                           // reversed bounds
		{Spec{Kind: Uniform, Min: -ms, Max: ms}, "uniform needs max >= min >= 0"},                                         // negative bound
		{Spec{Kind: LogNormal, Median: 2 * ms, P99: ms}, "lognormal needs 0 < median < p99"},                              // p99 below median
		{Spec{Kind: LogNormal, Median: ms, P99: ms}, "lognormal needs 0 < median < p99"},                                  // p99 = median: σ = 0
		{Spec{Kind: LogNormal, P99: ms}, "lognormal needs 0 < median < p99"},                                              // p99 without median
		{Spec{Kind: LogNormal, Mean: ms}, "lognormal needs mean > 0 and stddev > 0"},                                      // mean without stddev
		{Spec{Kind: LogNormal, Mean: -ms, Stddev: ms}, "lognormal needs mean > 0 and stddev > 0"},                         // negative mean
		{Spec{Kind: LogNormal}, "lognormal needs median and p99, or mean and stddev"},                                     // neither pair
		{Spec{Kind: LogNormal, Median: ms, P99: 2 * ms, Mean: ms}, "not both"},                                            // both pairs
		{Spec{Kind: Gamma, Mean: ms}, "gamma needs mean > 0 and cv > 0"},                                                  // no cv
		{Spec{Kind: Gamma, CV: 1}, "gamma needs mean > 0 and cv > 0"},                                                     // no mean
		{Spec{Kind: Gamma, Mean: ms, CV: math.NaN()}, "gamma needs mean > 0 and cv > 0"},                                  // NaN cv
		{Spec{Kind: Weibull, Scale: ms}, "weibull needs shape > 0 and scale > 0"},                                         // no shape
		{Spec{Kind: Weibull, Shape: math.Inf(1), Scale: ms}, "weibull needs shape > 0 and scale > 0"},                     // infinite shape
		{Spec{Kind: Weibull, Shape: 1}, "weibull needs shape > 0 and scale > 0"},                                          // no scale
		{Spec{Kind: Empirical}, "empirical needs at least one value"},                                                     // no values
		{Spec{Kind: Empirical, File: "x.csv"}, "empirical needs at least one value"},                                      // file not loaded
		{Spec{Kind: Empirical, Values: []sim.Time{ms, -ms}}, "empirical needs values >= 0 (got values[1]"},                // negative value
		{Spec{Kind: Sum}, "sum needs at least one term"},                                                                  // no terms
		{Spec{Kind: Sum, Terms: []Spec{{Kind: Fixed}, {Kind: Exponential}}}, "terms[1]: exponential needs mean > 0"},      // bad term
		{Spec{Kind: Sum, Terms: []Spec{{Kind: Sum, Terms: []Spec{{Kind: "x"}}}}}, `terms[0]: terms[0]: unknown dist "x"`}, // nested
		// Terms that would overflow a time, directly or by their scale in a nested sum.
		{Spec{Kind: Sum, Terms: []Spec{{Kind: Fixed, Value: maxSum - 1}, {Kind: Fixed, Value: 1}}}, "sum: the terms add up to 1281023h"},
		{Spec{Kind: Sum, Terms: []Spec{{Kind: Sum, Terms: []Spec{{Kind: Exponential, Mean: maxSum / 2}}}, {Kind: Uniform, Max: maxSum/2 + 1}}}, "too long"},
	} {
		err := tc.spec.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.spec, err, tc.want)
		}
	}
}

// Valid specs at the edges of what is allowed.
func TestValidateAccepts(t *testing.T) {
	for _, s := range []Spec{
		{Kind: Fixed},                                        // zero is a duration
		{Kind: Uniform, Min: ms, Max: ms},                    // a degenerate interval
		{Kind: Empirical, Values: []sim.Time{0}},             // one zero sample
		{Kind: LogNormal, Mean: ms, Stddev: 10 * ms},         // sd above mean
		{Kind: Sum, Terms: []Spec{{Kind: Fixed, Value: ms}}}, // one term
	} {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}

// A sum saturates at sim.Forever instead of wrapping to a negative time,
// whatever its terms draw.
func TestSumSaturates(t *testing.T) {
	spec := Spec{Kind: Sum, Terms: []Spec{{Kind: Fixed, Value: sim.Forever - 1}, {Kind: Fixed, Value: sim.Forever - 1}}}
	if got := spec.New(nil).Sample(); got != sim.Forever {
		t.Errorf("sum of two near-Forever terms = %v, want sim.Forever", got)
	}
}
