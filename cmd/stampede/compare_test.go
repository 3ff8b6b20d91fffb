package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// compare's bad input exits 2 before anything runs: nothing on stdout,
// no output directory, and a message naming the problem.
func TestCompareBadInput(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		inStderr string
	}{
		// One scenario is not a comparison.
		{"one scenario", []string{"steady-api"}, "at least two scenarios"},
		// No scenario at all.
		{"none", nil, "at least two scenarios"},
		// A label names a folder: no slashes.
		{"bad label", []string{"a/b=steady-api", "spike"}, `label "a/b"`},
		// LABEL= with nothing after it.
		{"empty scenario", []string{"base=", "spike"}, "no scenario after"},
		// An unknown scenario names the built-ins.
		{"unknown scenario", []string{"steady-api", "no-such-scenario"}, "built-ins: "},
		// Two arguments with one label.
		{"same label", []string{"steady-api", "steady-api"}, `both labelled "steady-api"`},
		// A --set that does not fit one of the scenarios names the key.
		{"set fits one only", []string{"steady-api", "sqs-leveling", "--set", "function.api.memory_mb=2048"}, "api"},
		// A bad --format.
		{"bad format", []string{"steady-api", "spike", "--format", "xml"}, "allowed: text, json, markdown"},
		// compare has no --assert.
		{"assert", []string{"steady-api", "spike", "--assert", "p99<1s"}, "unknown flag: --assert"},
		// Replications out of range, as --set would say.
		{"replications", []string{"steady-api", "spike", "--replications", "5000"}, "replications"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, stdout, stderr := runCLI(t, append(append([]string{"compare"}, tc.args...), "--out", out)...)
			if code != 2 || !strings.Contains(stderr, tc.inStderr) || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 2 and %q", code, stdout, stderr, tc.inStderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("the output directory was created before the input was checked")
			}
		})
	}
}

// --format json prints compare.json, which --out writes with compare.md,
// report.html and a folder of run artefacts per label; labels come from
// LABEL=SCENARIO or the built-in's name; the output does not depend on
// --workers.
func TestCompareOut(t *testing.T) {
	dir := t.TempDir()
	args := []string{"compare", "direct=rds-exhaustion", "rds-proxy", "--duration", "1m", "--replications", "2", "--format", "json"}
	code, stdout, stderr := runCLI(t, append(args, "--out", dir, "--workers", "1")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	file, err := os.ReadFile(filepath.Join(dir, "compare.json"))
	if err != nil || string(file) != stdout {
		t.Fatalf("compare.json differs from stdout (err %v)", err)
	}
	var doc struct {
		Baseline    string                     `json:"baseline"`
		Runs        map[string]json.RawMessage `json:"runs"`
		Differences map[string]map[string]struct {
			Diff *float64 `json:"diff"`
			CI95 *float64 `json:"ci95"`
		} `json:"differences"`
	}
	if err := json.Unmarshal(file, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Baseline != "direct" || doc.Runs["direct"] == nil || doc.Runs["rds-proxy"] == nil {
		t.Fatalf("baseline %q, runs %v", doc.Baseline, len(doc.Runs))
	}
	p99, ok := doc.Differences["rds-proxy"]["latency_ms.p99"]
	if !ok || p99.Diff == nil || p99.CI95 == nil {
		t.Errorf("differences.rds-proxy has no latency_ms.p99 with diff and ci95")
	}
	for _, name := range []string{"compare.md", "report.html", "direct/summary.json", "direct/report.html", "rds-proxy/plots/requests.png"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty (%v)", name, err)
		}
	}
	_, again, _ := runCLI(t, append(args, "--workers", "3")...)
	if again != stdout {
		t.Error("--workers changed compare.json")
	}
}

// The text output: one column per scenario, the differences with their
// intervals, the default replications said, and a verdict per scenario.
func TestCompareTextOutput(t *testing.T) {
	code, stdout, stderr := runCLI(t, "compare", "rds-exhaustion", "rds-proxy", "--duration", "6m")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"rds-exhaustion (baseline) against rds-proxy",
		"5 replications: compare's default",
		"Difference to rds-exhaustion (paired over 5 replications",
		"failed: db_connection_refused",
		"Verdict against rds-exhaustion",
		"rds-proxy: removes throttled",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the output lacks %q:\n%s", want, stdout)
		}
	}
	code, md, _ := runCLI(t, "compare", "rds-exhaustion", "rds-proxy", "--duration", "1m", "--replications", "1", "--format", "markdown")
	if code != 0 || !strings.Contains(md, "| metric | rds-exhaustion | rds-proxy |") || !strings.Contains(md, "1 replication: no confidence intervals") {
		t.Errorf("markdown with one replication:\n%s", md)
	}
}
