package arrivals

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// writeTrace writes text to a trace file in a test's folder.
func writeTrace(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trace.csv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// replay scans and replays a trace spec, returning every arrival.
func replay(t *testing.T, ts TraceSpec, limit int) []sim.Time {
	t.Helper()
	if ts.Format == "" {
		ts.Format = FormatTimestamps
	}
	if ts.Scale == 0 {
		ts.Scale = 1
	}
	if ts.Speed == 0 {
		ts.Speed = 1
	}
	if err := ts.Scan(); err != nil {
		t.Fatal(err)
	}
	p := Spec{Process: Trace, Trace: ts}.New(rand.New(rand.NewPCG(1, 2)))
	var out []sim.Time
	for range limit {
		at := p.Next()
		if at == sim.Forever {
			break
		}
		out = append(out, at)
	}
	return out
}

func secs(xs ...float64) []sim.Time {
	out := make([]sim.Time, len(xs))
	for i, x := range xs {
		out[i] = sim.FromSeconds(x)
	}
	return out
}

// A trace replays its times, shaped by its options; a case per row.
func TestTraceReplay(t *testing.T) {
	plain := "# a comment\ntime,function\n0.5,api\n1,worker\n\n2.25,api\n4,api\n"
	rfc := "2024-11-29T10:00:00Z\n2024-11-29T10:00:01.5Z\n2024-11-29T10:00:03Z\n"
	for _, tc := range []struct {
		name string
		text string
		ts   TraceSpec
		want []sim.Time
	}{
		{"seconds, header and comment skipped", plain, TraceSpec{}, secs(0.5, 1, 2.25, 4)},
		{"RFC 3339 from the first", rfc, TraceSpec{}, secs(0, 1.5, 3)},
		{"one function's lines", plain, TraceSpec{Function: "api"}, secs(0.5, 2.25, 4)},
		{"a window, shifted to 0", plain, TraceSpec{Start: sim.Second, End: 3 * sim.Second}, secs(0, 1.25)},
		{"twice as fast", plain, TraceSpec{Speed: 2}, secs(0.25, 0.5, 1.125, 2)},
		{"three copies each", rfc, TraceSpec{Scale: 3}, secs(0, 0, 0, 1.5, 1.5, 1.5, 3, 3, 3)},
		{"a window looped", plain, TraceSpec{Start: sim.Second, End: 3 * sim.Second, Loop: true}, secs(0, 1.25, 2, 3.25, 4, 5.25)},
		// Without end, a pass lasts from start to the last arrival plus the
		// mean gap: 4 s + 4/3 s.
		{"looped to the mean gap", plain, TraceSpec{Loop: true}, secs(0.5, 1, 2.25, 4, 0.5+4*4/3.0, 1+4*4/3.0)},
	} {
		path := writeTrace(t, tc.text)
		tc.ts.File = path
		got := replay(t, tc.ts, len(tc.want))
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if d := got[i] - tc.want[i]; d < -1 || d > 1 {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

// A fractional scale keeps each arrival with that probability: 0.3 of
// 20,000 keeps 6,000 within four standard errors (binomial, √(npq) ≈ 65).
func TestTraceThinning(t *testing.T) {
	var b strings.Builder
	for i := range 20_000 {
		fmt.Fprintf(&b, "%d\n", i)
	}
	got := replay(t, TraceSpec{File: writeTrace(t, b.String()), Scale: 0.3}, 1_000_000)
	se := math.Sqrt(20_000 * 0.3 * 0.7)
	if d := math.Abs(float64(len(got)) - 6000); d > 4*se {
		t.Errorf("%d arrivals kept of 20,000 at 0.3, want 6,000 ± %.0f", len(got), 4*se)
	}
	ts := TraceSpec{File: writeTrace(t, b.String()), Format: FormatTimestamps, Scale: 2.5, Speed: 1}
	got = replay(t, ts, 1_000_000)
	if se := math.Sqrt(20_000 * 0.25); math.Abs(float64(len(got))-50_000) > 4*se {
		t.Errorf("%d arrivals at scale 2.5, want 50,000 ± %.0f", len(got), 4*se)
	}
	if !slices.IsSorted(got) {
		t.Error("arrivals out of order")
	}
	// The expected count is the scan's count times the scale.
	s := Spec{Process: Trace, Trace: ts}
	if err := s.Trace.Scan(); err != nil {
		t.Fatal(err)
	}
	if e := s.ExpectedCount(0, sim.Forever/2); e != 50_000 {
		t.Errorf("expected %g arrivals, want 50,000", e)
	}
}

// A bad trace is refused when it is scanned, naming the file and line.
func TestTraceScanErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"not a time", "1\n2\nsoon\n", `line 3: "soon" is neither seconds`},
		{"out of order", "1\n3\n2\n", "line 3: 2s comes before the previous line's 3s"},
		{"negative", "1\n-1\n", `line 2: "-1"`},
		{"seconds then RFC 3339", "1\n2024-11-29T10:00:00Z\n", "line 2"},
		{"RFC 3339 going back", "2024-11-29T10:00:01Z\n2024-11-29T10:00:00Z\n", "line 2"},
	} {
		ts := TraceSpec{File: writeTrace(t, tc.text), Format: FormatTimestamps, Scale: 1, Speed: 1}
		err := ts.Scan()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), ts.File) {
			t.Errorf("%s: %v, want the file and %q", tc.name, err, tc.want)
		}
	}
	ts := TraceSpec{File: filepath.Join(t.TempDir(), "missing.csv")}
	if err := ts.Scan(); err == nil {
		t.Error("a missing file scanned")
	}
}

