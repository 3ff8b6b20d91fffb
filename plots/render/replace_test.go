package render

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// ReplaceDir switches a complete set into place: an earlier set is gone
// whole, a failed write leaves the earlier set as it was, and no temporary
// directory is left beside it.
func TestReplaceDir(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	write := func(files ...string) func(string) error {
		return func(tmp string) error {
			for _, f := range files {
				if err := os.WriteFile(filepath.Join(tmp, f), []byte(f), 0o644); err != nil {
					return err
				}
			}
			return nil
		}
	}
	for _, tc := range []struct {
		name  string
		write func(string) error
		want  []string // dir's files afterwards
		fails bool
	}{
		// A new directory gets the set.
		{"new", write("summary.json", "stale.png"), []string{"stale.png", "summary.json"}, false},
		// A second run replaces the first whole: no stale file of it survives.
		{"replace", write("summary.json", "report.html"), []string{"report.html", "summary.json"}, false},
		// A write that fails halfway leaves the earlier set untouched.
		{"failed write", func(tmp string) error {
			os.WriteFile(filepath.Join(tmp, "summary.json"), nil, 0o644)
			return errors.New("disk full")
		}, []string{"report.html", "summary.json"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ReplaceDir(dir, tc.write)
			if (err != nil) != tc.fails {
				t.Fatalf("err = %v, want failure %v", err, tc.fails)
			}
			if got := names(t, dir); !slices.Equal(got, tc.want) {
				t.Errorf("files %v, want %v", got, tc.want)
			}
			if got := names(t, parent); !slices.Equal(got, []string{"out"}) {
				t.Errorf("beside it: %v, want only out", got)
			}
		})
	}
}

// CheckDir refuses, before any run, what could not or must not be replaced.
func TestCheckDir(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "file")
	os.WriteFile(file, nil, 0o644)
	foreign := filepath.Join(parent, "foreign")
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), nil, 0o644)
	earlier := filepath.Join(parent, "earlier")
	os.Mkdir(earlier, 0o755)
	os.WriteFile(filepath.Join(earlier, "sweep.json"), nil, 0o644)
	wd, _ := os.Getwd()
	for _, tc := range []struct {
		name string
		dir  string
		ok   bool
	}{
		// A missing directory, even under missing parents, is fine.
		{"missing", filepath.Join(parent, "a", "b"), true},
		// An earlier output is replaced.
		{"earlier output", earlier, true},
		// An empty directory.
		{"empty", t.TempDir(), true},
		// A file is not a directory.
		{"file", file, false},
		// A directory of other files would lose them.
		{"foreign", foreign, false},
		// Under a file: cannot be created.
		{"under a file", filepath.Join(file, "out"), false},
		// The working directory, or one holding it.
		{"working directory", wd, false},
		{"parent of the working directory", filepath.Dir(wd), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := CheckDir(tc.dir); (err == nil) != tc.ok {
				t.Errorf("CheckDir(%s) = %v, want ok %v", tc.dir, err, tc.ok)
			}
		})
	}
}
