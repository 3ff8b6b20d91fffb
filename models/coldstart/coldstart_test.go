package coldstart

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim/dist"
)

// csvName maps our runtime names to lambda-perf's labels.
var csvName = map[string]string{"provided.al2023": "go (prov.al2023)", "go": "go (prov.al2023)", "rust": "rust (prov.al2023)"}

// The table's pooled p50 and p99 agree with the per-memory-size summaries of
// the lambda-perf data in testdata. The pooled median is close to the mean of
// the per-size medians (init time barely depends on memory, sources.md [lambda-perf]);
// pooled p99s mix four sizes' tails, so they are checked more loosely.
func TestDefaultsMatchLambdaPerf(t *testing.T) {
	rows := readCSV(t)
	type acc struct{ med, p99, n float64 }
	sums := map[[2]string]*acc{}
	for _, r := range rows[1:] {
		if r[1] != "zip" {
			continue
		}
		k := [2]string{r[0], r[3]}
		if sums[k] == nil {
			sums[k] = &acc{}
		}
		med, _ := strconv.ParseFloat(r[7], 64)
		p99, _ := strconv.ParseFloat(r[9], 64)
		sums[k].med += med
		sums[k].p99 += p99
		sums[k].n++
	}
	for _, rt := range Runtimes() {
		for _, arch := range []string{"x86_64", "arm64"} {
			name := rt
			if n, ok := csvName[rt]; ok {
				name = n
			}
			a := sums[[2]string{name, arch}]
			if a == nil {
				t.Errorf("%s/%s: not in the data", rt, arch)
				continue
			}
			med, p99 := initMS[rt][archIndex(arch)][0], initMS[rt][archIndex(arch)][1]
			// 5%, plus the table's rounding to whole milliseconds.
			if d := math.Abs(a.med/a.n-med) / med; d > 0.05+0.5/med {
				t.Errorf("%s/%s: p50 %v ms vs data %.1f ms (%.0f%% off)", rt, arch, med, a.med/a.n, 100*d)
			}
			if d := math.Abs(a.p99/a.n-p99) / p99; d > 0.35 {
				t.Errorf("%s/%s: p99 %v ms vs data %.1f ms (%.0f%% off)", rt, arch, p99, a.p99/a.n, 100*d)
			}
		}
	}
}

// Every default is a valid sum of the runtime's init and the overhead.
func TestDefaults(t *testing.T) {
	for _, rt := range Runtimes() {
		for _, mb := range []int{128, 700, 10240} {
			d, ok := Default(rt, "arm64", mb)
			if !ok || d.Kind != dist.Sum || len(d.Terms) != 2 || d.Validate() != nil {
				t.Errorf("%s at %d MB: %v", rt, mb, d)
			}
		}
	}
	if _, ok := Default("cobol", "x86_64", 128); ok {
		t.Error("unknown runtime has a default")
	}
}

func readCSV(t *testing.T) [][]string {
	t.Helper()
	f, err := os.Open("testdata/init-duration-summary-2026-07-24_2026-08-22.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func archIndex(arch string) int {
	if arch == "arm64" {
		return 1
	}
	return 0
}

// medianMS is the CSV's init_median_ms column, digit for digit, for every
// runtime, arch and memory size. On a mismatch the test prints the table as
// the CSV has it, to paste into coldstart.go.
func TestMediansMatchCSV(t *testing.T) {
	want := map[[3]string]string{} // runtime (lambda-perf's label), arch, memory → median
	for _, r := range readCSV(t)[1:] {
		if r[1] == "zip" {
			want[[3]string{r[0], r[3], r[2]}] = r[7]
		}
	}
	var fresh strings.Builder
	bad := false
	for _, rt := range Runtimes() {
		name := rt
		if n, ok := csvName[rt]; ok {
			name = n
		}
		var arches []string
		for a, arch := range []string{"x86_64", "arm64"} {
			var vals []string
			for i, mb := range Sizes {
				text, ok := want[[3]string{name, arch, strconv.Itoa(mb)}]
				if !ok {
					t.Fatalf("%s/%s/%d MB: not in the data", rt, arch, mb)
				}
				v, _ := strconv.ParseFloat(text, 64)
				if got := medianMS[rt][a][i]; got != v {
					t.Errorf("%s/%s/%d MB: median %v ms, the data says %v", rt, arch, mb, got, v)
					bad = true
				}
				vals = append(vals, strconv.FormatFloat(v, 'f', -1, 64))
			}
			arches = append(arches, "{"+strings.Join(vals, ", ")+"}")
		}
		fmt.Fprintf(&fresh, "\t%q: {%s},\n", rt, strings.Join(arches, ", "))
	}
	if bad {
		t.Logf("medianMS from the data:\n%s", fresh.String())
	}
}

// Init's median follows memory: the data's at a measured size, interpolated
// in log(memory) between sizes, held beyond them; its spread is the pooled
// one at every size.
func TestInitAtMemory(t *testing.T) {
	row := medianMS["python3.12"][0] // 84.69, 84.06, 83.85, 84.0 ms
	for _, tc := range []struct {
		name string
		mb   int
		want float64 // median, ms
	}{
		// A measured size gives its own median.
		{"128 MB", 128, row[0]},
		{"512 MB", 512, row[2]},
		// 181 MB is √(128·256): halfway in log(memory).
		{"geometric midpoint", 181, row[0] + (row[1]-row[0])*math.Log(181.0/128)/math.Log(2)},
		// 768 MB lies ln(1.5)/ln 2 = 58.5% of the way from 512 to 1,024 MB.
		{"768 MB", 768, row[2] + (row[3]-row[2])*math.Log(1.5)/math.Log(2)},
		// Above the largest size the 1,024 MB median holds.
		{"10,240 MB", 10240, row[3]},
	} {
		in, _ := Init("python3.12", "x86_64", tc.mb)
		if got := in.Median.Millis(); math.Abs(got-tc.want) > 0.005 {
			t.Errorf("%s: median %v ms, want %.4f", tc.name, got, tc.want)
		}
		ratio := initMS["python3.12"][0][1] / initMS["python3.12"][0][0]
		if got := in.P99.Millis() / in.Median.Millis(); math.Abs(got-ratio) > 1e-3 {
			t.Errorf("%s: p99/median %.4f, want the pooled %.4f", tc.name, got, ratio)
		}
	}
}
