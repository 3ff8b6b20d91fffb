package lambda

import (
	"strings"

	"github.com/stampede-sim/stampede/models/coldstart"
	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Scaling is the account's scaling model; the zero value is Scaling2023.
type Scaling uint8

// Scaling models (docs/sources.md [lambda-scaling]): since 2023-11-27 each
// function adds up to 1,000 environments every 10 s; before, an
// account-wide burst that depends on the region, then +500 per minute.
const (
	Scaling2023 Scaling = iota
	ScalingLegacy
)

var scalingNames = param.Names{"2023", "legacy"}

func (s Scaling) String() string        { return scalingNames.Name(uint8(s)) }
func (s *Scaling) Set(name string) bool { return scalingNames.Set((*uint8)(s), name) }
func (Scaling) Names() []string         { return scalingNames }

// Arch is a function's instruction set; the zero value is X86_64.
type Arch uint8

// Architectures.
const (
	X86_64 Arch = iota
	ARM64
)

var archNames = param.Names{"x86_64", "arm64"}

func (a Arch) String() string        { return archNames.Name(uint8(a)) }
func (a *Arch) Set(name string) bool { return archNames.Set((*uint8)(a), name) }
func (Arch) Names() []string         { return archNames }

// AccountConfig holds the region-wide Lambda settings. The zero value is
// AWS's default account: 1,000 concurrency, 100 unreserved, 2023 scaling,
// us-east-1.
type AccountConfig struct {
	ConcurrencyLimit  int
	UnreservedMinimum *int
	Scaling           Scaling
	Region            string
}

// AccountFields declares AccountConfig's parameters (docs/sources.md
// [lambda-concurrency]: the default quota of 1,000 per region, 100 always
// left unreserved; [pricing]: us-east-1 list prices).
var AccountFields = []param.Field[AccountConfig]{
	{Key: "concurrency_limit", Default: 1000, Lo: 1, Hi: 10_000_000,
		Doc: "account concurrency per region, shared by all functions",
		Ptr: func(c *AccountConfig) any { return &c.ConcurrencyLimit }},
	{Key: "unreserved_minimum", Default: 100, Lo: 0, Hi: 10_000_000,
		Doc: "concurrency that reservations may never take",
		Ptr: func(c *AccountConfig) any { return &c.UnreservedMinimum }},
	{Key: "scaling",
		Doc: "2023: +1,000 environments per 10 s per function; legacy: the region's burst, then +500/min account-wide",
		Ptr: func(c *AccountConfig) any { return &c.Scaling }},
	{Key: "region", Default: "us-east-1", AllowedDoc: "a region name",
		Doc: "selects the legacy burst and the price table's region",
		Ptr: func(c *AccountConfig) any { return &c.Region }},
}

// Defaults fills every unset field.
func (c *AccountConfig) Defaults() { param.Fill(AccountFields, c) }

// Validate checks c after Defaults.
func (c *AccountConfig) Validate() error {
	errs := param.Check(AccountFields, c)
	if !validRegion(c.Region) {
		errs.Add("region", c.Region, "not a region name (allowed: e.g. us-east-1, eu-west-1, ap-northeast-1)")
	}
	if c.UnreservedMinimum != nil && *c.UnreservedMinimum > c.ConcurrencyLimit {
		errs.Add("unreserved_minimum", *c.UnreservedMinimum, "more than concurrency_limit (%d)", c.ConcurrencyLimit)
	}
	return errs.Err()
}

// Unreserved is the unreserved minimum, its default when unset.
func (c *AccountConfig) Unreserved() int {
	return param.IntOr(AccountFields, "unreserved_minimum", c.UnreservedMinimum)
}

// validRegion accepts AWS region names: letters-letters-digit, e.g. us-east-1.
func validRegion(r string) bool {
	parts := strings.Split(r, "-")
	if len(parts) < 3 {
		return false
	}
	for i, p := range parts {
		if p == "" {
			return false
		}
		for _, c := range p {
			digit := c >= '0' && c <= '9'
			if (i == len(parts)-1) != digit || (!digit && (c < 'a' || c > 'z')) {
				return false
			}
		}
	}
	return true
}

// Config is one Lambda function. Only Name and Duration are required; the
// zero value of every other field is AWS's default (128 MB, 3 s timeout,
// x86_64, no reservation, no provisioned concurrency) or stampede's
// documented one (the runtime's cold start, a 5–7 minute keep-alive).
type Config struct {
	Name      string
	Runtime   string
	MemoryMB  int
	Arch      Arch
	Timeout   sim.Time
	Duration  dist.Spec // handler time of a warm invocation
	ColdStart dist.Spec // Init Duration of a new environment: billed, held to InitLimit
	// PlatformOverhead precedes init on a cold start (placement, microVM,
	// code download): it adds to latency but is not billed, and Init
	// Duration does not include it.
	PlatformOverhead dist.Spec
	KeepAlive        dist.Spec // idle time before an environment is reclaimed
	// MaxLifetime ends an environment's life even when it is busy or warm:
	// it is reclaimed when idle past it (a provisioned one re-initializes).
	MaxLifetime dist.Spec

	// ReservedConcurrency is the function's own pool; nil: it draws from
	// the account's unreserved pool.
	ReservedConcurrency *int
	// ProvisionedConcurrency is the number of provisioned environments
	// allocated before t = 0 and used first; ProvisionedScaling (nil: none)
	// changes it during the run (provisioned.go).
	ProvisionedConcurrency int
	ProvisionedScaling     *ProvisionedScaling
	ErrorRate              float64 // share of invocations whose handler fails
	// PerMessageTime adds to the handler time once per message of an SQS
	// batch (nil: batches take Duration whatever their size).
	PerMessageTime *dist.Spec

	// Duration and PerMessageTime are handler times measured at
	// DurationMemoryMB on DurationArch; at MemoryMB on Arch the handler
	// takes HandlerFactor times as long. Defaults sets the two to MemoryMB
	// and Arch when unset (0), so a config states its times at its own
	// memory and architecture: to move the handler time by changing
	// MemoryMB or Arch, complete the config (Defaults, or
	// models.Scenario.Resolved) or set these first. The scenario file's
	// --set and --vary do this for you (docs/model.md).
	DurationMemoryMB int
	DurationArch     ArchRef
	// CPUShare is the share of the handler time that is CPU work, which
	// speeds up with the CPU memory buys (nil: 1); CPUThreads, how many
	// threads that work can use (0: 1); ARM64Speed, how fast it runs on
	// arm64 relative to x86_64 (0: 1).
	CPUShare   *float64
	CPUThreads int
	ARM64Speed float64

	// Async invocation settings (Lambda's EventInvokeConfig).
	AsyncMaxRetries  *int     // retries after function errors, 0..2 (nil: 2)
	AsyncMaxEventAge sim.Time // events older than this are dropped (cause "expired")
}

// DefaultKeepAlive: AWS publishes no idle-reclaim time; the latest
// measurement is "cold starts happen 5 to 7 minutes after the previous
// request" (docs/sources.md [idle-reclaim]).
var DefaultKeepAlive = dist.Spec{Kind: dist.Uniform, Min: 5 * sim.Minute, Max: 7 * sim.Minute}

// DefaultMaxLifetime: AWS documents that Lambda "terminates execution
// environments every few hours ... even for functions that are invoked
// continuously" without a number; the measurement is "terminating active,
// running instances every two hours ... quite predictably" (docs/sources.md
// [lambda-lifecycle], [env-lifetime]). Uniform 115–125 min centres the
// measured 2 h; the spread is an assumption that keeps environments started
// together from all ending at one instant.
var DefaultMaxLifetime = dist.Spec{Kind: dist.Uniform, Min: 115 * sim.Minute, Max: 125 * sim.Minute}

// Fields declares Config's parameters. Lambda's own defaults: 128 MB,
// 3 s timeout, x86_64 (docs/sources.md [lambda-config]); async: 2 retries,
// 6 h maximum event age ([lambda-async]). How handler time depends on
// memory and architecture (cpu.go): CPU in proportion to memory, one vCPU
// at 1,769 MB ([lambda-memory]); cpu_share 1 and cpu_threads 1, the
// single-threaded CPU-bound handler whose measurements follow that law
// ([memory-benchmark], [power-tuning]); arm64_speed 1, since AWS's "up to
// 19 percent better performance" is a best case ([graviton2-lambda]).
var Fields = []param.Field[Config]{
	{Key: "name", Required: true, AllowedDoc: "unique",
		Ptr: func(c *Config) any { return &c.Name }},
	{Key: "runtime", Default: "python3.12", AllowedDoc: strings.Join(coldstart.Runtimes(), ", "),
		Doc: "selects the default `cold_start`",
		Ptr: func(c *Config) any { return &c.Runtime }},
	{Key: "memory_mb", Default: 128, Lo: 128, Hi: 10240, Unit: "MB",
		Doc: "buys CPU in proportion (1,769 MB = 1 vCPU): scales the handler time (see `duration_memory_mb`) and the default `cold_start`",
		Ptr: func(c *Config) any { return &c.MemoryMB }},
	{Key: "arch", Doc: "selects the default `cold_start` and the duration price; with `arm64_speed`, scales the handler time",
		Ptr: func(c *Config) any { return &c.Arch }},
	{Key: "timeout", Default: 3 * sim.Second, Lo: sim.Second, Hi: 900 * sim.Second,
		Doc: "the handler is stopped after this",
		Ptr: func(c *Config) any { return &c.Timeout }},
	{Key: "duration", Required: true, Doc: "handler time of a warm invocation",
		Ptr: func(c *Config) any { return &c.Duration }},
	{Key: "cold_start", DefaultDoc: "per runtime, arch and memory_mb",
		Doc: "Init Duration of a new environment, as CloudWatch's REPORT line shows it: billed, and held to the 10 s init limit (docs/model.md)",
		Ptr: func(c *Config) any { return &c.ColdStart }},
	{Key: "platform_overhead", Default: coldstart.Overhead(),
		Doc: "time before init on a cold start (placement, microVM, code download): adds to latency, not billed; \"0s\" when `cold_start` was measured from the client",
		Ptr: func(c *Config) any { return &c.PlatformOverhead }},
	{Key: "keep_alive", Default: DefaultKeepAlive,
		Doc: "idle time before an environment is reclaimed",
		Ptr: func(c *Config) any { return &c.KeepAlive }},
	{Key: "max_lifetime", Default: DefaultMaxLifetime,
		Doc: "an environment is recycled this long after it started, even when busy or warm (a steady load keeps a trickle of cold starts)",
		Ptr: func(c *Config) any { return &c.MaxLifetime }},
	{Key: "reserved_concurrency", Lo: 0, Hi: 10_000_000, AllowedDoc: "0..limit − unreserved_minimum",
		Doc: "the function's own pool (floor and ceiling)",
		Ptr: func(c *Config) any { return &c.ReservedConcurrency }},
	{Key: "provisioned_concurrency", Lo: 0, Hi: 10_000_000, AllowedDoc: "0.. reserved (when set), or a table (below)",
		Doc: "environments initialized before t = 0, used first (at most 10 requests/s each); a table adds a schedule and target tracking",
		Ptr: func(c *Config) any { return &c.ProvisionedConcurrency }},
	{Key: "error_rate", Lo: 0.0, Hi: 1.0,
		Doc: "share of invocations whose handler fails (per message with `report_batch_item_failures`)",
		Ptr: func(c *Config) any { return &c.ErrorRate }},
	{Key: "per_message_time",
		Doc: "for SQS batches: added to the handler time once per message (a batch of n takes `duration` + n draws)",
		Ptr: func(c *Config) any { return &c.PerMessageTime }},
	{Key: "duration_memory_mb", Lo: 128, Hi: 10240, Unit: "MB", DefaultDoc: "`memory_mb` as the file states it",
		Doc: "the memory `duration` and `per_message_time` were measured at: at another `memory_mb` the handler time scales (docs/model.md)",
		Ptr: func(c *Config) any { return &c.DurationMemoryMB }},
	{Key: "duration_arch", DefaultDoc: "`arch` as the file states it",
		Doc: "the architecture `duration` and `per_message_time` were measured on",
		Ptr: func(c *Config) any { return &c.DurationArch }},
	{Key: "cpu_share", Default: 1.0, Lo: 0.0, Hi: 1.0,
		Doc: "share of the handler time that is CPU work, which speeds up with memory (1,769 MB = 1 vCPU); the rest waits on other services and does not",
		Ptr: func(c *Config) any { return &c.CPUShare }},
	{Key: "cpu_threads", Default: 1, Lo: 1, Hi: 6,
		Doc: "threads the CPU work can use: it speeds up with memory until `cpu_threads` × 1,769 MB",
		Ptr: func(c *Config) any { return &c.CPUThreads }},
	{Key: "arm64_speed", Default: 1.0, Lo: 0.5, Hi: 2.0,
		Doc: "speed of the CPU work on arm64 relative to x86_64 (AWS: Graviton2 up to 19% faster, i.e. up to 1.19)",
		Ptr: func(c *Config) any { return &c.ARM64Speed }},
	{Key: "async_max_retries", Default: 2, Lo: 0, Hi: 2,
		Doc: "async: retries after a function error",
		Ptr: func(c *Config) any { return &c.AsyncMaxRetries }},
	{Key: "async_max_event_age", Default: 6 * sim.Hour, Lo: 60 * sim.Second, Hi: 6 * sim.Hour,
		Doc: "async: events older than this are dropped (`expired`)",
		Ptr: func(c *Config) any { return &c.AsyncMaxEventAge }},
}

// Defaults fills every unset field: the cold start comes from the runtime,
// architecture and memory (models/coldstart) when the runtime has one; the
// handler times are taken as measured at the function's own memory and
// architecture.
func (c *Config) Defaults() {
	param.Fill(Fields, c)
	if c.ColdStart.Kind == "" {
		if cs, ok := coldstart.Init(c.Runtime, c.Arch.String(), c.MemoryMB); ok {
			c.ColdStart = cs
		}
	}
	if c.DurationMemoryMB == 0 {
		c.DurationMemoryMB = c.MemoryMB
	}
	if c.DurationArch == 0 {
		c.DurationArch = RefOf(c.Arch)
	}
	if c.ProvisionedScaling != nil {
		p := *c.ProvisionedScaling // a copy: the caller's config stays as it is
		p.defaults()
		c.ProvisionedScaling = &p
		if c.ProvisionedConcurrency == 0 {
			c.ProvisionedConcurrency = p.Min // `initial` defaults to `min`
		}
	}
}

// Validate checks c after Defaults.
func (c *Config) Validate() error {
	errs := param.Check(Fields, c)
	if c.ColdStart.Kind == "" {
		errs.Add("runtime", c.Runtime, "no default cold start for this runtime: set cold_start, or use one of %s",
			strings.Join(coldstart.Runtimes(), ", "))
	}
	if c.ProvisionedScaling != nil {
		errs = append(errs, c.ProvisionedScaling.validate(c.ProvisionedConcurrency).Under("provisioned_concurrency")...)
	}
	return errs.Err()
}

// Reserved is the function's reserved concurrency, or -1 without one.
func (c *Config) Reserved() int {
	if c.ReservedConcurrency == nil {
		return -1
	}
	return *c.ReservedConcurrency
}

// Retries is the async retry count, its default when unset.
func (c *Config) Retries() int {
	return param.IntOr(Fields, "async_max_retries", c.AsyncMaxRetries)
}
