package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 11: bad input gets a clear error, exit 2, before any simulation,
// and no files: flags, --out and --assert are all checked first.
func TestHostileFlags(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	foreign := filepath.Join(dir, "foreign")
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), nil, 0o644)
	vary := []string{"--vary", "function.api.memory_mb=512,1024"}
	for _, tc := range []struct {
		name     string
		args     []string
		inStderr string
	}{
		// --replications 0 is refused (the flag's default, unset, is the scenario's).
		{"replications 0", []string{"run", "steady-api", "--replications", "0"}, "run: --replications 0: allowed: 1 or more"},
		{"compare replications 0", []string{"compare", "steady-api", "spike", "--replications", "0"}, "compare: --replications 0: allowed: 1 or more"},
		// Negative --workers and --buckets.
		{"workers", append([]string{"sweep", "steady-api", "--workers", "-1"}, vary...), "sweep: --workers -1: allowed: 0 (one per CPU) or more"},
		{"buckets", []string{"run", "steady-api", "--buckets", "-5"}, "run: --buckets -5: allowed: 0"},
		// --progress takes three words.
		{"progress", []string{"compare", "steady-api", "spike", "--progress", "sometimes"}, `compare: --progress "sometimes": allowed: auto, always, never`},
		// --out under a file cannot be created: named, before the run.
		{"out under a file", []string{"run", "steady-api", "--out", filepath.Join(file, "out")}, `run: --out "` + filepath.Join(file, "out") + `"`},
		// --out that is a file.
		{"out is a file", append([]string{"sweep", "steady-api", "--out", file}, vary...), "exists and is not a directory"},
		// --out holding other files, which the new set would replace.
		{"out foreign", []string{"compare", "steady-api", "spike", "--out", foreign}, "holds files that are not a stampede output"},
		// merge checks its --out too.
		{"merge out", []string{"merge", dir, "--out", file}, `merge: --out "` + file + `"`},
		// An assertion in the wrong unit, on a sweep, before it runs.
		{"sweep assert unit", append([]string{"sweep", "steady-api", "--assert", "error_rate<300ms"}, vary...), "requests.error_rate is a ratio metric"},
		// An assertion on a function the scenario lacks, on a sweep, before it runs.
		{"sweep assert name", append([]string{"sweep", "steady-api", "--assert", "functions.web.throttles<1"}, vary...), `has no function named "web"`},
		// Inf is not a bound.
		{"assert Inf", []string{"run", "steady-api", "--assert", "p99<+Inf"}, "not a finite number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			if code != exitBadInput || !strings.Contains(stderr, tc.inStderr) || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 2 and %q", code, stdout, stderr, tc.inStderr)
			}
			if got, _ := os.ReadDir(foreign); len(got) != 1 {
				t.Errorf("--out %s was touched: %v", foreign, got)
			}
		})
	}
}

// A scenario name with control characters never reaches the terminal raw:
// it is refused, and the message escapes it. A bad scenario writes no --out.
func TestHostileNames(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "s.toml")
	os.WriteFile(sc, []byte("name = \"x\"\nduration = \"10s\"\n[[function]]\nname = \"a\\u001b[2Jb\"\nduration = \"10ms\"\n[[workload]]\nname = \"w\"\nfunction = \"a\\u001b[2Jb\"\narrivals = { process = \"poisson\", rate = 1 }\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, "run", sc, "--out", out)
	if code != exitBadInput || strings.ContainsRune(stderr, '\x1b') || !strings.Contains(stderr, `s.toml:4:1: function[a\x1b[2Jb].name`) {
		t.Errorf("exit %d, stderr %q: want exit 2, the name escaped", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--out written for a bad scenario: %v", err)
	}
}

// Names with a comma, a quote or a space stay one field of timeseries.csv,
// and a reused --out holds exactly the new run's files.
func TestCSVNamesAndReusedOut(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "s.toml")
	os.WriteFile(sc, []byte("name = \"x\"\nduration = \"2s\"\n[[function]]\nname = 'a,\"b\" c'\nduration = \"10ms\"\n[[workload]]\nname = \"w\"\nfunction = 'a,\"b\" c'\narrivals = { process = \"poisson\", rate = 5 }\n"+
		"[[function]]\nname = \"b\"\nduration = \"10ms\"\n[[workload]]\nname = \"v\"\nfunction = \"b\"\narrivals = { process = \"poisson\", rate = 5 }\n"), 0o644)
	out := filepath.Join(dir, "out")
	os.MkdirAll(filepath.Join(out, "plots"), 0o755)
	os.WriteFile(filepath.Join(out, "summary.json"), []byte("{}"), 0o644)
	os.WriteFile(filepath.Join(out, "plots", "stale.png"), nil, 0o644)
	if code, _, stderr := runCLI(t, "run", sc, "--out", out, "--buckets", "10"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(filepath.Join(out, "timeseries.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll() // every row as long as the header
	if err != nil {
		t.Fatalf("timeseries.csv: %v", err)
	}
	if !strings.Contains(strings.Join(rows[0], "|"), `a,"b" c`) {
		t.Errorf("header %q lacks the function's name as one field", rows[0])
	}
	if _, err := os.Stat(filepath.Join(out, "plots", "stale.png")); !os.IsNotExist(err) {
		t.Errorf("a stale plot of the earlier run survived: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("beside --out: %v, want only s.toml and out", entries)
	}
}

// A scenario one replication of which would pass the memory budget (4,000
// functions at 100,000 buckets: ≈ 3 GiB of time series) is refused before
// any run, in run, compare and sweep alike, with exit 2, the estimate and
// what to change.
func TestHostileTooLarge(t *testing.T) {
	var b strings.Builder
	b.WriteString("name = \"many\"\nduration = \"1m\"\n")
	for i := range 4000 {
		fmt.Fprintf(&b, "[[function]]\nname = \"f%d\"\nduration = \"10ms\"\n", i)
	}
	b.WriteString("[[workload]]\nname = \"w\"\nfunction = \"f0\"\narrivals = { process = \"poisson\", rate = 10 }\n")
	sc := filepath.Join(t.TempDir(), "many.toml")
	os.WriteFile(sc, []byte(b.String()), 0o644)
	const want = `scenario "many": one replication needs an estimated 3.1 GiB, more than the 2 GiB memory budget`
	for _, args := range [][]string{
		{"run", sc, "--buckets", "100000"},
		{"compare", sc, "steady-api", "--buckets", "100000"},
		{"sweep", sc, "--vary", "function.f1.memory_mb=512,1024", "--buckets", "100000"},
	} {
		code, stdout, stderr := runCLI(t, args...)
		if code != exitBadInput || !strings.Contains(stderr, want) || !strings.Contains(stderr, "allowed: fewer functions") || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and %q", args[0], code, stdout, stderr, want)
		}
	}
}