// A trace streams: replaying 300,000 lines holds no more memory than the
// first thousand did.
func TestTraceStreams(t *testing.T) {
	var b strings.Builder
	for i := range 300_000 {
		fmt.Fprintf(&b, "%d.5,f%d\n", i, i%7)
	}
	ts := TraceSpec{File: writeTrace(t, b.String()), Format: FormatTimestamps, Scale: 1, Speed: 1}
	if err := ts.Scan(); err != nil {
		t.Fatal(err)
	}
	p := Spec{Process: Trace, Trace: ts}.New(rand.New(rand.NewPCG(1, 2)))
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for range 1000 {
		p.Next()
	}
	early := heap()
	n := 1000
	for p.Next() != sim.Forever {
		n++
	}
	if late := heap(); n != 300_000 || late > early+256<<10 {
		t.Errorf("%d arrivals; heap %d KB after the first thousand, %d KB at the end", n, early>>10, late>>10)
	}
}

// BenchmarkTraceReplay streams a 100,000-line trace through a process: the
// cost of an arrival read from a file (bench/README.md, issue 14).
func BenchmarkTraceReplay(b *testing.B) {
	var sb strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&sb, "%d.25,api\n", i)
	}
	path := filepath.Join(b.TempDir(), "trace.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	ts := TraceSpec{File: path, Format: FormatTimestamps, Function: "api", Scale: 1, Speed: 1}
	if err := ts.Scan(); err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		p := Spec{Process: Trace, Trace: ts}.New(rand.New(rand.NewPCG(1, 2)))
		for p.Next() != sim.Forever {
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "arrivals/s")
}

// azureFile is the real 100-function sample (testdata/README.md).
const azureFile = "testdata/azure2019-100-functions-8h-invocations.csv"

// An azure-2019 replay gives each minute of its function's row exactly
// that minute's invocations, in order, whichever spread; rank 1 is the
// busiest function, and the same function named by its hash replays alike.
func TestAzure2019Replay(t *testing.T) {
	for _, spread := range []string{SpreadUniform, SpreadPoisson} {
		ts := TraceSpec{File: azureFile, Format: FormatAzure2019, Rank: 1, Spread: spread, Scale: 1, Speed: 1}
		got := replay(t, ts, 10_000_000)
		// replay scanned a copy: scan again to read the function rank 1 is.
		if err := ts.Scan(); err != nil {
			t.Fatal(err)
		}
		if ts.Rank != 0 || ts.Function == "" {
			t.Fatalf("rank 1 resolved to %q (rank %d)", ts.Function, ts.Rank)
		}
		row := azureRowOf(t, ts.Function)
		perMinute := make([]int64, len(row))
		for _, at := range got {
			perMinute[at/sim.Minute]++
		}
		if !slices.Equal(perMinute, row) || !slices.IsSorted(got) || int64(len(got)) != ts.Count {
			t.Errorf("%s: %d arrivals (count %d), sorted %v; per minute differs from the row: %v",
				spread, len(got), ts.Count, slices.IsSorted(got), !slices.Equal(perMinute, row))
		}
		byHash := replay(t, TraceSpec{File: azureFile, Format: FormatAzure2019, Function: ts.Function, Spread: spread, Scale: 1, Speed: 1}, 10_000_000)
		if !slices.Equal(byHash, got) {
			t.Errorf("%s: the function by its hash replays differently from rank 1", spread)
		}
	}
}

// azureRowOf reads function hash's minute counts from the sample.
func azureRowOf(t *testing.T, hash string) []int64 {
	t.Helper()
	data, err := os.ReadFile(azureFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n")[1:] {
		cols := strings.Split(line, ",")
		if len(cols) > 4 && cols[2] == hash {
			out := make([]int64, len(cols)-4)
			for i, c := range cols[4:] {
				fmt.Sscan(c, &out[i])
			}
			return out
		}
	}
	t.Fatalf("no row %s", hash)
	return nil
}

