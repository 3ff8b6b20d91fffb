package sqs

import (
	"slices"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
)

// batches lists the batches of the processed messages in start order, by
// size: with a handler of perMsg per message and no fixed time, a batch of
// n takes n × perMsg.
func (r *rig) batches(perMsg sim.Time) []int {
	type key struct{ start, at sim.Time }
	count := map[key]int{}
	for _, e := range r.ends {
		if !e.failed {
			count[key{e.start, e.at}]++
		}
	}
	keys := make([]key, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int { return int(a.start - b.start) })
	var out []int
	for _, k := range keys {
		size := int((k.at - k.start) / perMsg)
		for range count[k] / size {
			out = append(out, size)
		}
	}
	return out
}

// The event source mapping invokes with up to batch_size messages, capped
// by the 6 MB payload; batch_window gathers messages before invoking with
// fewer.
func TestBatching(t *testing.T) {
	for _, tc := range []struct {
		name        string
		size        int      // batch_size
		window      sim.Time // batch_window
		messageSize int      // bytes
		n           int      // messages sent at t = 0, one after another
		want        []int    // batch sizes in start order
	}{
		// No window: each of the 5 pollers takes the one message there is
		// when it is sent; the next 20 wait for the first batches to end
		// (1 ms) and go in full batches.
		{name: "no window", size: 10, n: 25, want: []int{1, 1, 1, 1, 1, 10, 10}},
		// A 1 s window: full batches at once, the last 5 when it closes.
		{name: "window", size: 10, window: sim.Second, n: 25, want: []int{10, 10, 5}},
		// Batches above 10 (with a window).
		{name: "batch of 100", size: 100, window: 2 * sim.Second, n: 150, want: []int{100, 50}},
		// 1 MB messages: at most 6 in the 6 MB payload.
		{name: "6 MB cap", size: 10, window: sim.Second, messageSize: 1 << 20, n: 10, want: []int{6, 4}},
		// 700 KB messages: 8 fit in 6 MB.
		{name: "6 MB cap, 700 KB", size: 10, window: sim.Second, messageSize: 700 << 10, n: 10, want: []int{8, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := testQueue()
			q.BatchSize, q.BatchWindow, q.MessageSize = tc.size, tc.window, tc.messageSize
			r := newRig(t, q, testFn(0, ms), lambda.Scaling2023)
			r.send(0, 0, tc.n)
			r.run(sim.Minute)
			if got := r.batches(ms); !slices.Equal(got, tc.want) {
				t.Errorf("batches %v, want %v", got, tc.want)
			}
			st := r.q.Stats
			eq(t, "batches", st.Batches, int64(len(tc.want)))
			eq(t, "batch messages", st.BatchMessages, int64(tc.n))
			eq(t, "processed", st.Processed, int64(tc.n))
			eq(t, "sent", st.Sent, int64(tc.n))
			eq(t, "depth", st.Depth.Value(), 0)
		})
	}
}

// The ESM starts with 5 concurrent invocations and, while messages wait,
// adds 300 a minute (60 with legacy scaling), up to max_concurrency or
// 1,000.
func TestPollerScaling(t *testing.T) {
	for _, tc := range []struct {
		name    string
		scaling lambda.Scaling
		maxConc int
		at      []sim.Time
		want    []float64 // concurrency at those times
	}{
		// 5 + 5 per second.
		{name: "2023", at: []sim.Time{100 * ms, 1100 * ms, 30100 * ms, 60100 * ms},
			want: []float64{5, 10, 155, 305}},
		// 5 + 1 per second.
		{name: "legacy", scaling: lambda.ScalingLegacy, at: []sim.Time{100 * ms, 1100 * ms, 30100 * ms, 60100 * ms},
			want: []float64{5, 6, 35, 65}},
		// Capped at max_concurrency: 50 from 9 s on.
		{name: "max_concurrency", maxConc: 50, at: []sim.Time{8100 * ms, 9100 * ms, 60100 * ms},
			want: []float64{45, 50, 50}},
		// Capped at 1,000 (the account's limit too) from 199 s on.
		{name: "1,000", at: []sim.Time{198100 * ms, 199100 * ms, 300 * sim.Second},
			want: []float64{995, 1000, 1000}},
		// max_concurrency below 5: it is also the start.
		{name: "max_concurrency 2", maxConc: 2, at: []sim.Time{0, sim.Minute}, want: []float64{2, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := testQueue()
			q.BatchSize, q.MaxConcurrency = 1, tc.maxConc
			r := newRig(t, q, testFn(10*sim.Minute, 0), tc.scaling) // nothing finishes for 10 minutes
			r.send(0, 0, 2000)
			for i, at := range tc.at {
				r.run(at)
				eq(t, "concurrency at "+at.String(), r.esm(), tc.want[i])
			}
		})
	}
}

