package scenarios

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Defaults, in one place, each with its source (aws-facts.md is the
// project's research notes; see docs/model.md).
const (
	defaultSeed         = 1
	defaultReplications = 1

	// aws-facts §1 "Default account concurrency quota": 1,000 per region.
	defaultConcurrencyLimit = 1000
	// aws-facts §1 "Unreserved minimum": 100 always left unreserved.
	defaultUnreservedMinimum = 100
	// aws-facts §1 "Function scaling rate (current, since 2023-11-27)".
	defaultScaling = "2023"
	// The price table's region (aws-facts §5: us-east-1 list prices).
	defaultRegion = "us-east-1"

	// Lambda's own defaults: 128 MB memory, 3 s timeout ("Configure Lambda
	// function timeout", aws-facts §3), x86_64.
	defaultRuntime  = "python3.12"
	defaultMemoryMB = 128
	defaultArch     = "x86_64"
	defaultTimeout  = 3 * sim.Second

	// aws-facts §1 "Async invocation: function errors": 2 retries; "Async
	// max event age": 6 h.
	defaultAsyncRetries = 2
	defaultAsyncMaxAge  = 6 * sim.Hour

	defaultInvocation = "sync"
	defaultVia        = "direct"

	// AWS SDKs' standard retry mode: exponential backoff with full jitter,
	// base 100 ms, at most 20 s; no retries unless the scenario asks.
	defaultRetries     = 0
	defaultBackoffBase = 100 * sim.Millisecond
	defaultBackoffCap  = 20 * sim.Second
)

// defaultKeepAlive: AWS publishes no idle-reclaim time; the latest
// measurement is "cold starts happen 5 to 7 minutes after the previous
// request" (aws-facts §3 "Idle reclamation (measured)", mikhail.io).
var defaultKeepAlive = dist.Spec{Kind: dist.Uniform, Min: 5 * sim.Minute, Max: 7 * sim.Minute}

// Database defaults.
const (
	defaultEngine = "postgres"
	// superuser_reserved_connections (PostgreSQL's default, aws-facts §7
	// "Error when exhausted – PostgreSQL"); MySQL keeps its extra SUPER slot
	// on top of max_connections, so applications get them all.
	defaultPGReserved    = 3
	defaultMySQLReserved = 0
	// MySQL wait_timeout 28,800 s (aws-facts §7 "Idle connection
	// timeouts"); PostgreSQL's idle_session_timeout is off by default.
	defaultMySQLIdleTimeout = 8 * sim.Hour
	defaultQueriesPerCall   = 1
	defaultConnection       = "per_environment"

	// RDS Proxy defaults (aws-facts §8): MaxConnectionsPercent 100,
	// MaxIdleConnectionsPercent 50, ConnectionBorrowTimeout 120 s.
	defaultProxyMaxPercent  = 100
	defaultProxyIdlePercent = 50
	defaultBorrowTimeout    = 120 * sim.Second
)

// defaultConnectTime: TLS + authentication of a new connection in the VPC.
// AWS publishes no figure; aws-facts §7 "Connection setup cost" suggests
// 5–30 ms log-normal; this is the spec's example, median 15 ms, p99 60 ms.
var defaultConnectTime = dist.Spec{Kind: dist.LogNormal, Median: 15 * sim.Millisecond, P99: 60 * sim.Millisecond}

// defaultQueryTime: the spec's example, a short OLTP query, median 3 ms,
// p99 25 ms, as database CPU time without contention.
var defaultQueryTime = dist.Spec{Kind: dist.LogNormal, Median: 3 * sim.Millisecond, P99: 25 * sim.Millisecond}

// defaultConnectCPU: none unless set.
var defaultConnectCPU = dist.Spec{Kind: dist.Fixed, Value: 0}

// defaultProxyLatency: not published by AWS; aws-facts §8 "Added latency"
// suggests +1–3 ms per query (one extra in-VPC hop).
var defaultProxyLatency = dist.Spec{Kind: dist.Uniform, Min: sim.Millisecond, Max: 3 * sim.Millisecond}

// SQS and event source mapping defaults (aws-facts §6).
const (
	// "Batch size: default 10".
	defaultBatchSize = 10
	// DLQ / redrive: "set maxReceiveCount ≥ 5".
	defaultMaxReceiveCount = 5
	// "Retention default 4 days (60 s – 14 days)".
	defaultRetention = 4 * sim.Day
	// No AWS default: a small JSON message. Each 64 KB is a billed request.
	defaultMessageSize = 1024
	// "Visibility timeout recommendation: ≥ 6 × function timeout (+
	// batching window)": the default is that recommendation.
	visibilityTimeoutFactor = 6
)
