package scenarios

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
)

// traceScenario is a scenario replaying trace.csv from its own folder.
const traceScenario = `name = "replay"
duration = "1m"
[[function]]
name = "api"
duration = { dist = "lognormal", median = "40ms", p99 = "200ms" }
[[workload]]
name = "w"
function = "api"
arrivals = { process = "trace", file = "traces/trace.csv", function = "api", scale = 2 }
`

// A trace's file is found beside the scenario file, the printed scenario
// names it so that it loads from anywhere, and a run replays exactly its
// lines for the function, scaled.
func TestTraceScenario(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "traces"), 0o755)
	var b strings.Builder
	b.WriteString("time,function\n")
	for i := range 300 {
		fn := "api"
		if i%3 == 0 {
			fn = "other"
		}
		b.WriteString(strings.Join([]string{itoa(i / 10), fn}, ",") + "\n")
	}
	os.WriteFile(filepath.Join(dir, "traces", "trace.csv"), []byte(b.String()), 0o644)
	path := filepath.Join(dir, "replay.toml")
	os.WriteFile(path, []byte(traceScenario), 0o644)
	sc, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	printed := string(TOML(sc))
	if !strings.Contains(printed, `file = "`+filepath.Join(dir, "traces", "trace.csv")+`"`) {
		t.Errorf("the printed scenario does not name the trace's path:\n%s", printed)
	}
	if _, err := LoadBytes("elsewhere.toml", []byte(printed), nil); err != nil {
		t.Errorf("the printed scenario does not load: %v", err)
	}
	res, err := models.RunScenario(sc, 1, models.RunOptions{Buckets: 10})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Summary.Requests.Total; n != 400 { // 200 api lines, twice each
		t.Errorf("%d requests replayed, want 400", n)
	}
}

// A bad line of a trace fails the load, naming the scenario's key, the
// trace's file and the line.
func TestTraceScenarioBadLine(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "traces"), 0o755)
	os.WriteFile(filepath.Join(dir, "traces", "trace.csv"), []byte("1,api\n2,api\nlater,api\n"), 0o644)
	path := filepath.Join(dir, "replay.toml")
	os.WriteFile(path, []byte(traceScenario), 0o644)
	_, err := Load(path, nil)
	if err == nil || !strings.Contains(err.Error(), `workload[w].arrivals.file = "traces/trace.csv"`) ||
		!strings.Contains(err.Error(), `line 3: "later"`) {
		t.Errorf("error %v, want the key, the file and line 3", err)
	}
}

// An azure-2019 replay of the sample's busiest function over its 8 hours:
// the run's requests are its invocations, and the printed scenario names
// the function rank 1 resolved to.
func TestAzure2019Scenario(t *testing.T) {
	file, _ := filepath.Abs("../models/arrivals/testdata/azure2019-100-functions-8h-invocations.csv")
	text := strings.Replace(strings.Replace(traceScenario, `duration = "1m"`, `duration = "8h"`, 1),
		`{ process = "trace", file = "traces/trace.csv", function = "api", scale = 2 }`,
		`{ process = "trace", format = "azure-2019", file = "`+file+`", rank = 1 }`, 1)
	sc, err := LoadBytes("azure.toml", []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	spec := sc.Workloads[0].Arrivals.Trace
	if spec.Rank != 0 || len(spec.Function) != 64 || !strings.Contains(string(TOML(sc)), spec.Function) {
		t.Fatalf("rank 1 resolved to %q", spec.Function)
	}
	res, err := models.RunScenario(sc, 1, models.RunOptions{Buckets: 10})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Summary.Requests.Total; n != spec.Count || n < 10_000 {
		t.Errorf("%d requests, want the row's %d invocations", n, spec.Count)
	}
}

// An azure-2021 replay with durations = true runs each invocation for its
// recorded duration (2 s here), not a draw of the function's (10 ms);
// without, the draws. An asynchronous workload cannot take them.
func TestAzure2021Durations(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("app,func,end_timestamp,duration\n")
	for i := range 120 {
		b.WriteString("a,f," + itoa(i+3) + ",2.0\n") // start i+1 s, 2 s long
	}
	os.WriteFile(filepath.Join(dir, "t.csv"), []byte(b.String()), 0o644)
	scenario := func(durations string) string {
		return `name = "d"
duration = "3m"
[[function]]
name = "api"
timeout = "10s"
duration = "10ms"
[[workload]]
name = "w"
function = "api"
arrivals = { process = "trace", format = "azure-2021", file = "t.csv"` + durations + ` }
`
	}
	for _, tc := range []struct {
		durations string
		p50       float64 // warm latency, ms
	}{{", durations = true", 2000}, {"", 10}} {
		path := filepath.Join(dir, "s.toml")
		os.WriteFile(path, []byte(scenario(tc.durations)), 0o644)
		sc, err := Load(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := models.RunScenario(sc, 1, models.RunOptions{Buckets: 10})
		if err != nil {
			t.Fatal(err)
		}
		if s := res.Summary; s.Requests.Total != 120 || math.Abs(s.WarmLatency.P50-tc.p50) > 0.01*tc.p50 {
			t.Errorf("%q: %d requests, warm p50 %g ms, want 120 and %g", tc.durations, s.Requests.Total, s.WarmLatency.P50, tc.p50)
		}
	}
	async := strings.Replace(scenario(", durations = true"), `function = "api"`, "function = \"api\"\ninvocation = \"async\"", 1)
	path := filepath.Join(dir, "a.toml")
	os.WriteFile(path, []byte(async), 0o644)
	if _, err := Load(path, nil); err == nil || !strings.Contains(err.Error(), "durations") {
		t.Errorf("an async workload with durations: %v", err)
	}
}
