package scenarios

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stampede-sim/stampede/models/param"
)

// Problem is one thing wrong with a scenario.
type Problem struct {
	File      string
	Line, Col int    // 0 when unknown
	FromSet   bool   // the value came from --set
	Path      string // key path, e.g. function[api].memory_mb
	Value     string // the bad value as written, or "" when missing
	Msg       string // what is wrong and what is allowed
}

func (p Problem) String() string {
	var b strings.Builder
	switch {
	case p.FromSet:
		b.WriteString("(--set) ")
	case p.Line > 0:
		fmt.Fprintf(&b, "%s:%d:%d: ", p.File, p.Line, p.Col)
	case p.File != "":
		fmt.Fprintf(&b, "%s: ", p.File)
	}
	b.WriteString(param.Error{Path: p.Path, Value: p.Value, Msg: p.Msg}.Error())
	return param.Printable(b.String())
}

// Error lists every problem found in a scenario, in file order.
type Error struct {
	Problems []Problem
}

// MaxListed is how many problems Error lists; the rest are counted. A
// generated file can hold thousands of the same mistake, and the first
// few say what it is.
const MaxListed = 50

func (e *Error) Error() string {
	var lines []string
	for _, p := range e.Problems[:min(len(e.Problems), MaxListed)] {
		lines = append(lines, p.String())
	}
	if n := len(e.Problems) - len(lines); n > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more", n))
	}
	if len(e.Problems) == 1 {
		return "invalid scenario: " + lines[0]
	}
	return fmt.Sprintf("invalid scenario (%d problems):\n  %s", len(e.Problems), strings.Join(lines, "\n  "))
}

func (e *Error) sort() {
	sort.SliceStable(e.Problems, func(i, j int) bool {
		a, b := e.Problems[i], e.Problems[j]
		if a.FromSet != b.FromSet {
			return !a.FromSet
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
