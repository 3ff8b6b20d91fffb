package cost

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/stampede-sim/stampede/models/param"
)

// Pricing is a scenario's changes to the built-in price table; the zero
// value is the table as it is, without the free tier.
type Pricing struct {
	FreeTier  bool
	Overrides map[string]float64 // item → flat USD per unit
	RDSHourly map[string]float64 // database → USD per hour (Multi-AZ included)
}

// MaxPrice bounds every price a scenario may set, in USD per unit.
const MaxPrice = 1e6

// Validate checks the overrides against the price table and the hourly
// prices against the scenario's databases.
func (p *Pricing) Validate(databases []string) error {
	var errs param.Errors
	t := Default()
	for _, k := range slices.Sorted(maps.Keys(p.Overrides)) {
		v := p.Overrides[k]
		if _, ok := t.Items[k]; !ok {
			errs.Add(k, nil, "unknown key (allowed here: free_tier, rds_instance_hourly, %s)", fmt.Sprint(t.Keys()))
		} else if !validPrice(v) {
			errs.Add(k, v, "must be a number in 0..%s", param.Show(MaxPrice))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(p.RDSHourly)) {
		switch v := p.RDSHourly[k]; {
		case !slices.Contains(databases, k):
			errs.Add("rds_instance_hourly."+k, nil, "no such database")
		case !validPrice(v):
			errs.Add("rds_instance_hourly."+k, v, "must be a number in 0..%s", param.Show(MaxPrice))
		}
	}
	return errs.Err()
}

func validPrice(v float64) bool { return v >= 0 && v <= MaxPrice && !math.IsNaN(v) }

// AlternativeFields declares Alternative's parameters. The default target
// utilization plans an always-on fleet to run at 70% of its capacity at the
// peak (headroom for failover and bursts; no AWS figure).
var AlternativeFields = []param.Field[Alternative]{
	{Key: "name", Required: true, AllowedDoc: "unique",
		Ptr: func(a *Alternative) any { return &a.Name }},
	{Key: "hourly_usd", Required: true, Lo: 0.0, Hi: MaxPrice, DefaultDoc: "required",
		Doc: "price of one instance per hour",
		Ptr: func(a *Alternative) any { return &a.HourlyUSD }},
	{Key: "capacity_rps", Required: true, Lo: 0.0, Hi: 1e9, DefaultDoc: "required",
		Doc: "requests/s one instance serves at 100% utilization",
		Ptr: func(a *Alternative) any { return &a.CapacityRPS }},
	{Key: "target_utilization", Default: 0.7, Lo: 0.01, Hi: 1.0,
		Doc: "the share of capacity the fleet is planned for (headroom)",
		Ptr: func(a *Alternative) any { return &a.TargetUtilization }},
}

// Defaults fills every unset field.
func (a *Alternative) Defaults() { param.Fill(AlternativeFields, a) }

// Validate checks a after Defaults.
func (a *Alternative) Validate() error {
	return param.Check(AlternativeFields, a).Err()
}
