package models

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// Bottleneck is a limit that bound the run: it refused, queued or slowed
// work inside the statistics window (summary.json "bottlenecks", earliest
// first). Peak and Limit are in Unit; FromS and ToS are seconds from the
// start of the run.
type Bottleneck struct {
	Resource string  `json:"resource"` // "database orders connections"
	Kind     string  `json:"kind"`     // a BottleneckKind's name
	Name     string  `json:"name"`     // the function, workload, database or queue; "" for the account
	FromS    float64 `json:"from_s"`
	ToS      float64 `json:"to_s"`
	Peak     float64 `json:"peak"`
	Limit    float64 `json:"limit"`
	Unit     string  `json:"unit"`
	Effect   string  `json:"effect"`
}

// BottleneckKind is one kind of limit the verdict names.
type BottleneckKind struct {
	Name string
	Unit string // what Peak and Limit count
	// Doc says when the limit counts as binding, and what Peak and Limit
	// are (docs/metrics.md's list is generated from it).
	Doc string
}

// The kinds, in the order a verdict lists limits that began together.
var BottleneckKinds = []BottleneckKind{
	{"account_concurrency", "concurrent executions",
		"the account's unreserved concurrency refused invocations (throttles, reason concurrency, of functions without reserved concurrency). Peak: the most units of the unreserved pool in use at once over the run (provisioned concurrency included); limit: the pool (the account's limit less every reservation)"},
	{"reserved_concurrency", "concurrent executions",
		"a function's reserved concurrency refused invocations. Peak: the most of its reservation in use at once over the run; limit: the reservation"},
	{"scaling_rate", "concurrent executions",
		"a function's scaling rate refused new environments (throttles, reason scaling_rate: 1,000 environments every 10 s per function, or the account's burst and 500 a minute with legacy scaling). Peak: the function's peak concurrency in the window; limit: the concurrency it could have reached (its reservation, or the account's unreserved pool), so peak below limit says the rate bound, not the level"},
	{"invocation_rate", "requests/s",
		"Lambda's requests-per-second limit (10 × the concurrency quota, or × a function's reservation) refused invocations. Peak: the most requests per second the workloads generated in a bucket (retries not included); limit: 10 × the function's reservation, or × the account's concurrency limit"},
	{"api_gateway_throttle", "requests/s",
		"API Gateway's throttle (the account's, or a route's own rate limit) answered 429. Peak: the most attempts per second through it in a bucket; limit: its steady rate"},
	{"connections", "connections",
		"the database refused new connections (too many connections). Peak: the most database connections open at once in the window; limit: max_connections less the reserved ones"},
	{"database_cpu", "% CPU",
		"the database's CPU was saturated: busy 98% or more of a bucket, so queries and connection handshakes queued for a vCPU. Peak: the busiest bucket's utilization; limit: 100%"},
	{"proxy_borrow", "connections",
		"RDS Proxy had no pooled connection free: its pool was full and borrows waited, or borrows gave up after borrow_timeout. Peak: the most database connections open at once in the window; limit: the proxy's pool (max_connections × max_connections_percent)"},
	{"queue_backlog", "concurrent invocations",
		"an SQS queue's messages waited for its event source mapping: the oldest message was older than 1 s past the batching window in a bucket. Peak: the mapping's peak concurrency; limit: its max_concurrency, or else the function's reservation or the account's unreserved pool"},
}

func kindIndex(name string) int {
	return slices.IndexFunc(BottleneckKinds, func(k BottleneckKind) bool { return k.Name == name })
}

// verdict is the bottleneck list being built for one run.
type verdict struct {
	sum    *Summary
	series *Series
	from   sim.Time // the statistics window's start
	out    []Bottleneck
}

// add appends a bottleneck of kind over [first, last].
func (v *verdict) add(kind, name, resource string, first, last sim.Time, peak, limit float64, effect string) {
	k := BottleneckKinds[kindIndex(kind)]
	v.out = append(v.out, Bottleneck{Resource: resource, Kind: kind, Name: name, FromS: first.Seconds(), ToS: last.Seconds(),
		Peak: peak, Limit: limit, Unit: k.Unit, Effect: effect})
}

