package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/param"
)

//go:embed builtin/*.toml
var builtinFS embed.FS

// Builtin is a scenario shipped in the binary.
type Builtin struct {
	Name        string
	Description string
}

// Builtins lists the built-in scenarios, sorted by name.
func Builtins() []Builtin {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	var out []Builtin
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".toml")
		sc, err := Load(name, nil)
		desc := ""
		if err == nil {
			desc = sc.Description
		}
		out = append(out, Builtin{Name: name, Description: desc})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func builtinNames() []string {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	return names
}

// Load reads a scenario: ref is a path to a .toml file, or the name of a
// built-in. sets are --set overrides (KEY=VALUE), applied in order. The
// scenario is returned resolved (every default filled in) and valid.
func Load(ref string, sets []string) (*models.Scenario, error) {
	isPath := strings.ContainsRune(ref, '/') || strings.HasSuffix(ref, ".toml")
	if !isPath {
		if data, err := builtinFS.ReadFile("builtin/" + ref + ".toml"); err == nil {
			sc, err := LoadBytes("builtin:"+ref, data, sets)
			if sc != nil {
				sc.Source = "builtin:" + ref
			}
			return sc, err
		}
		if _, err := os.Stat(ref); err != nil {
			return nil, &Error{Problems: []Problem{{Msg: fmt.Sprintf("%q is neither a scenario file nor a built-in scenario (built-ins: %s)",
				ref, strings.Join(builtinNames(), ", "))}}}
		}
	}
	data, err := os.ReadFile(ref)
	if err != nil {
		return nil, &Error{Problems: []Problem{{File: ref, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))}}}
	}
	sc, err := LoadBytes(ref, data, sets)
	if sc != nil {
		sc.Source = ref
	}
	return sc, err
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// LoadBytes parses, overrides, validates and completes a scenario. file
// names the source in messages and anchors relative file names.
func LoadBytes(file string, data []byte, sets []string) (*models.Scenario, error) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, &Error{Problems: []Problem{syntaxProblem(file, err)}}
	}
	d := &decoder{file: file, pos: indexPositions(string(data)), setPaths: map[string]bool{}, ipaths: map[string]string{}}
	if !strings.HasPrefix(file, "builtin:") {
		d.dir = filepath.Dir(file)
	}
	before := statedOf(raw)
	for _, s := range sets {
		set, err := ParseSet(s)
		if err == nil {
			err = set.apply(raw, d.setPaths)
		}
		if err != nil {
			return nil, &Error{Problems: []Problem{{FromSet: true, Msg: err.Error()}}}
		}
	}
	pinMeasured(raw, before, d.setPaths)
	sc := d.root(raw).scenario()
	if len(d.problems) == 0 { // the models' rules need every key well formed
		sc = sc.Resolved()
		var errs param.Errors
		if errors.As(sc.Validate(), &errs) {
			for _, e := range errs {
				d.reportPath(e.Path, e.Value, e.Msg)
			}
		}
	}
	sc.Overrides = append([]string(nil), sets...)
	if len(d.problems) > 0 {
		e := &Error{Problems: d.problems}
		e.sort()
		return nil, e
	}
	return sc, nil
}

func syntaxProblem(file string, err error) Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return Problem{File: file, Line: pe.Position.Line, Col: max(pe.Position.Col, 1),
			Msg: "TOML syntax: " + pe.Message}
	}
	return Problem{File: file, Msg: "TOML: " + err.Error()}
}
