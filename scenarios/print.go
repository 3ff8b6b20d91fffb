package scenarios

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
)

// TOML prints the scenario with every default filled in. Loading the output
// gives the same scenario, and printing that gives the same bytes.
func (s *Scenario) TOML() []byte {
	var b bytes.Buffer
	kv := func(k, v string) { fmt.Fprintf(&b, "%s = %s\n", k, v) }
	q, i := tomlQuote, strconv.Itoa
	kv("name", q(s.Name))
	kv("description", q(s.Description))
	kv("seed", strconv.FormatUint(s.Seed, 10))
	kv("duration", q(s.Duration.String()))
	kv("warmup", q(s.Warmup.String()))
	kv("replications", i(s.Replications))
	b.WriteString("\n[account]\n")
	kv("concurrency_limit", i(s.Account.ConcurrencyLimit))
	kv("unreserved_minimum", i(s.Account.UnreservedMinimum))
	kv("scaling", q(s.Account.Scaling))
	kv("region", q(s.Account.Region))
	for _, f := range s.Functions {
		b.WriteString("\n[[function]]\n")
		kv("name", q(f.Name))
		kv("runtime", q(f.Runtime))
		kv("memory_mb", i(f.MemoryMB))
		kv("arch", q(f.Arch))
		kv("timeout", q(f.Timeout.String()))
		kv("duration", f.Duration.String())
		kv("cold_start", f.ColdStart.String())
		kv("keep_alive", f.KeepAlive.String())
		if f.ReservedConcurrency >= 0 {
			kv("reserved_concurrency", i(f.ReservedConcurrency))
		}
		kv("provisioned_concurrency", i(f.ProvisionedConcurrency))
		kv("error_rate", strconv.FormatFloat(f.ErrorRate, 'f', -1, 64))
		if f.PerMessageTime != nil {
			kv("per_message_time", f.PerMessageTime.String())
		}
		kv("async_max_retries", i(f.AsyncMaxRetries))
		kv("async_max_event_age", q(f.AsyncMaxEventAge.String()))
		for _, c := range f.Calls {
			b.WriteString("\n[[function.call]]\n")
			kv("database", q(c.Database))
			kv("queries", i(c.Queries))
			kv("queries_per_message", i(c.QueriesPerMessage))
			kv("connection", q(c.Connection))
		}
	}
	for _, w := range s.Workloads {
		b.WriteString("\n[[workload]]\n")
		kv("name", q(w.Name))
		if w.Queue != "" {
			kv("queue", q(w.Queue))
			kv("arrivals", w.Arrivals.String())
			continue
		}
		kv("function", q(w.Function))
		kv("invocation", q(w.Invocation))
		kv("via", q(w.Via))
		kv("arrivals", w.Arrivals.String())
		kv("client", fmt.Sprintf("{ retries = %d, backoff_base = %s, backoff_cap = %s }",
			w.Client.Retries, q(w.Client.BackoffBase.String()), q(w.Client.BackoffCap.String())))
	}
	for _, x := range s.Queues {
		b.WriteString("\n[[queue]]\n")
		kv("name", q(x.Name))
		kv("function", q(x.Function))
		kv("batch_size", i(x.BatchSize))
		kv("batch_window", q(x.BatchWindow.String()))
		if x.MaxConcurrency > 0 {
			kv("max_concurrency", i(x.MaxConcurrency))
		}
		kv("visibility_timeout", q(x.VisibilityTimeout.String()))
		kv("max_receive_count", i(x.MaxReceiveCount))
		kv("report_batch_item_failures", strconv.FormatBool(x.ReportBatchItemFailures))
		kv("retention_period", q(x.RetentionPeriod.String()))
		kv("message_size", i(x.MessageSize))
	}
	for _, d := range s.Databases {
		printDatabase(&b, kv, d)
	}
	printPricing(&b, kv, s)
	return b.Bytes()
}

func printDatabase(b *bytes.Buffer, kv func(k, v string), d Database) {
	q, i := tomlQuote, strconv.Itoa
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	b.WriteString("\n[[database]]\n")
	kv("name", q(d.Name))
	kv("engine", q(d.Engine))
	kv("instance", q(d.Instance))
	kv("multi_az", strconv.FormatBool(d.MultiAZ))
	kv("vcpus", i(d.VCPUs))
	kv("max_connections", i(d.MaxConnections))
	kv("reserved_connections", i(d.ReservedConnections))
	kv("connect_time", d.ConnectTime.String())
	kv("connect_cpu", d.ConnectCPU.String())
	kv("query_time", d.QueryTime.String())
	kv("idle_timeout", q(d.IdleTimeout.String()))
	p := d.Proxy
	b.WriteString("\n[database.proxy]\n")
	kv("enabled", strconv.FormatBool(p.Enabled))
	kv("max_connections_percent", i(p.MaxConnectionsPercent))
	kv("max_idle_connections_percent", i(p.MaxIdleConnectionsPercent))
	kv("borrow_timeout", q(p.BorrowTimeout.String()))
	kv("pinning_fraction", f(p.PinningFraction))
	kv("added_latency", p.AddedLatency.String())
}

func printPricing(b *bytes.Buffer, kv func(k, v string), s *Scenario) {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, a := range s.Alternatives {
		b.WriteString("\n[[alternative]]\n")
		kv("name", tomlQuote(a.Name))
		kv("hourly_usd", f(a.HourlyUSD))
		kv("capacity_rps", f(a.CapacityRPS))
		kv("target_utilization", f(a.TargetUtilization))
	}
	p := s.Pricing
	b.WriteString("\n[pricing]\n")
	kv("free_tier", strconv.FormatBool(p.FreeTier))
	for _, k := range sortedKeys(p.Overrides) {
		kv(k, f(p.Overrides[k]))
	}
	if len(p.RDSHourly) > 0 {
		b.WriteString("\n[pricing.rds_instance_hourly]\n")
		for _, k := range sortedKeys(p.RDSHourly) {
			kv(tomlQuote(k), f(p.RDSHourly[k]))
		}
	}
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
