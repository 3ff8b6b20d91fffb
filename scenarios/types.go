package scenarios

import (
	"github.com/stampede-sim/stampede/models/arrivals"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Scenario is a validated scenario with every default filled in. Models read
// it; nothing but this package builds one.
type Scenario struct {
	Name         string
	Description  string
	Seed         uint64
	Duration     sim.Time // simulated time during which workloads generate requests
	Warmup       sim.Time // statistics ignore requests that arrive before this
	Replications int
	Account      Account
	Functions    []Function
	Workloads    []Workload
	Databases    []Database
	Queues       []Queue
	Pricing      Pricing
	Alternatives []Alternative

	// Source says where the scenario came from: a file path or "builtin:NAME".
	Source string
}

// Account holds the region-wide Lambda settings.
type Account struct {
	ConcurrencyLimit  int    // per region, shared by all functions
	UnreservedMinimum int    // concurrency that reserved concurrency may never take
	Scaling           string // "2023" or "legacy"
	Region            string
}

// Function is one Lambda function.
type Function struct {
	Name      string
	Runtime   string
	Arch      string // "x86_64" or "arm64"
	MemoryMB  int
	Timeout   sim.Time
	Duration  dist.Spec // handler time of a warm invocation
	ColdStart dist.Spec // extra time of an invocation that starts a new environment
	KeepAlive dist.Spec // idle time before an environment is reclaimed

	// ReservedConcurrency is the function's reserved concurrency, or -1 when
	// it draws from the account's unreserved pool.
	ReservedConcurrency    int
	ProvisionedConcurrency int
	ErrorRate              float64 // share of invocations whose handler fails
	// PerMessageTime adds to the handler time once per message of an SQS
	// batch (nil: batches take Duration whatever their size).
	PerMessageTime *dist.Spec

	// Calls is what one invocation does downstream, in order.
	Calls []Call

	// Async invocation settings (Lambda's EventInvokeConfig).
	AsyncMaxRetries  int      // retries after function errors, 0..2
	AsyncMaxEventAge sim.Time // events older than this are dropped (cause "expired")
}

// Workload is one arrival stream aimed at a function or a queue.
type Workload struct {
	Name       string
	Function   string // the target function, or "" with Queue
	Queue      string // the target queue, or ""
	Invocation string // "sync" or "async"
	Via        string // "api-gateway-http", "api-gateway-rest" or "direct"
	Arrivals   arrivals.Spec
	Client     Client
}

// Client is the retry policy of a synchronous caller: on a throttle or a 5xx
// it waits a random time in [0, min(BackoffCap, BackoffBase·2^attempt)]
// ("full jitter") and tries again, at most Retries times.
type Client struct {
	Retries     int
	BackoffBase sim.Time
	BackoffCap  sim.Time
}

// FunctionByName returns the function named name, or nil.
func (s *Scenario) FunctionByName(name string) *Function {
	for i := range s.Functions {
		if s.Functions[i].Name == name {
			return &s.Functions[i]
		}
	}
	return nil
}

// Call is one [[function.call]]: queries to a database within an invocation.
type Call struct {
	Database          string
	Queries           int
	QueriesPerMessage int    // more queries per message of an SQS batch
	Connection        string // "per_environment" or "per_invocation"
}

// Queue is an SQS standard queue drained by an event source mapping.
type Queue struct {
	Name                    string
	Function                string
	BatchSize               int
	BatchWindow             sim.Time
	MaxConcurrency          int // 0: the ESM's default scaling, up to 1,000
	VisibilityTimeout       sim.Time
	MaxReceiveCount         int
	ReportBatchItemFailures bool
	RetentionPeriod         sim.Time
	MessageSize             int // bytes
}

// Database is one RDS instance, resolved from its instance class.
type Database struct {
	Name                string
	Engine              string // "postgres" or "mysql"
	Instance            string // e.g. "db.t3.medium"
	MultiAZ             bool
	VCPUs               int     // query workers: the class's vCPUs unless overridden
	MemoryGiB           float64 // the class's RAM
	MaxConnections      int     // the engine's default for the class unless set
	ReservedConnections int     // slots application users cannot take
	HourlyUSD           float64 // instance price, Multi-AZ included
	ConnectTime         dist.Spec
	ConnectCPU          dist.Spec // database CPU per new connection
	QueryTime           dist.Spec // a query's CPU time without contention
	IdleTimeout         sim.Time  // the server closes connections idle this long; 0: never
	Proxy               Proxy
}

// Proxy is the RDS Proxy in front of a database.
type Proxy struct {
	Enabled                   bool
	MaxConnectionsPercent     int
	MaxIdleConnectionsPercent int
	BorrowTimeout             sim.Time
	PinningFraction           float64
	AddedLatency              dist.Spec // per query
}

// Pricing holds a scenario's changes to the built-in price table.
type Pricing struct {
	FreeTier  bool
	Overrides map[string]float64 // item → flat USD per unit
	RDSHourly map[string]float64 // database → USD per hour (Multi-AZ included)
}

// Alternative is an always-on fleet to compare Lambda against.
type Alternative struct {
	Name              string
	HourlyUSD         float64
	CapacityRPS       float64
	TargetUtilization float64
}
