package scenarios

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
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

// apply writes the value into the parsed document. Elements of arrays of
// tables are addressed by name. The index path written is recorded so that
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
				n, _ := e["name"].(string)
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
