package render

import (
	"github.com/stampede-sim/stampede/models"
)

// sections builds the summary's tables once for every output format.
func sections(s *models.Summary) []table {
	ci := &models.Summary{}
	if s.CI95 != nil {
		ci = s.CI95
	}
	c := cell{ci: s.CI95 != nil}
	ts := []table{requestsTable(s, ci, c), failuresTable(s, ci, c), latencyTable(s, ci, c),
		functionsTable(s, ci, c), concurrencyTable(s, ci, c)}
	if len(s.Workloads) > 1 {
		ts = append(ts, workloadsTable(s, ci, c))
	}
	if len(s.Queues) > 0 {
		ts = append(ts, queuesTable(s, ci, c))
	}
	if len(s.Databases) > 0 {
		ts = append(ts, databasesTable(s, ci, c), dbLoadTable(s, ci, c))
		if t := proxyTable(s, ci, c); len(t.rows) > 0 {
			ts = append(ts, t)
		}
	}
	ts = append(ts, costTable(s, ci, c))
	if len(s.Cost.Alternatives) > 0 {
		ts = append(ts, alternativesTable(s))
	}
	return ts
}

func requestsTable(s, ci *models.Summary, c cell) table {
	r, h := s.Requests, ci.Requests
	return table{
		title:  "Requests",
		header: []string{"total", "succeeded", "failed", "throttled", "error rate", "throttle rate", "retries"},
		rows: [][]string{{
			c.count(r.Total, h.Total), c.count(r.Succeeded, h.Succeeded), c.count(r.Failed, h.Failed),
			c.count(r.Throttled, h.Throttled), c.pct(r.ErrorRate, h.ErrorRate),
			c.pct(r.ThrottleRate, h.ThrottleRate), c.count(r.Retries, h.Retries),
		}},
	}
}

func failuresTable(s, ci *models.Summary, c cell) table {
	f, h := s.Failures, ci.Failures
	t := table{title: "Failures by cause", header: []string{"cause", "requests", "share of requests"}}
	for _, row := range []struct {
		name string
		v, h float64
	}{
		{"throttled", f.Throttled, h.Throttled},
		{"timeout", f.Timeout, h.Timeout},
		{"function_error", f.FunctionError, h.FunctionError},
		{"db_connection_refused", f.DBConnectionRefused, h.DBConnectionRefused},
		{"db_borrow_timeout", f.DBBorrowTimeout, h.DBBorrowTimeout},
		{"dead_lettered", f.DeadLettered, h.DeadLettered},
		{"expired", f.Expired, h.Expired},
	} {
		share := 0.0
		if s.Requests.Total > 0 {
			share = row.v / s.Requests.Total
		}
		t.rows = append(t.rows, []string{row.name, c.count(row.v, row.h), trim(100*share, 2) + "%"})
	}
	return t
}

func latencyTable(s, ci *models.Summary, c cell) table {
	t := table{
		title:  "End-to-end latency of succeeded requests (ms)",
		header: []string{"", "count", "mean", "p50", "p90", "p95", "p99", "p99.9", "max"},
	}
	for _, row := range []struct {
		name string
		l, h models.Latency
	}{
		{"all", s.LatencyMS, ci.LatencyMS},
		{"cold start", s.ColdLatency, ci.ColdLatency},
		{"warm", s.WarmLatency, ci.WarmLatency},
	} {
		l, h := row.l, row.h
		t.rows = append(t.rows, []string{row.name, c.count(l.Count, h.Count), c.ms(l.Mean, h.Mean),
			c.ms(l.P50, h.P50), c.ms(l.P90, h.P90), c.ms(l.P95, h.P95), c.ms(l.P99, h.P99),
			c.ms(l.P999, h.P999), c.ms(l.Max, h.Max)})
	}
	return t
}

func functionsTable(s, ci *models.Summary, c cell) table {
	t := table{
		title: "Functions",
		header: []string{"function", "invocations", "cold starts", "cold %", "throttles", "errors", "timeouts",
			"p50 ms", "p99 ms", "init p50 ms", "init p99 ms"},
	}
	for _, name := range sortedKeys(s.Functions) {
		f, h := s.Functions[name], ci.Functions[name]
		t.rows = append(t.rows, []string{name, c.count(f.Invocations, h.Invocations),
			c.count(f.ColdStarts, h.ColdStarts), c.pct(f.ColdStartFraction, h.ColdStartFraction),
			c.count(f.Throttles, h.Throttles), c.count(f.Errors, h.Errors), c.count(f.Timeouts, h.Timeouts),
			c.ms(f.LatencyMS.P50, h.LatencyMS.P50), c.ms(f.LatencyMS.P99, h.LatencyMS.P99),
			c.ms(f.ColdStartMS.P50, h.ColdStartMS.P50), c.ms(f.ColdStartMS.P99, h.ColdStartMS.P99)})
	}
	return t
}

func concurrencyTable(s, ci *models.Summary, c cell) table {
	t := table{
		title: "Execution environments (time-weighted)",
		header: []string{"function", "concurrency mean", "peak", "instances mean", "peak", "idle mean",
			"initializing mean", "provisioned", "throttles: concurrency", "scaling rate", "rps"},
	}
	for _, name := range sortedKeys(s.Functions) {
		f, h := s.Functions[name], ci.Functions[name]
		r, hr := f.ThrottleReasons, h.ThrottleReasons
		t.rows = append(t.rows, []string{name,
			c.num(f.MeanConcurrency, h.MeanConcurrency), c.num(f.PeakConcurrency, h.PeakConcurrency),
			c.num(f.MeanInstances, h.MeanInstances), c.num(f.PeakInstances, h.PeakInstances),
			c.num(f.MeanIdle, h.MeanIdle), c.num(f.MeanInitializing, h.MeanInitializing),
			c.num(f.Provisioned, h.Provisioned), c.count(r.Concurrency, hr.Concurrency),
			c.count(r.ScalingRate, hr.ScalingRate), c.count(r.RPS, hr.RPS)})
	}
	return t
}

func workloadsTable(s, ci *models.Summary, c cell) table {
	t := table{title: "Workloads", header: []string{"workload", "requests", "succeeded", "failed", "p50 ms", "p99 ms"}}
	for _, name := range sortedKeys(s.Workloads) {
		w, h := s.Workloads[name], ci.Workloads[name]
		t.rows = append(t.rows, []string{name, c.count(w.Requests, h.Requests), c.count(w.Succeeded, h.Succeeded),
			c.count(w.Failed, h.Failed), c.ms(w.LatencyMS.P50, h.LatencyMS.P50), c.ms(w.LatencyMS.P99, h.LatencyMS.P99)})
	}
	return t
}
