package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/stampede-sim/stampede"
)

// runFlags are the flags of `stampede run`.
type runFlags struct {
	out          string
	format       string
	seed         string
	duration     string
	replications int
	sets         []string
	asserts      []string
	assertOn     string
	workers      int
	buckets      int
	progress     string
}

func (f *runFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.out, "out", "", "write "+strings.Join(stampede.Artefacts(), ", ")+" (a PNG and an SVG per plot) into `DIR`")
	fs.StringVar(&f.format, "format", "text", "what goes to stdout: text, json or markdown")
	fs.StringVar(&f.seed, "seed", "", "override the scenario's seed (`N`)")
	fs.StringVar(&f.duration, "duration", "", "override the simulated duration (`D`: 90s, 30m, 2h, 7d)")
	fs.IntVar(&f.replications, "replications", 0, "independent replications (`N`); results carry 95% confidence intervals")
	fs.StringArrayVar(&f.sets, "set", nil, "override one scenario value (`KEY=VALUE`), e.g. function.api.memory_mb=2048; repeatable")
	fs.StringArrayVar(&f.asserts, "assert", nil, "service-level check (`EXPR`), e.g. 'p99<300ms', 'throttle_rate<0.01'; repeatable; a failure exits 1")
	fs.StringVar(&f.assertOn, "assert-on", "mean", "with replications, what --assert checks: the mean, or the 95% interval's bound on the failing side (bound: the whole interval must pass)")
	fs.IntVar(&f.workers, "workers", 0, "replications run in parallel on `N` goroutines (0: one per CPU); results do not depend on it")
	fs.IntVar(&f.buckets, "buckets", 0, "number of time-series buckets (`N`, default 600)")
	fs.StringVar(&f.progress, "progress", "auto", "progress on stderr: auto (on a terminal outside CI, or for a run past 50M requests or 30 s), always or never")
}

// overrides turns --seed, --duration and --replications into --set entries,
// placed first so that explicit --set values win, and validated alike.
func (f *runFlags) overrides() []string {
	var out []string
	if f.seed != "" {
		out = append(out, "seed="+f.seed)
	}
	if f.duration != "" {
		out = append(out, "duration="+f.duration)
	}
	if f.replications != 0 {
		out = append(out, fmt.Sprintf("replications=%d", f.replications))
	}
	return append(out, f.sets...)
}

const runUsage = `Usage: stampede run SCENARIO [flags]

Simulate one scenario and print its summary.

Examples:
  stampede run steady-api
  stampede run steady-api --duration 2h --seed 7 --out results/
  stampede run spike --replications 10 --format markdown
  stampede run provisioned --set function.api.provisioned_concurrency=150 --assert 'p99<300ms'

Flags:
`

func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var f runFlags
	f.register(fs)
	fs.Usage = func() { fmt.Fprint(stderr, runUsage+fs.FlagUsages()) }
	if ok, err := parseFlags(fs, "run", args); !ok {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput("run: expected one SCENARIO, got %d arguments", fs.NArg())
	}
	if err := f.check("run", fs); err != nil {
		return err
	}
	asserts, err := parseAsserts(f.asserts, f.assertOn)
	if err != nil {
		return err
	}
	sc, err := stampede.Load(fs.Arg(0), f.overrides()...)
	if err != nil {
		return err
	}
	if err := stampede.CheckAssertions(sc, asserts); err != nil {
		return badInput("%v", err)
	}
	if err := stampede.CheckMemory(sc, f.buckets); err != nil {
		return badInput("%v", err)
	}
	ctx, stop := interruptible()
	defer stop()
	opts := stampede.Options{Workers: f.workers, Buckets: f.buckets,
		Status: statusLine(announce(f.progress, stampede.EstimateWork(sc), stderr), stderr)}
	res, err := stampede.Run(ctx, sc, opts)
	stopped, err := interrupted(ctx, err)
	if err != nil {
		return err
	}
	if opts.Status != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err := writeResults(res, sc, &f, asserts, stdout, stderr); err != nil {
		return err
	}
	if stopped {
		return errInterrupted("the result covers what was simulated")
	}
	return nil
}

