package sqs

import (
	"math"
	"testing"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
)

// provisioned is queue q in provisioned mode with min and max pollers.
func provisioned(min, max int) Config {
	q := testQueue()
	q.MinPollers, q.MaxPollers = min, max
	return q
}

// In provisioned mode the minimum pollers take 10 concurrent invokes each
// at once, and while messages wait the ESM adds 1,000 concurrency a minute
// (16⅔ a second), up to 10 × the maximum pollers (sources.md
// [sqs-esm-provisioned]). Standard mode would be at 5, 35 and 56 at 0,
// 6.03 and 10.3 s (5 a second).
func TestProvisionedScaling(t *testing.T) {
	q := provisioned(3, 20)
	q.BatchSize = 1
	r := newRig(t, q, testFn(10*sim.Minute, 0), lambda.Scaling2023) // nothing finishes for 10 minutes
	r.send(0, 0, 2000)
	for _, tc := range []struct {
		at            sim.Time
		conc, pollers float64
	}{
		// 3 pollers × 10 at once.
		{0, 30, 3},
		// 30 + 16⅔ × 6.03 = 130.5: 130 invocations on 13 pollers (the
		// 131st, and the 14th poller, come at 6.06 s).
		{6030 * ms, 130, 13},
		{6070 * ms, 131, 14},
		// 30 + 16⅔ × 10.1 = 198.3, on 20 pollers.
		{10100 * ms, 198, 20},
		// The cap, 200 (20 pollers), from 10.2 s on.
		{10300 * ms, 200, 20},
		{sim.Minute, 200, 20},
	} {
		r.run(tc.at)
		eq(t, "concurrency at "+tc.at.String(), r.esm(), tc.conc)
		eq(t, "pollers at "+tc.at.String(), r.q.Stats.Pollers.Value(), tc.pollers)
	}
}

// Provisioned mode never goes below its minimum pollers: it scales back to
// them when traffic is low, and throttles back it off no further. Its bill
// is EPU-hours: one poller for an hour each.
func TestProvisionedMinimum(t *testing.T) {
	fn := testFn(sim.Second, 0)
	fn.ReservedConcurrency = new(25) // fewer than the 30 pollers' invokes: throttles
	q := provisioned(3, 50)
	q.BatchSize = 1
	r := newRig(t, q, fn, lambda.Scaling2023)
	r.send(0, 0, 2000)
	low := math.Inf(1)
	for at := sim.Time(0); at <= 10*sim.Minute; at += 100 * ms {
		r.run(at)
		low = min(low, r.q.Stats.Pollers.Value())
	}
	eq(t, "processed", r.q.Stats.Processed, 2000)
	eq(t, "fewest pollers", low, 3)
	eq(t, "pollers after the burst", r.q.Stats.Pollers.Value(), 3)
	if r.q.Stats.Throttled == 0 {
		t.Error("no throttles: 30 invokes against reserved concurrency 25")
	}
	if p := r.q.Stats.Pollers.Peak(); p <= 3 {
		t.Errorf("peak %v pollers: the ESM did not scale up", p)
	}
	// Idle for an hour: exactly 3 EPU-hours.
	idle := newRig(t, provisioned(3, 50), fn, lambda.Scaling2023)
	idle.run(sim.Hour)
	idle.q.Stats.Close(sim.Hour)
	if h := idle.q.EPUHours(); math.Abs(h-3) > 1e-9 {
		t.Errorf("%v EPU-hours idle, want 3", h)
	}
	std := newRig(t, testQueue(), fn, lambda.Scaling2023)
	std.run(sim.Hour)
	std.q.Stats.Close(sim.Hour)
	eq(t, "standard mode's EPU-hours", std.q.EPUHours(), 0)
}

// Each poller receives up to 10 ReceiveMessage calls and 1 MB a second: a
// token bucket holding one second of it. With 2 pollers (minimum =
// maximum) and batches of one, message k starts at
//
//	max(0, k − (b − 1)) × c / 2,  b = 2 s / c,
//
// c the poller-seconds a batch takes: 0.1 s (one call) for 1 KB, 0.5 s
// (512 KB at 1 MB/s) for 512 KB.
func TestProvisionedThroughput(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int      // message size
		cost sim.Time // poller-time per batch
		n    int32
	}{
		// 20 at once, then 20 a second: the calls bind.
		{"calls", 1 << 10, 100 * ms, 200},
		// 4 at once, then 4 a second (2 MB/s): the bytes bind.
		{"bytes", 512 << 10, 500 * ms, 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := provisioned(2, 2)
			q.BatchSize, q.MessageSize = 1, tc.size
			r := newRig(t, q, testFn(ms, 0), lambda.Scaling2023)
			r.send(0, 0, int(tc.n))
			r.run(sim.Minute)
			burst := int32(2 * sim.Second / tc.cost)
			for k := range tc.n {
				want := sim.Time(max(0, k-(burst-1))) * tc.cost / 2
				if e := r.ends[k]; e.failed || e.start != want {
					t.Fatalf("message %d: %+v, want started at %v", k, e, want)
				}
			}
		})
	}
}
