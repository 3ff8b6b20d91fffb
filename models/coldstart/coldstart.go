// Package coldstart owns the default cold-start distribution of each Lambda
// runtime, architecture and memory size.
//
// A default cold start is the sum of two independent terms:
//
//  1. the runtime's Init Duration: a lognormal whose median is
//     maxday/lambda-perf's median at the function's memory size and whose
//     spread (p99/median) is that of all sizes pooled (hello-world
//     functions, zip package, 2026-07-24…2026-08-22; sources.md
//     [lambda-perf]; Apache-2.0 data, credited in testdata/README.md);
//  2. platform overhead that Init Duration excludes (placement, microVM,
//     code download): lognormal, median 180 ms, p99 450 ms. This is an
//     assumption derived from the gap between Init Duration (80–250 ms for
//     interpreted runtimes) and client-observed cold starts ("most within
//     400 ms, almost always within 700 ms"): roughly 150–300 ms (sources.md
//     [coldstart-observed], confidence C).
//
// lambda-perf measures 128, 256, 512 and 1,024 MB. Between them the median
// is interpolated linearly in log(memory); above 1,024 MB it stays at the
// 1,024 MB value: hello-world init barely depends on memory (a runtime's
// medians differ by under 4% across the four sizes, except Ruby on arm64,
// 7% and 11%), so there is no trend to extrapolate. Only the median follows memory: each
// size's p99 rests on about 290 samples (its third-largest) and wanders
// (java17 x86_64: 303, 534, 346, 588 ms), so the tail's width comes from
// the pooled 1,150.
//
// Real functions add their own init (SDK clients, frameworks): set
// cold_start explicitly for them.
package coldstart

