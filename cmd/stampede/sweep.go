package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/stampede-sim/stampede"
)

const sweepUsage = `Usage: stampede sweep SCENARIO --vary KEY=START:STOP:STEP|KEY=V1,V2,... [--vary ...] [flags]

Run a grid of what-ifs: one run (with its replications) per point of the
product of the --vary values; the first --vary varies slowest. Each point is
SCENARIO with the --set values and then the point's values as --set
overrides; every point is checked before anything runs.

--assert marks each point ok (with replications, on the means, or with
--assert-on bound on the 95% intervals' bounds); the sweep
exits 1 only when no point is ok. --pick cheapest names the ok point with
the lowest cost.monthly_usd (ties: the earlier point) and writes its
resolved scenario to best.toml.

--out DIR writes sweep.csv (one row per point), sweep.json, report.html and,
with --pick, best.toml. --shard I/N runs only the points p with p mod N = I
(auto/N takes I from JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX or
SLURM_ARRAY_TASK_ID) and adds shard.json; 'stampede merge' joins the shards.

Examples:
  stampede sweep provisioned --vary function.api.provisioned_concurrency=0:300:25 \
      --assert 'p99<300ms' --pick cheapest --out results/provisioned
  stampede sweep rds-exhaustion --vary database.orders.proxy.enabled=false,true \
      --vary workload.traffic.arrivals.points='[["0s",100],["5m",600],["10m",100]]','[["0s",100],["5m",1100],["10m",100]]'
  stampede sweep spike --vary function.api.memory_mb=512,1024,2048 --vary function.api.keep_alive=1m:10m:3m \
      --replications 5 --format markdown
  stampede sweep rds-proxy --vary function.api.reserved_concurrency=100:400:100 --shard auto/4 --out shards/$SLURM_ARRAY_TASK_ID

Flags:
`

// sweepFlags are sweep's own flags, next to the common ones.
type sweepFlags struct {
	vary  []string
	pick  string
	shard string
}

func sweepCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("sweep", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var f runFlags
	f.register(fs)
	var s sweepFlags
	fs.StringArrayVar(&s.vary, "vary", nil, "vary one key (`KEY=START:STOP:STEP` or KEY=V1,V2,...); repeatable: the grid is their product, the first varying slowest")
	fs.StringVar(&s.pick, "pick", "", "pick one ok point: `cheapest` (the lowest cost.monthly_usd; ties: the earlier point); writes best.toml")
	fs.StringVar(&s.shard, "shard", "", "run only shard `I/N`: the points p with p mod N = I (auto/N: I from the batch engine's array index)")
	fs.Lookup("out").Usage = "write sweep.csv, sweep.json, report.html (and best.toml, shard.json) into `DIR`"
	fs.Lookup("workers").Usage = "points and replications run in parallel on `N` goroutines (0: one per CPU); results do not depend on it"
	fs.Lookup("format").Usage = "what goes to stdout: text, json (exactly sweep.json) or markdown"
	fs.Lookup("buckets").Usage = "time-series buckets of each run (`N`); a sweep writes no time series, results do not depend on it"
	fs.Usage = func() { fmt.Fprint(stderr, sweepUsage+fs.FlagUsages()) }
	if ok, err := parseFlags(fs, "sweep", args); !ok {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput("sweep: expected one SCENARIO, got %d arguments", fs.NArg())
	}
	if err := f.check("sweep", fs); err != nil {
		return err
	}
	on, err := stampede.ParseAssertOn(f.assertOn)
	if err != nil {
		return badInput("%v", err)
	}
	sw := stampede.Sweep{Scenario: fs.Arg(0), Overrides: f.overrides(), Vary: s.vary, Assert: f.asserts, AssertOn: on, Pick: s.pick}
	if s.shard != "" {
		sh, err := stampede.ParseShard(s.shard, os.Getenv)
		if err != nil {
			return badInput("%v", err)
		}
		sw.Shard = sh
	}
	plan, err := stampede.PlanSweep(sw)
	if err != nil {
		return &exitError{code: exitBadInput, err: err}
	}
	if err := plan.CheckMemory(f.buckets); err != nil {
		return badInput("%v", err)
	}

	ctx, stop := interruptible()
	defer stop()
	opts := stampede.SweepOptions{Workers: f.workers, Buckets: f.buckets}
	show := progressBar(announce(f.progress, plan.EstimateWork(), stderr), stderr) != nil
	if show {
		opts.Progress = sweepProgress(stderr)
	}
	res, err := plan.Run(ctx, opts)
	stopped, err := interrupted(ctx, err)
	if err != nil {
		return err
	}
	if show {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err := writeSweep(res, f.out, f.format, stdout); err != nil {
		return err
	}
	switch {
	case stopped:
		return errInterrupted("the result covers the points simulated")
	case res.OKPoints() == 0 && !sw.Shard.Sharded():
		return &exitError{code: exitAssert, err: noPointOK(res)}
	}
	return nil
}

func noPointOK(res *stampede.SweepResult) error {
	if len(res.Identity.Assert) == 0 {
		return errors.New("no point is ok: no point finished")
	}
	return fmt.Errorf("no point is ok: in every point an assertion failed (%s)", strings.Join(res.Identity.Assert, ", "))
}

// writeSweep writes the sweep's files and prints it.
func writeSweep(res *stampede.SweepResult, out, format string, stdout io.Writer) error {
	if out != "" {
		if err := stampede.WriteSweep(out, res); err != nil {
			return &exitError{code: exitInternal, err: err}
		}
	}
	switch format {
	case "json":
		b, err := res.JSON()
		if err != nil {
			return &exitError{code: exitInternal, err: err}
		}
		stdout.Write(b)
	case "markdown":
		stdout.Write(res.Markdown())
	default:
		stdout.Write(res.Text())
	}
	return nil
}

// sweepProgress prints points done, the share of the work and an estimate
// of the time left, at most a few times a second.
func sweepProgress(stderr io.Writer) func(stampede.SweepProgress) {
	var last time.Time
	lastDone := -1
	return func(p stampede.SweepProgress) {
		now := time.Now()
		if p.Done == lastDone && now.Sub(last) < 200*time.Millisecond {
			return
		}
		last, lastDone = now, p.Done
		eta := "…"
		if p.Fraction > 0 {
			eta = p.Remaining.Round(time.Second).String()
		}
		fmt.Fprintf(stderr, "\r\033[Ksweeping… %d/%d points done · %3.0f%% · %s elapsed · %s left", p.Done, p.Total, 100*p.Fraction,
			p.Elapsed.Round(100*time.Millisecond), eta)
	}
}

const mergeUsage = `Usage: stampede merge DIR [DIR ...] [--out DIR] [--format text|json|markdown]

Merge the shards of a sweep (each written by 'stampede sweep ... --shard I/N
--out DIR') into the whole sweep's result. It checks that the directories
hold shards of one sweep (the same scenario, --set, --vary, --assert, --pick,
stampede version and N), that no shard is missing or repeated and that each
finished; otherwise it names what is wrong and exits 2. --out DIR writes
what the unsharded sweep would have written: sweep.csv and sweep.json byte
for byte, report.html, and best.toml when the sweep picks. Exits 1 when no
point is ok.

Examples:
  stampede merge shards/0 shards/1 shards/2 shards/3 --out merged
  stampede merge results/shards/* --out results/merged --format markdown

Flags:
`

func mergeCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("merge", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write sweep.csv, sweep.json, report.html (and best.toml) into `DIR`")
	format := fs.String("format", "text", "what goes to stdout: text, json (exactly sweep.json) or markdown")
	fs.Usage = func() { fmt.Fprint(stderr, mergeUsage+fs.FlagUsages()) }
	if ok, err := parseFlags(fs, "merge", args); !ok {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return badInput("merge: expected the shard directories")
	}
	if err := checkFormat("merge", *format); err != nil {
		return err
	}
	if err := checkOut("merge", *out); err != nil {
		return err
	}
	res, err := stampede.MergeSweep(fs.Args())
	if err != nil {
		var me *stampede.MergeError
		if errors.As(err, &me) {
			return &exitError{code: exitBadInput, err: err}
		}
		return &exitError{code: exitInternal, err: err}
	}
	if err := writeSweep(res, *out, *format, stdout); err != nil {
		return err
	}
	if res.OKPoints() == 0 {
		return &exitError{code: exitAssert, err: noPointOK(res)}
	}
	return nil
}
