package stampede_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede"
	"github.com/stampede-sim/stampede/scenarios"
)

// testSweep is a small sweep of 6 points (3 memory sizes × 2 rates) on a
// short steady-api, with a cost bound that some points miss, and a pick.
func testSweep(shard stampede.Shard, extra ...string) stampede.Sweep {
	return stampede.Sweep{
		Scenario:  "steady-api",
		Overrides: append([]string{"duration=30s"}, extra...),
		Vary:      []string{"function.api.memory_mb=128,512,1024", "workload.requests.arrivals.rate=50:100:50"},
		Assert:    []string{"cost.monthly_usd<500"},
		Pick:      stampede.PickCheapest,
		Shard:     shard,
	}
}

func runSweep(t *testing.T, sw stampede.Sweep, workers int) *stampede.SweepResult {
	t.Helper()
	res, err := stampede.RunSweep(context.Background(), sw, stampede.SweepOptions{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func writeSweep(t *testing.T, dir string, res *stampede.SweepResult) string {
	t.Helper()
	if err := stampede.WriteSweep(dir, res); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeShards runs every shard of n of sw into dir/0, dir/1, …
func writeShards(t *testing.T, dir string, n int, extra ...string) []string {
	t.Helper()
	var dirs []string
	for i := range n {
		res := runSweep(t, testSweep(stampede.Shard{Index: i, Count: n}, extra...), 2)
		dirs = append(dirs, writeSweep(t, filepath.Join(dir, strconv.Itoa(i)), res))
	}
	return dirs
}

// Merging the shards writes what the whole sweep writes, byte for byte:
// sweep.csv, sweep.json, report.html and best.toml, for 1, 3 and 4 shards
// and for more shards than points (some shards empty).
func TestMergeIsTheWholeSweep(t *testing.T) {
	root := t.TempDir()
	whole := writeSweep(t, filepath.Join(root, "whole"), runSweep(t, testSweep(stampede.Shard{}), 3))
	if _, err := os.Stat(filepath.Join(whole, stampede.SweepShardFile)); err == nil {
		t.Error("a whole sweep wrote shard.json")
	}
	for _, n := range []int{1, 3, 4, 8} {
		dirs := writeShards(t, filepath.Join(root, "shards"+strconv.Itoa(n)), n)
		for _, d := range dirs {
			if _, err := os.Stat(filepath.Join(d, stampede.SweepShardFile)); err != nil {
				t.Errorf("%d shards: %v", n, err)
			}
		}
		res, err := stampede.MergeSweep(dirs)
		if err != nil {
			t.Fatalf("%d shards: %v", n, err)
		}
		merged := writeSweep(t, filepath.Join(root, "merged"+strconv.Itoa(n)), res)
		for _, f := range []string{stampede.SweepCSVFile, stampede.SweepJSONFile, stampede.SweepReportFile, stampede.SweepBestFile} {
			a, errA := os.ReadFile(filepath.Join(whole, f))
			b, errB := os.ReadFile(filepath.Join(merged, f))
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				t.Errorf("%d shards: merged %s differs from the whole sweep's (%v, %v)", n, f, errA, errB)
			}
		}
		if _, err := os.Stat(filepath.Join(merged, stampede.SweepShardFile)); err == nil {
			t.Errorf("%d shards: the merge wrote shard.json", n)
		}
	}
}

// The same sweep on 1 and 4 workers, with replications, is byte-identical;
// and each point's summary is exactly what `run` gives for the point's
// scenario (the base with the point's values as --set).
func TestSweepDeterministic(t *testing.T) {
	sw := testSweep(stampede.Shard{}, "replications=2")
	one := runSweep(t, sw, 1)
	four := runSweep(t, sw, 4)
	a, _ := one.JSON()
	b, _ := four.JSON()
	if !bytes.Equal(a, b) || !bytes.Equal(one.CSV(), four.CSV()) {
		t.Fatal("sweep.json or sweep.csv depends on the workers")
	}
	for _, p := range []int{0, 5} {
		pt := one.Points[p]
		sc, err := stampede.Load(sw.Scenario, append(append([]string{}, sw.Overrides...), pt.Overrides()...)...)
		if err != nil {
			t.Fatal(err)
		}
		r, err := stampede.Run(context.Background(), sc, stampede.Options{})
		if err != nil {
			t.Fatal(err)
		}
		js, _ := r.SummaryJSON()
		if !bytes.Equal(js, pt.Summary) {
			t.Errorf("%s: its summary differs from run's", pt.Point)
		}
	}
}

// ok marks the points whose assertions hold (on the means, with
// replications); the pick is the cheapest ok point.
func TestSweepOKAndPick(t *testing.T) {
	res := runSweep(t, testSweep(stampede.Shard{}, "replications=2"), 0)
	if len(res.Points) != 6 {
		t.Fatalf("%d points, want 6", len(res.Points))
	}
	cheapest, nOK := -1, 0
	for i, p := range res.Points {
		cost, ok := p.Value("cost.monthly_usd")
		if !ok || len(p.Checks) != 1 {
			t.Fatalf("%s: no cost or checks %v", p.Point, p.Checks)
		}
		c := p.Checks[0]
		if c.Actual != cost || c.Path != "cost.monthly_usd" {
			t.Errorf("%s: checked %s = %g, the mean in summary.json is %g", p.Point, c.Path, c.Actual, cost)
		}
		if p.OK != (cost < 500) || c.OK != p.OK {
			t.Errorf("%s: ok %v with cost %g < 500", p.Point, p.OK, cost)
		}
		if p.OK {
			nOK++
			if cheapest < 0 || cost < mustValue(res.Points[cheapest], "cost.monthly_usd") {
				cheapest = i
			}
		}
	}
	if nOK == 0 || nOK == 6 {
		t.Fatalf("%d ok points: the test wants some of each", nOK)
	}
	if res.Pick != cheapest || res.OKPoints() != nOK {
		t.Errorf("picked %d of %d ok, want %d", res.Pick, res.OKPoints(), cheapest)
	}
	if !strings.Contains(string(res.Text()), "on the means of 2 replications") {
		t.Error("the text does not say the assertions are on the means")
	}
}

func mustValue(p stampede.PointResult, path string) float64 {
	v, _ := p.Value(path)
	return v
}

// Points that cost the same: the earlier is picked. Without --assert every
// point is ok; without --pick none is picked.
func TestSweepPickTies(t *testing.T) {
	sw := stampede.Sweep{Scenario: "steady-api", Overrides: []string{"duration=20s"},
		Vary: []string{"description=b,a,c"}, Pick: stampede.PickCheapest}
	res := runSweep(t, sw, 3)
	if res.OKPoints() != 3 || res.Pick != 0 {
		t.Errorf("%d ok, picked %d; want 3 and the first of equals", res.OKPoints(), res.Pick)
	}
	sw.Pick = ""
	if res := runSweep(t, sw, 3); res.Pick != -1 || res.BestTOML() != nil {
		t.Errorf("picked %d without --pick", res.Pick)
	}
}

// best.toml is the picked point's scenario: loaded and run, it gives the
// point's summary (but for the --set list, which it no longer needs).
func TestBestTOMLRoundTrip(t *testing.T) {
	res := runSweep(t, testSweep(stampede.Shard{}), 2)
	p := res.Picked()
	if p == nil {
		t.Fatal("nothing picked")
	}
	dir := writeSweep(t, t.TempDir(), res)
	path := filepath.Join(dir, stampede.SweepBestFile)
	sc, err := stampede.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := stampede.Run(context.Background(), sc, stampede.Options{})
	if err != nil {
		t.Fatal(err)
	}
	js, _ := r.SummaryJSON()
	var got, want map[string]any
	json.Unmarshal(js, &got)
	json.Unmarshal(p.Summary, &want)
	delete(got, "overrides")
	delete(want, "overrides")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("best.toml runs to a different summary than %s", p.Point)
	}
}

// Every bad point is named, with its index and values, before anything
// runs; so are bad --assert, --pick and a bad base scenario.
func TestPlanSweepRejects(t *testing.T) {
	sw := testSweep(stampede.Shard{})
	sw.Vary = []string{"function.api.memory_mb=64,1024,20000"}
	_, err := stampede.PlanSweep(sw)
	var se *stampede.SweepError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *SweepError", err)
	}
	msg := err.Error()
	for _, want := range []string{"2 of 3 points are invalid", "point 0 (function.api.memory_mb=64): ", "point 2 (function.api.memory_mb=20000): ", "out of range"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "point 1 ") {
		t.Errorf("a good point is named:\n%s", msg)
	}

	for _, tc := range []struct {
		edit func(*stampede.Sweep)
		want string
	}{
		{func(s *stampede.Sweep) { s.Vary = []string{"function.nope.memory_mb=512"} }, `no function named "nope"`},
		{func(s *stampede.Sweep) { s.Assert = []string{"p99~3"} }, "KEY OP VALUE"},
		{func(s *stampede.Sweep) { s.Assert = []string{"functions.web.throttles<1"} }, `has no function named "web"`},
		{func(s *stampede.Sweep) { s.Pick = "fastest" }, `--pick "fastest": allowed: cheapest`},
		{func(s *stampede.Sweep) { s.Vary = nil }, "no --vary"},
		{func(s *stampede.Sweep) { s.Shard = stampede.Shard{Index: 3, Count: 3} }, "0 ≤ I < N"},
	} {
		sw := testSweep(stampede.Shard{})
		tc.edit(&sw)
		if _, err := stampede.PlanSweep(sw); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
	sw = testSweep(stampede.Shard{}, "function.api.memory_mb=1")
	var serr *scenarios.Error
	if _, err := stampede.PlanSweep(sw); !errors.As(err, &serr) {
		t.Errorf("a bad base --set: got %v, want a *scenarios.Error", err)
	}
}

// A cancelled sweep returns what it ran, marked partial, with the
// context's error.
func TestSweepCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := stampede.SweepOptions{Workers: 1, Progress: func(p stampede.SweepProgress) {
		if p.Done >= 2 {
			cancel()
		}
	}}
	res, err := stampede.RunSweep(ctx, testSweep(stampede.Shard{}), opts)
	if !errors.Is(err, context.Canceled) || res == nil || !res.Partial {
		t.Fatalf("got %v; want a partial result and context.Canceled", err)
	}
	if n := len(res.Points); n < 2 || n >= 6 {
		t.Errorf("%d points, want the 2 done and at most the one under way", n)
	}
	js, _ := res.JSON()
	if !bytes.Contains(js, []byte(`"partial": true`)) {
		t.Error("sweep.json does not say partial")
	}
}

// Progress counts points done out of the total, and reaches the end.
func TestSweepProgress(t *testing.T) {
	var last stampede.SweepProgress
	opts := stampede.SweepOptions{Workers: 2, Progress: func(p stampede.SweepProgress) { last = p }}
	if _, err := stampede.RunSweep(context.Background(), testSweep(stampede.Shard{Index: 1, Count: 2}), opts); err != nil {
		t.Fatal(err)
	}
	if last.Done != 3 || last.Total != 3 || last.Fraction != 1 {
		t.Errorf("last progress %+v, want 3 of 3 points and all the work", last)
	}
}

// copyDir copies the files of a shard directory.
func copyDir(t *testing.T, from, to string) string {
	t.Helper()
	os.MkdirAll(to, 0o755)
	entries, _ := os.ReadDir(from)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(from, e.Name()))
		os.WriteFile(filepath.Join(to, e.Name()), b, 0o644)
	}
	return to
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s lacks %q (%v)", path, old, err)
	}
	os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
}

