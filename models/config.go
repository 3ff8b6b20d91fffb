package models

import (
	"strings"

	"github.com/stampede-sim/stampede/models/apigw"
	"github.com/stampede-sim/stampede/models/arrivals"
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/models/sqs"
	"github.com/stampede-sim/stampede/sim"
)

// Scenario is everything a run simulates. Build one in Go or load one from a
// scenario file (package scenarios). Name, Duration, one function and one
// workload are required; the zero value of every other field is AWS's
// default (docs/scenario.md). Resolved returns a copy with every default
// filled in; Validate checks it.
type Scenario struct {
	Name         string
	Description  string
	Seed         uint64
	Duration     sim.Time // simulated time during which workloads generate requests
	Warmup       sim.Time // statistics ignore requests that arrive before this
	Replications int      // 0: 1
	Account      lambda.AccountConfig
	APIGateway   apigw.Config // the account's API Gateway quotas ([api_gateway])
	Functions    []Function
	Workloads    []Workload
	Databases    []rds.Config
	Queues       []sqs.Config
	Pricing      cost.Pricing
	Month        cost.Month // how the window relates to a month, for the monthly bill ([month])
	Alternatives []cost.Alternative

	// Source says where the scenario came from: a file path, "builtin:NAME",
	// or "" for one built in Go; Overrides are the --set values applied to
	// it, as given (summary.json reports them).
	Source    string
	Overrides []string
}

// Version is stampede's version, written to summary.json.
const Version = "0.3.0-dev"

// Function is one Lambda function and what its invocations call downstream.
type Function struct {
	lambda.Config
	Calls []rds.CallConfig // in order, between init and the handler time
}

// Invocation is how a workload invokes its function; the zero value is Sync.
type Invocation uint8

// Invocation types.
const (
	Sync Invocation = iota
	Async
)

var invocationNames = param.Names{"sync", "async"}

func (i Invocation) String() string        { return invocationNames.Name(uint8(i)) }
func (i *Invocation) Set(name string) bool { return invocationNames.Set((*uint8)(i), name) }
func (Invocation) Names() []string         { return invocationNames }

// Gateway is what stands between a synchronous client and the function; the
// zero value is Direct.
type Gateway uint8

// Gateways.
const (
	Direct Gateway = iota
	GatewayHTTP
	GatewayREST
)

var gatewayNames = param.Names{"direct", "api-gateway-http", "api-gateway-rest"}

func (g Gateway) String() string        { return gatewayNames.Name(uint8(g)) }
func (g *Gateway) Set(name string) bool { return gatewayNames.Set((*uint8)(g), name) }
func (Gateway) Names() []string         { return gatewayNames }

// Workload is one arrival stream aimed at a function (Function) or a queue
// (Queue). Invocation, Via and Client apply to function targets only.
type Workload struct {
	Name       string
	Function   string
	Queue      string
	Invocation Invocation
	Via        Gateway
	Arrivals   arrivals.Spec
	Client     Client

	// RateLimit and BurstLimit are the route's (or stage's) own API Gateway
	// throttle, below the account's; nil: none. BurstLimit defaults to
	// RateLimit.
	RateLimit  *int
	BurstLimit *int
}

// Client is the retry policy of a synchronous caller: the AWS SDKs' standard
// retry mode (sources.md [sdk-retry]). After a retryable error (a throttle,
// or a 5xx from API Gateway) it waits before retry n (1-based)
//
//	wait_n = U · min(BackoffCap, base · 2^(n−1)),   U uniform in [0, 1)
//
// ("full jitter"; base is ThrottleBackoffBase after a throttle, BackoffBase
// after another error) and tries again, at most Retries times, while its
// retry quota (RetryQuota tokens) lasts. The zero value, once resolved, is
// the standard mode's default: 3 attempts, bases 50 ms and 1 s, cap 20 s,
// 500 tokens.
type Client struct {
	Retries             *int // nil: 2
	BackoffBase         sim.Time
	ThrottleBackoffBase sim.Time
	BackoffCap          sim.Time
	RetryQuota          *int // tokens; nil: 500
}

// Fields declares the scenario's top-level parameters.
var Fields = []param.Field[Scenario]{
	{Key: "name", Required: true, AllowedDoc: "non-empty", Doc: "the scenario's name, shown in outputs",
		Ptr: func(s *Scenario) any { return &s.Name }},
	{Key: "description", Doc: "one sentence: what the scenario shows",
		Ptr: func(s *Scenario) any { return &s.Description }},
	{Key: "seed", Default: uint64(1), Lo: uint64(1), Doc: "the random seed",
		Ptr: func(s *Scenario) any { return &s.Seed }},
	{Key: "duration", Required: true, Lo: sim.Millisecond, Hi: 3650 * sim.Day,
		Doc: "simulated time during which workloads send requests",
		Ptr: func(s *Scenario) any { return &s.Duration }},
	{Key: "warmup", Lo: sim.Time(0), AllowedDoc: "< duration", Doc: "statistics ignore requests arriving before this",
		Ptr: func(s *Scenario) any { return &s.Warmup }},
	{Key: "replications", Default: 1, Lo: 1, Hi: 1000, Doc: "independent replications (results get 95% CIs)",
		Ptr: func(s *Scenario) any { return &s.Replications }},
}