// buckets is the window [first bucket's start, last bucket's end) of the
// buckets at or after the statistics window's start where bound is true;
// ok false if none.
func (v *verdict) buckets(bound func(i int) bool) (first, last sim.Time, ok bool) {
	s := v.series
	for i := range s.TS {
		start := sim.FromSeconds(s.TS[i])
		if start+sim.FromSeconds(s.WidthS) <= v.from || !bound(i) {
			continue
		}
		if !ok {
			first, ok = max(start, v.from), true
		}
		last = start + sim.FromSeconds(s.WidthS)
	}
	return first, last, ok
}

// peakRate is the most events per second in any bucket of the window.
func (v *verdict) peakRate(counts []float64) float64 {
	var p float64
	for i, c := range counts {
		if sim.FromSeconds(v.series.TS[i]+v.series.WidthS) > v.from {
			p = max(p, c/v.series.WidthS)
		}
	}
	return p
}

// bottlenecks names every limit that bound the run, earliest first (see
// BottleneckKinds).
func (sys *System) bottlenecks(sum *Summary, series *Series) []Bottleneck {
	v := &verdict{sum: sum, series: series, from: sys.sc.Warmup, out: []Bottleneck{}}
	sys.functionLimits(v)
	sys.gatewayLimits(v)
	sys.databaseLimits(v)
	sys.queueLimits(v)
	slices.SortStableFunc(v.out, func(a, b Bottleneck) int {
		return cmp.Or(cmp.Compare(a.FromS, b.FromS), cmp.Compare(kindIndex(a.Kind), kindIndex(b.Kind)), cmp.Compare(a.Resource, b.Resource))
	})
	return v.out
}

func (sys *System) functionLimits(v *verdict) {
	var acct stats.Span
	acctLimit := float64(10 * sys.sc.Account.ConcurrencyLimit)
	for i, f := range sys.functions {
		st, fs := f.Stats, v.sum.Functions[f.Name]
		pool := f.Pool()
		reserved := sys.sc.Functions[i].Reserved() >= 0
		if sp := st.Throttled[lambda.ThrottleConcurrency]; sp.N > 0 {
			if reserved {
				v.add("reserved_concurrency", f.Name, "function "+f.Name+" reserved concurrency", sp.First, sp.Last,
					float64(pool.Peak), float64(pool.Cap), throttled(sp.N))
			} else {
				acct.Merge(sp)
			}
		}
		if sp := st.Throttled[lambda.ThrottleScaling]; sp.N > 0 {
			v.add("scaling_rate", f.Name, "function "+f.Name+" scaling rate", sp.First, sp.Last,
				fs.PeakConcurrency, float64(pool.Cap), throttled(sp.N))
		}
		if sp := st.Throttled[lambda.ThrottleRPS]; sp.N > 0 {
			limit := acctLimit
			if reserved {
				limit = float64(10 * pool.Cap)
			}
			v.add("invocation_rate", f.Name, "function "+f.Name+" requests per second", sp.First, sp.Last,
				v.peakRate(v.series.Arrivals), limit, throttled(sp.N))
		}
	}
	if acct.N > 0 {
		p := sys.account.Unreserved
		v.add("account_concurrency", "", "account concurrency (unreserved)", acct.First, acct.Last,
			float64(p.Peak), float64(p.Cap), throttled(acct.N))
	}
}

func (sys *System) gatewayLimits(v *verdict) {
	if sp := sys.gatewayThrottled; sp.N > 0 {
		v.add("api_gateway_throttle", "", "API Gateway account throttle", sp.First, sp.Last,
			v.peakRate(counts(sys.m.gatewayAttempts)), float64(sys.sc.APIGateway.ThrottleRate), gatewayThrottled(sp.N))
	}
	for i, w := range sys.workloads {
		if sp := w.routeThrottled; sp.N > 0 {
			v.add("api_gateway_throttle", w.name, "API Gateway route of workload "+w.name, sp.First, sp.Last,
				v.peakRate(counts(w.routeAttempts)), float64(*sys.sc.Workloads[i].RateLimit), gatewayThrottled(sp.N))
		}
	}
}

