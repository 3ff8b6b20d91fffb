package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io"
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

// builtinData holds the files built-in scenarios name as "builtin:PATH"
// (traces), under builtin-data/.
//
//go:embed builtin-data
var builtinData embed.FS

// builtinFile is the file system of "builtin:" paths.
func builtinFile() fs.FS {
	sub, _ := fs.Sub(builtinData, "builtin-data") // a directory embedded above
	return sub
}

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
	data, err := readScenario(ref)
	if err != nil {
		return nil, &Error{Problems: []Problem{{File: ref, Msg: err.Error()}}}
	}
	sc, err := LoadBytes(ref, data, sets)
	if sc != nil {
		sc.Source = ref
	}
	return sc, err
}

// MaxFileBytes bounds a scenario file: real ones are a few kilobytes, and
// reading stops here so that /dev/zero or a runaway generator cannot
// exhaust memory before the parser even starts.
const MaxFileBytes = 16 << 20

// readScenario reads file, at most MaxFileBytes of it. Directories and
// devices are refused before any read (a device may never end); pipes are
// read, within the limit, so that `<(generate)` works.
func readScenario(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	switch m := fi.Mode(); {
	case m.IsDir():
		return nil, errors.New("cannot read: is a directory, not a scenario file")
	case m&(fs.ModeDevice|fs.ModeCharDevice|fs.ModeSocket) != 0:
		return nil, errors.New("cannot read: not a regular file (a device or socket)")
	case m.IsRegular() && fi.Size() > MaxFileBytes:
		return nil, fmt.Errorf("too large: %d bytes, the limit is %d (16 MiB)", fi.Size(), MaxFileBytes)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("too large: more than %d bytes (16 MiB), the limit", MaxFileBytes)
	}
	return data, nil
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
	if p, ok := tooDeep(file, data); ok {
		return nil, &Error{Problems: []Problem{p}}
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, &Error{Problems: []Problem{lineOf(syntaxProblem(file, err), err, data)}}
	}
	d := &decoder{file: file, text: string(data), setPaths: map[string]bool{}, ipaths: map[string]string{}}
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