// Every way a set of directories can fail to be one sweep's shards is
// named: missing, repeated, foreign (and how), unfinished, damaged.
func TestMergeErrors(t *testing.T) {
	root := t.TempDir()
	dirs := writeShards(t, filepath.Join(root, "a"), 3)
	s0, s1, s2 := dirs[0], dirs[1], dirs[2]
	otherVary := writeSweep(t, filepath.Join(root, "vary"), runSweep(t, func() stampede.Sweep {
		s := testSweep(stampede.Shard{Index: 1, Count: 3})
		s.Vary[0] = "function.api.memory_mb=128,256"
		return s
	}(), 0))
	otherSeed := writeShards(t, filepath.Join(root, "seed"), 3, "seed=2")[2]
	otherN := writeShards(t, filepath.Join(root, "n4"), 4)[1]
	whole := writeSweep(t, filepath.Join(root, "whole"), runSweep(t, testSweep(stampede.Shard{}), 0))
	empty := filepath.Join(root, "empty")
	os.MkdirAll(empty, 0o755)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	partialRes, _ := stampede.RunSweep(ctx, testSweep(stampede.Shard{Index: 2, Count: 3}), stampede.SweepOptions{})
	partial := writeSweep(t, filepath.Join(root, "partial"), partialRes)

	edited := copyDir(t, s1, filepath.Join(root, "edited"))
	edit(t, filepath.Join(edited, "sweep.json"), `"cost.monthly_usd<500"`, `"cost.monthly_usd<501"`)
	mixed := copyDir(t, s1, filepath.Join(root, "mixed"))
	copyDir(t, otherVary, mixed+"-tmp")
	b, _ := os.ReadFile(filepath.Join(mixed+"-tmp", "shard.json"))
	os.WriteFile(filepath.Join(mixed, "shard.json"), b, 0o644)
	renumbered := copyDir(t, s1, filepath.Join(root, "renumbered"))
	edit(t, filepath.Join(renumbered, "shard.json"), `"shard": 1`, `"shard": 2`)

	// The pick is in one of the shards; without its best.toml the merge
	// cannot write one.
	res, err := stampede.MergeSweep(dirs)
	if err != nil {
		t.Fatal(err)
	}
	pickShard := dirs[res.Picked().Index%3]
	noBest := copyDir(t, pickShard, filepath.Join(root, "nobest"))
	os.Remove(filepath.Join(noBest, stampede.SweepBestFile))
	withoutBest := slicesReplace(dirs, pickShard, noBest)

	for _, tc := range []struct {
		name string
		dirs []string
		want []string
	}{
		{"nothing", nil, []string{"no shard directories"}},
		{"missing", []string{s0, s2}, []string{"shard 1 of 3 is missing: run it (--shard 1/3)"}},
		{"two missing", []string{s1}, []string{"shards 0, 2 of 3 are missing"}},
		{"repeated", []string{s0, s1, s2, copyDir(t, s1, filepath.Join(root, "again"))}, []string{"shard 1 of 3 is repeated: " + s1 + ", " + filepath.Join(root, "again")}},
		{"foreign grid", []string{s0, otherVary, s2}, []string{otherVary + ": not a shard of this sweep", `its --vary is "function.api.memory_mb=128,256"`, "shard 1 of 3 is missing"}},
		{"foreign scenario", []string{s0, s1, otherSeed}, []string{otherSeed + ": not a shard", `its --set is "duration=30s" "seed=2", the others' "duration=30s"`, `its base scenario differs: line 3 is "seed = 2" where the others have "seed = 1"`}},
		{"other N", []string{s0, s1, s2, otherN}, []string{otherN + ": not a shard of this sweep", "it is shard 1 of 4, the others are shards of 3"}},
		{"unsharded", []string{whole}, []string{whole + ": an unsharded sweep (no shard.json)"}},
		{"not a shard", []string{empty}, []string{empty + ": not a sweep shard: no shard.json"}},
		{"no such directory", []string{filepath.Join(root, "nope")}, []string{"nope: no such file or directory"}},
		{"partial", []string{s0, s1, partial}, []string{partial + ": shard 2 of 3 was stopped before it finished (partial): run it again (--shard 2/3)"}},
		{"edited", []string{s0, edited, s2}, []string{edited + ": sweep.json does not match its own identity"}},
		{"two sweeps in a directory", []string{s0, mixed, s2}, []string{mixed + ": shard.json is of sweep", "files of two sweeps in one directory"}},
		{"renumbered", []string{s0, renumbered}, []string{renumbered + ": shard 2 of 3 should hold points 2, 5; sweep.json holds 1, 4"}},
		{"no best.toml", withoutBest, []string{noBest + ": holds the pick", "but no best.toml"}},
	} {
		_, err := stampede.MergeSweep(tc.dirs)
		var me *stampede.MergeError
		if !errors.As(err, &me) {
			t.Errorf("%s: got %v, want a *MergeError", tc.name, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: message lacks %q:\n%v", tc.name, w, err)
			}
		}
	}
}

