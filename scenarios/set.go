package scenarios

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/param"
)

// Set is one --set override: a dotted key path and a value.
type Set struct {
	Path  []string
	Value any
	Text  string // as given
}

// ParseSet parses KEY=VALUE. VALUE is read as a TOML value (2048, true,
// "x", { dist = "fixed", value = "0s" }, [1, 2]); when it is not one, it is
// taken as a bare string, so function.api.timeout=30s works.
func ParseSet(s string) (Set, error) {
	key, val, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if !ok {
		return Set{}, fmt.Errorf("--set %q: expected KEY=VALUE, e.g. function.api.memory_mb=2048", s)
	}
	if key == "" {
		return Set{}, fmt.Errorf("--set %q: empty key", s)
	}
	path := strings.Split(key, ".")
	for _, p := range path {
		if p == "" {
			return Set{}, fmt.Errorf("--set %q: empty part in key %q", s, key)
		}
	}
	return Set{Path: path, Value: parseValue(strings.TrimSpace(val)), Text: s}, nil
}

func parseValue(text string) any {
	var doc map[string]any
	if _, err := toml.Decode("v = "+text, &doc); err == nil {
		if v, ok := doc["v"]; ok {
			return v
		}
	}
	return text
}

// elementName is how --set addresses an element of an array of tables: its
// name, or, for a [[function.call]], which has none, its database.
func elementName(e map[string]any) string {
	if n, ok := e["name"].(string); ok {
		return n
	}
	n, _ := e["database"].(string)
	return n
}

// apply writes the value into the parsed document. Elements of arrays of
// tables are addressed by name (calls by their database). The index path written is recorded so that
// problems with it say "(--set)".
func (s Set) apply(doc map[string]any, setPaths map[string]bool) error {
	cur := doc
	ipath := ""
	for i := 0; i < len(s.Path)-1; i++ {
		k := s.Path[i]
		switch next := cur[k].(type) {
		case map[string]any:
			cur, ipath = next, join(ipath, k)
		case []map[string]any:
			if i+1 >= len(s.Path)-1 {
				return fmt.Errorf("--set %q: %s is an array of tables: address an element by name, e.g. %s.NAME.KEY", s.Text, k, k)
			}
			name := s.Path[i+1]
			idx := -1
			var names []string
			for j, e := range next {
				n := elementName(e)
				names = append(names, n)
				if n == name {
					idx = j
				}
			}
			if idx < 0 {
				return fmt.Errorf("--set %q: no %s named %q (there are: %s)", s.Text, k, name, strings.Join(names, ", "))
			}
			cur, ipath = next[idx], join(ipath, k)+"["+strconv.Itoa(idx)+"]"
			i++
		case nil:
			m := map[string]any{}
			cur[k] = m
			cur, ipath = m, join(ipath, k)
		default:
			return fmt.Errorf("--set %q: %s is not a table", s.Text, strings.Join(s.Path[:i+1], "."))
		}
	}
	last := s.Path[len(s.Path)-1]
	if _, isArr := cur[last].([]map[string]any); isArr {
		return errors.New("--set " + strconv.Quote(s.Text) + ": cannot replace a whole array of tables")
	}
	cur[last] = s.Value
	setPaths[join(ipath, last)] = true
	return nil
}

// stated is what a [[function]] table of the file says about where its
// handler times were measured, before any --set: its memory_mb and arch
// values as written (nil when absent).
type stated struct{ memory, arch any }

// statedOf records stated for every [[function]] table of doc.
func statedOf(doc map[string]any) []stated {
	fns, _ := doc["function"].([]map[string]any)
	out := make([]stated, len(fns))
	for i, f := range fns {
		out[i] = stated{f["memory_mb"], f["arch"]}
	}
	return out
}

// pinMeasured keeps a function's handler times measured where its file
// states them. When --set changed a function's memory_mb (or arch) and
// nothing states its duration_memory_mb (duration_arch), that key gets the
// value the file stated, or the key's default when the file stated none: so
// --set function.api.memory_mb=2048 scales the file's duration, measured at
// the file's memory (docs/model.md), and the printed scenario, which states
// the key, loads as the same scenario. A stated value that is not a valid
// one is left alone (the --set replaced it).
func pinMeasured(doc map[string]any, before []stated, setPaths map[string]bool) {
	fns, _ := doc["function"].([]map[string]any)
	for i, f := range fns {
		if i >= len(before) {
			break
		}
		at := "function[" + strconv.Itoa(i) + "]."
		if setPaths[at+"memory_mb"] && f["duration_memory_mb"] == nil {
			if mb, ok := statedMemory(before[i].memory); ok {
				f["duration_memory_mb"] = mb
			}
		}
		if setPaths[at+"arch"] && f["duration_arch"] == nil {
			if a, ok := statedArch(before[i].arch); ok {
				f["duration_arch"] = a
			}
		}
	}
}

func statedMemory(v any) (int64, bool) {
	field, _ := param.Find(lambda.Fields, "memory_mb")
	if v == nil {
		return int64(field.Default.(int)), true
	}
	mb, ok := v.(int64)
	return mb, ok && mb >= int64(field.Lo.(int)) && mb <= int64(field.Hi.(int))
}

func statedArch(v any) (string, bool) {
	if v == nil {
		return lambda.X86_64.String(), true
	}
	s, _ := v.(string)
	var a lambda.Arch
	return s, a.Set(s)
}