// When traffic is low the ESM scales back: once a long poll (20 s) has
// found the queue empty, to 5; after a second one, to 2, except with
// max_concurrency, where it stays at 5 (sources.md [sqs-esm]). It holds its
// level until then. A second burst after an idle gap ramps again from the
// scaled-back level: with max_concurrency exactly as the first did, so its
// median wait is the first's.
func TestPollerScaleBack(t *testing.T) {
	const (
		n   = 300            // messages per burst
		gap = 5 * sim.Minute // the second burst's send time
	)
	for _, tc := range []struct {
		name    string
		maxConc int
		low     float64 // the level the second burst finds
	}{
		// Back to 5, then down to 2.
		{"default", 0, 2},
		// Back to 5 only.
		{"max_concurrency", 100, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := testQueue()
			q.BatchSize, q.MaxConcurrency = 1, tc.maxConc
			r := newRig(t, q, testFn(sim.Second, 0), lambda.Scaling2023)
			r.send(0, 0, n)
			r.send(gap, n, n)
			// The level every 100 ms, off the 200 ms ramp steps and the
			// whole seconds at which invocations end.
			var at []sim.Time
			var level []float64
			for t := 50 * ms; t < gap; t += 100 * ms {
				r.run(t)
				at, level = append(at, t), append(level, r.q.allowed)
			}
			// The queue is empty from the last receive of the first burst.
			var emptied sim.Time
			for i := range int32(n) {
				emptied = max(emptied, r.ends[i].start)
			}
			peak := slices.Max(level)
			if peak <= 50 {
				t.Fatalf("peak level %v: the ESM did not scale up", peak)
			}
			for i, t0 := range at {
				want := peak // held until a long poll finds the queue empty
				switch {
				case t0 < emptied:
					continue // still ramping
				case t0 >= emptied+2*emptyPollWait:
					want = tc.low
				case t0 >= emptied+emptyPollWait:
					want = 5
				}
				if level[i] != want {
					t.Fatalf("at %v (queue empty from %v): level %v, want %v", t0, emptied, level[i], want)
				}
			}
			// The second burst: all slots busy at once, then 5 more a second.
			r.run(gap + 50*ms)
			eq(t, "concurrency as the second burst starts", r.esm(), tc.low)
			r.run(gap + 1050*ms)
			eq(t, "concurrency 1 s later", r.esm(), tc.low+5)
			r.run(gap + 2*sim.Minute)
			eq(t, "processed", r.q.Stats.Processed, 2*n)
			m1, m2 := r.medianWait(0, n), r.medianWait(n, 2*n)
			t.Logf("median wait: first burst %v, second %v", m1, m2)
			if tc.low == 5 {
				// Deterministic: the same ramp from the same level.
				eq(t, "second burst's median wait", m2, m1)
			} else if m2 <= m1 {
				t.Errorf("second burst's median wait %v, want above the first's %v (it ramps from 2, not 5)", m2, m1)
			}
		})
	}
}

