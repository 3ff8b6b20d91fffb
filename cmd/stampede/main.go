// Command stampede simulates serverless load and scaling: bursty arrivals
// hitting AWS Lambda functions, cold starts, concurrency limits, throttling
// and retries. It is a thin command line over the stampede library; see
// `stampede help` and the README.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/stampede-sim/stampede"
)

// Exit codes of the public interface.
const (
	exitOK       = 0
	exitAssert   = 1
	exitBadInput = 2
	exitInternal = 3
	// exitInterrupted: SIGINT or SIGTERM stopped the run; what was simulated
	// was reported, marked partial.
	exitInterrupted = 130
)

// exitError carries an exit code with its message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func badInput(format string, a ...any) error {
	return &exitError{code: exitBadInput, err: fmt.Errorf(format, a...)}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns its exit code; only main exits.
func run(args []string, stdout, stderr io.Writer) int {
	err := dispatch(args, stdout, stderr)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "stampede: %s\n", terminalText(err.Error()))
	var ee *exitError
	var se *stampede.ScenarioError
	var tl *stampede.TooLargeError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &se), errors.As(err, &tl):
		return exitBadInput
	}
	return exitInternal
}

func dispatch(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return &exitError{code: exitBadInput, err: errors.New("no command given")}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return runCmd(rest, stdout, stderr)
	case "validate":
		return validateCmd(rest, stdout, stderr)
	case "scenarios":
		return scenariosCmd(rest, stdout, stderr)
	case "sweep":
		return sweepCmd(rest, stdout, stderr)
	case "merge":
		return mergeCmd(rest, stdout, stderr)
	case "compare":
		return compareCmd(rest, stdout, stderr)
	case "calibrate":
		return calibrateCmd(rest, stdout, stderr)
	case "import-azure":
		return importAzureCmd(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "version", "--version":
		if len(rest) > 0 {
			return badInput("%s: takes no arguments", cmd)
		}
		fmt.Fprintln(stdout, versionLine())
		return nil
	}
	return badInput("unknown command %q: the commands are %s ('stampede help' for more)", cmd, strings.Join(commands, ", "))
}

// commands are the command names, for the error that names an unknown one.
var commands = []string{"run", "validate", "compare", "sweep", "merge", "calibrate", "import-azure", "scenarios", "version", "help"}

// versionLine is what --version prints: stampede's version (the one
// summary.json records), the commit it was built from when the build
// recorded one, and the Go toolchain and platform.
func versionLine() string {
	line := "stampede " + stampede.Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				line += " (commit " + s.Value[:12] + ")"
			}
		}
	}
	return line + " · " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}

const usage = `stampede simulates serverless load and scaling on AWS Lambda.

Usage:
  stampede run SCENARIO [flags]     simulate one scenario
  stampede validate SCENARIO        check a scenario; print it with every default filled in (TOML)
  stampede compare A B [C ...]      run several scenarios on common random numbers, side by side
  stampede sweep SCENARIO --vary .. run a grid of what-ifs; mark the ok points; --pick cheapest
  stampede merge DIR ...            merge the shards of a sweep (--shard I/N) into the whole sweep's result
  stampede calibrate LOGS...        fit a scenario to a function's CloudWatch REPORT lines; print it
  stampede import-azure DIR         print a scenario replaying a folder of the Azure Functions Trace 2019
  stampede scenarios                list the built-in scenarios
  stampede version                  print the version (also --version)
  stampede help                     this text

SCENARIO is a path to a .toml file or the name of a built-in scenario.
Run 'stampede run --help' (or sweep --help, ...) for the flags.

Examples:
  stampede run steady-api
  stampede run spike --set 'workload.spike.arrivals.points=[["0s",100],["5m",2000],["7m",100]]'
  stampede run provisioned --set function.api.provisioned_concurrency=150 --assert 'p99<300ms'
  stampede run my-scenario.toml --out results/ --format json
  stampede sweep provisioned --vary function.api.provisioned_concurrency=0:300:25 --assert 'p99<300ms' --pick cheapest
  stampede compare rds-exhaustion rds-proxy rds-per-invocation sqs-leveling

Exit codes: 0 success, 1 an --assert failed, 2 bad input, 3 internal error.
`

// terminalText escapes the control characters of an error message
// (stampede.Printable) line by line, keeping the message's own line breaks.
func terminalText(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = stampede.Printable(l)
	}
	return strings.Join(lines, "\n")
}
