package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

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
	indent := 0
	for _, b := range list {
		indent = max(indent, len(b.Name)+2)
	}
	for i, b := range list {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		lines := wrap(b.Description, max(descriptionWidth-indent, 40))
		fmt.Fprintf(stdout, "%-*s%s\n", indent, b.Name, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(stdout, "%*s%s\n", indent, "", l)
		}
	}
	return nil
}

// descriptionWidth is the width `stampede scenarios` wraps its lines to.
const descriptionWidth = 100

// wrap breaks text into lines of at most width characters at spaces (a
// longer word has a line of its own); at least one line.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}
