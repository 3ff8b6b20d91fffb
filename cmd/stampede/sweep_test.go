package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A small sweep: 4 points of a short steady-api. Its handler is made all
// waiting (cpu_share = 0), so memory moves the cost and not the time: the
// 128 MB points cost half the 1,024 MB ones, on either side of the
// assertions' $300 a month.
var sweepArgs = []string{"sweep", "steady-api", "--duration", "20s", "--progress", "never",
	"--set", "function.api.cpu_share=0",
	"--vary", "function.api.memory_mb=128,1024", "--vary", "workload.requests.arrivals.rate=50,100"}

func args(extra ...string) []string { return append(append([]string{}, sweepArgs...), extra...) }

// sweep and merge: exit codes and messages of the interface, case by case.
func TestSweepExitCodes(t *testing.T) {
	for _, v := range []string{"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "SLURM_ARRAY_TASK_ID"} {
		t.Setenv(v, "")
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		// No --vary is a usage error.
		{"no vary", []string{"sweep", "steady-api"}, 2, "no --vary"},
		// A bad range names the spec and what is wrong.
		{"zero step", []string{"sweep", "steady-api", "--vary", "function.api.memory_mb=128:1024:0"}, 2, "STEP 0 is zero"},
		// Every bad point is named before anything runs.
		{"bad points", []string{"sweep", "steady-api", "--vary", "function.api.memory_mb=64,128,99999"}, 2, "point 2 (function.api.memory_mb=99999)"},
		// A key the scenario does not have.
		{"bad key", []string{"sweep", "steady-api", "--vary", "function.web.memory_mb=128"}, 2, `no function named "web"`},
		// A bad --pick.
		{"bad pick", args("--pick", "best"), 2, "allowed: cheapest"},
		// A bad --shard.
		{"bad shard", args("--shard", "4/4"), 2, "from 0 to 3"},
		// --shard auto with no array index set.
		{"auto shard unset", args("--shard", "auto/4"), 2, "SLURM_ARRAY_TASK_ID (Slurm job array) is set"},
		// A bad --format.
		{"bad format", args("--format", "xml"), 2, "allowed: text, json, markdown"},
		// No SCENARIO.
		{"no scenario", []string{"sweep", "--vary", "a=1"}, 2, "expected one SCENARIO"},
		// No point ok: exit 1, saying why.
		{"none ok", args("--assert", "p99<1ms"), 1, "no point is ok"},
		// Some point ok: exit 0.
		{"some ok", args("--assert", "cost.monthly_usd<300", "--pick", "cheapest"), 0, ""},
		// A shard exits 0 even when none of its points is ok: that is the merge's to say.
		{"shard none ok", args("--assert", "p99<1ms", "--shard", "1/2", "--out", filepath.Join(dir, "s1")), 0, ""},
		// merge without directories.
		{"merge nothing", []string{"merge"}, 2, "expected the shard directories"},
		// merge with a shard missing names it.
		{"merge missing", []string{"merge", filepath.Join(dir, "s1")}, 2, "shard 0 of 2 is missing"},
		// --help is no error.
		{"help", []string{"sweep", "--help"}, 0, "stampede sweep provisioned"},
		{"merge help", []string{"merge", "--help"}, 0, "stampede merge shards/0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.inStderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, stderr, tc.code, tc.inStderr)
			}
		})
	}
}

// The CLI end to end: a sweep, the same as two shards (one taking its index
// from SLURM_ARRAY_TASK_ID), merged: the same sweep.csv and sweep.json; the
// merge exits 1 like the sweep when no point is ok. --format json prints
// sweep.json; the text names the pick.
func TestSweepShardMergeCLI(t *testing.T) {
	dir := t.TempDir()
	flags := []string{"--assert", "cost.monthly_usd<300", "--pick", "cheapest"}
	code, stdout, stderr := runCLI(t, args(append(flags, "--out", filepath.Join(dir, "whole"), "--format", "json")...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	js, _ := os.ReadFile(filepath.Join(dir, "whole", "sweep.json"))
	if string(js) != stdout {
		t.Error("--format json is not sweep.json")
	}
	for i, shard := range []string{"0/2", "auto/2"} {
		t.Setenv("SLURM_ARRAY_TASK_ID", "1")
		out := filepath.Join(dir, "shards", []string{"0", "1"}[i])
		if code, _, stderr := runCLI(t, args(append(flags, "--shard", shard, "--out", out)...)...); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", shard, code, stderr)
		}
	}
	code, stdout, stderr = runCLI(t, "merge", filepath.Join(dir, "shards", "0"), filepath.Join(dir, "shards", "1"), "--out", filepath.Join(dir, "merged"))
	if code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Cheapest ok point: point 0 (function.api.memory_mb=128 workload.requests.arrivals.rate=50)") {
		t.Errorf("the merge's text does not name the pick:\n%s", stdout)
	}
	for _, f := range []string{"sweep.csv", "sweep.json", "report.html", "best.toml"} {
		a, _ := os.ReadFile(filepath.Join(dir, "whole", f))
		b, err := os.ReadFile(filepath.Join(dir, "merged", f))
		if err != nil || string(a) != string(b) {
			t.Errorf("merged %s differs from the sweep's (%v)", f, err)
		}
	}
	if code, _, _ := runCLI(t, "run", filepath.Join(dir, "merged", "best.toml"), "--duration", "5s"); code != 0 {
		t.Errorf("stampede run best.toml: exit %d", code)
	}

	for i := range 2 {
		out := filepath.Join(dir, "none", []string{"0", "1"}[i])
		runCLI(t, args("--assert", "p99<1ms", "--shard", []string{"0/2", "1/2"}[i], "--out", out)...)
	}
	code, _, stderr = runCLI(t, "merge", filepath.Join(dir, "none", "0"), filepath.Join(dir, "none", "1"))
	if code != 1 || !strings.Contains(stderr, "no point is ok") {
		t.Errorf("merge of shards with no ok point: exit %d, %s", code, stderr)
	}
}
