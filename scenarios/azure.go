package scenarios

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Azure2019Options shape the scenario Azure2019 writes.
type Azure2019Options struct {
	Name        string // the scenario's name (default "azure-2019")
	Description string // default: says where it came from
	Top         int    // the Top most invoked functions (0: all)
	Duration    string // default: the invocations file's minutes
	// File is how the scenario names the invocations file (default: its
	// absolute path); the built-in names its embedded copy.
	File string
}

// Azure2019 writes a scenario replaying a folder of the Azure Functions
// Trace 2019 (invocations.csv, and durations.csv and memory.csv beside it
// when there): a function and a workload per trace function, the Top most
// invoked (ties by hash; all by default), in the invocations file's order.
// A function's handler time is a lognormal through its trace percentiles
// 50 and 99 of Average execution time (ms; at least 1 ms, the p99 above
// the median; 100 ms and 1 s without durations.csv), its memory the
// trace's average allocated memory rounded up to 64 MB, at least 128 MB
// (128 without memory.csv); its workload replays its row (trace,
// format = "azure-2019"). The result loads: LoadBytes checks it.
func Azure2019(dir string, opts Azure2019Options) ([]byte, error) {
	return azure2019(os.DirFS(dir), dir, opts)
}

func azure2019(fsys fs.FS, dir string, opts Azure2019Options) ([]byte, error) {
	inv, err := readAzureCSV(fsys, "invocations.csv")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if len(inv) == 0 {
		return nil, fmt.Errorf("%s: no functions", filepath.Join(dir, "invocations.csv"))
	}
	durs, mems := map[string]map[string]string{}, map[string]map[string]string{}
	if rows, err := readAzureCSV(fsys, "durations.csv"); err == nil {
		for _, r := range rows {
			durs[r["HashFunction"]] = r
		}
	}
	if rows, err := readAzureCSV(fsys, "memory.csv"); err == nil {
		for _, r := range rows {
			mems[r["HashFunction"]] = r
		}
	}
	minutes, keep := 0, inv
	totals := map[string]int64{}
	for _, r := range inv {
		for k, v := range r {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && !isAzureKey(k) {
				totals[r["HashFunction"]] += n
			}
		}
		minutes = max(minutes, len(r)-4)
	}
	if opts.Top > 0 && opts.Top < len(inv) {
		ranked := slices.Clone(inv)
		slices.SortStableFunc(ranked, func(a, b map[string]string) int {
			return cmp.Or(cmp.Compare(totals[b["HashFunction"]], totals[a["HashFunction"]]), cmp.Compare(a["HashFunction"], b["HashFunction"]))
		})
		top := map[string]bool{}
		for _, r := range ranked[:opts.Top] {
			top[r["HashFunction"]] = true
		}
		keep = slices.DeleteFunc(slices.Clone(inv), func(r map[string]string) bool { return !top[r["HashFunction"]] })
	}
	if opts.Name == "" {
		opts.Name = "azure-2019"
	}
	if opts.File == "" {
		abs, err := filepath.Abs(filepath.Join(dir, "invocations.csv"))
		if err != nil {
			return nil, err
		}
		opts.File = abs // the scenario then loads from anywhere
	}
	if opts.Duration == "" {
		opts.Duration = strconv.Itoa(minutes) + "m"
	}
	if opts.Description == "" {
		opts.Description = fmt.Sprintf("%d functions of the Azure Functions Trace 2019 in %s, replayed minute by minute.", len(keep), dir)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "name = %q\ndescription = %q\nduration = %q\n", opts.Name, opts.Description, opts.Duration)
	for i, r := range keep {
		h := r["HashFunction"]
		p50, p99, src := 100.0, 1000.0, "no durations.csv row: 100 ms and 1 s"
		if d, ok := durs[h]; ok {
			p50, _ = strconv.ParseFloat(d["percentile_Average_50"], 64)
			p99, _ = strconv.ParseFloat(d["percentile_Average_99"], 64)
			p50 = max(p50, 1)
			p99 = max(p99, p50*1.01)
			src = "durations.csv percentiles 50 and 99"
		}
		mem := 128
		if m, ok := mems[h]; ok {
			if avg, err := strconv.ParseFloat(m["AverageAllocatedMb"], 64); err == nil {
				mem = min(10240, max(128, int(math.Ceil(avg/64))*64))
			}
		}
		name := fmt.Sprintf("f%03d", i+1)
		fmt.Fprintf(&b, "\n[[function]]\nname = %q  # %s, %s invocations\nruntime = \"python3.12\"\nmemory_mb = %d\ntimeout = \"900s\"\n",
			name, h[:min(12, len(h))], strconv.FormatInt(totals[h], 10), mem)
		fmt.Fprintf(&b, "duration = { dist = \"lognormal\", median = \"%sms\", p99 = \"%sms\" }  # %s\n", ftoa(p50), ftoa(p99), src)
		fmt.Fprintf(&b, "\n[[workload]]\nname = %q\nfunction = %q\nclient = { retries = 0 }\n", name, name)
		fmt.Fprintf(&b, "arrivals = { process = \"trace\", format = \"azure-2019\", file = %q, function = %q }\n", opts.File, h)
	}
	out := []byte(b.String())
	if _, err := LoadBytes(filepath.Join(dir, opts.Name+".toml"), out, nil); err != nil {
		return nil, err
	}
	return out, nil
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func isAzureKey(k string) bool {
	return k == "HashOwner" || k == "HashApp" || k == "HashFunction" || k == "Trigger"
}

// readAzureCSV reads a CSV file into rows keyed by column name.
func readAzureCSV(fsys fs.FS, name string) ([]map[string]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty", name)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out = append(out, m)
	}
	return out, nil
}
