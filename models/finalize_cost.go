package models

import "github.com/stampede-sim/stampede/models/cost"

// bill prices the window's usage at the built-in list prices.
func (sys *System) bill(requests float64) Cost {
	sc := sys.sc
	u := cost.Usage{
		WindowS:     (sc.Duration - sc.Warmup).Seconds(),
		GatewayHTTP: sys.m.gatewayCalls[gatewayHTTP],
		GatewayREST: sys.m.gatewayCalls[gatewayREST],
	}
	for i, f := range sys.functions {
		cfg := &sc.Functions[i]
		u.Functions = append(u.Functions, cost.Function{
			Arm:         cfg.Arch == "arm64",
			MemoryMB:    cfg.MemoryMB,
			Invocations: f.Stats.Invocations,
			BilledMs:    f.Stats.BilledMs,
			BilledMsPC:  f.Stats.BilledMsPC,
			Provisioned: cfg.ProvisionedConcurrency,
		})
	}
	for _, db := range sys.databases {
		u.Databases = append(u.Databases, cost.Database{
			HourlyUSD: db.Config.HourlyUSD, VCPUs: db.Config.VCPUs, Proxy: db.Proxy != nil,
		})
	}
	for _, q := range sys.queues {
		u.SQSRequests += q.Stats.Requests + q.EmptyReceives()
	}
	b := cost.USEast1.Bill(u)
	c := Cost{TotalUSD: b.Total(), MonthlyUSD: cost.USEast1.Monthly(b.Total(), u.WindowS), Breakdown: b}
	if requests > 0 {
		c.PerMillionRequests = c.TotalUSD / requests * 1e6
	}
	return c
}
