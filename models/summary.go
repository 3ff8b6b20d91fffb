package models

import "github.com/stampede-sim/stampede/models/cost"

// Summary is the result of a run as written to summary.json. Every metric is
// a number (float64, so replication means and confidence intervals share the
// shape). Definitions are in docs/metrics.md; field names are the public
// interface and never change.
type Summary struct {
	Scenario     string  `json:"scenario"`
	Description  string  `json:"description"`
	Seed         uint64  `json:"seed"`
	DurationS    float64 `json:"duration_s"`
	WarmupS      float64 `json:"warmup_s"`
	Replications int     `json:"replications"`
	Partial      bool    `json:"partial"`

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

	// CI95 holds the 95% confidence half-widths of every metric when the run
	// has more than one replication.
	CI95 *Summary `json:"ci95,omitempty"`
}

// Requests counts requests by final outcome. A client retry is not a new request.
type Requests struct {
	Total        float64 `json:"total"`
	Succeeded    float64 `json:"succeeded"`
	Failed       float64 `json:"failed"`
	Throttled    float64 `json:"throttled"`
	ErrorRate    float64 `json:"error_rate"`
	ThrottleRate float64 `json:"throttle_rate"`
	Attempts     float64 `json:"attempts"` // invocation attempts, retries included
	Retries      float64 `json:"retries"`  // attempts − requests that made at least one
}

// Failures counts failed requests by the cause of their final failure; the
// causes add up to Requests.Failed.
type Failures struct {
	Throttled           float64 `json:"throttled"`
	Timeout             float64 `json:"timeout"`
	DBConnectionRefused float64 `json:"db_connection_refused"`
	DBBorrowTimeout     float64 `json:"db_borrow_timeout"`
	FunctionError       float64 `json:"function_error"`
	DeadLettered        float64 `json:"dead_lettered"`
	Expired             float64 `json:"expired"`
}

// Latency summarises a latency distribution in milliseconds.
type Latency struct {
	Count float64 `json:"count"`
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
	Count    float64 `json:"count"`
	Fraction float64 `json:"fraction"`
}

// FunctionSummary describes one function over the statistics window.
type FunctionSummary struct {
	Invocations       float64         `json:"invocations"`
	ColdStarts        float64         `json:"cold_starts"`
	ColdStartFraction float64         `json:"cold_start_fraction"`
	Throttles         float64         `json:"throttles"`
	ThrottleReasons   ThrottleReasons `json:"throttle_reasons"`
	Errors            float64         `json:"errors"`
	Timeouts          float64         `json:"timeouts"`
	PeakConcurrency   float64         `json:"peak_concurrency"`
	MeanConcurrency   float64         `json:"mean_concurrency"`
	MeanInstances     float64         `json:"mean_instances"`
	MeanIdle          float64         `json:"mean_idle"`
	MeanInitializing  float64         `json:"mean_initializing"`
	PeakInstances     float64         `json:"peak_instances"`
	Provisioned       float64         `json:"provisioned"`
	LatencyMS         Latency         `json:"latency_ms"`
	DurationMS        Latency         `json:"duration_ms"`   // time an invocation holds an environment: init + handler
	ColdStartMS       Latency         `json:"cold_start_ms"` // init time of the cold starts
}

// ThrottleReasons splits FunctionSummary.Throttles by the limit that refused them.
type ThrottleReasons struct {
	Concurrency float64 `json:"concurrency"`
	ScalingRate float64 `json:"scaling_rate"`
	RPS         float64 `json:"rps"`
}

// WorkloadSummary describes one workload's requests.
type WorkloadSummary struct {
	Requests  float64 `json:"requests"`
	Succeeded float64 `json:"succeeded"`
	Failed    float64 `json:"failed"`
	LatencyMS Latency `json:"latency_ms"`
}

// DatabaseSummary describes one database over the statistics window.
// Connections are database connections (RDS Proxy's client connections are
// separate); definitions are in docs/metrics.md.
type DatabaseSummary struct {
	MaxConnections      float64       `json:"max_connections"`
	ReservedConnections float64       `json:"reserved_connections"` // slots applications cannot use
	VCPUs               float64       `json:"vcpus"`
	PeakConnections     float64       `json:"peak_connections"`
	MeanConnections     float64       `json:"mean_connections"`
	MeanInUse           float64       `json:"mean_in_use"`     // held by running invocations (or opening)
	MeanHeldIdle        float64       `json:"mean_held_idle"`  // held by idle environments
	PeakHeldIdle        float64       `json:"peak_held_idle"`  //
	MeanPoolIdle        float64       `json:"mean_pool_idle"`  // idle in RDS Proxy's pool
	Connects            float64       `json:"connects"`        // connections opened
	Refused             float64       `json:"refused"`         // connects refused: too many connections
	ServerClosed        float64       `json:"server_closed"`   // closed by the server's idle_timeout
	ConnectionLifetimeS float64       `json:"mean_lifetime_s"` // of the connections closed in the window
	MaxLifetimeS        float64       `json:"max_lifetime_s"`
	CPUUtilization      float64       `json:"cpu_utilization"` // busy vCPU time / (vCPUs × window)
	Queries             float64       `json:"queries"`         //
	QueryMS             Latency       `json:"query_ms"`        // from issuing a query on a connection to its result
	ConnectMS           Latency       `json:"connect_ms"`      // opening a connection, its CPU work included
	Proxy               *ProxySummary `json:"proxy,omitempty"`
}

// ProxySummary describes RDS Proxy in front of a database.
type ProxySummary struct {
	MaxPool               float64 `json:"max_pool"` // max_connections × max_connections_percent
	Borrows               float64 `json:"borrows"`
	BorrowWaited          float64 `json:"borrow_waited"` // borrows that had to wait
	BorrowTimeouts        float64 `json:"borrow_timeouts"`
	BorrowWaitMS          Waits   `json:"borrow_wait_ms"` // over all granted borrows, zero waits included
	PinnedSessions        float64 `json:"pinned_sessions"`
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
	MonthlyUSD         float64        `json:"monthly_usd"`          // the window's rate over 730 hours
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
	Sent               float64 `json:"sent"`
	Processed          float64 `json:"processed"`
	DeadLettered       float64 `json:"dead_lettered"`
	Expired            float64 `json:"expired"`
	StillQueued        float64 `json:"still_queued"` // not finished when the run ended (only when stopped early)
	PeakDepth          float64 `json:"peak_depth"`   // visible and in flight
	PeakVisible        float64 `json:"peak_visible"`
	MeanVisible        float64 `json:"mean_visible"`
	MaxAgeS            float64 `json:"max_age_s"` // the oldest any message got while queued
	WaitMS             Latency `json:"wait_ms"`   // send → start of the invocation that processed it
	LatencyMS          Latency `json:"latency_ms"`
	Receives           float64 `json:"receives"` // message receives; above processed when messages are redelivered
	Batches            float64 `json:"batches"`  // invocations started with a batch
	MeanBatch          float64 `json:"mean_batch"`
	ThrottledBatches   float64 `json:"throttled_batches"`
	PeakESMConcurrency float64 `json:"peak_esm_concurrency"`
	MeanESMConcurrency float64 `json:"mean_esm_concurrency"`
	SQSRequests        float64 `json:"sqs_requests"` // billed: sends, receives (empty ones included), deletes; per 64 KB
}
