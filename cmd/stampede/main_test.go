package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stampede-sim/stampede"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// Exit codes and messages of the public interface, case by case.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("name = \"x\"\nduration = \"1m\"\n[[function]]\nname = \"api\"\nmemory_mb = 20000\nduration = \"10ms\"\n[[workload]]\nname = \"w\"\nfunction = \"api\"\narrivals = { process = \"poisson\", rate = 1 }\n"), 0o644)
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		// No command at all is a usage error.
		{"no command", nil, 2, "no command"},
		// An unknown command is a usage error.
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		// An unknown built-in names the built-ins.
		{"unknown scenario", []string{"run", "no-such-scenario"}, 2, "steady-api"},
		// A bad value names file, line, key path, value and what is allowed.
		{"bad value", []string{"validate", bad}, 2, "bad.toml:5:1: function[api].memory_mb"},
		// A bad --set names the key.
		{"bad set", []string{"run", "steady-api", "--set", "function.nope.memory_mb=1"}, 2, "nope"},
		// A bad flag.
		{"bad flag", []string{"run", "steady-api", "--frobnicate"}, 2, "unknown flag"},
		// A bad --format.
		{"bad format", []string{"run", "steady-api", "--format", "xml"}, 2, "allowed: text, json, markdown"},
		// A bad --assert expression.
		{"bad assert", []string{"run", "steady-api", "--assert", "p99~3"}, 2, "KEY OP VALUE"},
		// An assertion on a path that is not a metric of summary.json fails before the run.
		{"assert unknown path", []string{"run", "steady-api", "--duration", "10s", "--assert", "nope.x<1"}, 2, "not a metric of summary.json"},
		// A value in the wrong unit names the metric's unit.
		{"assert unit", []string{"run", "steady-api", "--assert", "error_rate<300ms"}, 2, "requests.error_rate is a ratio metric (unit ratio)"},
		// NaN is not a bound.
		{"assert NaN", []string{"run", "steady-api", "--assert", "p99<NaN"}, 2, "not a finite number"},
		// A function the scenario does not have, before the run.
		{"assert unknown function", []string{"run", "steady-api", "--assert", "functions.web.cold_start_fraction<1%"}, 2, `has no function named "web"`},
		// A failed assertion exits 1.
		{"assert fails", []string{"run", "steady-api", "--duration", "10s", "--assert", "p99<0.001ms"}, 1, "FAILED"},
		// A passing assertion exits 0.
		{"assert passes", []string{"run", "steady-api", "--duration", "10s", "--assert", "error_rate<=100%"}, 0, "ok"},
		// compare checks its scenarios before it runs (more in compare_test.go).
		{"compare", []string{"compare", "a", "b"}, 2, `"a" is neither a scenario file nor a built-in`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.inStderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, stderr, tc.code, tc.inStderr)
			}
		})
	}
}

// --format json prints exactly summary.json, and --out writes the artefacts.
func TestRunWritesArtefacts(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "run", "steady-api", "--duration", "1m", "--format", "json", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	file, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil || string(file) != stdout {
		t.Fatalf("summary.json differs from stdout (err %v)", err)
	}
	var s map[string]any
	if err := json.Unmarshal(file, &s); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"summary.md", "timeseries.csv", "latency.hgrm", "report.html", "plots/requests.png", "plots/requests.svg", "plots/latency_cdf.png"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty (%v)", name, err)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	inPlots, _ := filepath.Glob(filepath.Join(dir, "plots", ".*"))
	left = append(left, inPlots...)
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// The text summary of a short built-in run, against a golden file.
func TestTextGolden(t *testing.T) {
	code, stdout, stderr := runCLI(t, "run", "steady-api", "--duration", "2m")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden := filepath.Join("testdata", "steady-api-2m.txt")
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, []byte(stdout), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if stdout != string(want) {
		t.Errorf("text summary differs from %s (run with -update if intended):\n%s", golden, stdout)
	}
}

// `stampede scenarios` lists every built-in with a description, wrapped
// to 100 columns.
func TestScenariosList(t *testing.T) {
	code, stdout, _ := runCLI(t, "scenarios")
	for _, name := range []string{"steady-api", "spike", "cold-start-runtimes", "provisioned"} {
		if code != 0 || !strings.Contains(stdout, name) {
			t.Errorf("scenarios output lacks %s:\n%s", name, stdout)
		}
	}
	for _, l := range strings.Split(stdout, "\n") {
		if n := utf8.RuneCountInString(l); n > descriptionWidth {
			t.Errorf("a line of %d characters, want at most %d: %q", n, descriptionWidth, l)
		}
	}
}

// wrap breaks at spaces within the width; a longer word keeps its own line.
func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width int
		want  []string
	}{
		{"", 10, []string{""}},                                      // nothing: one empty line
		{"a b c", 10, []string{"a b c"}},                            // fits
		{"aaa bbb ccc", 7, []string{"aaa bbb", "ccc"}},              // breaks at the last space that fits
		{"a verylongword b", 5, []string{"a", "verylongword", "b"}}, // a long word alone
		{"  spaced   out  ", 20, []string{"spaced out"}},            // runs of spaces collapse
		{"é é é é", 3, []string{"é é", "é é"}},                      // width in characters, not bytes
	} {
		if got := wrap(tc.text, tc.width); !slices.Equal(got, tc.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}

// --version prints the version summary.json records, and an unknown
// command's error comes alone, naming the commands, without the usage.
func TestVersionAndUnknownCommand(t *testing.T) {
	for _, arg := range []string{"--version", "version"} {
		code, stdout, _ := runCLI(t, arg)
		if code != 0 || !strings.HasPrefix(stdout, "stampede "+stampede.Version) {
			t.Errorf("%s: exit %d, %q", arg, code, stdout)
		}
	}
	code, stdout, stderr := runCLI(t, "frobnicate")
	if code != 2 || stdout != "" || !strings.HasPrefix(stderr, `stampede: unknown command "frobnicate"`) ||
		strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "run, validate") {
		t.Errorf("exit %d, stderr %q: want one line naming the commands", code, stderr)
	}
}

