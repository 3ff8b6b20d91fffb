package param

import (
	"fmt"
	"strings"
)

// Error is one invalid value. Path is the key path from the config that
// reported it ("memory_mb"; "function[api].memory_mb" once the scenario
// prefixes it); Value is the bad value as written in a scenario file, or ""
// when the value is missing.
type Error struct {
	Path  string
	Value string
	Msg   string
}

func (e Error) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
		if e.Value != "" {
			b.WriteString(" = " + e.Value)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return Printable(b.String())
}

// Errors lists every invalid value of a config; nil is no error.
type Errors []Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "; ")
}

// Err returns es as an error, or nil when es is empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Add appends an error at path; value may be nil (missing).
func (es *Errors) Add(path string, value any, format string, args ...any) {
	e := Error{Path: path, Msg: fmt.Sprintf(format, args...)}
	if value != nil {
		e.Value = Show(value)
	}
	*es = append(*es, e)
}

// Under prefixes every path with prefix ("function[api]").
func (es Errors) Under(prefix string) Errors {
	out := make(Errors, len(es))
	for i, e := range es {
		e.Path = Join(prefix, e.Path)
		out[i] = e
	}
	return out
}

// Join joins key paths with a dot.
func Join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

// Elem is the path of an element of an array of tables: its name when it
// has one, else its index ("function[api]", "function[0]").
func Elem(key string, i int, name string) string {
	if name == "" {
		return fmt.Sprintf("%s[%d]", key, i)
	}
	return fmt.Sprintf("%s[%s]", key, name)
}
