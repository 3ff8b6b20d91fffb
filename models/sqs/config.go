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
	VisibilityTimeout       sim.Time // 0: VisibilityFactor × the function's timeout + BatchWindow
	MaxReceiveCount         int
	ReportBatchItemFailures bool
	RetentionPeriod         sim.Time
	MessageSize             int // bytes
}

// VisibilityFactor: AWS recommends a visibility timeout of at least 6 × the
// function's timeout (plus the batching window); the default is that
// recommendation ([sqs-esm]).
const VisibilityFactor = 6

// Fields declares Config's parameters: batch size 10 by default, a
// maxReceiveCount of at least 5 recommended, retention 4 days (60 s to 14
// days); the message size has no AWS default (a small JSON message; each
// 64 KB is a billed request).
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
	if c.VisibilityTimeout < functionTimeout {
		errs.Add("visibility_timeout", c.VisibilityTimeout, "shorter than function %s's timeout (%v): AWS rejects the event source mapping (at least %v; 6 × timeout recommended)",
			c.Function, functionTimeout, functionTimeout)
	}
	return errs.Err()
}
