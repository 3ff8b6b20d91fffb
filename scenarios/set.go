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
	path, err := splitKey(key)
	if err != nil {
		return Set{}, fmt.Errorf("--set %q: %v", s, err)
	}
	return Set{Path: path, Value: parseValue(strings.TrimSpace(val)), Text: s}, nil
}

// splitKey splits a --set key at its dots. A part may be quoted as in TOML
// ("my.api" or 'my.api'), and an element may be named in brackets
// (function[my.api], states[0]), so that a name holding a dot can be
// addressed: function."my.api".memory_mb, function[my.api].memory_mb.
func splitKey(key string) ([]string, error) {
	const allowed = `(allowed: parts separated by dots; a part quoted like "my.api", or an element in brackets like function[my.api])`
	var path []string
	for i := 0; ; {
		var part string
		switch {
		case i < len(key) && (key[i] == '"' || key[i] == '\''):
			end := strings.IndexByte(key[i+1:], key[i])
			for key[i] == '"' && end > 0 && key[i+end] == '\\' { // an escaped quote
				next := strings.IndexByte(key[i+end+2:], '"')
				if next < 0 {
					end = -1
					break
				}
				end += next + 1
			}
			if end < 0 {
				return nil, fmt.Errorf("unterminated quote in key %q %s", key, allowed)
			}
			part = key[i+1 : i+1+end]
			if key[i] == '"' {
				u, err := strconv.Unquote(key[i : i+2+end])
				if err != nil {
					return nil, fmt.Errorf("bad quoted part %s in key %q %s", key[i:i+2+end], key, allowed)
				}
				part = u
			}
			i += end + 2
		default:
			j := i + strings.IndexAny(key[i:]+".", ".[")
			part = strings.TrimSpace(key[i:j])
			i = j
		}
		if part == "" {
			return nil, fmt.Errorf("empty part in key %q %s", key, allowed)
		}
		path = append(path, part)
		for i < len(key) && key[i] == '[' {
			end := strings.IndexByte(key[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("unterminated [ in key %q %s", key, allowed)
			}
			name := key[i+1 : i+end]
			if name == "" {
				return nil, fmt.Errorf("empty [] in key %q %s", key, allowed)
			}
			path = append(path, name)
			i += end + 1
		}
		switch {
		case i == len(key):
			return path, nil
		case key[i] != '.':
			return nil, fmt.Errorf("unexpected %q in key %q %s", key[i:i+1], key, allowed)
		}
		i++
	}
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
		case []map[string]any, []any:
			elems, ok := tablesOf(next)
			if !ok {
				return fmt.Errorf("--set %q: %s is an array of values, not of tables: set it whole", s.Text, strings.Join(s.Path[:i+1], "."))
			}
			if i+1 >= len(s.Path)-1 {
				return fmt.Errorf("--set %q: %s is an array of tables: address an element by name, e.g. %s.NAME.KEY or %s[NAME].KEY (an element without a name by its index from 0)", s.Text, k, k, k)
			}
			name := s.Path[i+1]
			idx := -1
			var names []string
			for j, e := range elems {
				n := elementName(e)
				names = append(names, strconv.Quote(n))
				if n == name && idx < 0 {
					idx = j
				}
			}
			if j, err := strconv.Atoi(name); idx < 0 && err == nil && j >= 0 && j < len(elems) {
				idx = j
			}
			if idx < 0 {
				return fmt.Errorf("--set %q: no %s named %q (there are: %s; or an index from 0 to %d)", s.Text, k, name, strings.Join(names, ", "), len(elems)-1)
			}
			cur, ipath = elems[idx], join(ipath, k)+"["+strconv.Itoa(idx)+"]"
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

// tablesOf gives the elements of an array of tables, written with [[ ]]
// headers or inline ([{ … }, { … }]); false when an element is not a table.
func tablesOf(v any) ([]map[string]any, bool) {
	switch x := v.(type) {
	case []map[string]any:
		return x, true
	case []any:
		out := make([]map[string]any, len(x))
		for i, e := range x {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			out[i] = m
		}
		return out, true
	}
	return nil, false
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
