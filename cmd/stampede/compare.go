package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/stampede-sim/stampede"
)

const compareUsage = `Usage: stampede compare A B [C ...] [flags]

Run several scenarios on common random numbers and show them side by side.
Each argument is a scenario (a .toml path or a built-in name), optionally
written LABEL=SCENARIO to name it; the first is the baseline. Every scenario
runs with the baseline's seed (or --seed) and the same replications, paired:
replication i of every scenario draws the same random streams, so each
metric's difference to the baseline comes with a 95% confidence interval
from the paired replications. Without --replications, and when the
scenarios ask for one, compare runs 5.

Examples:
  stampede compare rds-exhaustion rds-proxy rds-per-invocation sqs-leveling
  stampede compare rds-exhaustion rds-proxy --replications 10 --out results/
  stampede compare before=my-api.toml after=my-api-arm64.toml --format markdown
  stampede compare spike provisioned --set function.api.memory_mb=2048 --duration 15m

--set applies to every scenario. --out DIR writes compare.json, compare.md,
report.html (every plot overlaid) and one folder per scenario, DIR/LABEL/,
holding its own run artefacts. --format json prints compare.json.

Flags:
`

func compareCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("compare", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var f runFlags
	all := pflag.NewFlagSet("run", pflag.ContinueOnError)
	f.register(all)
	all.VisitAll(func(fl *pflag.Flag) {
		if fl.Name != "assert" { // a comparison has no pass or fail
			fs.AddFlag(fl)
		}
	})
	fs.Lookup("out").Usage = "write compare.json, compare.md, report.html and one folder of run artefacts per scenario into `DIR`"
	fs.Lookup("format").Usage = "what goes to stdout: text, json (compare.json) or markdown"
	fs.Lookup("replications").Usage = "replications of every scenario (`N`), paired (default: the scenarios', or 5 when they ask for 1)"
	fs.Lookup("set").Usage = "override one value of every scenario (`KEY=VALUE`); repeatable"
	fs.Lookup("seed").Usage = "the seed of every scenario (`N`; default: the baseline's)"
	fs.Usage = func() { fmt.Fprint(stderr, compareUsage+fs.FlagUsages()) }
	if ok, err := parseFlags(fs, "compare", args); !ok {
		return err
	}
	if fs.NArg() < 2 {
		fs.Usage()
		return badInput("compare: expected at least two scenarios (the first is the baseline), got %d", fs.NArg())
	}
	if err := f.check("compare", fs); err != nil {
		return err
	}
	refs := make([]string, fs.NArg())
	labels := make([]string, fs.NArg())
	for i, arg := range fs.Args() {
		label, ref, err := splitLabel(arg)
		if err != nil {
			return badInput("compare: %v", err)
		}
		labels[i], refs[i] = label, ref
	}
	entries := make([]stampede.Entry, len(refs))
	for i, ref := range refs {
		sc, err := stampede.Load(ref, f.overrides()...)
		if err != nil {
			return fmt.Errorf("%s: %w", ref, err)
		}
		label := labels[i]
		if label == "" && !strings.ContainsRune(ref, '/') && !strings.HasSuffix(ref, ".toml") {
			label = ref // a built-in: its name
		}
		entries[i] = stampede.Entry{Label: label, Scenario: sc}
	}
	ctx, stop := interruptible()
	defer stop()
	opts := stampede.CompareOptions{Replications: f.replications, Workers: f.workers, Buckets: f.buckets}
	work, _ := stampede.EstimateCompareWork(entries, opts) // bad entries: Compare says why
	opts.Progress = progressBar(announce(f.progress, work, stderr), stderr)
	cmp, err := stampede.Compare(ctx, entries, opts)
	var ce *stampede.CompareError
	if errors.As(err, &ce) {
		return badInput("compare: %v", err)
	}
	stopped, err := interrupted(ctx, err)
	if err != nil {
		return err
	}
	if opts.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if f.out != "" {
		if err := stampede.WriteComparison(f.out, cmp); err != nil {
			return &exitError{code: exitInternal, err: err}
		}
	}
	var out []byte
	switch f.format {
	case "json":
		out, err = cmp.JSON()
		if err != nil {
			return &exitError{code: exitInternal, err: err}
		}
	case "markdown":
		out = cmp.Markdown(false)
	default:
		out = cmp.Text()
	}
	stdout.Write(out)
	if stopped {
		return errInterrupted("the comparison covers what was simulated")
	}
	return nil
}

// splitLabel reads an argument of compare: SCENARIO, or LABEL=SCENARIO. An
// argument with '=' that is an existing file is a path.
func splitLabel(arg string) (label, ref string, err error) {
	label, ref, found := strings.Cut(arg, "=")
	if !found {
		return "", arg, nil
	}
	if _, statErr := os.Stat(arg); statErr == nil {
		return "", arg, nil
	}
	if err := stampede.CheckLabel(label); err != nil {
		return "", "", fmt.Errorf("%q: %v", arg, err)
	}
	if ref == "" {
		return "", "", fmt.Errorf("%q: no scenario after %q (write LABEL=SCENARIO)", arg, label+"=")
	}
	return label, ref, nil
}
