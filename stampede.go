// Package stampede simulates serverless load and scaling on AWS Lambda:
// bursty or steady arrivals hitting functions (cold starts, keep-alive,
// account, reserved and provisioned concurrency, scaling-rate limits,
// throttling and retries), API Gateway, SQS event source mappings, databases
// with connection limits and RDS Proxy, and the bill. It answers capacity
// questions before production does: what happens when 1,000 Lambdas each
// open a connection to an RDS instance that allows 400?
//
// This package is the front door: load a scenario (a file, a built-in or
// bytes, with `--set`-style overrides) or build one in Go, run it with a
// context, and read a typed result. The command line `stampede` is a thin
// layer over it.
//
//	sc, err := stampede.Load("rds-proxy", "database.orders.proxy.enabled=false")
//	if err != nil {
//		log.Fatal(err) // a *scenarios.Error: file:line:col, key path, value, what is allowed
//	}
//	res, err := stampede.Run(ctx, sc, stampede.Options{})
//	if err != nil {
//		log.Fatal(err)
//	}
//	s := res.Summary
//	fmt.Printf("p99 %.0f ms, %d refused, $%.0f/month\n",
//		s.LatencyMS.P99, s.Databases["orders"].Refused, s.Cost.MonthlyUSD)
//
// A scenario built in Go needs only what has no default: a name, a duration,
// and a function with its handler time and a workload aimed at it. Every
// other field's zero value is AWS's default (docs/scenario.md).
//
// Runs are deterministic: the same scenario and seed give the same result,
// whatever Options.Workers. Each component draws from its own random stream,
// named by the component, so two scenarios that differ in one component run
// on common random numbers.
package stampede

import (
	"context"
	"fmt"
	"time"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/arrivals"
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/plots/render"
	"github.com/stampede-sim/stampede/plots/report"
	"github.com/stampede-sim/stampede/scenarios"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Version is stampede's version, written to summary.json.
const Version = models.Version

// The types of a scenario and of a result; see their packages for the
// fields and their defaults.
type (
	Scenario = models.Scenario
	Function = models.Function
	Workload = models.Workload
	Client   = models.Client
	// FunctionConfig is a function's Lambda settings, embedded in Function.
	FunctionConfig = lambda.Config
	Result         = models.Result
	Summary        = models.Summary
	Builtin        = scenarios.Builtin
	// ScenarioError lists every problem of a scenario file, each with its
	// file, line, column, key path, value and what is allowed.
	ScenarioError = scenarios.Error
)

// Durations, in the simulator's integer nanoseconds.
const (
	Millisecond = sim.Millisecond
	Second      = sim.Second
	Minute      = sim.Minute
	Hour        = sim.Hour
)

// Load reads a scenario: ref is a path to a .toml file or the name of a
// built-in ("rds-exhaustion"). overrides are `--set` values (KEY=VALUE),
// applied in order. The scenario comes back resolved (every default filled
// in) and valid; a bad one gives a *scenarios.Error listing every problem
// with its file, line, column, key path and what is allowed.
func Load(ref string, overrides ...string) (*Scenario, error) {
	return scenarios.Load(ref, overrides)
}

// LoadBytes reads a scenario from TOML text; name stands for the file in
// messages and anchors relative file names.
func LoadBytes(name string, data []byte, overrides ...string) (*Scenario, error) {
	return scenarios.LoadBytes(name, data, overrides)
}

// Builtins lists the built-in scenarios, sorted by name.
func Builtins() []Builtin { return scenarios.Builtins() }

// TOML prints a scenario with every default filled in, as `stampede
// validate` does; loading the text gives the same scenario.
func TOML(sc *Scenario) []byte { return scenarios.TOML(sc.Resolved()) }

// MaxBuckets bounds Options.Buckets (and --buckets): the buckets multiply
// the memory of every time series.
const MaxBuckets = models.MaxBuckets

// MemoryBudget bounds the estimated memory of the replications that run at
// once: fewer run at once rather than exceed it, and a scenario one
// replication of which would exceed it is refused before any run with a
// *TooLargeError (see CheckMemory).
const MemoryBudget = models.MemoryBudget

// TooLargeError is a scenario whose one replication would need more than
// MemoryBudget: too many functions for the buckets asked for.
type TooLargeError = models.TooLargeError

// CheckMemory refuses, before any run, a scenario one replication of which
// would need more than MemoryBudget with the given buckets (0: the default).
// Run, Compare and sweeps check it themselves.
func CheckMemory(sc *Scenario, buckets int) error { return models.CheckMemory(sc.Resolved(), buckets) }

// Options control a run without changing its results.
type Options struct {
	// Workers is how many replications run at once (0: one per CPU).
	Workers int
	// Buckets is the number of time-series buckets (0: 600, at most
	// MaxBuckets).
	Buckets int
	// Progress, when set, is called with the fraction of the run done.
	Progress func(done float64)
	// Status, when set, is called at the same steps with more detail, for
	// a progress display: the replication, the simulated clock, the time
	// spent and an estimate of the time left.
	Status func(RunStatus)
}

// RunStatus is how far a run has come.
type RunStatus struct {
	Done float64 // of all the replications' simulated time
	// Replication (from 1) is the one the clock belongs to: the running
	// replication furthest ahead, the next to finish; Replications is
	// their number.
	Replication, Replications int
	SimulatedS, DurationS     float64 // its simulated clock, of the duration
	Elapsed                   time.Duration
	Remaining                 time.Duration // from the pace so far; 0 until there is one
}

// statusOf converts the models' progress into RunStatus for fn, timing
// from now; nil without fn.
func statusOf(fn func(RunStatus)) func(models.Progress) {
	if fn == nil {
		return nil
	}
	start := time.Now()
	return func(p models.Progress) {
		st := RunStatus{Done: p.Done, Replication: min(p.Finished+1, p.Replications), Replications: p.Replications,
			SimulatedS: p.Clock.Seconds(), DurationS: p.Duration.Seconds(), Elapsed: time.Since(start)}
		if p.Done > 0 && p.Done < 1 {
			st.Remaining = time.Duration(float64(st.Elapsed) * (1 - p.Done) / p.Done)
		}
		fn(st)
	}
}

// Run simulates sc: its replications, each to the end of its duration and
// then until the requests in flight finish. sc is resolved and validated
// first and left as it is. Cancelling ctx stops the run within about a
// second: Run then returns what was simulated, marked partial
// (Summary.Partial), together with ctx's error.
func Run(ctx context.Context, sc *Scenario, opts Options) (*Result, error) {
	r := sc.Resolved()
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("invalid scenario %q: %w", r.Name, err)
	}
	res, err := models.RunScenario(r, opts.Workers, models.RunOptions{
		Buckets: opts.Buckets, Progress: opts.Progress, Status: statusOf(opts.Status), Stop: ctx.Done(),
	})
	if err != nil {
		return nil, err
	}
	return res, ctx.Err()
}

