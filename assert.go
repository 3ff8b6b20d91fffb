package stampede

import (
	"fmt"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots/render"
)

// Assertion is a service-level check on a result, such as "p99<300ms",
// "throttle_rate<0.01" or "cost.monthly_usd<500": a metric of the registry
// (docs/metrics.md), an operator and a value in the metric's unit.
type (
	Assertion       = models.Assertion
	AssertionResult = models.AssertionResult
)

// ParseAssertion parses one --assert expression, checking the metric and
// its unit.
func ParseAssertion(expr string) (Assertion, error) { return models.ParseAssertion(expr) }

// CheckAssertions checks before a run that every name an assertion gives
// (functions.api.…) exists in sc.
func CheckAssertions(sc *Scenario, as []Assertion) error { return models.CheckNames(sc, as) }

// AssertOn is what an assertion holds a replicated result to: its mean
// (OnMean, the zero value) or its 95% interval's bound (OnBound).
type AssertOn = models.AssertOn

// The choices of AssertOn.
const (
	OnMean  = models.OnMean
	OnBound = models.OnBound
)

// ParseAssertOn reads --assert-on's value: mean or bound.
func ParseAssertOn(s string) (AssertOn, error) { return models.ParseAssertOn(s) }

// Assert evaluates the assertions on a result (with replications, on the
// means, or on the intervals' bounds: Assertion.On).
func Assert(res *Result, as []Assertion) ([]AssertionResult, error) { return models.Check(res, as) }

// Format renders a result as the command line prints it: "text", "json"
// (exactly summary.json) or "markdown".
func Format(res *Result, format string) ([]byte, error) {
	switch format {
	case "text":
		return render.Text(res), nil
	case "json":
		return render.JSON(res)
	case "markdown":
		return render.Markdown(res), nil
	}
	return nil, fmt.Errorf("format %q: allowed: text, json, markdown", format)
}