// The progress line says how far, which replication, the simulated clock,
// the time spent and what is left.
func TestStatusText(t *testing.T) {
	for _, tc := range []struct {
		st   stampede.RunStatus
		want string
	}{
		// One replication: no replication count; under a second left: none.
		{stampede.RunStatus{Done: 0.5, Replication: 1, Replications: 1, SimulatedS: 900, DurationS: 1800, Elapsed: 1234 * time.Millisecond, Remaining: 500 * time.Millisecond},
			"simulating…  50% · 15m00s of 30m00s simulated · 1.2s elapsed"},
		// Replications, hours and days of simulated time, time left.
		{stampede.RunStatus{Done: 0.456, Replication: 3, Replications: 10, SimulatedS: 7501, DurationS: 3 * 86400, Elapsed: 12 * time.Second, Remaining: 15 * time.Second},
			"simulating…  45% · replication 3/10 · 2h05m01s of 3d00h00m simulated · 12s elapsed · 15s left"},
		// Seconds only.
		{stampede.RunStatus{Done: 1, Replication: 1, Replications: 1, SimulatedS: 45, DurationS: 45},
			"simulating… 100% · 45s of 45s simulated · 0s elapsed"},
	} {
		if got := statusText(tc.st); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

// calibrate prints a scenario that runs, from REPORT lines; bad input is
// refused with exit 2.
func TestCalibrateCLI(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 200 {
		fmt.Fprintf(&b, "2026-11-27T10:%02d:%02d.000Z REPORT RequestId: r%d\tDuration: %d.5 ms\tBilled Duration: %d ms\tMemory Size: 256 MB\tMax Memory Used: 64 MB\n",
			i/60, i%60, i, 20+i%37, 21+i%37)
	}
	logs := filepath.Join(dir, "report-lines.txt")
	os.WriteFile(logs, []byte(b.String()), 0o644)
	code, stdout, stderr := runCLI(t, "calibrate", logs, "--name", "api")
	if code != 0 || !strings.Contains(stdout, "memory_mb = 256") || !strings.Contains(stderr, "calibrated from 200 REPORT lines") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	scenario := filepath.Join(dir, "api.toml")
	os.WriteFile(scenario, []byte(stdout), 0o644)
	if code, out, errOut := runCLI(t, "run", scenario); code != 0 || !strings.Contains(out, "stampede · api") {
		t.Errorf("the calibrated scenario: exit %d\n%s%s", code, out, errOut)
	}
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, []byte("START RequestId: x Version: $LATEST\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate"}, "expected one or more LOGS"},                       // nothing to read
		{[]string{"calibrate", filepath.Join(dir, "missing.txt")}, "no such file"}, // a missing file
		{[]string{"calibrate", empty}, "no REPORT lines found"},                    // no REPORT line
		{[]string{"calibrate", logs, "--rate", "0"}, "--rate 0"},                   // a rate of nothing
	} {
		if code, _, errOut := runCLI(t, tc.args...); code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// import-azure prints a scenario replaying an Azure 2019 folder that runs;
// a missing folder exits 2 naming it.
func TestImportAzureCLI(t *testing.T) {
	dir, _ := filepath.Abs("../../scenarios/builtin-data/azure2019-100-functions-8h")
	code, stdout, stderr := runCLI(t, "import-azure", dir, "--top", "3", "--duration", "30m")
	if code != 0 || strings.Count(stdout, "[[function]]") != 3 || !strings.Contains(stdout, `format = "azure-2019"`) {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	path := filepath.Join(t.TempDir(), "azure.toml")
	os.WriteFile(path, []byte(stdout), 0o644)
	if code, out, errOut := runCLI(t, "run", path); code != 0 || !strings.Contains(out, "azure-2019") {
		t.Errorf("the imported scenario: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "import-azure", filepath.Join(t.TempDir(), "none")); code != 2 || !strings.Contains(errOut, "invocations.csv") {
		t.Errorf("a missing folder: exit %d, %q", code, errOut)
	}
}
