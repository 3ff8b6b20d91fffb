package render

import (
	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/cost"
)

func databasesTable(v view) table {
	usable := func(v view, name string) string {
		_, max := v.get("databases.*.max_connections", name)
		_, reserved := v.get("databases.*.reserved_connections", name)
		return v.c.count(max.Mean-reserved.Mean, 0)
	}
	return metricTable(v, "Database connections (time-weighted)", models.ScopeDatabase, "database", []column{
		{header: "max", path: "databases.*.max_connections"}, {header: "usable", compute: usable},
		{header: "peak", path: "databases.*.peak_connections"}, {header: "mean", path: "databases.*.mean_connections"},
		{header: "in use", path: "databases.*.mean_in_use"},
		{header: "held by idle envs", path: "databases.*.mean_held_idle"},
		{path: "databases.*.peak_held_idle"}, {header: "pool idle", path: "databases.*.mean_pool_idle"},
		{header: "opened", path: "databases.*.connects"}, {path: "databases.*.refused"},
		{path: "databases.*.server_closed"},
	})
}

func dbLoadTable(v view) table {
	return metricTable(v, "Database load", models.ScopeDatabase, "database", []column{
		{path: "databases.*.vcpus"}, {header: "CPU", path: "databases.*.cpu_utilization"}, {path: "databases.*.queries"},
		{header: "query p50 ms", path: "databases.*.query_ms.p50"}, {header: "p99 ms", path: "databases.*.query_ms.p99"},
		{header: "connect p50 ms", path: "databases.*.connect_ms.p50"}, {header: "p99 ms", path: "databases.*.connect_ms.p99"},
	})
}

func proxyTable(v view) table {
	return metricTable(v, "RDS Proxy", models.ScopeProxy, "database", []column{
		{path: "databases.*.proxy.max_pool"},
		{header: "client conns peak", path: "databases.*.proxy.peak_client_connections"},
		{path: "databases.*.proxy.borrows"}, {header: "waited", path: "databases.*.proxy.borrow_waited"},
		{header: "wait mean ms", path: "databases.*.proxy.borrow_wait_ms.mean"},
		{header: "p50 ms", path: "databases.*.proxy.borrow_wait_ms.p50"},
		{header: "p99 ms", path: "databases.*.proxy.borrow_wait_ms.p99"},
		{path: "databases.*.proxy.borrow_timeouts"}, {path: "databases.*.proxy.pinned_sessions"},
		{path: "databases.*.proxy.peak_pinned"},
	})
}

func costTable(v view) table {
	s := v.s
	_, total := v.get("cost.total_usd", "")
	_, monthly := v.get("cost.monthly_usd", "")
	_, windows := v.get("cost.windows_per_month", "")
	_, baseline := v.get("cost.baseline_usd", "")
	perMonth := windows.Mean
	title := "Cost (us-east-1 list prices of " + s.Cost.PricesAsOf
	if s.Cost.FreeTier {
		title += "; free tier applied"
	}
	title += "; " + s.Cost.MonthBasis + ")"
	t := table{title: title, header: []string{"item", "window USD", "monthly USD"}}
	row := func(name string, e models.Estimate) {
		t.rows = append(t.rows, []string{name, v.c.usd(e.Mean, e.CI95), v.c.usd(e.Mean*perMonth, e.CI95*perMonth)})
	}
	for l := range cost.NumLines {
		_, e := v.get("cost.breakdown."+l.Key(), "")
		row(l.Key(), e)
	}
	if s.Cost.BaselineUSD > 0 {
		t.rows = append(t.rows, []string{"rest of the month", "", v.c.usd(baseline.Mean, baseline.CI95)})
	}
	t.rows = append(t.rows, []string{"total", v.c.usd(total.Mean, total.CI95), v.c.usd(monthly.Mean, monthly.CI95)})
	return t
}

func queuesTable(v view) table {
	return metricTable(v, "Queues (SQS and the event source mapping)", models.ScopeQueue, "queue", []column{
		{path: "queues.*.sent"}, {path: "queues.*.processed"}, {path: "queues.*.dead_lettered"},
		{path: "queues.*.expired"}, {path: "queues.*.still_queued"}, {path: "queues.*.peak_depth"},
		{header: "max age s", path: "queues.*.max_age_s"},
		{header: "wait p50 ms", path: "queues.*.wait_ms.p50"}, {header: "p99 ms", path: "queues.*.wait_ms.p99"},
		{header: "ESM peak", path: "queues.*.peak_esm_concurrency"}, {path: "queues.*.mean_batch"},
		{path: "queues.*.receives"},
	})
}

// alternativesTable shows the first summary's comparisons, as they were
// before: without confidence intervals.
func alternativesTable(v view) table {
	nc := cell{}
	breakEven := func(v view, name string) string {
		_, e := v.get("cost.alternatives.*.break_even_rps", name)
		if e.Mean > 0 {
			return trim(e.Mean, 1)
		}
		return "never"
	}
	plain := func(path string, f func(float64) string) func(v view, name string) string {
		return func(v view, name string) string {
			_, e := v.get(path, name)
			return f(e.Mean)
		}
	}
	usd := func(x float64) string { return nc.usd(x, 0) }
	return metricTable(v, "Always-on alternatives (monthly, against Lambda + API Gateway)", models.ScopeAlternative,
		"alternative", []column{
			{header: "instances for peak", compute: plain("cost.alternatives.*.instances_peak", thousands)},
			{header: "for mean", compute: plain("cost.alternatives.*.instances_mean", thousands)},
			{header: "fleet USD", compute: plain("cost.alternatives.*.monthly_usd", usd)},
			{header: "Lambda USD", compute: plain("cost.alternatives.*.lambda_monthly_usd", usd)},
			{header: "saving USD", compute: plain("cost.alternatives.*.saving_monthly_usd", usd)},
			{header: "break-even rps", compute: breakEven},
		})
}