// medianWait is the median wait (send to invocation start) of the processed
// messages from..to−1.
func (r *rig) medianWait(from, to int32) sim.Time {
	var w []sim.Time
	for i := from; i < to; i++ {
		if e, ok := r.ends[i]; ok && !e.failed {
			w = append(w, e.start-r.sent[i])
		}
	}
	slices.Sort(w)
	return w[len(w)/2]
}

// A failed batch's messages return after the visibility timeout (counted
// from the receive); after max_receive_count receives a message that fails
// again goes to the dead-letter queue. With report_batch_item_failures the
// invocation succeeds and each message fails on its own (error_rate per
// message), so Lambda counts no function error.
func TestRedelivery(t *testing.T) {
	for _, tc := range []struct {
		name         string
		visibility   sim.Time
		maxReceives  int
		itemFailures bool
		wantDead     sim.Time
		wantReceives int
		wantErrors   int64 // the function's
	}{
		{name: "one receive", visibility: 30 * sim.Second, maxReceives: 1, wantDead: 30 * sim.Second, wantReceives: 1, wantErrors: 1},
		{name: "three receives", visibility: 30 * sim.Second, maxReceives: 3, wantDead: 90 * sim.Second, wantReceives: 3, wantErrors: 3},
		// AWS's default of 5 receives (the default visibility timeout,
		// 6 × the 10 s timeout, is 1 minute).
		{name: "default receives", wantDead: 5 * sim.Minute, wantReceives: 5, wantErrors: 5},
		{name: "batch item failures", visibility: 30 * sim.Second, maxReceives: 3, itemFailures: true, wantDead: 90 * sim.Second, wantReceives: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := testFn(sim.Second, 0)
			fn.ErrorRate, fn.Timeout = 1, 10*sim.Second
			q := testQueue()
			q.VisibilityTimeout, q.MaxReceiveCount, q.ReportBatchItemFailures = tc.visibility, tc.maxReceives, tc.itemFailures
			r := newRig(t, q, fn, lambda.Scaling2023)
			r.send(0, 0, 1)
			r.run(sim.Hour)
			eq(t, "end", r.ends[0], end{at: tc.wantDead, receives: tc.wantReceives, failed: true, dead: true})
			st := r.q.Stats
			eq(t, "receives", st.Receives, int64(tc.wantReceives))
			eq(t, "dead-lettered", st.DeadLettered, 1)
			eq(t, "function errors", r.fn.Stats.Errors, tc.wantErrors)
			eq(t, "oldest", st.MaxAge, tc.wantDead)
		})
	}
}

// A batch whose invocation outlasts the visibility timeout (allowed when it
// equals the function's timeout: a cold start's init comes on top) returns
// its messages when the invocation ends, not in the past.
func TestReturnAfterLongInvocation(t *testing.T) {
	fn := testFn(20*sim.Second, 0)
	fn.ColdStart, fn.Timeout = fixed(2*sim.Second), 10*sim.Second
	q := testQueue()
	q.VisibilityTimeout, q.MaxReceiveCount = 10*sim.Second, 2
	r := newRig(t, q, fn, lambda.Scaling2023)
	r.send(0, 0, 1)
	r.run(sim.Hour)
	// Received at 0 and at 12 s, each invocation a cold start cut by the
	// timeout 12 s later; dead-lettered when the second one ends.
	eq(t, "end", r.ends[0], end{at: 24 * sim.Second, receives: 2, failed: true, dead: true})
}

// With report_batch_item_failures and error_rate 0.5 per message, every
// message is processed in the end, after 2 receives on average.
func TestBatchItemFailures(t *testing.T) {
	fn := testFn(100*ms, 0)
	fn.ErrorRate, fn.Timeout = 0.5, sim.Second
	q := testQueue()
	q.ReportBatchItemFailures, q.MaxReceiveCount, q.VisibilityTimeout, q.BatchWindow = true, 1000, 10*sim.Second, sim.Second
	r := newRig(t, q, fn, lambda.Scaling2023)
	r.send(0, 0, 1000)
	r.run(sim.Hour)
	st := r.q.Stats
	eq(t, "processed", st.Processed, 1000)
	eq(t, "function errors", r.fn.Stats.Errors, 0)
	sum := 0
	for _, e := range r.ends {
		sum += e.receives
	}
	eq(t, "receives", st.Receives, int64(sum))
	// Geometric with mean 2 and variance 2: 2 ± 4 × √(2/1000).
	if m := float64(sum) / 1000; m < 1.82 || m > 2.18 {
		t.Errorf("%.3f receives per message, want about 2", m)
	}
}

