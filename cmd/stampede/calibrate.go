package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/stampede-sim/stampede"
)

const calibrateUsage = `Usage: stampede calibrate LOGS... [flags]

Fit a scenario to a Lambda function's CloudWatch logs and print it (TOML).
LOGS are files (- for standard input) holding the REPORT lines Lambda writes
after each invocation, in any of the forms CloudWatch gives them: console
text, the JSON of 'aws logs filter-log-events', or a Logs Insights CSV
export. The handler time is fitted to Duration and the init time to Init
Duration (lognormal by maximum likelihood, or the samples themselves when a
Kolmogorov-Smirnov test at 5% rejects it); the memory is the most common
Memory Size; the arrivals follow the logs' timestamps, or are Poisson at
--rate without them. Comments in the scenario say where each value came
from.

Examples:
  stampede calibrate report-lines.txt > my-api.toml
  aws logs filter-log-events --log-group-name /aws/lambda/api --filter-pattern REPORT > api.json
  stampede calibrate api.json --name api > api.toml && stampede run api.toml

Flags:
`

func calibrateCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("calibrate", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "the scenario's and the function's `NAME` (default calibrated)")
	rate := fs.Float64("rate", 10, "requests/s (`R`) when the logs have no timestamps")
	fs.Usage = func() {
		fmt.Fprint(stderr, calibrateUsage)
		fs.PrintDefaults()
	}
	if ok, err := parseFlags(fs, "calibrate", args); !ok {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return badInput("calibrate: expected one or more LOGS files")
	}
	if !(*rate > 0 && *rate <= 1e9) {
		return badInput("calibrate: --rate %g (allowed: more than 0, at most 1000000000)", *rate)
	}
	var reports []stampede.Report
	for _, path := range fs.Args() {
		r, err := readReports(path)
		if err != nil {
			return badInput("calibrate: %v", err)
		}
		reports = append(reports, r...)
	}
	res, err := stampede.Calibrate(reports, stampede.CalibrateOptions{Name: *name, Rate: *rate, Sources: fs.Args()})
	if err != nil {
		return badInput("calibrate: %v", err)
	}
	if _, err := stdout.Write(res.TOML); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "calibrated from %d REPORT lines: handler median %.4g ms, p99 %.4g ms\n", res.Reports, res.Handler.Median, res.Handler.P99)
	return nil
}

// readReports reads one LOGS argument (- for standard input).
func readReports(path string) ([]stampede.Report, error) {
	if path == "-" {
		return stampede.ReadReports("standard input", os.Stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return stampede.ReadReports(path, f)
}

const importAzureUsage = `Usage: stampede import-azure DIR [flags]

Print a scenario replaying a folder of the Azure Functions Trace 2019
(invocations.csv, and durations.csv and memory.csv beside it when there):
a function and a workload per trace function, the --top most invoked (all
by default), each with its handler time (a lognormal through its trace
percentiles 50 and 99) and memory from the companion files, and its row of
per-minute invocations replayed (trace, format = "azure-2019").

Examples:
  stampede import-azure azure2019-day1/ --top 100 > day1.toml
  stampede run day1.toml --set function.f001.memory_mb=1024

Flags:
`

func importAzureCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("import-azure", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts stampede.Azure2019Options
	fs.IntVar(&opts.Top, "top", 0, "replay the `N` most invoked functions (0: all)")
	fs.StringVar(&opts.Name, "name", "", "the scenario's `NAME` (default azure-2019)")
	fs.StringVar(&opts.Duration, "duration", "", "the simulated duration (`D`; default: the file's minutes)")
	fs.Usage = func() {
		fmt.Fprint(stderr, importAzureUsage)
		fs.PrintDefaults()
	}
	if ok, err := parseFlags(fs, "import-azure", args); !ok {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput("import-azure: expected one DIR, got %d arguments", fs.NArg())
	}
	if opts.Top < 0 {
		return badInput("import-azure: --top %d (allowed: 0 or more)", opts.Top)
	}
	out, err := stampede.Azure2019Scenario(fs.Arg(0), opts)
	if err != nil {
		return badInput("import-azure: %v", err)
	}
	_, err = stdout.Write(out)
	return err
}
