package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A sweep sharded over a real Slurm job array gives, once merged, the
// unsharded sweep's sweep.csv and sweep.json byte for byte: the binary is
// built once, deploy/slurm/sweep.sbatch runs `stampede sweep ... --shard
// auto/3` in each of the array's 3 tasks (I from SLURM_ARRAY_TASK_ID), and
// `stampede merge` joins their directories.
//
// It runs only where sbatch is on PATH and a cluster answers sinfo (start a
// single-node one with deploy/slurm/start.sh DIR, then . DIR/env); it is
// skipped otherwise, and with -short.
func TestSlurmSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the Slurm sweep takes several seconds")
	}
	if _, err := exec.LookPath("sbatch"); err != nil {
		t.Skip("sbatch is not on PATH: no Slurm here (deploy/slurm/start.sh starts a local cluster)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "sinfo", "-h", "-o", "%T").CombinedOutput()
	if err != nil {
		t.Skipf("no Slurm cluster answers sinfo (%v: %s); start one with deploy/slurm/start.sh DIR and . DIR/env",
			err, strings.TrimSpace(string(out)))
	}
	if !strings.Contains(string(out), "idle") && !strings.Contains(string(out), "mix") && !strings.Contains(string(out), "alloc") {
		t.Skipf("the Slurm cluster has no node up (sinfo: %s)", strings.TrimSpace(string(out)))
	}

	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "stampede")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const (
		scenario = "rds-proxy"
		vary     = "--vary function.api.reserved_concurrency=300:900:200 --vary database.orders.proxy.enabled=true,false"
		flags    = "--duration 8m --assert error_rate<1% --pick cheapest --progress never"
	)
	whole := filepath.Join(dir, "whole")
	cmd := exec.Command(bin, append(append(append([]string{"sweep", scenario}, strings.Fields(vary)...), strings.Fields(flags)...), "--out", whole)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the unsharded sweep: %v\n%s", err, out)
	}

	sharded := filepath.Join(dir, "sharded")
	script, _ := filepath.Abs(filepath.Join("..", "..", "deploy", "slurm", "sweep.sbatch"))
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sb := exec.CommandContext(sctx, "sbatch", "--array=0-2", "--wait", "--quiet", "--chdir="+dir,
		"--output="+filepath.Join(dir, "slurm-%A_%a.out"), script)
	sb.Env = append(os.Environ(), "SCENARIO="+scenario, "VARY="+vary, "FLAGS="+flags, "OUT="+sharded, "STAMPEDE="+bin)
	if out, err := sb.CombinedOutput(); err != nil {
		logs, _ := filepath.Glob(filepath.Join(dir, "slurm-*.out"))
		var b bytes.Buffer
		for _, l := range logs {
			c, _ := os.ReadFile(l)
			b.WriteString("---- " + l + "\n" + string(c))
		}
		t.Fatalf("sbatch: %v\n%s\n%s", err, out, b.String())
	}

	shards, _ := filepath.Glob(filepath.Join(sharded, "shards", "*"))
	if len(shards) != 3 {
		t.Fatalf("%d shard directories, want 3: %v", len(shards), shards)
	}
	merged := filepath.Join(dir, "merged")
	if out, err := exec.Command(bin, append(append([]string{"merge"}, shards...), "--out", merged)...).CombinedOutput(); err != nil {
		t.Fatalf("merge: %v\n%s", err, out)
	}
	for _, f := range []string{"sweep.csv", "sweep.json"} {
		a, errA := os.ReadFile(filepath.Join(whole, f))
		b, errB := os.ReadFile(filepath.Join(merged, f))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: the merged Slurm shards differ from the unsharded sweep (%v, %v)", f, errA, errB)
		}
	}
}