func (sys *System) databaseLimits(v *verdict) {
	for i, db := range sys.databases {
		st, ds, ser := db.Stats, v.sum.Databases[db.Name], &v.series.Databases[i]
		if sp := st.Refused; sp.N > 0 {
			effect := grouped(sp.N) + " connection attempts refused"
			if n := v.sum.Failures[CauseDBConnectionRefused]; n > 0 {
				effect += "; " + grouped(n) + " requests failed with " + CauseDBConnectionRefused.String()
			}
			v.add("connections", db.Name, "database "+db.Name+" connections", sp.First, sp.Last,
				ds.PeakConnections, float64(ds.MaxConnections-ds.ReservedConnections), effect)
		}
		if first, last, ok := v.buckets(func(b int) bool { return ser.CPU[b] >= 0.98 }); ok {
			v.add("database_cpu", db.Name, "database "+db.Name+" CPU", first, last, 100*slices.Max(ser.CPU), 100,
				fmt.Sprintf("queries p99 %s ms against p50 %s ms; connects p99 %s ms", ms(ds.QueryMS.P99), ms(ds.QueryMS.P50), ms(ds.ConnectMS.P99)))
		}
		if ds.Proxy == nil {
			continue
		}
		// Borrows also wait while the pool opens its first connections:
		// the pool bound only if it filled, or a borrow gave up.
		sp := st.BorrowWaited
		sp.Merge(st.BorrowTimeout)
		if sp.N > 0 && (ds.PeakConnections >= float64(ds.Proxy.MaxPool) || st.BorrowTimeout.N > 0) {
			effect := grouped(st.BorrowWaited.N) + " borrows waited (mean " + ms(ds.Proxy.BorrowWaitMS.Mean) + " ms over all borrows)"
			if n := st.BorrowTimeout.N; n > 0 {
				effect += "; " + grouped(n) + " gave up after borrow_timeout"
			}
			v.add("proxy_borrow", db.Name, "RDS Proxy of database "+db.Name+" pool", sp.First, sp.Last,
				ds.PeakConnections, float64(ds.Proxy.MaxPool), effect)
		}
	}
}

func (sys *System) queueLimits(v *verdict) {
	for i, q := range sys.queues {
		ser, qs := &v.series.Queues[i], v.sum.Queues[q.Name]
		late := (q.Cfg.BatchWindow + sim.Second).Seconds()
		first, last, ok := v.buckets(func(b int) bool { return ser.OldestAgeS[b] > late })
		if !ok {
			continue
		}
		limit := float64(q.Cfg.MaxConcurrency)
		if limit == 0 {
			limit = float64(q.Consumer().Pool().Cap)
		}
		effect := fmt.Sprintf("messages waited up to %s s (p99 %s s); %s expired, %s dead-lettered",
			ms(qs.MaxAgeS), ms(qs.WaitMS.P99/1000), grouped(qs.Expired), grouped(qs.DeadLettered))
		v.add("queue_backlog", q.Name, "queue "+q.Name+" backlog", first, last, qs.PeakESMConcurrency, limit, effect)
	}
}

func throttled(n int64) string { return grouped(n) + " invocation attempts throttled" }

func gatewayThrottled(n int64) string {
	return grouped(n) + " attempts answered 429 by API Gateway"
}

// grouped writes a count with thousands separators: 175,821.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + grouped(-n)
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// ms writes a duration or an age with three significant digits (at
// least the unit: 1234 for 1,234.5).
func ms(v float64) string {
	decimals := 2
	switch {
	case v >= 100:
		decimals = 0
	case v >= 10:
		decimals = 1
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}
