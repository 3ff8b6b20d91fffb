package models

import (
	"math"
	"testing"
	"time"
)

// Work's time, size and wording.
func TestWork(t *testing.T) {
	tests := []struct {
		name  string
		work  Work
		time  time.Duration
		large bool
		text  string
	}{
		// Small: milliseconds.
		{"small", Work{Requests: 1000, Events: 2000, Runs: 1}, 500 * time.Microsecond, false,
			"about 1 thousand requests, 2 thousand events; roughly 1ms of CPU at 4 million events/s"},
		// Just under both thresholds.
		{"under", Work{Requests: 49e6, Events: 119e6, Runs: 1}, 29750 * time.Millisecond, false,
			"about 49 million requests, 119 million events; roughly 29.8s of CPU at 4 million events/s"},
		// At the request threshold, quick as it is.
		{"requests", Work{Requests: 50e6, Events: 1e6, Runs: 1}, 250 * time.Millisecond, true,
			"about 50 million requests, 1 million events; roughly 250ms of CPU at 4 million events/s"},
		// At the time threshold with few requests (many events each).
		{"time", Work{Requests: 1e6, Events: 120e6, Runs: 1}, 30 * time.Second, true,
			"about 1 million requests, 120 million events; roughly 30s of CPU at 4 million events/s"},
		// Minutes and seconds.
		{"minutes", Work{Requests: 100e6, Events: 360e6, Runs: 1}, 90 * time.Second, true,
			"about 100 million requests, 360 million events; roughly 1m30s of CPU at 4 million events/s"},
		// Whole minutes past ten.
		{"ten minutes", Work{Requests: 1e9, Events: 4.32e9, Runs: 1}, 1080 * time.Second, true,
			"about 1 billion requests, 4.3 billion events; roughly 18m of CPU at 4 million events/s"},
		// The 10^10 requests.
		{"issue", Work{Requests: 1e10, Events: 2e10, Runs: 1}, 5000 * time.Second, true,
			"about 10 billion requests, 20 billion events; roughly 1h23m of CPU at 4 million events/s"},
		// Days.
		{"days", Work{Requests: 1e12, Events: 2e12, Runs: 1}, 500000 * time.Second, true,
			"about 1 trillion requests, 2 trillion events; roughly 5.8 days of CPU at 4 million events/s"},
		// Past what a Duration holds.
		{"centuries", Work{Requests: 1e20, Events: math.Inf(1), Runs: 1}, math.MaxInt64, true,
			"about 1.0e+20 requests, +Inf events; roughly centuries of CPU at 4 million events/s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.work.Time(); got != tc.time {
				t.Errorf("Time %v, want %v", got, tc.time)
			}
			if got := tc.work.Large(); got != tc.large {
				t.Errorf("Large %v, want %v", got, tc.large)
			}
			if got := tc.work.String(); got != tc.text {
				t.Errorf("String\n got %q\nwant %q", got, tc.text)
			}
		})
	}
}
