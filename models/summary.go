package models

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
