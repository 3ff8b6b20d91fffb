package stampede_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede"
)

// --vary values, case by case: ranges of integers, decimals and durations
// (exact arithmetic, STOP included when it lands on a step), lists of any
// --set value, and every kind of bad spec with its message.
func TestParseVary(t *testing.T) {
	for _, tc := range []struct {
		spec string
		key  string
		want string // the values joined by " "; or, with err, part of the error
		err  bool
	}{
		// An integer range includes STOP when it lands on a step…
		{spec: "function.api.memory_mb=512:2048:512", key: "function.api.memory_mb", want: "512 1024 1536 2048"},
		// …and stops short of it when it does not.
		{spec: "k=0:10:4", key: "k", want: "0 4 8"},
		// START = STOP is one point.
		{spec: "k=5:5:1", key: "k", want: "5"},
		// A descending range has a negative step.
		{spec: "k=300:0:-100", key: "k", want: "300 200 100 0"},
		// Decimals are exact: no 0.30000000000000004, trailing zeros dropped.
		{spec: "k=0.1:0.5:0.1", key: "k", want: "0.1 0.2 0.3 0.4 0.5"},
		{spec: "k=0.5:2:0.5", key: "k", want: "0.5 1 1.5 2"},
		{spec: "k=-1:1:0.75", key: "k", want: "-1 -0.25 0.5"},
		// Exponents are numbers too.
		{spec: "k=1e3:3e3:1e3", key: "k", want: "1000 2000 3000"},
		// Durations, written back as durations; a bare 0 is one.
		{spec: "function.api.timeout=100ms:500ms:200ms", key: "function.api.timeout", want: "100ms 300ms 500ms"},
		{spec: "k=0:1s:250ms", key: "k", want: "0s 250ms 500ms 750ms 1s"},
		{spec: "k=1m:2m30s:30s", key: "k", want: "1m 1m30s 2m 2m30s"},
		{spec: "k=2s:1s:-500ms", key: "k", want: "2s 1.5s 1s"},
		// Lists: numbers, durations, booleans, strings, as given.
		{spec: "k=512,1024, 2048", key: "k", want: "512 1024 2048"},
		{spec: "database.orders.proxy.enabled=true,false", key: "database.orders.proxy.enabled", want: "true false"},
		{spec: "function.api.runtime=python3.12,nodejs20.x,java21", key: "function.api.runtime", want: "python3.12 nodejs20.x java21"},
		{spec: "k=30s,2m", key: "k", want: "30s 2m"},
		// One value is a list of one.
		{spec: "k=7", key: "k", want: "7"},
		// Commas inside TOML arrays, inline tables and strings do not split.
		{spec: `k=[["0s",1],["5m",2]],[["0s",3]]`, key: "k", want: `[["0s",1],["5m",2]] [["0s",3]]`},
		{spec: `k={ dist = "fixed", value = "1s" },"a,b"`, key: "k", want: `{ dist = "fixed", value = "1s" } "a,b"`},
		// A quoted colon is a string, not a range.
		{spec: `k="a:b"`, key: "k", want: `"a:b"`},

		{spec: "k=0:10:0", err: true, want: "STEP 0 is zero"},
		{spec: "k=0s:1s:0s", err: true, want: "is zero"},
		{spec: "k=0:10:-1", err: true, want: "negative but STOP is above START"},
		{spec: "k=10:0:1", err: true, want: "positive but STOP is below START"},
		{spec: "k=2s:1s:1s", err: true, want: "STOP is below START"},
		{spec: "k=0:1e9:1", err: true, want: "1000000001 values; a grid has at most 10000"},
		{spec: "k=0:10", err: true, want: "three parts"},
		{spec: "k=1:2:3:4", err: true, want: "three parts"},
		{spec: "k=0:10s:1", err: true, want: "neither a number nor a duration"},
		{spec: "k=a:b:c", err: true, want: "neither a number nor a duration"},
		{spec: "k=1,,2", err: true, want: "empty value"},
		{spec: "k=1,2,1", err: true, want: "value 1 is listed twice"},
		{spec: "k=", err: true, want: "no values"},
		{spec: "=1,2", err: true, want: "expected KEY="},
		{spec: "k", err: true, want: "expected KEY="},
		{spec: "a..b=1", err: true, want: "empty part"},
		{spec: "k=[1,2", err: true, want: "unbalanced"},
		{spec: `k="abc`, err: true, want: "unterminated"},
	} {
		v, err := stampede.ParseVary(tc.spec)
		if tc.err {
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "--vary ") {
				t.Errorf("%s: got %v, %v; want a --vary error containing %q", tc.spec, v.Values, err, tc.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.spec, err)
			continue
		}
		if got := strings.Join(v.Values, " "); v.Key != tc.key || got != tc.want {
			t.Errorf("%s: key %q values %s; want %q %s", tc.spec, v.Key, got, tc.key, tc.want)
		}
	}
}

