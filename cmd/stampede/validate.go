package main

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/spf13/pflag"
	"github.com/stampede-sim/stampede"
)

const validateUsage = `Usage: stampede validate SCENARIO [--set KEY=VALUE ...]

Check a scenario and print it as TOML with every default filled in.

Examples:
  stampede validate steady-api
  stampede validate my-scenario.toml --set function.api.memory_mb=2048

Flags:
`

func validateCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("validate", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	sets := fs.StringArray("set", nil, "override one scenario value (`KEY=VALUE`); repeatable")
	fs.Usage = func() { fmt.Fprint(stderr, validateUsage+fs.FlagUsages()) }
	if ok, err := parseFlags(fs, "validate", args); !ok {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput("validate: expected one SCENARIO, got %d arguments", fs.NArg())
	}
	sc, err := stampede.Load(fs.Arg(0), *sets...)
	if err != nil {
		return err
	}
	_, err = stdout.Write(stampede.TOML(sc))
	return err
}

func scenariosCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("scenarios", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: stampede scenarios\n\nList the built-in scenarios. Run one with 'stampede run NAME'.\n")
	}
	if ok, err := parseFlags(fs, "scenarios", args); !ok {
		return err
	}
	if fs.NArg() != 0 {
		return badInput("scenarios: takes no arguments")
	}
	list := stampede.Builtins()
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, b := range list {
		fmt.Fprintf(tw, "%s\t%s\n", b.Name, b.Description)
	}
	return tw.Flush()
}
