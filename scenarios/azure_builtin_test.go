package scenarios

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// azureDir holds the Azure 2019 sample the built-in azure-functions-8h is
// made from (builtin-data/README.md).
const azureDir = "builtin-data/azure2019-100-functions-8h"

// readCSV reads a CSV file into rows keyed by column name.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	rows, err := readAzureCSV(os.DirFS(filepath.Dir(path)), filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// azureBuiltin writes the built-in azure-functions-8h with Azure2019 from
// its data (all 100 functions, 8 hours).
func azureBuiltin(t *testing.T) string {
	out, err := azure2019(os.DirFS(azureDir), azureDir, Azure2019Options{
		Name:        "azure-functions-8h",
		Description: "100 real functions of the Azure Functions Trace 2019 (Shahrad et al., ATC 2020; CC BY 4.0), 8 hours of their invocations minute by minute, replayed against Lambda's keep-alive: a third of the functions are invoked so rarely that most of their invocations are cold starts, and the 75th percentile of the functions' cold-start fractions (the paper's metric, cold_starts.p75_function_fraction) is 100%, while the busiest five, which make 94% of the requests, are warm over 99% of the time: 0.4% of all invocations are cold.",
		Duration:    "8h",
		File:        "builtin:azure2019-100-functions-8h/invocations.csv",
	})
	if err != nil {
		t.Fatal(err)
	}
	return "# Generated from builtin-data/azure2019-100-functions-8h by\n# go test ./scenarios -run TestAzureBuiltin -update (do not edit).\n" + string(out)
}

// The built-in azure-functions-8h is what its data makes (regenerated with
// -update), and it replays every invocation of the trace's 8 hours.
func TestAzureBuiltin(t *testing.T) {
	want := azureBuiltin(t)
	path := "builtin/azure-functions-8h.toml"
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("%s is stale (go test ./scenarios -run TestAzureBuiltin -update): %v", path, err)
	}
	sc, err := Load("azure-functions-8h", nil)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, w := range sc.Workloads {
		total += w.Arrivals.Trace.Count
	}
	var rows int64
	for _, r := range readCSV(t, filepath.Join(azureDir, "invocations.csv")) {
		for k, v := range r {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && !slices.Contains([]string{"HashOwner", "HashApp", "HashFunction", "Trigger"}, k) {
				rows += n
			}
		}
	}
	if len(sc.Functions) != 100 || total != rows {
		t.Errorf("%d functions replaying %d invocations, want 100 and the file's %d", len(sc.Functions), total, rows)
	}
}

// azure2021Builtin writes the built-in azure-invocations-2021: a function
// and a workload per function of the 2021 sample, in the order of their
// first invocation, each replaying its rows with their recorded durations
// as handler times; a function's duration (used only without them) is a
// lognormal through its recorded durations' median and largest.
func azure2021Builtin(t *testing.T) string {
	rows := readCSV(t, "builtin-data/azure2021-sample/invocations.csv")
	var order []string
	durs := map[string][]float64{}
	for _, r := range rows {
		fn := r["func"]
		if _, seen := durs[fn]; !seen {
			order = append(order, fn)
		}
		d, _ := strconv.ParseFloat(r["duration"], 64)
		durs[fn] = append(durs[fn], d*1000)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `# Generated from builtin-data/azure2021-sample by
# go test ./scenarios -run TestAzureBuiltin -update (do not edit).
name = "azure-invocations-2021"
description = "%d real invocations of %d functions of the Azure Functions Invocation Trace 2021 (Zhang et al., SOSP 2021; CC BY 4.0), replayed with their recorded durations as handler times (durations = true): most functions are invoked a few times in 20 minutes, so nearly a third of all invocations are cold starts, and the 75th percentile of the functions' cold-start fractions is 100%%."
duration = "21m"
`, len(rows), len(order))
	for i, fn := range order {
		ds := slices.Sorted(slices.Values(durs[fn]))
		med := max(ds[len(ds)/2], 1)
		top := max(ds[len(ds)-1], med*1.01)
		name := fmt.Sprintf("g%02d", i+1)
		fmt.Fprintf(&b, "\n[[function]]\nname = %q  # %s\nmemory_mb = 256\ntimeout = \"900s\"\n", name, fn[:12])
		fmt.Fprintf(&b, "duration = { dist = \"lognormal\", median = \"%sms\", p99 = \"%sms\" }\n", ftoa(math.Round(med*100)/100), ftoa(math.Round(top*100)/100))
		fmt.Fprintf(&b, "\n[[workload]]\nname = %q\nfunction = %q\nclient = { retries = 0 }\n", name, name)
		fmt.Fprintf(&b, "arrivals = { process = \"trace\", format = \"azure-2021\", file = \"builtin:azure2021-sample/invocations.csv\", function = %q, durations = true }\n", fn)
	}
	return b.String()
}

// The built-in azure-invocations-2021 is what its data makes (regenerated
// with -update), and it replays all of the sample's invocations.
func TestAzure2021Builtin(t *testing.T) {
	want := azure2021Builtin(t)
	path := "builtin/azure-invocations-2021.toml"
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("%s is stale (go test ./scenarios -run TestAzure2021Builtin -update): %v", path, err)
	}
	sc, err := Load("azure-invocations-2021", nil)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, w := range sc.Workloads {
		total += w.Arrivals.Trace.Count
	}
	if total != 199 {
		t.Errorf("%d invocations replayed, want the sample's 199", total)
	}
}
