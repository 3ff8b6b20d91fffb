package main

import (
	"bytes"
	"strings"
	"testing"
)

// --buckets is bounded: every time series holds one value per bucket, so
// an unbounded count is a way to exhaust memory before the run. Past the
// bound the command exits 2 before simulating anything.
func TestBucketsBound(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string // in stderr
	}{
		// One past the bound.
		{name: "run over", args: []string{"run", "steady-api", "--buckets", "100001"}, code: exitBadInput,
			msg: "--buckets 100001: allowed: 0 (the default, 600) to 100000"},
		// Absurd values too, on every command that runs.
		{name: "sweep huge", args: []string{"sweep", "steady-api", "--buckets", "2000000000"}, code: exitBadInput, msg: "--buckets 2000000000"},
		// Negative, as before.
		{name: "negative", args: []string{"run", "steady-api", "--buckets", "-1"}, code: exitBadInput, msg: "--buckets -1"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stderr.String(), tc.msg) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tc.name, code, stderr.String(), tc.code, tc.msg)
		}
	}
}
