package coldstart

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
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
	f, err := os.Open("testdata/init-duration-summary-2026-07-24_2026-08-22.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
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
			in, _ := Init(rt, arch)
			med, p99 := in.Median.Millis(), in.P99.Millis()
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
		d, ok := Default(rt, "arm64")
		if !ok || d.Kind != dist.Sum || len(d.Terms) != 2 || d.Validate() != nil {
			t.Errorf("%s: %v", rt, d)
		}
	}
	if _, ok := Default("cobol", "x86_64"); ok {
		t.Error("unknown runtime has a default")
	}
}