func parseAsserts(exprs []string, on string) ([]stampede.Assertion, error) {
	o, err := stampede.ParseAssertOn(on)
	if err != nil {
		return nil, badInput("%v", err)
	}
	var out []stampede.Assertion
	for _, e := range exprs {
		a, err := stampede.ParseAssertion(e)
		if err != nil {
			return nil, badInput("%v", err)
		}
		a.On = o
		out = append(out, a)
	}
	return out, nil
}

// writeResults writes the artefacts and stdout, then applies the assertions.
func writeResults(res *stampede.Result, sc *stampede.Scenario, f *runFlags, asserts []stampede.Assertion, stdout, stderr io.Writer) error {
	checks, err := stampede.Assert(res, asserts)
	if err != nil {
		return badInput("%v", err)
	}
	if f.out != "" {
		if err := stampede.WriteArtefacts(f.out, res, sc); err != nil {
			return &exitError{code: exitInternal, err: err}
		}
	}
	out, err := stampede.Format(res, f.format)
	if err != nil {
		return err
	}
	stdout.Write(out)
	var failed []string
	for _, c := range checks {
		status := "ok"
		if !c.OK {
			status = "FAILED"
			failed = append(failed, c.Expr)
		}
		fmt.Fprintf(stderr, "assert %-28s %s (%s = %.4g: %s)\n", c.Expr, status, c.Path, c.Checked, c.Basis)
	}
	if len(failed) > 0 {
		return &exitError{code: exitAssert, err: fmt.Errorf("assertion failed: %s", strings.Join(failed, ", "))}
	}
	return nil
}

// showProgress says whether progress goes to stderr in mode: always, or
// (auto) on a terminal outside CI.
func showProgress(mode string, stderr io.Writer) bool {
	show := mode == "always"
	if mode == "auto" {
		file, ok := stderr.(*os.File)
		if ok && os.Getenv("CI") == "" {
			if st, err := file.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				show = true
			}
		}
	}
	return show
}

// progressBar returns a progress callback for stderr (compare's), or nil
// when progress should stay quiet.
func progressBar(mode string, stderr io.Writer) func(float64) {
	if !showProgress(mode, stderr) {
		return nil
	}
	last, eta := -1, newETA()
	return func(done float64) {
		pct := int(done * 100)
		if pct != last {
			last = pct
			fmt.Fprintf(stderr, "\r\033[Ksimulating… %3d%%%s", pct, eta(done))
		}
	}
}

// statusLine returns run's progress callback for stderr, or nil when
// progress should stay quiet: the percentage, the replication, the
// simulated clock, the time spent and left, rewritten in place at each
// percent.
func statusLine(mode string, stderr io.Writer) func(stampede.RunStatus) {
	if !showProgress(mode, stderr) {
		return nil
	}
	last := -1
	return func(st stampede.RunStatus) {
		if pct := int(st.Done * 100); pct != last {
			last = pct
			fmt.Fprint(stderr, "\r\033[K"+statusText(st))
		}
	}
}

// statusText is one progress line: "simulating… 45% · replication 3/10 ·
// 12m30s of 30m simulated · 12s elapsed · 15s left".
func statusText(st stampede.RunStatus) string {
	s := fmt.Sprintf("simulating… %3d%%", int(st.Done*100))
	if st.Replications > 1 {
		s += fmt.Sprintf(" · replication %d/%d", st.Replication, st.Replications)
	}
	s += fmt.Sprintf(" · %s of %s simulated · %s elapsed", clock(st.SimulatedS), clock(st.DurationS),
		st.Elapsed.Round(100*time.Millisecond))
	if st.Remaining >= time.Second {
		s += " · " + st.Remaining.Round(time.Second).String() + " left"
	}
	return s
}

// clock writes simulated seconds to the second: 45s, 12m30s, 2h05m00s,
// 3d04h00m.
func clock(sec float64) string {
	s := int64(math.Round(sec))
	switch {
	case s >= 86400:
		return fmt.Sprintf("%dd%02dh%02dm", s/86400, s%86400/3600, s%3600/60)
	case s >= 3600:
		return fmt.Sprintf("%dh%02dm%02ds", s/3600, s%3600/60, s%60)
	case s >= 60:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%ds", s)
}