// Uniform spread puts the k-th of a minute's c invocations at (k + ½)/c of
// it; a bad file is refused naming its line.
func TestAzure2019Uniform(t *testing.T) {
	file := writeTrace(t, "HashOwner,HashApp,HashFunction,Trigger,1,2,3\no,a,f1,http,2,0,1\no,a,f2,timer,5,5,5\n")
	got := replay(t, TraceSpec{File: file, Format: FormatAzure2019, Function: "f1", Spread: SpreadUniform}, 10)
	if want := secs(15, 45, 150); !slices.Equal(got, want) {
		t.Errorf("f1: %v, want %v", got, want)
	}
	for _, tc := range []struct {
		name, text string
		ts         TraceSpec
		want       string
	}{
		{"no header", "o,a,f,http,1\n", TraceSpec{Function: "f"}, "line 1"},
		{"a bad count", "HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,1,x\n", TraceSpec{Function: "f"}, `line 2: minute column 2: "x"`},
		{"no such function", "HashOwner,HashApp,HashFunction,Trigger,1\no,a,f,http,1\n", TraceSpec{Function: "g"}, `no function "g"`},
		{"rank past the functions", "HashOwner,HashApp,HashFunction,Trigger,1\no,a,f,http,1\n", TraceSpec{Rank: 2}, "rank 2: the file has 1 functions"},
	} {
		tc.ts.File, tc.ts.Format, tc.ts.Spread = writeTrace(t, tc.text), FormatAzure2019, SpreadUniform
		if err := tc.ts.Scan(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// azure2021File is the real 199-invocation sample (testdata/README.md).
const azure2021File = "testdata/azure2021-200.csv"

// An azure-2021 replay gives each invocation at end − duration, in order,
// with its duration; rows in the order of their ends replay in the order
// of their starts alike; rank 1 is the most invoked function.
func TestAzure2021Replay(t *testing.T) {
	data, err := os.ReadFile(azure2021File)
	if err != nil {
		t.Fatal(err)
	}
	type inv struct{ start, dur sim.Time }
	var want []inv
	perFn := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		var end, dur float64
		cols := strings.Split(line, ",")
		fmt.Sscan(cols[2], &end)
		fmt.Sscan(cols[3], &dur)
		e, d := sim.FromSeconds(end), sim.FromSeconds(dur)
		want = append(want, inv{max(0, e-d), d})
		perFn[cols[1]]++
	}
	slices.SortStableFunc(want, func(a, b inv) int { return int(a.start - b.start) })
	check := func(name string, ts TraceSpec, want []inv) {
		t.Helper()
		if err := ts.Scan(); err != nil {
			t.Fatal(err)
		}
		p := Spec{Process: Trace, Trace: ts}.New(rand.New(rand.NewPCG(1, 2))).(*trace)
		var got []inv
		for at := p.Next(); at != sim.Forever; at = p.Next() {
			got = append(got, inv{at, p.Duration()})
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %d invocations replayed, want %d in start order with their durations", name, len(got), len(want))
		}
	}
	check("in start order", TraceSpec{File: azure2021File, Format: FormatAzure2021, Scale: 1, Speed: 1}, want)
	// The same rows sorted by their ends: read ahead by the longest duration.
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	body := lines[1:]
	slices.SortStableFunc(body, func(a, b string) int {
		var x, y float64
		fmt.Sscan(strings.Split(a, ",")[2], &x)
		fmt.Sscan(strings.Split(b, ",")[2], &y)
		return cmp.Compare(x, y)
	})
	byEnd := TraceSpec{File: writeTrace(t, lines[0]+"\n"+strings.Join(body, "\n")+"\n"), Format: FormatAzure2021, Scale: 1, Speed: 1}
	check("in end order", byEnd, want)
	if err := byEnd.Scan(); err != nil || !byEnd.ByEnd {
		t.Errorf("rows by end not recognised: %v", err)
	}
	top := TraceSpec{File: azure2021File, Format: FormatAzure2021, Rank: 1, Scale: 1, Speed: 1}
	if err := top.Scan(); err != nil || perFn[top.Function] != 32 || top.Count != 32 {
		t.Errorf("rank 1: %q with %d invocations (%v), want the function of 32", top.Function, top.Count, err)
	}
	bad := TraceSpec{File: writeTrace(t, "app,func,end_timestamp,duration\na,f,10,1\na,g,11,5\na,h,20,1\na,i,15,1\n"), Format: FormatAzure2021, Scale: 1, Speed: 1}
	if err := bad.Scan(); err == nil || !strings.Contains(err.Error(), "line 5: rows are in the order of neither") {
		t.Errorf("rows in neither order: %v", err)
	}
}
