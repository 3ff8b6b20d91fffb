package calibrate

import (
	"strings"
	"testing"
)

// Any log, however malformed, is read without a panic, and what it yields
// either calibrates to a scenario that loads or is refused with an error.
func FuzzCalibrate(f *testing.F) {
	for _, seed := range []string{
		"REPORT RequestId: a Duration: 12.5 ms Billed Duration: 13 ms Memory Size: 128 MB Max Memory Used: 60 MB\nREPORT RequestId: b Duration: 30 ms Billed Duration: 30 ms Memory Size: 128 MB Max Memory Used: 61 MB Init Duration: 200 ms\n",
		`{"events":[{"timestamp":1700000000000,"message":"REPORT RequestId: a Duration: 1 ms"},{"timestamp":1700000001000,"message":"REPORT RequestId: b Duration: 2 ms"}]}`,
		"@timestamp,@message\n2026-11-27 10:00:00.000,\"REPORT RequestId: a Duration: 5 ms\"\n2026-11-27 10:00:00.000,\"REPORT RequestId: b Duration: 5 ms\"\n",
		"@duration,@memorySize\n1e308,1\n-5,0\n",
		"2026-11-27T10:00:00Z REPORT RequestId: x Duration: 0 ms\n",
		"REPORT RequestId: Duration: 99999999999999999999 ms\nREPORT RequestId: Duration: 1e-300 ms\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, log string) {
		reps, err := Read("fuzz", strings.NewReader(log))
		if err != nil {
			return
		}
		res, err := Calibrate(reps, Options{})
		if err == nil && len(res.TOML) == 0 {
			t.Error("a calibration without a scenario")
		}
	})
}
