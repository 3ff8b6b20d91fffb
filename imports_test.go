package stampede_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/stampede-sim/stampede"

// Imports flow one way: cmd → stampede → plots, scenarios → models → sim.
// Each rule names a package tree and the trees it must not import.
func TestImportRules(t *testing.T) {
	rules := []struct {
		tree      string
		forbidden []string
	}{
		// The engine knows no AWS and nothing above it.
		{"sim", []string{"models", "scenarios", "plots", "cmd", "."}},
		// Models never import the file format, the plots or the front door.
		{"models", []string{"scenarios", "plots", "cmd", "."}},
		// The file format maps onto the models; it draws nothing.
		{"scenarios", []string{"plots", "cmd", "."}},
		// Plots read results; they do not load scenarios.
		{"plots", []string{"scenarios", "cmd", "."}},
		// The command line is a thin layer over the front door.
		{"cmd", []string{"models", "scenarios", "plots", "sim"}},
	}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, r := range rules {
			if !under(filepath.ToSlash(path), r.tree) {
				continue
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if !strings.HasPrefix(p, module) {
					continue
				}
				rel := strings.TrimPrefix(strings.TrimPrefix(p, module), "/")
				for _, bad := range r.forbidden {
					if (bad == "." && rel == "") || (bad != "." && under(rel, bad)) {
						t.Errorf("%s imports %s: %s must not import %s", path, p, r.tree, bad)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func under(path, tree string) bool { return path == tree || strings.HasPrefix(path, tree+"/") }
