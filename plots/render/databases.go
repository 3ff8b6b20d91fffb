package render

import (
	"sort"

	"github.com/stampede-sim/stampede/models"
)

func databasesTable(s, ci *models.Summary, c cell) table {
	t := table{
		title: "Database connections (time-weighted)",
		header: []string{"database", "max", "usable", "peak", "mean", "in use", "held by idle envs", "peak held idle",
			"pool idle", "opened", "refused", "closed idle"},
	}
	for _, name := range sortedKeys(s.Databases) {
		d, h := s.Databases[name], ci.Databases[name]
		t.rows = append(t.rows, []string{name, c.count(d.MaxConnections, 0),
			c.count(d.MaxConnections-d.ReservedConnections, 0),
			c.num(d.PeakConnections, h.PeakConnections), c.num(d.MeanConnections, h.MeanConnections),
			c.num(d.MeanInUse, h.MeanInUse), c.num(d.MeanHeldIdle, h.MeanHeldIdle),
			c.num(d.PeakHeldIdle, h.PeakHeldIdle), c.num(d.MeanPoolIdle, h.MeanPoolIdle),
			c.count(d.Connects, h.Connects), c.count(d.Refused, h.Refused), c.count(d.ServerClosed, h.ServerClosed)})
	}
	return t
}

func dbLoadTable(s, ci *models.Summary, c cell) table {
	t := table{
		title:  "Database load",
		header: []string{"database", "vCPUs", "CPU", "queries", "query p50 ms", "p99 ms", "connect p50 ms", "p99 ms"},
	}
	for _, name := range sortedKeys(s.Databases) {
		d, h := s.Databases[name], ci.Databases[name]
		t.rows = append(t.rows, []string{name, c.count(d.VCPUs, 0), c.pct(d.CPUUtilization, h.CPUUtilization),
			c.count(d.Queries, h.Queries), c.ms(d.QueryMS.P50, h.QueryMS.P50), c.ms(d.QueryMS.P99, h.QueryMS.P99),
			c.ms(d.ConnectMS.P50, h.ConnectMS.P50), c.ms(d.ConnectMS.P99, h.ConnectMS.P99)})
	}
	return t
}

func proxyTable(s, ci *models.Summary, c cell) table {
	t := table{
		title: "RDS Proxy",
		header: []string{"database", "pool max", "client conns peak", "borrows", "waited", "wait mean ms", "p50 ms", "p99 ms",
			"borrow timeouts", "pinned sessions", "peak pinned"},
	}
	for _, name := range sortedKeys(s.Databases) {
		p := s.Databases[name].Proxy
		if p == nil {
			continue
		}
		h := &models.ProxySummary{}
		if hp := ci.Databases[name].Proxy; hp != nil {
			h = hp
		}
		t.rows = append(t.rows, []string{name, c.count(p.MaxPool, 0), c.num(p.PeakClientConnections, h.PeakClientConnections),
			c.count(p.Borrows, h.Borrows), c.count(p.BorrowWaited, h.BorrowWaited),
			c.ms(p.BorrowWaitMS.Mean, h.BorrowWaitMS.Mean), c.ms(p.BorrowWaitMS.P50, h.BorrowWaitMS.P50),
			c.ms(p.BorrowWaitMS.P99, h.BorrowWaitMS.P99), c.count(p.BorrowTimeouts, h.BorrowTimeouts),
			c.count(p.PinnedSessions, h.PinnedSessions), c.num(p.PeakPinned, h.PeakPinned)})
	}
	return t
}

func costTable(s, ci *models.Summary, c cell) table {
	b, h := s.Cost.Breakdown, ci.Cost.Breakdown
	perMonth := 0.0
	if s.Cost.TotalUSD > 0 {
		perMonth = s.Cost.MonthlyUSD / s.Cost.TotalUSD
	}
	title := "Cost (us-east-1 list prices of " + s.Cost.PricesAsOf + "; month = 730 h at this window's rate"
	if s.Cost.FreeTier {
		title += "; free tier applied"
	}
	t := table{title: title + ")",
		header: []string{"item", "window USD", "monthly USD"}}
	for _, row := range []struct {
		name string
		v, h float64
	}{
		{"lambda_requests", b.LambdaRequests, h.LambdaRequests},
		{"lambda_duration", b.LambdaDuration, h.LambdaDuration},
		{"provisioned", b.Provisioned, h.Provisioned},
		{"api_gateway", b.APIGateway, h.APIGateway},
		{"sqs", b.SQS, h.SQS},
		{"rds", b.RDS, h.RDS},
		{"rds_proxy", b.RDSProxy, h.RDSProxy},
		{"total", s.Cost.TotalUSD, ci.Cost.TotalUSD},
	} {
		t.rows = append(t.rows, []string{row.name, c.usd(row.v, row.h), c.usd(row.v*perMonth, row.h*perMonth)})
	}
	return t
}

func queuesTable(s, ci *models.Summary, c cell) table {
	t := table{
		title: "Queues (SQS and the event source mapping)",
		header: []string{"queue", "sent", "processed", "dead-lettered", "expired", "still queued", "peak depth",
			"max age s", "wait p50 ms", "p99 ms", "ESM peak", "mean batch", "receives"},
	}
	for _, name := range sortedKeys(s.Queues) {
		q, h := s.Queues[name], ci.Queues[name]
		t.rows = append(t.rows, []string{name, c.count(q.Sent, h.Sent), c.count(q.Processed, h.Processed),
			c.count(q.DeadLettered, h.DeadLettered), c.count(q.Expired, h.Expired), c.count(q.StillQueued, h.StillQueued),
			c.num(q.PeakDepth, h.PeakDepth), c.num(q.MaxAgeS, h.MaxAgeS), c.ms(q.WaitMS.P50, h.WaitMS.P50),
			c.ms(q.WaitMS.P99, h.WaitMS.P99), c.num(q.PeakESMConcurrency, h.PeakESMConcurrency),
			c.num(q.MeanBatch, h.MeanBatch), c.count(q.Receives, h.Receives)})
	}
	return t
}

func alternativesTable(s *models.Summary) table {
	t := table{
		title: "Always-on alternatives (monthly, against Lambda + API Gateway)",
		header: []string{"alternative", "instances for peak", "for mean", "fleet USD", "Lambda USD", "saving USD",
			"break-even rps"},
	}
	names := make([]string, 0, len(s.Cost.Alternatives))
	for n := range s.Cost.Alternatives {
		names = append(names, n)
	}
	sort.Strings(names)
	nc := cell{}
	for _, n := range names {
		a := s.Cost.Alternatives[n]
		be := "never"
		if a.BreakEvenRPS > 0 {
			be = trim(a.BreakEvenRPS, 1)
		}
		t.rows = append(t.rows, []string{n, thousands(a.InstancesPeak), thousands(a.InstancesMean),
			nc.usd(a.MonthlyUSD, 0), nc.usd(a.LambdaMonthly, 0), nc.usd(a.SavingMonthly, 0), be})
	}
	return t
}
