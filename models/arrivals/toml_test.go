package arrivals

import (
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// String writes inline tables the scenario loader reads back (the round
// trip is tested there).
func TestString(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		// Rates in the shortest form.
		{Spec{Process: Poisson, Rate: 200}, `{ process = "poisson", rate = 200 }`},
		{Spec{Process: Constant, Rate: 0.5}, `{ process = "constant", rate = 0.5 }`},
		// Points as [time, rate] pairs; repeat only when set.
		{Spec{Process: Profile, Points: spike(), Shape: "step"},
			`{ process = "profile", points = [["0s", 50], ["5m", 2000], ["7m", 50]], shape = "step" }`},
		{Spec{Process: Profile, Points: spike(), Shape: "linear", Repeat: sim.Hour},
			`{ process = "profile", points = [["0s", 50], ["5m", 2000], ["7m", 50]], shape = "linear", repeat = "1h" }`},
		// Phase always written.
		{Spec{Process: Sinusoid, Mean: 100, Amplitude: 50, Period: sim.Hour},
			`{ process = "sinusoid", mean = 100, amplitude = 50, period = "1h", phase = "0s" }`},
		{Spec{Process: Sinusoid, Mean: 100, Amplitude: 50, Period: sim.Hour, Phase: 90 * minute},
			`{ process = "sinusoid", mean = 100, amplitude = 50, period = "1h", phase = "1h30m" }`},
		// States as inline tables.
		{quietBusy(), `{ process = "mmpp", states = [{ rate = 50, mean_dwell = "5m" }, { rate = 2000, mean_dwell = "30s" }] }`},
		{Spec{Process: Burst, Count: 1000, At: minute, Over: 10 * sec}, `{ process = "burst", count = 1000, at = "1m", over = "10s" }`},
	} {
		if got := tc.spec.String(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
		if b, _ := tc.spec.MarshalTOML(); string(b) != tc.want {
			t.Errorf("MarshalTOML %s", b)
		}
	}
}