// WorkloadFields declares Workload's parameters (its arrivals and client are
// tables of their own).
var WorkloadFields = []param.Field[Workload]{
	{Key: "name", Required: true, AllowedDoc: "unique",
		Ptr: func(w *Workload) any { return &w.Name }},
	{Key: "function", DefaultDoc: "the target", AllowedDoc: "a function's name", Doc: "the target function",
		Ptr: func(w *Workload) any { return &w.Function }},
	{Key: "queue", DefaultDoc: "send to this SQS queue instead (then `invocation`, `via` and `client` do not apply)", AllowedDoc: "a queue's name", Doc: "the target queue (then no invocation, via or client)",
		Ptr: func(w *Workload) any { return &w.Queue }},
	{Key: "invocation", Doc: "async: Lambda queues the event and retries it (docs/model.md)",
		Ptr: func(w *Workload) any { return &w.Invocation }},
	{Key: "via", Doc: "API Gateway adds its integration timeout (HTTP 30 s, REST `[api_gateway].rest_timeout`) and the account's throttle; sync only",
		Ptr: func(w *Workload) any { return &w.Via }},
	{Key: "rate_limit", DefaultDoc: "none", Lo: 0, Hi: 10_000_000, Unit: "requests/s",
		Doc: "via API Gateway: the route's (stage's) own throttle, steady rate; applies before the account's",
		Ptr: func(w *Workload) any { return &w.RateLimit }},
	{Key: "burst_limit", DefaultDoc: "`rate_limit`", Lo: 0, Hi: 10_000_000, Unit: "requests",
		Doc: "via API Gateway: the route's throttle's burst (token-bucket capacity); needs `rate_limit`",
		Ptr: func(w *Workload) any { return &w.BurstLimit }},
}

// ClientFields declares Client's parameters.
var ClientFields = []param.Field[Client]{
	{Key: "retries", Default: 2, Lo: 0, Hi: 10,
		Doc: "retries after a throttle (429) or, through API Gateway, a 5xx; a function error or timeout of a direct invocation is an HTTP 200 and is not retried (docs/model.md)",
		Ptr: func(c *Client) any { return &c.Retries }},
	{Key: "backoff_base", Default: 50 * sim.Millisecond, Lo: sim.Millisecond, Hi: sim.Hour,
		Doc: "the first retry's maximum wait after an error other than a throttle (full-jitter exponential backoff)",
		Ptr: func(c *Client) any { return &c.BackoffBase }},
	{Key: "throttle_backoff_base", Default: sim.Second, Lo: sim.Millisecond, Hi: sim.Hour,
		Doc: "the first retry's maximum wait after a throttle (429)",
		Ptr: func(c *Client) any { return &c.ThrottleBackoffBase }},
	{Key: "backoff_cap", Default: 20 * sim.Second, Lo: sim.Millisecond, Hi: 24 * sim.Hour,
		Doc: "the longest wait",
		Ptr: func(c *Client) any { return &c.BackoffCap }},
	{Key: "retry_quota", Default: 500, Lo: 0, Hi: 1_000_000_000, Unit: "tokens",
		Doc: "the workload's retry quota: a retry takes 5 tokens after a throttle, 14 after another error; a success returns its retry's tokens (1 if it needed none); without enough tokens the error is final",
		Ptr: func(c *Client) any { return &c.RetryQuota }},
}

// Resolved returns a copy of s with every default filled in: AWS's defaults,
// the runtime's cold start, the database class's limits and prices, the
// queues' visibility timeouts. s itself is left as it is.
func (s *Scenario) Resolved() *Scenario {
	r := *s
	r.Functions = append([]Function(nil), s.Functions...)
	r.Workloads = append([]Workload(nil), s.Workloads...)
	r.Databases = append([]rds.Config(nil), s.Databases...)
	r.Queues = append([]sqs.Config(nil), s.Queues...)
	r.Alternatives = append([]cost.Alternative(nil), s.Alternatives...)
	r.Overrides = append([]string(nil), s.Overrides...)
	param.Fill(Fields, &r)
	r.Account.Defaults()
	r.APIGateway.Defaults()
	r.Month.Defaults()
	for i := range r.Functions {
		f := &r.Functions[i]
		f.Config.Defaults()
		f.Calls = append([]rds.CallConfig(nil), f.Calls...)
		for k := range f.Calls {
			f.Calls[k].Defaults()
		}
	}
	for i := range r.Workloads {
		w := &r.Workloads[i]
		param.Fill(ClientFields, &w.Client)
		if w.RateLimit != nil && w.BurstLimit == nil {
			w.BurstLimit = new(*w.RateLimit)
		}
	}
	for i := range r.Databases {
		r.Databases[i].Defaults()
	}
	for i := range r.Queues {
		q := &r.Queues[i]
		var timeout sim.Time
		if f := r.FunctionByName(q.Function); f != nil {
			timeout = f.Timeout
		}
		q.Defaults(timeout)
	}
	for i := range r.Alternatives {
		r.Alternatives[i].Defaults()
	}
	return &r
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

// names lists the names of xs, for messages.
func names[T any](xs []T, name func(*T) string) []string {
	out := make([]string, len(xs))
	for i := range xs {
		out[i] = name(&xs[i])
	}
	return out
}

func defined(xs []string, what string) string {
	if len(xs) == 0 {
		return "none: add a [[" + what + "]]"
	}
	return strings.Join(xs, ", ")
}