// SQS deletes a message older than the retention period: one still waiting
// when its turn comes, or one that returns after a failure too old.
func TestRetention(t *testing.T) {
	t.Run("waiting", func(t *testing.T) {
		// Two at a time for 50 s each: received at 0, 0, 50, 50 s; the
		// fifth, 100 s old when its turn comes, has expired.
		q := testQueue()
		q.BatchSize, q.MaxConcurrency, q.RetentionPeriod = 1, 2, sim.Minute
		r := newRig(t, q, testFn(50*sim.Second, 0), lambda.Scaling2023)
		r.send(0, 0, 5)
		r.run(sim.Hour)
		eq(t, "fifth", r.ends[4], end{at: 100 * sim.Second, failed: true})
		eq(t, "fourth", r.ends[3], end{at: 100 * sim.Second, start: 50 * sim.Second, receives: 1})
		eq(t, "expired", r.q.Stats.Expired, 1)
		eq(t, "processed", r.q.Stats.Processed, 4)
	})
	t.Run("returning", func(t *testing.T) {
		// Failing, visibility 40 s: received at 0 and 40 s; back at 80 s,
		// past the 60 s retention.
		fn := testFn(sim.Second, 0)
		fn.ErrorRate, fn.Timeout = 1, 10*sim.Second
		q := testQueue()
		q.VisibilityTimeout, q.RetentionPeriod, q.MaxReceiveCount = 40*sim.Second, sim.Minute, 10
		r := newRig(t, q, fn, lambda.Scaling2023)
		r.send(0, 0, 1)
		r.run(sim.Hour)
		eq(t, "end", r.ends[0], end{at: 80 * sim.Second, receives: 2, failed: true})
		eq(t, "expired", r.q.Stats.Expired, 1)
	})
}