// Artefacts are the files and folders WriteArtefacts writes into its
// directory ("plots/": a PNG and an SVG per plot).
func Artefacts() []string { return report.Artefacts() }

// WriteArtefacts writes every artefact of res, a run of sc, into dir
// (created if missing): summary.json, summary.md, timeseries.csv,
// latency.hgrm, plots/ and report.html. The set is written beside dir and
// then switched into its place whole (see CheckOutDir): dir never holds a
// partial set, or files of an earlier run.
func WriteArtefacts(dir string, res *Result, sc *Scenario) error {
	return render.ReplaceDir(dir, func(tmp string) error {
		return report.WriteAll(tmp, res, sc, TOML(sc))
	})
}

// CheckOutDir checks, before a run, that dir can receive an output set:
// dir is missing, an empty directory or an earlier stampede output (which
// the new set replaces whole), not the working directory, and its parent
// can be created and written.
func CheckOutDir(dir string) error { return render.CheckDir(dir) }

// Printable escapes the control and invisible characters of text bound for
// a terminal as strconv.Quote does (\x1b, \n), leaving the rest: the one
// rule of the text summary and of error messages.
func Printable(s string) string { return param.Printable(s) }

// Fixed is a distribution that is always d.
func Fixed(d sim.Time) dist.Spec { return dist.Spec{Kind: dist.Fixed, Value: d} }

// LogNormal is a log-normal distribution given by its median and 99th
// percentile.
func LogNormal(median, p99 sim.Time) dist.Spec {
	return dist.Spec{Kind: dist.LogNormal, Median: median, P99: p99}
}

// Exponential is an exponential distribution with the given mean.
func Exponential(mean sim.Time) dist.Spec { return dist.Spec{Kind: dist.Exponential, Mean: mean} }

// Poisson is a Poisson arrival process at rate requests per second.
func Poisson(rate float64) arrivals.Spec {
	return arrivals.Spec{Process: arrivals.Poisson, Rate: rate}
}
