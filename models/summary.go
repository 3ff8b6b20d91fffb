package models

import "github.com/stampede-sim/stampede/models/cost"

// Summary is the result of one run (one replication) as written to
// summary.json. Counts are integers; every other metric is a float64. The
// metrics are declared, with their units, in the registry (Metrics, in
// metric.go); definitions are in docs/metrics.md. JSON names are the public
// interface and never change. A replicated run's means and confidence
// intervals are in Result.Estimates, not in a Summary.
type Summary struct {
	Scenario     string  `json:"scenario"`
	Description  string  `json:"description"`
	Seed         uint64  `json:"seed"`
	DurationS    float64 `json:"duration_s"`
	WarmupS      float64 `json:"warmup_s"`
	Replications int     `json:"replications"`
	Partial      bool    `json:"partial"`
	// Version is stampede's version; Overrides are the --set values the
	// scenario was loaded with, as given (never null).
	Version   string   `json:"version"`
	Overrides []string `json:"overrides"`
	// Bottlenecks are the limits that bound the run, earliest first
	// (bottleneck.go); empty (never null) when none did.
	Bottlenecks []Bottleneck `json:"bottlenecks"`

	Requests    Requests                   `json:"requests"`
	Failures    Failures                   `json:"failures"`
	LatencyMS   Latency                    `json:"latency_ms"`
	ColdLatency Latency                    `json:"latency_cold_ms"`
	WarmLatency Latency                    `json:"latency_warm_ms"`
	ColdStarts  ColdStarts                 `json:"cold_starts"`
	Functions   map[string]FunctionSummary `json:"functions"`
	Workloads   map[string]WorkloadSummary `json:"workloads"`
	Databases   map[string]DatabaseSummary `json:"databases"`
	Queues      map[string]QueueSummary    `json:"queues"`
	Cost        Cost                       `json:"cost"`
}

// Requests counts requests by final outcome. A client retry is not a new request.
type Requests struct {
	Total        int64   `json:"total"`
	Succeeded    int64   `json:"succeeded"`
	Failed       int64   `json:"failed"`
	Throttled    int64   `json:"throttled"`
	ErrorRate    float64 `json:"error_rate"`
	ThrottleRate float64 `json:"throttle_rate"`
	Attempts     int64   `json:"attempts"` // invocation attempts, retries included
	Retries      int64   `json:"retries"`  // attempts − requests that made at least one
}

// Latency summarises a latency distribution in milliseconds.
type Latency struct {
	Count int64   `json:"count"`
	Mean  float64 `json:"mean"`
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P95   float64 `json:"p95"`
	P99   float64 `json:"p99"`
	P999  float64 `json:"p999"`
	Max   float64 `json:"max"`
}

// ColdStarts counts invocations that started on a new environment.
type ColdStarts struct {
	Count    int64   `json:"count"`
	Fraction float64 `json:"fraction"`
	// P75FunctionFraction: the 75th percentile over functions of each
	// one's cold-start fraction (docs/metrics.md).
	P75FunctionFraction float64 `json:"p75_function_fraction"`
}

// FunctionSummary describes one function over the statistics window.
type FunctionSummary struct {
	Invocations       int64           `json:"invocations"`
	ColdStarts        int64           `json:"cold_starts"`
	ColdStartFraction float64         `json:"cold_start_fraction"`
	Throttles         int64           `json:"throttles"`
	ThrottleReasons   ThrottleReasons `json:"throttle_reasons"`
	Errors            int64           `json:"errors"`
	Timeouts          int64           `json:"timeouts"`
	PeakConcurrency   float64         `json:"peak_concurrency"`
	MeanConcurrency   float64         `json:"mean_concurrency"`
	MeanInstances     float64         `json:"mean_instances"`
	MeanIdle          float64         `json:"mean_idle"`
	MeanInitializing  float64         `json:"mean_initializing"`
	PeakInstances     float64         `json:"peak_instances"`
	Provisioned       float64         `json:"provisioned"`
	Spillovers        int64           `json:"spillovers"` // invocations on on-demand environments while provisioned ones were allocated
	LatencyMS         Latency         `json:"latency_ms"`
	DurationMS        Latency         `json:"duration_ms"`   // time an invocation holds an environment: init + handler
	ColdStartMS       Latency         `json:"cold_start_ms"` // init time of the cold starts
	// Lambda's internal async queue (events waiting for a retry); zero
	// without async workloads.
	AsyncPeakDepth float64 `json:"async_peak_depth"`
	AsyncMaxAgeS   float64 `json:"async_max_age_s"`
}

// ThrottleReasons splits FunctionSummary.Throttles by the limit that refused them.
type ThrottleReasons struct {
	Concurrency int64 `json:"concurrency"`
	ScalingRate int64 `json:"scaling_rate"`
	RPS         int64 `json:"rps"`
}

// WorkloadSummary describes one workload's requests.
type WorkloadSummary struct {
	Requests  int64   `json:"requests"`
	Succeeded int64   `json:"succeeded"`
	Failed    int64   `json:"failed"`
	Retries   int64   `json:"retries"`         // attempts beyond each request's first
	Refused   int64   `json:"retries_refused"` // retries the client's retry quota refused
	LatencyMS Latency `json:"latency_ms"`
}