// A batch the function throttles stays with its poller, invisible, and is
// retried with back-off until its visibility timeout runs out; only then is
// it visible again, and only being received again counts towards
// max_receive_count (sources.md [sqs-esm-errors]).
func TestThrottledBatches(t *testing.T) {
	t.Run("retried within the visibility timeout", func(t *testing.T) {
		// Reserved concurrency 2 and 1 s each: 10 messages take 5 s, well
		// inside the 30 s visibility timeout, so every message is received
		// once and none reaches the dead-letter queue, though
		// max_receive_count is 1. (Parked for the visibility timeout, as
		// before, they ended at 1, 1, 31, 31, 61, … 121 s with 1–5 receives.)
		fn := testFn(sim.Second, 0)
		fn.ReservedConcurrency, fn.Timeout = new(2), 10*sim.Second
		q := testQueue()
		q.BatchSize, q.VisibilityTimeout, q.MaxReceiveCount = 1, 30*sim.Second, 1
		r := newRig(t, q, fn, lambda.Scaling2023)
		r.send(0, 0, 10)
		r.run(sim.Hour)
		for i := range int32(10) {
			if e := r.ends[i]; e.failed || e.receives != 1 || e.start >= 30*sim.Second {
				t.Errorf("message %d: %+v, want processed within 30 s after 1 receive", i, e)
			}
		}
		st := r.q.Stats
		eq(t, "receives", st.Receives, 10)
		eq(t, "dead-lettered", st.DeadLettered, 0)
		if st.Throttled == 0 {
			t.Error("no throttled attempts: 5 pollers should exceed reserved concurrency 2")
		}
		eq(t, "throttled attempts", st.Throttled, r.fn.Stats.Throttled[lambda.ThrottleConcurrency].N)
	})
	t.Run("visible again after the visibility timeout", func(t *testing.T) {
		// Reserved concurrency 1, 10 s each, a 10 s visibility timeout, 2
		// receives; max_concurrency 5 keeps the three receives at 0. m0
		// runs 0–10 s; m1 and m2 are retried until 10 s, then visible
		// again: one is received and runs 10–20 s, the other is retried
		// until 20 s and, visible again after its second receive, goes to
		// the dead-letter queue.
		fn := testFn(10*sim.Second, 0)
		fn.ReservedConcurrency, fn.Timeout = new(1), 10*sim.Second
		q := testQueue()
		q.BatchSize, q.MaxConcurrency, q.VisibilityTimeout, q.MaxReceiveCount = 1, 5, 10*sim.Second, 2
		r := newRig(t, q, fn, lambda.Scaling2023)
		r.send(0, 0, 3)
		r.run(sim.Hour)
		eq(t, "m0", r.ends[0], end{at: 10 * sim.Second, receives: 1})
		ran := end{at: 20 * sim.Second, start: 10 * sim.Second, receives: 2}
		dead := end{at: 20 * sim.Second, receives: 2, failed: true, dead: true}
		if got := [2]end{r.ends[1], r.ends[2]}; got != [2]end{ran, dead} && got != [2]end{dead, ran} {
			t.Errorf("m1, m2 = %+v, want one of each: %+v, %+v", got, ran, dead)
		}
		st := r.q.Stats
		eq(t, "receives", st.Receives, 5)
		eq(t, "dead-lettered", st.DeadLettered, 1)
		// Three stretches of 10 s of retries (m1's and m2's first, the
		// dead one's second), each the first attempt and retries after
		// 0.5–1, 1–2, 2–4 and 4–8 s more: 4 or 5 attempts.
		if n := st.Throttled; n < 12 || n > 15 {
			t.Errorf("%d throttled attempts, want 12–15", n)
		}
		eq(t, "function throttles", r.fn.Stats.Throttled[lambda.ThrottleConcurrency].N, st.Throttled)
	})
}

// The back-off before retry k is uniform in [d/2, d], d = min(2^(k−1) s,
// 20 s).
func TestRetryDelay(t *testing.T) {
	r := newRig(t, testQueue(), testFn(sim.Second, 0), lambda.Scaling2023)
	for k, d := range []sim.Time{1, 2, 4, 8, 16, 20, 20, 20, 20, 20, 20} {
		d *= sim.Second
		lo, hi := d, sim.Time(0)
		for range 200 {
			got := r.q.retryDelay(int32(k + 1))
			lo, hi = min(lo, got), max(hi, got)
		}
		// The chance that none of 200 uniform draws falls in the tenth of
		// [d/2, d] next to an end is 0.9²⁰⁰ ≈ 7e-10.
		if lo < d/2 || hi > d || lo > d/2+d/20 || hi < d-d/20 {
			t.Errorf("retry %d: delays %v..%v, want [%v, %v]", k+1, lo, hi, d/2, d)
		}
	}
}

// The oldest visible message's age is sampled at the end of each time
// bucket (10 s here) and at every receive.
func TestOldestAge(t *testing.T) {
	fn := testFn(20*sim.Second, 0)
	fn.ErrorRate, fn.Timeout = 1, 30*sim.Second
	q := testQueue()
	q.BatchSize, q.MaxConcurrency, q.VisibilityTimeout = 1, 2, 30*sim.Second
	r := newRig(t, q, fn, lambda.Scaling2023)
	// m0 and m1 run 0–20 s and fail; m2 waits until 20 s; m0 and m1 return
	// at 30 s, m0 is received at once and m1 waits until 40 s.
	r.send(0, 0, 3)
	r.run(45 * sim.Second)
	got := r.q.Stats.AgeByBk[:5]
	want := []float64{10 - 1e-9, 20 - 1e-9, 20, 40 - 1e-9, 40}
	for i := range want {
		if d := got[i] - want[i]; d > 1e-12 || d < -1e-12 {
			t.Errorf("bucket %d: oldest %.9f s, want %.9f s", i, got[i], want[i])
		}
	}
}

