package scenarios

import (
	"sort"

	"github.com/stampede-sim/stampede/models/cost"
)

// defaultTargetUtilization: plan an always-on fleet to run at 70% of its
// capacity at the peak (headroom for failover and bursts; no AWS figure).
const defaultTargetUtilization = 0.7

func (n *node) pricing(dbNames map[string]bool) Pricing {
	p := Pricing{}
	t := n.table("pricing")
	if t == nil {
		return p
	}
	p.FreeTier = t.boolean("free_tier", false)
	table := cost.Default()
	keys := table.Keys()
	for _, k := range keys {
		if _, ok := t.m[k]; ok {
			if p.Overrides == nil {
				p.Overrides = map[string]float64{}
			}
			p.Overrides[k] = t.float(k, 0, 0, 1e6)
		}
	}
	if r := t.table("rds_instance_hourly"); r != nil {
		p.RDSHourly = map[string]float64{}
		names := make([]string, 0, len(r.m))
		for k := range r.m {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if !dbNames[k] {
				r.problem(k, nil, "no such database")
				r.get(k)
				continue
			}
			p.RDSHourly[k] = r.float(k, 0, 0, 1e6)
		}
	}
	t.finish(append([]string{"free_tier", "rds_instance_hourly"}, keys...)...)
	return p
}

var alternativeKeys = []string{"name", "hourly_usd", "capacity_rps", "target_utilization"}

func (n *node) alternative() Alternative {
	a := Alternative{
		Name:              n.str("name", "", true),
		HourlyUSD:         n.float("hourly_usd", 0, 0, 1e6),
		CapacityRPS:       n.float("capacity_rps", 0, 0, 1e9),
		TargetUtilization: n.float("target_utilization", defaultTargetUtilization, 0.01, 1),
	}
	for _, k := range []string{"hourly_usd", "capacity_rps"} {
		if _, ok := n.m[k]; !ok {
			n.problem(k, nil, "missing (required)")
		}
	}
	if _, ok := n.m["capacity_rps"]; ok && a.CapacityRPS <= 0 {
		n.problem("capacity_rps", a.CapacityRPS, "must be above 0")
	}
	n.finish(alternativeKeys...)
	return a
}