// DatabaseSummary describes one database over the statistics window.
// Connections are database connections (RDS Proxy's client connections are
// separate); definitions are in docs/metrics.md.
type DatabaseSummary struct {
	MaxConnections      int64         `json:"max_connections"`
	ReservedConnections int64         `json:"reserved_connections"` // slots applications cannot use
	VCPUs               int64         `json:"vcpus"`
	PeakConnections     float64       `json:"peak_connections"`
	MeanConnections     float64       `json:"mean_connections"`
	MeanInUse           float64       `json:"mean_in_use"`     // held by running invocations (or opening)
	MeanHeldIdle        float64       `json:"mean_held_idle"`  // held by idle environments
	PeakHeldIdle        float64       `json:"peak_held_idle"`  //
	MeanPoolIdle        float64       `json:"mean_pool_idle"`  // idle in RDS Proxy's pool
	Connects            int64         `json:"connects"`        // connections opened
	Refused             int64         `json:"refused"`         // connects refused: too many connections
	ServerClosed        int64         `json:"server_closed"`   // closed by the server's idle_timeout
	ConnectionLifetimeS float64       `json:"mean_lifetime_s"` // of the connections closed in the window
	MaxLifetimeS        float64       `json:"max_lifetime_s"`
	CPUUtilization      float64       `json:"cpu_utilization"` // busy vCPU time / (vCPUs × window)
	Queries             int64         `json:"queries"`         //
	QueryMS             Latency       `json:"query_ms"`        // from issuing a query on a connection to its result
	ConnectMS           Latency       `json:"connect_ms"`      // opening a connection, its CPU work included
	Proxy               *ProxySummary `json:"proxy,omitempty"`

	// Aurora Serverless v2's capacity; nil for an instance class.
	Serverless *ServerlessSummary `json:"serverless,omitempty"`
}

// ServerlessSummary describes an Aurora Serverless v2 database's capacity,
// in ACUs.
type ServerlessSummary struct {
	MinACU  float64 `json:"min_acu"`
	MaxACU  float64 `json:"max_acu"`
	MeanACU float64 `json:"mean_acu"` // time-averaged allocated capacity: what is billed, per hour
	PeakACU float64 `json:"peak_acu"`
}

// ProxySummary describes RDS Proxy in front of a database.
type ProxySummary struct {
	MaxPool               int64   `json:"max_pool"` // max_connections × max_connections_percent
	Borrows               int64   `json:"borrows"`
	BorrowWaited          int64   `json:"borrow_waited"` // borrows that had to wait
	BorrowTimeouts        int64   `json:"borrow_timeouts"`
	BorrowWaitMS          Waits   `json:"borrow_wait_ms"` // over all granted borrows, zero waits included
	PinnedSessions        int64   `json:"pinned_sessions"`
	PeakPinned            float64 `json:"peak_pinned"`
	PeakClientConnections float64 `json:"peak_client_connections"`
	MeanClientConnections float64 `json:"mean_client_connections"`
}

// Waits summarises a wait distribution in milliseconds.
type Waits struct {
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P99  float64 `json:"p99"`
}

// Cost is the bill of the statistics window at list prices (docs/metrics.md).
type Cost struct {
	TotalUSD           float64        `json:"total_usd"`
	MonthlyUSD         float64        `json:"monthly_usd"`          // windows_per_month × total_usd + baseline_usd
	WindowsPerMonth    float64        `json:"windows_per_month"`    // [month] windows, or 730 h ÷ the window when it repeats
	BaselineUSD        float64        `json:"baseline_usd"`         // the rest of the month: [month] baseline_usd for the hours the windows leave
	MonthBasis         string         `json:"month_basis"`          // what a month is made of, in words
	PerMillionRequests float64        `json:"per_million_requests"` // total / requests × 10⁶
	Breakdown          cost.Breakdown `json:"breakdown"`
	// Alternatives compares each [[alternative]] always-on fleet with Lambda.
	Alternatives map[string]cost.Comparison `json:"alternatives,omitempty"`
	PricesAsOf   string                     `json:"prices_as_of"` // the price table's date
	FreeTier     bool                       `json:"free_tier"`    // the monthly free tier was applied
}

// QueueSummary describes one SQS queue and its event source mapping; message
// counts cover messages sent in the window. Conservation:
// sent = processed + dead_lettered + expired + still_queued.
type QueueSummary struct {
	Sent               int64   `json:"sent"`
	Processed          int64   `json:"processed"`
	DeadLettered       int64   `json:"dead_lettered"`
	Expired            int64   `json:"expired"`
	StillQueued        int64   `json:"still_queued"` // not finished when the run ended (only when stopped early)
	PeakDepth          float64 `json:"peak_depth"`   // visible and in flight
	PeakVisible        float64 `json:"peak_visible"`
	MeanVisible        float64 `json:"mean_visible"`
	MaxAgeS            float64 `json:"max_age_s"` // the oldest any message got while queued
	WaitMS             Latency `json:"wait_ms"`   // send → start of the invocation that processed it
	LatencyMS          Latency `json:"latency_ms"`
	Receives           int64   `json:"receives"` // message receives; above processed when messages are redelivered
	Batches            int64   `json:"batches"`  // batches received for an invocation
	MeanBatch          float64 `json:"mean_batch"`
	ThrottledBatches   int64   `json:"throttled_batches"` // invoke attempts throttled: a retried batch counts each time
	PeakESMConcurrency float64 `json:"peak_esm_concurrency"`
	MeanESMConcurrency float64 `json:"mean_esm_concurrency"`
	PeakPollers        float64 `json:"peak_pollers"`
	MeanPollers        float64 `json:"mean_pollers"` // provisioned mode: × window hours = EPU-hours billed
	SQSRequests        int64   `json:"sqs_requests"` // billed: sends, receives (empty ones included), deletes; per 64 KB
}
