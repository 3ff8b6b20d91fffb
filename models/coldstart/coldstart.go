// Package coldstart owns the default cold-start distribution of each Lambda
// runtime and architecture.
//
// A default cold start is the sum of two independent terms:
//
//  1. the runtime's Init Duration: a lognormal fitted to the p50 and p99 of
//     maxday/lambda-perf's measurements (hello-world functions, zip package,
//     all memory sizes pooled, 2026-07-23…2026-08-22; sources.md [lambda-perf];
//     Apache-2.0 data, credited in testdata/README.md);
//  2. platform overhead that Init Duration excludes (placement, microVM,
//     code download): lognormal, median 180 ms, p99 450 ms. This is an
//     assumption derived from the gap between Init Duration (80–250 ms for
//     interpreted runtimes) and client-observed cold starts ("most within
//     400 ms, almost always within 700 ms"): roughly 150–300 ms (sources.md
//     [coldstart-observed], confidence C).
//
// Real functions add their own init (SDK clients, frameworks): set
// cold_start explicitly for them.
package coldstart

import (
	"sort"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// initMS is Init Duration p50 and p99 in ms per runtime: x86_64 then arm64
// (sources.md [lambda-perf], 2026-07-23…2026-08-22).
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

// Init returns the Init Duration distribution alone for runtime and arch.
func Init(runtime, arch string) (dist.Spec, bool) {
	row, ok := initMS[runtime]
	if !ok {
		return dist.Spec{}, false
	}
	a := 0
	if arch == "arm64" {
		a = 1
	}
	return dist.Spec{Kind: dist.LogNormal, Median: ms(row[a][0]), P99: ms(row[a][1])}, true
}

// Overhead is the platform-overhead term of every default cold start.
func Overhead() dist.Spec {
	return dist.Spec{Kind: dist.LogNormal, Median: overheadMedian, P99: overheadP99}
}

// Default returns the default cold start for runtime and arch ("x86_64" or
// "arm64"): Init Duration plus platform overhead.
func Default(runtime, arch string) (dist.Spec, bool) {
	in, ok := Init(runtime, arch)
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