// The grid is the product with the first --vary slowest; point p's values
// and identity follow from p alone.
func TestGridOrder(t *testing.T) {
	g, err := stampede.NewGrid("a=1:2:1", "b=x,y,z", "c=10ms,20ms")
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 12 {
		t.Fatalf("%d points, want 12", g.Len())
	}
	var got []string
	for p := range g.Len() {
		pt := g.Point(p)
		if pt.Index != p {
			t.Errorf("point %d has index %d", p, pt.Index)
		}
		for i, c := range pt.Coord {
			if g.Vary[i].Values[c] != pt.Values[i] {
				t.Errorf("point %d: coordinate %d is %d but value %s", p, i, c, pt.Values[i])
			}
		}
		got = append(got, strings.Join(pt.Values, ""))
	}
	want := "1x10ms 1x20ms 1y10ms 1y20ms 1z10ms 1z20ms 2x10ms 2x20ms 2y10ms 2y20ms 2z10ms 2z20ms"
	if strings.Join(got, " ") != want {
		t.Errorf("order %s\nwant  %s", strings.Join(got, " "), want)
	}
	pt := g.Point(9)
	if s := pt.String(); s != "point 9 (a=2 b=y c=20ms)" {
		t.Errorf("identity %q", s)
	}
	if o := fmt.Sprint(pt.Overrides()); o != "[a=2 b=y c=20ms]" {
		t.Errorf("overrides %s", o)
	}
}

// A key varied twice, no --vary at all and a product too large are errors.
func TestGridErrors(t *testing.T) {
	for _, tc := range []struct {
		specs []string
		want  string
	}{
		{nil, "no --vary"},
		{[]string{"a=1,2", "a=3"}, "a is varied twice"},
		{[]string{"a=1:100:1", "b=1:100:1", "c=1,2"}, "more than 10000 points"},
		{[]string{"a=1,2", "b=0:1:0"}, "STEP 0 is zero"},
	} {
		if _, err := stampede.NewGrid(tc.specs...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want %q", tc.specs, err, tc.want)
		}
	}
}

// Shards partition the points: each point in exactly one shard of N.
func TestShardsPartition(t *testing.T) {
	for _, points := range []int{1, 5, 12} {
		for n := 1; n <= 7; n++ {
			seen := make([]int, points)
			for i := range n {
				s := stampede.Shard{Index: i, Count: n}
				for p := range points {
					if s.Has(p) {
						seen[p]++
					}
				}
			}
			for p, c := range seen {
				if c != 1 {
					t.Errorf("%d points, %d shards: point %d is in %d shards", points, n, p, c)
				}
			}
		}
	}
	if !(stampede.Shard{}).Has(3) {
		t.Error("the zero Shard does not hold every point")
	}
}

// --shard I/N and auto/N with each batch engine's variable.
func TestParseShard(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		spec string
		env  func(string) string
		want stampede.Shard
		err  string
	}{
		{spec: "0/4", env: env(), want: stampede.Shard{Index: 0, Count: 4}},
		{spec: "3/4", env: env(), want: stampede.Shard{Index: 3, Count: 4}},
		{spec: "0/1", env: env(), want: stampede.Shard{Index: 0, Count: 1}},
		{spec: "auto/4", env: env("JOB_COMPLETION_INDEX", "2"), want: stampede.Shard{Index: 2, Count: 4}},
		{spec: "auto/4", env: env("AWS_BATCH_JOB_ARRAY_INDEX", "1"), want: stampede.Shard{Index: 1, Count: 4}},
		{spec: "auto/4", env: env("SLURM_ARRAY_TASK_ID", "3"), want: stampede.Shard{Index: 3, Count: 4}},
		{spec: "auto/4", env: env("SLURM_ARRAY_TASK_ID", "3", "JOB_COMPLETION_INDEX", "3"), want: stampede.Shard{Index: 3, Count: 4}},

		{spec: "4/4", env: env(), err: "I must be a whole number from 0 to 3"},
		{spec: "-1/4", env: env(), err: "from 0 to 3"},
		{spec: "1/0", env: env(), err: "N ≥ 1"},
		{spec: "1", env: env(), err: "expected I/N or auto/N"},
		{spec: "auto/x", env: env(), err: "expected I/N"},
		{spec: "auto/4", env: env(), err: "none of JOB_COMPLETION_INDEX (Kubernetes Indexed Job), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job), SLURM_ARRAY_TASK_ID (Slurm job array) is set"},
		{spec: "auto/4", env: env("SLURM_ARRAY_TASK_ID", "4"), err: "SLURM_ARRAY_TASK_ID=4 is not a shard of 4 (0 to 3): submit the array with --array=0-3"},
		{spec: "auto/2", env: env("JOB_COMPLETION_INDEX", "5"), err: "JOB_COMPLETION_INDEX=5 is not a shard of 2 (0 to 1): set the Job's completions and parallelism to 2"},
		{spec: "auto/2", env: env("AWS_BATCH_JOB_ARRAY_INDEX", "2"), err: "arrayProperties.size 2"},
		{spec: "auto/4", env: env("SLURM_ARRAY_TASK_ID", "x"), err: `SLURM_ARRAY_TASK_ID="x" is not a shard index`},
		{spec: "auto/4", env: env("SLURM_ARRAY_TASK_ID", "1", "JOB_COMPLETION_INDEX", "2"), err: "disagree"},
	} {
		got, err := stampede.ParseShard(tc.spec, tc.env)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: got %v, %v; want an error containing %q", tc.spec, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %v, %v; want %v", tc.spec, got, err, tc.want)
		}
	}
}
