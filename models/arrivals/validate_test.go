package arrivals

import (
	"math"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Invalid specs and what the message says is allowed.
func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{Process: "x"}, `unknown process "x" (allowed: poisson, constant, profile, sinusoid, mmpp, burst, trace)`}, // unknown
		{Spec{}, `unknown process ""`},                                                                                                                            // none
		{Spec{Process: "trace"}, "trace needs file"},                                                                                                              // a trace without its file
		{Spec{Process: Poisson, Rate: -1}, "rate -1 is not a rate (allowed: a finite number >= 0"},                                                                // negative
		{Spec{Process: Poisson, Rate: math.Inf(1)}, "rate +Inf is not a rate"},                                                                                    // infinite
		{Spec{Process: Constant, Rate: math.NaN()}, "rate NaN is not a rate"},                                                                                     // NaN
		{Spec{Process: Profile, Shape: "step"}, "profile needs at least one point"},                                                                               // no points
		{Spec{Process: Profile, Points: []Point{{sec, 1}}, Shape: "step"}, `the first point must be at "0s" (got 1s)`},                                            // late start
		{Spec{Process: Profile, Points: []Point{{0, 1}, {minute, 2}, {minute, 3}}, Shape: "step"}, "points must be in strictly increasing time (points[2] at 1m"}, // repeated time
		{Spec{Process: Profile, Points: []Point{{0, 1}, {minute, -2}}, Shape: "step"}, "points[1] rate -2 is not a rate"},                                         // negative rate
		{Spec{Process: Profile, Points: spike(), Shape: "cubic"}, `shape "cubic" (allowed: step, linear)`},                                                        // bad shape
		{Spec{Process: Profile, Points: spike()}, `shape "" (allowed: step, linear)`},                                                                             // no shape
		{Spec{Process: Profile, Points: spike(), Shape: "step", Repeat: 6 * minute}, "repeat 6m is shorter than the last point at 7m (allowed: 0 for no repeat"},  // short repeat
		{Spec{Process: Profile, Points: spike(), Shape: "step", Repeat: -sec}, "repeat -1s is shorter"},                                                           // negative repeat
		{Spec{Process: Sinusoid, Mean: 200, Amplitude: 300, Period: sec},
			"amplitude 300 is larger than mean 200: the rate would go negative (allowed: 0 <= amplitude <= mean)"}, // negative rate
		{Spec{Process: Sinusoid, Mean: 1, Amplitude: -1, Period: sec}, "amplitude -1 is not a rate"},                     // negative amplitude
		{Spec{Process: Sinusoid, Mean: 1}, "sinusoid needs period > 0"},                                                  // no period
		{Spec{Process: MMPP}, "mmpp needs at least one state"},                                                           // no states
		{Spec{Process: MMPP, States: []State{{Rate: 1, MeanDwell: sec}, {Rate: 1}}}, "states[1].mean_dwell must be > 0"}, // no dwell
		{Spec{Process: MMPP, States: []State{{Rate: -1, MeanDwell: sec}}}, "states[0].rate -1 is not a rate"},            // negative rate
		{Spec{Process: Burst, Count: -1}, "burst needs count >= 0, at >= 0 and over >= 0 (got count -1"},                 // negative count
		{Spec{Process: Burst, Count: 1, Over: -sec}, "burst needs count >= 0, at >= 0 and over >= 0"},                    // negative window
	} {
		err := tc.spec.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.spec, err, tc.want)
		}
	}
}

// Valid specs at the edges of what is allowed.
func TestValidateAccepts(t *testing.T) {
	for _, s := range []Spec{
		{Process: Poisson}, // rate 0: never
		{Process: Profile, Points: []Point{{0, 5}}, Shape: "linear"},             // one point: constant
		{Process: Profile, Points: []Point{{0, 5}}, Shape: "step", Repeat: sec},  // one point, repeating
		{Process: Profile, Points: spike(), Shape: "linear", Repeat: 7 * minute}, // repeat at the last point
		{Process: Sinusoid, Mean: 10, Amplitude: 10, Period: sec},                // touches zero
		{Process: MMPP, States: []State{{Rate: 0, MeanDwell: sec}}},              // a quiet state
		{Process: Burst}, // no requests
	} {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}

// A trace's settings are checked; a case per row.
func TestValidateTrace(t *testing.T) {
	ok := TraceSpec{File: "t.csv", Format: FormatTimestamps, Scale: 1, Speed: 1}
	for _, tc := range []struct {
		edit func(*TraceSpec)
		want string
	}{
		{func(s *TraceSpec) { s.Format = "csv" }, "allowed: timestamps, azure-2019, azure-2021"}, // an unknown format
		{func(s *TraceSpec) { s.Scale = 0 }, "scale 0"},                                          // nothing kept
		{func(s *TraceSpec) { s.Speed = -1 }, "speed -1"},                                        // time backwards
		{func(s *TraceSpec) { s.Start, s.End = 5*sim.Second, 2*sim.Second }, "window"},           // an empty window
	} {
		s := ok
		tc.edit(&s)
		if err := (Spec{Process: Trace, Trace: s}).Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", s, err, tc.want)
		}
	}
	if err := (Spec{Process: Trace, Trace: ok}).Validate(); err != nil {
		t.Errorf("a good trace: %v", err)
	}
}
