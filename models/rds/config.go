package rds

import (
	"math"

	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/models/rds/instance"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Engine is a database engine; the zero value is Postgres.
type Engine uint8

// Engines: RDS for PostgreSQL and MySQL, and Aurora's PostgreSQL- and
// MySQL-compatible editions, named as AWS's API names them.
const (
	Postgres Engine = iota
	MySQL
	AuroraPostgres
	AuroraMySQL
)

var engineNames = param.Names{"postgres", "mysql", "aurora-postgresql", "aurora-mysql"}

// Aurora reports whether e is an Aurora engine: its own instance classes,
// prices and max_connections formulas, and Aurora Serverless v2.
func (e Engine) Aurora() bool { return e == AuroraPostgres || e == AuroraMySQL }

func (e Engine) String() string        { return engineNames.Name(uint8(e)) }
func (e *Engine) Set(name string) bool { return engineNames.Set((*uint8)(e), name) }
func (Engine) Names() []string         { return engineNames }

// ConnectionMode is how a function's call holds its connection; the zero
// value is PerEnvironment.
type ConnectionMode uint8

// Connection modes.
const (
	// PerEnvironment: the environment opens one connection at its first
	// invocation and keeps it, idle or not, until it is reclaimed.
	PerEnvironment ConnectionMode = iota
	// PerInvocation: open before the queries, close after them.
	PerInvocation
)

var connectionNames = param.Names{"per_environment", "per_invocation"}

func (m ConnectionMode) String() string        { return connectionNames.Name(uint8(m)) }
func (m *ConnectionMode) Set(name string) bool { return connectionNames.Set((*uint8)(m), name) }
func (ConnectionMode) Names() []string         { return connectionNames }

// Config is one RDS instance. Name and Instance are required; the zero value
// of every other field is the engine's default for the class.
type Config struct {
	Name                string
	Engine              Engine
	Instance            string // e.g. "db.t3.medium"
	MultiAZ             bool
	VCPUs               int // query workers; 0: the class's vCPUs
	MaxConnections      int // 0: the engine's default formula for the class
	ReservedConnections *int
	ConnectTime         dist.Spec
	ConnectCPU          dist.Spec // database CPU per new connection
	QueryTime           dist.Spec // a query's CPU time without contention
	IdleTimeout         *sim.Time // the server closes connections idle this long; 0: never
	Proxy               ProxyConfig

	// Aurora Serverless v2 (Instance "db.serverless"); nil for an instance
	// class. Capacity in ACUs moves between MinACU and MaxACU after the CPU
	// load (serverless.go).
	MinACU, MaxACU    *float64
	TargetUtilization *float64 // the busy share of capacity the scaling aims at
	VCPUsPerACU       *float64 // vCPU-equivalents of CPU per ACU
	DoublingTime      *sim.Time
	HalvingTime       *sim.Time

	// Filled by Defaults from the instance class.
	MemoryGiB float64 // the class's RAM
	HourlyUSD float64 // instance price, Multi-AZ included
}

// Defaults of a database (docs/sources.md [rds-max-connections]; Aurora's
// are the same, docs/sources.md [aurora-max-connections]):
// PostgreSQL reserves superuser_reserved_connections = 3 slots; MySQL keeps
// its extra SUPER slot on top of max_connections, so applications get them
// all. MySQL's wait_timeout is 28,800 s; PostgreSQL's idle_session_timeout is
// off. Connect and query times: AWS publishes no figure ([rds-connect-cost]
// suggests 5–30 ms log-normal); these are the spec's examples.
var (
	DefaultConnectTime = dist.Spec{Kind: dist.LogNormal, Median: 15 * sim.Millisecond, P99: 60 * sim.Millisecond}
	DefaultQueryTime   = dist.Spec{Kind: dist.LogNormal, Median: 3 * sim.Millisecond, P99: 25 * sim.Millisecond}
	defaultReserved    = [...]int{Postgres: 3, MySQL: 0, AuroraPostgres: 3, AuroraMySQL: 0}
	defaultIdleTimeout = [...]sim.Time{Postgres: 0, MySQL: 8 * sim.Hour, AuroraPostgres: 0, AuroraMySQL: 8 * sim.Hour}
)

// Aurora Serverless v2 defaults. AWS documents the capacity range, 2 GiB
// per ACU and that "the scaling rate for an Aurora Serverless v2 DB instance
// depends on its current capacity. The higher the current capacity, the
// faster it can scale up" (docs/sources.md [aurora-serverless-v2]); it
// publishes neither the rate, nor the load it scales to, nor the CPU of an
// ACU, so all but the minimum are assumptions (docs/model.md):
//   - the capacity can double in 5 s (0.5 to 16 ACUs in 25 s) and halve
//     in a minute, slower down than up;
//   - it aims at 70% of its CPU busy, a usual target-tracking target;
//   - an ACU has a quarter of a vCPU: 2 GiB of memory where the db.r
//     classes have 8 GiB per vCPU.
var (
	DefaultMinACU       = 0.5
	DefaultACUTarget    = 0.7
	DefaultVCPUsPerACU  = 0.25
	DefaultDoublingTime = 5 * sim.Second
	DefaultHalvingTime  = sim.Minute
)

// Fields declares Config's parameters.
var Fields = append([]param.Field[Config]{
	{Key: "name", Required: true, AllowedDoc: "unique",
		Ptr: func(c *Config) any { return &c.Name }},
	{Key: "engine", Doc: "selects the `max_connections` formula, reserved slots and idle timeout; the `aurora-` engines take Aurora's instance classes, prices and formulas, and `db.serverless`",
		Ptr: func(c *Config) any { return &c.Engine }},
	{Key: "instance", Required: true, AllowedDoc: "RDS: t3/t4g micro–large; m5, m6g, m7g, r5, r6g, r7g large–4xlarge. Aurora: t3/t4g medium–large; r5, r6g, r7g large–4xlarge; `db.serverless` (Aurora Serverless v2)",
		Doc: "selects vCPUs, memory, the default max_connections and the hourly price; `db.serverless` scales between `min_acu` and `max_acu`",
		Ptr: func(c *Config) any { return &c.Instance }},
	{Key: "multi_az", Doc: "a standby in a second zone: doubles the instance price (Aurora: a reader; `db.serverless`: the ACU-hours)",
		Ptr: func(c *Config) any { return &c.MultiAZ }},
	{Key: "vcpus", Lo: 1, Hi: 1024, DefaultDoc: "query workers (the CPU queue's servers); `db.serverless`: ⌈`max_acu` × `vcpus_per_acu`⌉, the most it has, not settable",
		Doc: "query workers of the FCFS CPU queue",
		Ptr: func(c *Config) any { return &c.VCPUs }},
	{Key: "max_connections", Lo: 0, Hi: 262_142, DefaultDoc: "0: the engine's RDS formula, PostgreSQL `LEAST(DBInstanceClassMemory/9531392, 5000)`, MySQL `DBInstanceClassMemory/12582880` (docs/sources.md [rds-max-connections]); e.g. db.t3.medium: PostgreSQL 413, MySQL 313. Aurora: its own formulas (docs/sources.md [aurora-max-connections]), e.g. db.r6g.large: aurora-postgresql 1,669, aurora-mysql 1,000; `db.serverless`: the formula on `max_acu` × 2 GiB, PostgreSQL at most 2,000 with `min_acu = 0.5`",
		Doc: "0: RDS's default for the engine and class (docs/model.md)",
		Ptr: func(c *Config) any { return &c.MaxConnections }},
	{Key: "reserved_connections", Lo: 0, Hi: 262_142, DefaultDoc: "slots applications cannot take (PostgreSQL's `superuser_reserved_connections`)",
		AllowedDoc: "0..max_connections − 1",
		Doc:        "slots applications cannot take (superuser_reserved_connections)",
		Ptr:        func(c *Config) any { return &c.ReservedConnections }},
	{Key: "connect_time", Default: DefaultConnectTime,
		Doc: "TLS handshake and authentication of a new connection (no AWS figure; 5–30 ms in-VPC typical, docs/sources.md [rds-connect-cost])",
		Ptr: func(c *Config) any { return &c.ConnectTime }},
	{Key: "connect_cpu", Default: dist.Spec{Kind: dist.Fixed},
		Doc: "database CPU per new connection (PostgreSQL forks a backend), queued on the CPU like a query",
		Ptr: func(c *Config) any { return &c.ConnectCPU }},
	{Key: "query_time", Default: DefaultQueryTime,
		Doc: "a query's CPU time on an idle database; contention adds the wait for a vCPU",
		Ptr: func(c *Config) any { return &c.QueryTime }},
	{Key: "idle_timeout", Lo: sim.Time(0), Hi: 365 * sim.Day, DefaultDoc: "the server closes connections idle this long; 0s: never (MySQL `wait_timeout`, PostgreSQL `idle_session_timeout`)",
		Doc: "the server closes connections idle this long; 0s: never",
		Ptr: func(c *Config) any { return &c.IdleTimeout }},
}, serverlessFields...)

// serverlessFields declares the keys only db.serverless takes, at the end of
// Fields.
var serverlessFields = []param.Field[Config]{
	{Key: "min_acu", Lo: 0.5, Hi: 256.0, AllowedDoc: "0.5..256 in steps of 0.5, at most `max_acu` (0, auto-pause, is not modelled)",
		DefaultDoc: "`0.5` with `db.serverless`; only there",
		Doc:        "Aurora Serverless v2: the capacity it never scales below, in ACUs (1 ACU ≈ 2 GiB of memory)",
		Ptr:        func(c *Config) any { return &c.MinACU }},
	{Key: "max_acu", Lo: 1.0, Hi: 256.0, AllowedDoc: "1..256 in steps of 0.5",
		DefaultDoc: "required with `db.serverless`; only there",
		Doc:        "Aurora Serverless v2: the capacity it never scales above; `max_connections` follows it, not the current capacity",
		Ptr:        func(c *Config) any { return &c.MaxACU }},
	{Key: "acu_target_utilization", Lo: 0.1, Hi: 1.0,
		DefaultDoc: "`0.7` with `db.serverless` (an assumption: AWS publishes no target)",
		Doc:        "Aurora Serverless v2: each second the capacity heads for the last second's busy CPU ÷ this",
		Ptr:        func(c *Config) any { return &c.TargetUtilization }},
	{Key: "vcpus_per_acu", Lo: 0.01, Hi: 4.0,
		DefaultDoc: "`0.25` with `db.serverless` (an assumption: db.r classes have 8 GiB per vCPU, an ACU 2 GiB)",
		Doc:        "Aurora Serverless v2: vCPU-equivalents of CPU per ACU; the CPU queue follows the current capacity",
		Ptr:        func(c *Config) any { return &c.VCPUsPerACU }},
	{Key: "acu_doubling_time", Lo: sim.Second, Hi: sim.Hour,
		DefaultDoc: "`\"5s\"` with `db.serverless` (an assumption; AWS: faster at a higher capacity)",
		Doc:        "Aurora Serverless v2: the fastest scale-up: the capacity can at most double in this time",
		Ptr:        func(c *Config) any { return &c.DoublingTime }},
	{Key: "acu_halving_time", Lo: sim.Second, Hi: sim.Day,
		DefaultDoc: "`\"1m\"` with `db.serverless` (an assumption: slower than up)",
		Doc:        "Aurora Serverless v2: the fastest scale-down: the capacity can at most halve in this time",
		Ptr:        func(c *Config) any { return &c.HalvingTime }},
}

// Serverless reports whether c is Aurora Serverless v2.
func (c *Config) Serverless() bool { return c.Instance == instance.Serverless }

// class returns c's instance class from the engine's table.
func (c *Config) class() (instance.Class, bool) {
	if c.Engine.Aurora() {
		return instance.LookupAurora(c.Instance)
	}
	return instance.Lookup(c.Instance)
}

// Defaults fills every unset field, resolving the instance class.
func (c *Config) Defaults() {
	param.Fill(Fields, c)
	if c.ReservedConnections == nil && int(c.Engine) < len(defaultReserved) {
		c.ReservedConnections = new(defaultReserved[c.Engine])
	}
	if c.IdleTimeout == nil && int(c.Engine) < len(defaultIdleTimeout) {
		c.IdleTimeout = new(defaultIdleTimeout[c.Engine])
	}
	c.Proxy.Defaults()
	if c.Serverless() {
		c.serverlessDefaults()
		return
	}
	class, ok := c.class()
	if !ok {
		return
	}
	c.MemoryGiB = class.MemoryGiB
	c.HourlyUSD = class.HourlyUSD(c.Engine.String(), c.MultiAZ)
	if c.VCPUs == 0 {
		c.VCPUs = class.VCPUs
	}
	if c.MaxConnections == 0 && c.Engine.Aurora() {
		c.MaxConnections = instance.AuroraMaxConnections(c.Engine.String(), class.MemoryGiB)
	} else if c.MaxConnections == 0 {
		c.MaxConnections = instance.DefaultMaxConnections(c.Engine.String(), class.MemoryGiB)
	}
}

// serverlessDefaults fills Aurora Serverless v2's keys. Its memory is the
// maximum capacity's (max_connections follows it); it has no hourly price
// (billed per ACU-hour); VCPUs is the CPU queue's most servers.
func (c *Config) serverlessDefaults() {
	for _, d := range []struct {
		p *(*float64)
		v float64
	}{{&c.MinACU, DefaultMinACU}, {&c.TargetUtilization, DefaultACUTarget}, {&c.VCPUsPerACU, DefaultVCPUsPerACU}} {
		if *d.p == nil {
			*d.p = new(d.v)
		}
	}
	if c.DoublingTime == nil {
		c.DoublingTime = new(DefaultDoublingTime)
	}
	if c.HalvingTime == nil {
		c.HalvingTime = new(DefaultHalvingTime)
	}
	if c.MaxACU == nil {
		return // Validate reports it
	}
	c.MemoryGiB = *c.MaxACU * instance.GiBPerACU
	c.HourlyUSD = 0
	if c.VCPUs == 0 {
		c.VCPUs = c.serverlessVCPUs()
	}
	if c.MaxConnections == 0 {
		c.MaxConnections = instance.ServerlessMaxConnections(c.Engine.String(), *c.MinACU, *c.MaxACU)
	}
}

// serverlessVCPUs is the most CPU servers db.serverless has: its
// vCPU-equivalents at max_acu, rounded up.
func (c *Config) serverlessVCPUs() int {
	return max(1, int(math.Ceil(*c.MaxACU**c.VCPUsPerACU-1e-9)))
}

// Validate checks c after Defaults.
func (c *Config) Validate() error {
	errs := param.Check(Fields, c)
	known := c.Instance != ""
	switch _, ok := c.class(); {
	case !known:
	case c.Serverless():
		known = c.validateServerless(&errs)
	case !ok && c.Engine.Aurora():
		errs.Add("instance", c.Instance, "not an Aurora instance class (allowed: db.serverless, or db.FAMILY.SIZE with family %s; sizes medium and large for t3/t4g, large–4xlarge otherwise)",
			instance.AuroraFamilies())
		known = false
	case !ok:
		errs.Add("instance", c.Instance, "unknown instance class (allowed: db.FAMILY.SIZE with family %s; sizes micro–large for t3/t4g, large–4xlarge otherwise; db.serverless with an aurora- engine)",
			instance.Families())
		known = false
	}
	if !c.Serverless() {
		for _, f := range serverlessFields {
			if text, set := f.Text(c); set {
				errs = append(errs, param.Error{Path: f.Key, Value: text, Msg: "only for instance = \"db.serverless\" (Aurora Serverless v2)"})
			}
		}
	}
	if known && c.ReservedConnections != nil && *c.ReservedConnections >= c.MaxConnections {
		errs.Add("reserved_connections", *c.ReservedConnections, "must be below max_connections (%d)", c.MaxConnections)
	}
	errs = append(errs, param.Check(ProxyFields, &c.Proxy).Under("proxy")...)
	if p := c.Proxy.MaxIdleConnectionsPercent; p != nil && *p > c.Proxy.MaxConnectionsPercent {
		errs.Add("proxy.max_idle_connections_percent", *p, "out of range (allowed: 0..%d %% (at most max_connections_percent))", c.Proxy.MaxConnectionsPercent)
	}
	return errs.Err()
}

// validateServerless checks Aurora Serverless v2's keys, and reports
// whether its capacity range is usable.
func (c *Config) validateServerless(errs *param.Errors) bool {
	if !c.Engine.Aurora() {
		errs.Add("engine", c.Engine.String(), "db.serverless is Aurora Serverless v2: needs engine \"aurora-postgresql\" or \"aurora-mysql\"")
	}
	if c.MaxACU == nil {
		errs.Add("max_acu", nil, "missing (required with instance = \"db.serverless\")")
		return false
	}
	ok := true
	for _, v := range []struct {
		key string
		acu float64
	}{{"min_acu", *c.MinACU}, {"max_acu", *c.MaxACU}} {
		if v.acu*2 != math.Trunc(v.acu*2) {
			errs.Add(v.key, v.acu, "must be a multiple of 0.5 ACU")
			ok = false
		}
	}
	if *c.MinACU > *c.MaxACU {
		errs.Add("min_acu", *c.MinACU, "must be at most max_acu (%s)", param.Show(*c.MaxACU))
		ok = false
	}
	if c.VCPUs != c.serverlessVCPUs() {
		errs.Add("vcpus", c.VCPUs, "not for db.serverless: its CPU follows the capacity (vcpus_per_acu × ACUs; at most %d)", c.serverlessVCPUs())
	}
	return ok
}

// ProxyConfig is the RDS Proxy in front of a database; the zero value is
// no proxy, and an enabled one gets RDS Proxy's defaults
// (docs/sources.md [rds-proxy]: MaxConnectionsPercent 100,
// MaxIdleConnectionsPercent 50, ConnectionBorrowTimeout 120 s).
type ProxyConfig struct {
	Enabled                   bool
	MaxConnectionsPercent     int
	MaxIdleConnectionsPercent *int      // nil: min(50, MaxConnectionsPercent)
	BorrowTimeout             *sim.Time // nil: 120 s
	PinningFraction           float64
	AddedLatency              dist.Spec // per query
}

// DefaultProxyLatency: not published by AWS; [rds-proxy] suggests +1–3 ms
// per query (one extra in-VPC hop).
var DefaultProxyLatency = dist.Spec{Kind: dist.Uniform, Min: sim.Millisecond, Max: 3 * sim.Millisecond}

const defaultIdlePercent = 50

// ProxyFields declares ProxyConfig's parameters.
var ProxyFields = []param.Field[ProxyConfig]{
	{Key: "enabled", Ptr: func(c *ProxyConfig) any { return &c.Enabled }},
	{Key: "max_connections_percent", Default: 100, Lo: 1, Hi: 100, Unit: "%",
		Doc: "the pool's maximum, in % of `max_connections` (AWS `MaxConnectionsPercent`)",
		Ptr: func(c *ProxyConfig) any { return &c.MaxConnectionsPercent }},
	{Key: "max_idle_connections_percent", Lo: 0, Hi: 100, Unit: "%", DefaultDoc: "pooled connections idle 5 minutes are closed while more than this many are idle (AWS `MaxIdleConnectionsPercent`)",
		Doc: "idle pooled connections above this share are closed after 5 minutes",
		Ptr: func(c *ProxyConfig) any { return &c.MaxIdleConnectionsPercent }},
	{Key: "borrow_timeout", Default: 120 * sim.Second, Lo: sim.Time(0), Hi: 3600 * sim.Second,
		Doc: "how long a transaction waits for a pooled connection before failing with `db_borrow_timeout` (AWS `ConnectionBorrowTimeout`)",
		Ptr: func(c *ProxyConfig) any { return &c.BorrowTimeout }},
	{Key: "pinning_fraction", Lo: 0.0, Hi: 1.0,
		Doc: "share of client sessions pinned to one database connection for their life",
		Ptr: func(c *ProxyConfig) any { return &c.PinningFraction }},
	{Key: "added_latency", Default: DefaultProxyLatency,
		Doc: "per query: the proxy's extra network hop (not published by AWS; 1–3 ms suggested, docs/sources.md [rds-proxy])",
		Ptr: func(c *ProxyConfig) any { return &c.AddedLatency }},
}

// Defaults fills every unset field.
func (c *ProxyConfig) Defaults() {
	param.Fill(ProxyFields, c)
	if c.MaxIdleConnectionsPercent == nil {
		c.MaxIdleConnectionsPercent = new(min(defaultIdlePercent, c.MaxConnectionsPercent))
	}
}

// CallConfig is one [[function.call]]: queries to a database within an
// invocation.
type CallConfig struct {
	Database          string
	Queries           *int // nil: 1
	QueriesPerMessage int  // more queries per message of an SQS batch
	Connection        ConnectionMode
	// ConnectRetries: how often the function's code retries a refused
	// direct connect before it fails the invocation, waiting a full-jitter
	// backoff from ConnectBackoff (libraries such as serverless-mysql and
	// serverless-postgres do this for "too many connections").
	ConnectRetries int
	ConnectBackoff sim.Time
}

// MaxConnectBackoff caps the wait before a connect retry.
const MaxConnectBackoff = 5 * sim.Second

// CallFields declares CallConfig's parameters.
var CallFields = []param.Field[CallConfig]{
	{Key: "database", Required: true, AllowedDoc: "a `[[database]]` name",
		Ptr: func(c *CallConfig) any { return &c.Database }},
	{Key: "queries", Default: 1, Lo: 0, Hi: 10_000,
		Doc: "queries, one after another, each on the database's CPU",
		Ptr: func(c *CallConfig) any { return &c.Queries }},
	{Key: "queries_per_message", Lo: 0, Hi: 10_000,
		Doc: "for SQS batches: more queries per message of the batch",
		Ptr: func(c *CallConfig) any { return &c.QueriesPerMessage }},
	{Key: "connection",
		Doc: "`per_environment`: the environment opens one connection at its first invocation (the connect time adds to that invocation) and keeps it, idle or not, until it is reclaimed. `per_invocation`: open before the queries, close after them, every invocation",
		Ptr: func(c *CallConfig) any { return &c.Connection }},
	{Key: "connect_retries", Lo: 0, Hi: 100,
		Doc: "the code retries a refused connect this often before failing the invocation; the environment stays busy meanwhile",
		Ptr: func(c *CallConfig) any { return &c.ConnectRetries }},
	{Key: "connect_backoff", Default: 100 * sim.Millisecond, Lo: sim.Millisecond, Hi: MaxConnectBackoff,
		Doc: "the wait before connect retry n is uniform in [0, min(5 s, connect_backoff·2^(n−1))] (full jitter)",
		Ptr: func(c *CallConfig) any { return &c.ConnectBackoff }},
}

// Defaults fills every unset field.
func (c *CallConfig) Defaults() { param.Fill(CallFields, c) }

// Validate checks c after Defaults.
func (c *CallConfig) Validate() error { return param.Check(CallFields, c).Err() }
