package models

import (
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/models/lambda"
)

// prices is the built-in table with the scenario's [pricing] changes.
func (sys *System) prices() cost.Table {
	t := cost.Default()
	for k, v := range sys.sc.Pricing.Overrides {
		_ = t.Override(k, v) // the loader checked the keys
	}
	return t
}

// bill prices the window's usage and compares the alternatives.
func (sys *System) bill(requests float64, series *Series) Cost {
	sc := sys.sc
	windowS := (sc.Duration - sc.Warmup).Seconds()
	t := sys.prices()
	windows, rest := sc.Month.Of(windowS, t.HoursPerMonth)
	u := cost.Usage{
		WindowS:         windowS,
		WindowsPerMonth: windows,
		GatewayHTTP:     sys.m.gatewayCalls[GatewayHTTP],
		GatewayREST:     sys.m.gatewayCalls[GatewayREST],
		FreeTier:        sc.Pricing.FreeTier,
	}
	for i, f := range sys.functions {
		cfg := &sc.Functions[i]
		u.Functions = append(u.Functions, cost.Function{
			Arm:             cfg.Arch == lambda.ARM64,
			MemoryMB:        cfg.MemoryMB,
			Invocations:     f.Stats.Invocations,
			BilledMs:        f.Stats.BilledMs,
			BilledMsPC:      f.Stats.BilledMsPC,
			ProvisionedEnvS: f.Stats.ProvisionedEnvS,
		})
	}
	for _, db := range sys.databases {
		hourly := db.Config.HourlyUSD
		if v, ok := sc.Pricing.RDSHourly[db.Name]; ok {
			hourly = v
		}
		d := cost.Database{HourlyUSD: hourly, VCPUs: db.Config.VCPUs, Proxy: db.Proxy != nil}
		if t := db.Stats.ACUTime; t != nil {
			d.HourlyUSD, d.MultiAZ = 0, db.Config.MultiAZ
			d.ACUSeconds = make([]float64, len(t))
			for i, v := range t {
				d.ACUSeconds[i] = v.Seconds()
			}
		}
		u.Databases = append(u.Databases, d)
	}
	for _, q := range sys.queues {
		u.SQSRequests += q.Stats.Requests + q.EmptyReceives()
		u.SQSPollerH += q.EPUHours()
	}
	b := t.Bill(u)
	c := Cost{
		TotalUSD:        b.Total(),
		MonthlyUSD:      windows*b.Total() + sc.Month.BaselineUSD*rest,
		WindowsPerMonth: windows,
		BaselineUSD:     sc.Month.BaselineUSD * rest,
		MonthBasis:      sc.Month.Basis(windowS, t.HoursPerMonth),
		Breakdown:       b,
		PricesAsOf:      t.AsOf,
		FreeTier:        sc.Pricing.FreeTier,
	}
	if requests > 0 {
		c.PerMillionRequests = c.TotalUSD / requests * 1e6
	}
	if len(sc.Alternatives) > 0 && u.WindowS > 0 {
		c.Alternatives = map[string]cost.Comparison{}
		peak, mean := sys.loadRPS(series, requests, u.WindowS)
		// The windows' Lambda side: a baseline's is not known by item.
		lambdaSide := windows * b.LambdaSide()
		perMonth := requests * windows
		for _, a := range sc.Alternatives {
			c.Alternatives[a.Name] = t.Compare(a, peak, mean, lambdaSide, perMonth)
		}
	}
	return c
}

// loadRPS is the window's peak arrival rate (the busiest time bucket) and
// its mean.
func (sys *System) loadRPS(series *Series, requests, windowS float64) (peak, mean float64) {
	arr, ts := series.Arrivals, series.TS
	from := sys.sc.Warmup.Seconds()
	for i, n := range arr {
		if ts[i] >= from {
			peak = max(peak, n/series.WidthS)
		}
	}
	return peak, requests / windowS
}
