package scenarios

import (
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
