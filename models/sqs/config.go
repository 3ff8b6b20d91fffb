package sqs

import (
	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/sim"
)

// Config is an SQS standard queue and the Lambda event source mapping that
// drains it. Name and Function are required; the zero value of every other
// field is AWS's default (docs/sources.md [sqs-esm]).
type Config struct {
	Name                    string
	Function                string
	BatchSize               int
	BatchWindow             sim.Time
	MaxConcurrency          int      // 0: the ESM's default scaling, up to 1,000
	MinPollers, MaxPollers  int      // provisioned mode's event pollers; both 0: standard mode
	VisibilityTimeout       sim.Time // 0: VisibilityFactor × the function's timeout + BatchWindow
	MaxReceiveCount         int
	ReportBatchItemFailures bool
	RetentionPeriod         sim.Time
	MessageSize             int // bytes
}

// Provisioned mode's defaults when only one bound is given (sources.md
// [sqs-esm-provisioned]).
const (
	DefaultMinPollers = 2
	DefaultMaxPollers = 200
)

// Provisioned reports whether the mapping runs in provisioned mode.
func (c *Config) Provisioned() bool { return c.MinPollers > 0 || c.MaxPollers > 0 }

// VisibilityFactor: AWS recommends a visibility timeout of at least 6 × the
// function's timeout (plus the batching window); the default is that
// recommendation ([sqs-esm]).
const VisibilityFactor = 6

// Fields declares Config's parameters: batch size 10 by default, a
// maxReceiveCount of at least 5 recommended, retention 4 days (60 s to 14
// days); the message size has no AWS default (a small JSON message; each
// 64 KB is a billed request). Provisioned mode takes 2..200 minimum pollers
// (default 2) and 2..10,000 maximum (default 200; older pages say 2,000:
// sources.md Disagreements 11) ([sqs-esm-provisioned]).
var Fields = []param.Field[Config]{
	{Key: "name", Required: true, AllowedDoc: "unique",
		Ptr: func(c *Config) any { return &c.Name }},
	{Key: "function", Required: true, AllowedDoc: "a function's name", Doc: "the consumer",
		Ptr: func(c *Config) any { return &c.Function }},
	{Key: "batch_size", Default: 10, Lo: 1, Hi: 10_000, AllowedDoc: "1..10000 (above 10 needs `batch_window` ≥ 1s)",
		Doc: "messages per invocation, at most; also capped by the 6 MB invocation payload",
		Ptr: func(c *Config) any { return &c.BatchSize }},
	{Key: "batch_window", Lo: sim.Time(0), Hi: 300 * sim.Second,
		Doc: "how long the poller gathers a batch before invoking with fewer than `batch_size`",
		Ptr: func(c *Config) any { return &c.BatchWindow }},
	{Key: "max_concurrency", Lo: 2, Hi: 1000, OmitZero: true, DefaultDoc: "absent: up to 1,000",
		Doc: "the event source mapping's maximum concurrent invocations",
		Ptr: func(c *Config) any { return &c.MaxConcurrency }},
	{Key: "provisioned_min_pollers", Lo: 2, Hi: 200, OmitZero: true,
		DefaultDoc: "absent: standard mode; `2` when `provisioned_max_pollers` is set",
		Doc:        "provisioned mode: event pollers kept ready, each taking up to 10 concurrent invokes, 1 MB/s and 10 receives/s; billed per EPU-hour; excludes `max_concurrency`",
		Ptr:        func(c *Config) any { return &c.MinPollers }},
	{Key: "provisioned_max_pollers", Lo: 2, Hi: 10_000, OmitZero: true,
		DefaultDoc: "absent: standard mode; `200` when `provisioned_min_pollers` is set",
		Doc:        "provisioned mode: the event pollers it may scale to while messages wait, adding up to 1,000 concurrency a minute",
		Ptr:        func(c *Config) any { return &c.MaxPollers }},
	{Key: "visibility_timeout", Lo: sim.Time(0), Hi: 12 * sim.Hour,
		DefaultDoc: "6 × the function's timeout + `batch_window`", AllowedDoc: "≥ the function's timeout, ≤ 12h",
		Doc: "a received message stays invisible this long unless deleted (AWS's recommendation is the default; AWS rejects less than the timeout)",
		Ptr: func(c *Config) any { return &c.VisibilityTimeout }},
	{Key: "max_receive_count", Default: 5, Lo: 1, Hi: 1000,
		Doc: "after this many receives a message that fails again goes to the dead-letter queue",
		Ptr: func(c *Config) any { return &c.MaxReceiveCount }},
	{Key: "report_batch_item_failures",
		Doc: "only the failed messages of a batch return (error_rate applies per message)",
		Ptr: func(c *Config) any { return &c.ReportBatchItemFailures }},
	{Key: "retention_period", Default: 4 * sim.Day, Lo: 60 * sim.Second, Hi: 14 * sim.Day,
		Doc: "older messages expire",
		Ptr: func(c *Config) any { return &c.RetentionPeriod }},
	{Key: "message_size", Default: 1024, Lo: 1, Hi: 1 << 20, Unit: "bytes",
		Doc: "each 64 KB of a request's payload is a billed request; batches are capped at 6 MB",
		Ptr: func(c *Config) any { return &c.MessageSize }},
}

// Defaults fills every unset field; the visibility timeout's default needs
// the consumer's timeout.
func (c *Config) Defaults(functionTimeout sim.Time) {
	param.Fill(Fields, c)
	if c.Provisioned() {
		// Setting either bound turns provisioned mode on; AWS fills the other.
		if c.MinPollers == 0 {
			c.MinPollers = DefaultMinPollers
		}
		if c.MaxPollers == 0 {
			c.MaxPollers = DefaultMaxPollers
		}
	}
	if c.VisibilityTimeout == 0 {
		c.VisibilityTimeout = VisibilityFactor*functionTimeout + c.BatchWindow
	}
}

// Validate checks c after Defaults against its consumer's timeout.
func (c *Config) Validate(functionTimeout sim.Time) error {
	errs := param.Check(Fields, c)
	if c.BatchSize > 10 && c.BatchWindow < sim.Second {
		errs.Add("batch_size", c.BatchSize, "above 10 needs batch_window of at least 1s (it is %v)", c.BatchWindow)
	}
	if c.MaxConcurrency > 0 && c.Provisioned() {
		errs.Add("max_concurrency", c.MaxConcurrency, "cannot be combined with provisioned mode (provisioned_min_pollers, provisioned_max_pollers): AWS makes them mutually exclusive; provisioned_max_pollers caps the concurrency at 10 per poller")
	}
	if c.MinPollers > c.MaxPollers {
		errs.Add("provisioned_min_pollers", c.MinPollers, "above provisioned_max_pollers (%d)", c.MaxPollers)
	}
	if c.VisibilityTimeout < functionTimeout {
		errs.Add("visibility_timeout", c.VisibilityTimeout, "shorter than function %s's timeout (%v): AWS rejects the event source mapping (at least %v; 6 × timeout recommended)",
			c.Function, functionTimeout, functionTimeout)
	}
	return errs.Err()
}