import (
	"math"
	"sort"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Sizes are the memory sizes lambda-perf measures, in MB.
var Sizes = [4]int{128, 256, 512, 1024}

// medianMS is Init Duration's median in ms per runtime at each of Sizes:
// x86_64 then arm64 (sources.md [lambda-perf], zip, daily files
// 2026-07-24…2026-08-22): the init_median_ms column of
// testdata/init-duration-summary-2026-07-24_2026-08-22.csv, which
// TestMediansMatchCSV checks digit for digit (and prints afresh when the
// file changes).
var medianMS = map[string][2][len(Sizes)]float64{
	"nodejs20.x":      {{142.1, 141.51, 141.01, 141.78}, {130.45, 130.12, 131.89, 132.14}},
	"nodejs22.x":      {{140.1, 142.16, 140.27, 140.09}, {128.33, 127.95, 129.94, 130.12}},
	"nodejs24.x":      {{135.12, 134.78, 134.32, 132.85}, {120.49, 121.02, 123.94, 124.64}},
	"python3.12":      {{84.69, 84.06, 83.85, 84.0}, {80.62, 80.89, 80.92, 81.52}},
	"python3.13":      {{84.61, 84.5, 83.81, 82.96}, {79.67, 80.09, 79.94, 80.33}},
	"python3.14":      {{106.4, 107.06, 107.05, 106.91}, {100.36, 101.72, 101.49, 101.72}},
	"java17":          {{204.94, 205.43, 203.87, 204.96}, {217.94, 218.62, 217.91, 217.75}},
	"java21":          {{239.12, 237.65, 238.69, 238.14}, {248.47, 249.56, 250.52, 246.88}},
	"java25":          {{191.44, 189.11, 190.01, 191.18}, {195.73, 198.03, 199.11, 199.09}},
	"dotnet8":         {{251.27, 253.62, 251.1, 252.37}, {298.59, 297.83, 299.06, 303.64}},
	"dotnet10":        {{252.92, 248.13, 250.27, 252.95}, {246.25, 248.41, 251.31, 250.15}},
	"ruby3.3":         {{236.56, 238.7, 238.71, 237.97}, {236.34, 234.96, 251.81, 251.36}},
	"ruby3.4":         {{228.75, 225.41, 228.36, 223.99}, {227.64, 225.72, 250.01, 245.16}},
	"provided.al2023": {{49.83, 49.74, 49.7, 49.77}, {42.49, 42.34, 43.2, 43.3}}, // the Go row of lambda-perf
	"go":              {{49.83, 49.74, 49.7, 49.77}, {42.49, 42.34, 43.2, 43.3}},
	"rust":            {{15.91, 15.71, 15.77, 15.75}, {13.84, 13.9, 13.87, 13.79}},
}

// initMS is Init Duration p50 and p99 in ms per runtime, all four memory
// sizes pooled: x86_64 then arm64 (sources.md [lambda-perf],
// 2026-07-23…2026-08-22, about 1,150 samples a cell). Only its ratio
// p99/p50, the lognormal's spread, is used.
var initMS = map[string][2][2]float64{
	"nodejs20.x":      {{141, 188}, {131, 157}},
	"nodejs22.x":      {{140, 193}, {129, 154}},
	"nodejs24.x":      {{134, 186}, {122, 153}},
	"python3.12":      {{84, 126}, {80, 106}},
	"python3.13":      {{83, 125}, {80, 107}},
	"python3.14":      {{106, 242}, {101, 144}},
	"java17":          {{204, 532}, {218, 503}},
	"java21":          {{238, 605}, {248, 563}},
	"java25":          {{190, 472}, {198, 442}},
	"dotnet8":         {{251, 632}, {299, 709}},
	"dotnet10":        {{250, 682}, {249, 707}},
	"ruby3.3":         {{238, 470}, {243, 451}},
	"ruby3.4":         {{226, 473}, {237, 450}},
	"provided.al2023": {{49, 63}, {42, 48}}, // the Go row of lambda-perf
	"go":              {{49, 63}, {42, 48}},
	"rust":            {{15, 49}, {13, 44}},
}

// Platform overhead (see the package comment).
const (
	overheadMedian = 180 * sim.Millisecond
	overheadP99    = 450 * sim.Millisecond
)

func ms(x float64) sim.Time { return sim.FromSeconds(x / 1000) }

// Init returns the Init Duration distribution alone for runtime, arch and
// memory size: the median at memoryMB (AtMemory), the pooled spread
//
//	p99 = median × pooled p99 / pooled p50.
//
// Both are rounded to 10 µs, the data's precision.
func Init(runtime, arch string, memoryMB int) (dist.Spec, bool) {
	row, ok := initMS[runtime]
	if !ok {
		return dist.Spec{}, false
	}
	a := 0
	if arch == "arm64" {
		a = 1
	}
	med := AtMemory(medianMS[runtime][a], memoryMB)
	p99 := med * row[a][1] / row[a][0]
	round := func(x float64) float64 { return math.Round(x*100) / 100 }
	return dist.Spec{Kind: dist.LogNormal, Median: ms(round(med)), P99: ms(round(p99))}, true
}

// AtMemory interpolates v, measured at Sizes, at memoryMB: linearly in
// log(memory) between the nearest sizes below and above,
//
//	v(m) = v_i + (v_{i+1} − v_i) · ln(m/m_i) / ln(m_{i+1}/m_i),
//
// and held at the end values outside Sizes.
func AtMemory(v [len(Sizes)]float64, memoryMB int) float64 {
	if memoryMB <= Sizes[0] {
		return v[0]
	}
	for i := 1; i < len(Sizes); i++ {
		if memoryMB <= Sizes[i] {
			w := math.Log(float64(memoryMB)/float64(Sizes[i-1])) / math.Log(float64(Sizes[i])/float64(Sizes[i-1]))
			return v[i-1] + w*(v[i]-v[i-1])
		}
	}
	return v[len(v)-1]
}

// Overhead is the platform-overhead term of every default cold start.
func Overhead() dist.Spec {
	return dist.Spec{Kind: dist.LogNormal, Median: overheadMedian, P99: overheadP99}
}

// Default returns the default cold start for runtime, arch ("x86_64" or
// "arm64") and memory size: Init Duration plus platform overhead.
func Default(runtime, arch string, memoryMB int) (dist.Spec, bool) {
	in, ok := Init(runtime, arch, memoryMB)
	if !ok {
		return dist.Spec{}, false
	}
	return dist.Spec{Kind: dist.Sum, Terms: []dist.Spec{in, Overhead()}}, true
}

// Runtimes lists the runtimes with a default, sorted.
func Runtimes() []string {
	out := make([]string, 0, len(initMS))
	for r := range initMS {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}
