package scenarios

import (
	"math"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// --set values are TOML values, or else bare strings.
func TestParseSet(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want any
		err  bool
	}{
		{"function.api.memory_mb=2048", int64(2048), false},                      // an integer
		{"workload.w.arrivals.rate=2.5", 2.5, false},                             // a float
		{"account.scaling=legacy", "legacy", false},                              // a bare string
		{`name="x y"`, "x y", false},                                             // a quoted string
		{"function.api.timeout=30s", "30s", false},                               // a duration as a bare string
		{`function.api.cold_start={ dist = "fixed", value = "0s" }`, nil, false}, // an inline table (checked below)
		{"nokey", nil, true},                                                     // no '='
		{"=1", nil, true},                                                        // empty key
		{"a..b=1", nil, true},                                                    // empty part
	} {
		s, err := ParseSet(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("%q: error %v", tc.in, err)
			continue
		}
		if tc.want != nil && s.Value != tc.want {
			t.Errorf("%q: value %#v, want %#v", tc.in, s.Value, tc.want)
		}
	}
}

// Overrides reach the right element and are validated like the file.
func TestSetApplies(t *testing.T) {
	sc, err := LoadBytes("s.toml", []byte(base), []string{
		"function.api.memory_mb=2048",
		"workload.w.arrivals.rate=500",
		`function.api.cold_start={ dist = "fixed", value = "0s" }`,
		"function.api.reserved_concurrency=10", // absent from the file: created
		"duration=2h",
	})
	if err != nil {
		t.Fatal(err)
	}
	f := sc.Functions[0]
	if f.MemoryMB != 2048 || sc.Workloads[0].Arrivals.Rate != 500 || f.ColdStart.Value != 0 ||
		f.Reserved() != 10 || sc.Duration != 2*sim.Hour {
		t.Errorf("overrides not applied: %+v, rate %v, duration %v", f, sc.Workloads[0].Arrivals.Rate, sc.Duration)
	}
}

// A --set of memory_mb or arch keeps the file's handler times measured
// where the file states them: duration_memory_mb and duration_arch are
// pinned to the file's memory_mb and arch (their defaults when absent),
// unless something states them; and the printed scenario loads the same.
func TestSetPinsMeasurement(t *testing.T) {
	for _, tc := range []struct {
		name   string
		file   string // function keys added to base's
		sets   []string
		mb     int    // duration_memory_mb after loading
		arch   string // duration_arch after loading
		factor float64
	}{
		// No --set: measured at the function's own memory and arch.
		{"no set", "memory_mb = 512", nil, 512, "x86_64", 1},
		// The file's 512 MB stays the reference: 4× the CPU.
		{"memory set", "memory_mb = 512", []string{"function.api.memory_mb=2048"}, 512, "x86_64", 512.0 / 1769},
		// No memory_mb in the file: its default, 128 MB.
		{"memory absent", "", []string{"function.api.memory_mb=256"}, 128, "x86_64", 0.5},
		// A stated reference is kept.
		{"reference stated", "memory_mb = 512\nduration_memory_mb = 1024", []string{"function.api.memory_mb=256"}, 1024, "x86_64", 4},
		// A --set reference wins, in any order.
		{"reference set", "memory_mb = 512", []string{"function.api.memory_mb=256", "function.api.duration_memory_mb=256"}, 256, "x86_64", 1},
		// arch alike, with its speed.
		{"arch set", "arm64_speed = 1.25", []string{"function.api.arch=arm64"}, 128, "x86_64", 0.8},
		{"arch in file", "arch = \"arm64\"\narm64_speed = 1.25", []string{"function.api.arch=x86_64"}, 128, "arm64", 1.25},
	} {
		text := strings.Replace(base, "duration = \"10ms\"\n", "duration = \"10ms\"\n"+tc.file+"\n", 1)
		sc, err := LoadBytes("s.toml", []byte(text), tc.sets)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		f := sc.Functions[0]
		if f.DurationMemoryMB != tc.mb || f.DurationArch.String() != tc.arch || math.Abs(f.HandlerFactor()-tc.factor) > 1e-12 {
			t.Errorf("%s: measured at %d MB on %s, factor %v; want %d MB on %s, factor %v",
				tc.name, f.DurationMemoryMB, f.DurationArch, f.HandlerFactor(), tc.mb, tc.arch, tc.factor)
		}
		again, err := LoadBytes("printed.toml", TOML(sc), nil)
		if err != nil || string(TOML(again)) != string(TOML(sc)) || again.Functions[0].HandlerFactor() != f.HandlerFactor() {
			t.Errorf("%s: the printed scenario loads differently (%v)", tc.name, err)
		}
	}
}