// Billed requests: each 64 KB of a call's payload is one request; a
// receive and a delete handle up to 10 messages.
func TestBilledRequests(t *testing.T) {
	for _, tc := range []struct {
		name        string
		size        int // batch_size
		window      sim.Time
		messageSize int
		n           int
		want        int64
	}{
		// 10 sends, 10 receives and 10 deletes of one 1 KB message.
		{name: "one by one", size: 1, messageSize: 1 << 10, n: 10, want: 30},
		// 64 KB exactly: one request each.
		{name: "64 KB", size: 1, messageSize: 64 << 10, n: 10, want: 30},
		// 100 KB: two requests per send and receive, one per delete.
		{name: "100 KB", size: 1, messageSize: 100 << 10, n: 10, want: 50},
		// A batch of 10: 10 sends, one receive (10 KB), one delete.
		{name: "batch of 10", size: 10, window: sim.Second, messageSize: 1 << 10, n: 10, want: 12},
		// A batch of 25: 25 sends, 3 receives, 3 deletes.
		{name: "batch of 25", size: 25, window: sim.Second, messageSize: 1 << 10, n: 25, want: 31},
		// A batch of 10 × 10 KB: the receive carries 100 KB: 2 requests.
		{name: "batch of 10 × 10 KB", size: 10, window: sim.Second, messageSize: 10 << 10, n: 10, want: 13},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := testQueue()
			q.BatchSize, q.BatchWindow, q.MessageSize = tc.size, tc.window, tc.messageSize
			r := newRig(t, q, testFn(0, ms), lambda.Scaling2023)
			r.send(0, 0, tc.n)
			r.run(sim.Minute)
			eq(t, "requests", r.q.Stats.Requests, tc.want)
		})
	}
	// Idle pollers long-poll the empty queue 20 s at a time, over 100 s.
	for _, tc := range []struct {
		name string
		q    Config
		want int64
	}{
		// 5 pollers for 40 s, then 2 for 60 s: 10 + 6.
		{"default", testQueue(), 16},
		// max_concurrency keeps 5: 25.
		{"max_concurrency", Config{Name: "q", Function: "f", MaxConcurrency: 10}, 25},
		// Provisioned mode's 3 minimum pollers: 15.
		{"provisioned", Config{Name: "q", Function: "f", MinPollers: 3}, 15},
	} {
		r := newRig(t, tc.q, testFn(0, ms), lambda.Scaling2023)
		r.send(100*sim.Second, 0, 1)
		r.run(100 * sim.Second)
		eq(t, tc.name+": empty receives", r.q.EmptyReceives(), tc.want)
	}
}

// Check reports bookkeeping that disagrees with the queue's state.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name    string
		corrupt func(q *Queue)
		want    string
	}{
		{"visible", func(q *Queue) { q.Stats.Visible.Add(0, 1) }, "visible"},
		{"busy", func(q *Queue) { q.busy++ }, "busy"},
		{"depth", func(q *Queue) { q.Stats.Depth.Add(0, 1) }, "depth"},
		{"in flight", func(q *Queue) { q.Stats.InFlight.Add(0, -1); q.Stats.Depth.Add(0, -1) }, "in-flight"},
		{"concurrency", func(q *Queue) { q.allowed = 2000 }, "outside"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, testQueue(), testFn(sim.Minute, 0), lambda.Scaling2023)
			r.send(0, 0, 3)
			r.run(sim.Second) // three invocations in progress
			tc.corrupt(r.q)
			if err := r.q.Check(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check() = %v, want an error with %q", err, tc.want)
			}
		})
	}
}