func slicesReplace(xs []string, old, new string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x
		if x == old {
			out[i] = new
		}
	}
	return out
}

// sweep.csv: `point`, the varied keys, `ok`, then the same metric columns
// for every point, from the registry; with a proxy in some points only,
// the others leave its columns empty.
func TestSweepCSV(t *testing.T) {
	sw := stampede.Sweep{Scenario: "rds-proxy", Overrides: []string{"duration=20s"},
		Vary: []string{"database.orders.proxy.enabled=true,false"}}
	res := runSweep(t, sw, 2)
	lines := strings.Split(strings.TrimSpace(string(res.CSV())), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines", len(lines))
	}
	header := strings.Split(lines[0], ",")
	if strings.Join(header[:6], ",") != "point,database.orders.proxy.enabled,ok,duration_s,warmup_s,requests.total" {
		t.Errorf("header starts %v", header[:6])
	}
	col := -1
	for i, h := range header {
		if h == "databases.orders.proxy.borrows" {
			col = i
		}
	}
	rows := [][]string{strings.Split(lines[1], ","), strings.Split(lines[2], ",")}
	if col < 0 || len(rows[0]) != len(header) || len(rows[1]) != len(header) {
		t.Fatalf("no proxy column, or rows of %d and %d cells for %d columns", len(rows[0]), len(rows[1]), len(header))
	}
	if rows[0][col] == "" || rows[1][col] != "" {
		t.Errorf("proxy borrows %q with the proxy, %q without; want a number and empty", rows[0][col], rows[1][col])
	}
}
