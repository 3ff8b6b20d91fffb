package render

import (
	"github.com/stampede-sim/stampede/models"
)

// view is what the tables read: a result's metrics through the registry
// (with replications, their means and 95% CI half-widths), and the names
// and settings of its first summary.
type view struct {
	r *models.Result
	s *models.Summary
	c cell
}

func newView(r *models.Result) view {
	return view{r: r, s: r.Summary, c: cell{ci: r.Replicated()}}
}

// get is metric path (a registry pattern) of instance name.
func (v view) get(path, name string) (*models.Metric, models.Estimate) {
	m := models.MustMetric(path)
	e, _ := v.r.Value(models.Key{Metric: m, Name: name})
	return m, e
}

// cell formats metric path of instance name by its kind and unit.
func (v view) cell(path, name string) string {
	m, e := v.get(path, name)
	return v.c.metric(m, e)
}

// column is a column of a table: a metric of the registry by its path
// pattern, headed by its label unless header is set, or a value computed
// from others.
type column struct {
	header  string
	path    string
	compute func(v view, name string) string
}

func (col column) title() string {
	if col.header != "" {
		return col.header
	}
	return models.MustMetric(col.path).Label
}

// metricTable is one row per instance of scope (one row for ScopeRun),
// first the instance's name under scopeHeader, then one cell per column.
func metricTable(v view, title string, scope models.Scope, scopeHeader string, cols []column) table {
	t := table{title: title}
	if scope != models.ScopeRun {
		t.header = append(t.header, scopeHeader)
	}
	for _, col := range cols {
		t.header = append(t.header, col.title())
	}
	for _, name := range scope.Names(v.s) {
		var row []string
		if scope != models.ScopeRun {
			row = append(row, name)
		}
		for _, col := range cols {
			if col.compute != nil {
				row = append(row, col.compute(v, name))
			} else {
				row = append(row, v.cell(col.path, name))
			}
		}
		t.rows = append(t.rows, row)
	}
	return t
}

// sections builds the summary's tables once for every output format.
func sections(r *models.Result) []table {
	v := newView(r)
	s := v.s
	ts := []table{verdictTable(v), requestsTable(v), failuresTable(v), latencyTable(v), functionsTable(v), concurrencyTable(v)}
	if len(s.Workloads) > 1 {
		ts = append(ts, workloadsTable(v))
	}
	if len(s.Queues) > 0 {
		ts = append(ts, queuesTable(v))
	}
	if len(s.Databases) > 0 {
		ts = append(ts, databasesTable(v), dbLoadTable(v))
		if t := proxyTable(v); len(t.rows) > 0 {
			ts = append(ts, t)
		}
	}
	ts = append(ts, costTable(v))
	if len(s.Cost.Alternatives) > 0 {
		ts = append(ts, alternativesTable(v))
	}
	return ts
}

func requestsTable(v view) table {
	return metricTable(v, "Requests", models.ScopeRun, "", []column{
		{header: "total", path: "requests.total"}, {path: "requests.succeeded"}, {path: "requests.failed"},
		{path: "requests.throttled"}, {path: "requests.error_rate"}, {path: "requests.throttle_rate"},
		{path: "requests.retries"},
	})
}

// failureRows is the order of the causes in the failures table: API
// Gateway's throttle, then the function's own failures before the downstream
// ones. The API Gateway row shows only when some request failed with it
// (most scenarios run far below the quota).
var failureRows = []models.Cause{
	models.CauseAPIGatewayThrottled, models.CauseThrottled, models.CauseTimeout, models.CauseFunctionError, models.CauseDBConnectionRefused,
	models.CauseDBBorrowTimeout, models.CauseDeadLettered, models.CauseExpired,
}

func failuresTable(v view) table {
	t := table{title: "Failures by cause", header: []string{"cause", "requests", "share of requests"}}
	_, total := v.get("requests.total", "")
	for _, c := range failureRows {
		m, e := v.get("failures."+c.String(), "")
		if c == models.CauseAPIGatewayThrottled && e.Mean == 0 {
			continue
		}
		share := 0.0
		if total.Mean > 0 {
			share = e.Mean / total.Mean
		}
		t.rows = append(t.rows, []string{c.String(), v.c.metric(m, e), trim(100*share, 2) + "%"})
	}
	return t
}

// latencyRows are the end-to-end latency distributions, by their prefix.
var latencyRows = []struct{ label, prefix string }{
	{"all", "latency_ms"}, {"cold start", "latency_cold_ms"}, {"warm", "latency_warm_ms"},
}

func latencyTable(v view) table {
	stats := []struct{ header, key string }{
		{"count", "count"}, {"mean", "mean"}, {"p50", "p50"}, {"p90", "p90"}, {"p95", "p95"}, {"p99", "p99"},
		{"p99.9", "p999"}, {"max", "max"},
	}
	t := table{title: "End-to-end latency of succeeded requests (ms)", header: []string{""}}
	for _, st := range stats {
		t.header = append(t.header, st.header)
	}
	for _, row := range latencyRows {
		cells := []string{row.label}
		for _, st := range stats {
			cells = append(cells, v.cell(row.prefix+"."+st.key, ""))
		}
		t.rows = append(t.rows, cells)
	}
	return t
}

func functionsTable(v view) table {
	return metricTable(v, "Functions", models.ScopeFunction, "function", []column{
		{path: "functions.*.invocations"}, {path: "functions.*.cold_starts"},
		{header: "cold %", path: "functions.*.cold_start_fraction"}, {path: "functions.*.throttles"},
		{path: "functions.*.errors"}, {path: "functions.*.timeouts"},
		{header: "p50 ms", path: "functions.*.latency_ms.p50"}, {header: "p99 ms", path: "functions.*.latency_ms.p99"},
		{header: "init p50 ms", path: "functions.*.cold_start_ms.p50"},
		{header: "init p99 ms", path: "functions.*.cold_start_ms.p99"},
	})
}

func concurrencyTable(v view) table {
	return metricTable(v, "Execution environments (time-weighted)", models.ScopeFunction, "function", []column{
		{header: "concurrency mean", path: "functions.*.mean_concurrency"},
		{header: "peak", path: "functions.*.peak_concurrency"},
		{header: "instances mean", path: "functions.*.mean_instances"},
		{header: "peak", path: "functions.*.peak_instances"},
		{header: "idle mean", path: "functions.*.mean_idle"},
		{header: "initializing mean", path: "functions.*.mean_initializing"},
		{path: "functions.*.provisioned"},
		{header: "throttles: concurrency", path: "functions.*.throttle_reasons.concurrency"},
		{header: "scaling rate", path: "functions.*.throttle_reasons.scaling_rate"},
		{header: "rps", path: "functions.*.throttle_reasons.rps"},
	})
}

func workloadsTable(v view) table {
	return metricTable(v, "Workloads", models.ScopeWorkload, "workload", []column{
		{path: "workloads.*.requests"}, {path: "workloads.*.succeeded"}, {path: "workloads.*.failed"},
		{header: "p50 ms", path: "workloads.*.latency_ms.p50"}, {header: "p99 ms", path: "workloads.*.latency_ms.p99"},
	})
}
