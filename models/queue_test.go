package models

import (
	"math"
	"testing"

	"github.com/stampede-sim/stampede/models/arrivals"
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/sqs"
	"github.com/stampede-sim/stampede/sim"
)

// testQueue is queue q feeding function f in batches of one, with the ESM's
// concurrency capped at maxConc (0: its default scaling) and AWS's defaults
// otherwise: no window, a visibility timeout of 6 × the function's timeout,
// 5 receives, 4 days' retention, 1 KB messages.
func testQueue(maxConc int) sqs.Config {
	return sqs.Config{Name: "q", Function: "f", BatchSize: 1, MaxConcurrency: maxConc}
}

func queueWorkload(name string, a arrivals.Spec) Workload {
	return Workload{Name: name, Queue: "q", Arrivals: a}
}

func sqsScenario(length sim.Time, fn Function, q sqs.Config, wls ...Workload) *Scenario {
	sc := testScenario(length, []Function{fn}, wls)
	sc.Queues = []sqs.Config{q}
	return sc
}

// checkQueueConservation: sent = processed + dead-lettered + expired + still queued.
func checkQueueConservation(t testing.TB, s *Summary) {
	t.Helper()
	for name, q := range s.Queues {
		if q.Sent != q.Processed+q.DeadLettered+q.Expired+q.StillQueued || q.StillQueued < 0 {
			t.Errorf("queue %s: sent %v ≠ processed %v + dead-lettered %v + expired %v + still queued %v",
				name, q.Sent, q.Processed, q.DeadLettered, q.Expired, q.StillQueued)
		}
	}
}

func mustRunQueue(t *testing.T, sc *Scenario) *Summary {
	t.Helper()
	s := mustRun(t, sc)
	checkQueueConservation(t, s)
	return s
}

// With max_concurrency c, batches of one, exponential handler time and the
// ESM already scaled to c (the warm-up excluded), the queue is M/M/c: the
// mean wait from send to processing is Erlang C's W_q.
func TestQueueWaitIsErlangC(t *testing.T) {
	const reps = 8
	for _, tc := range []struct {
		c int
		a float64
	}{
		{10, 8},  // ρ = 0.8
		{40, 36}, // ρ = 0.9
	} {
		const service = 100 * sim.Millisecond
		lambda := tc.a / service.Seconds()
		fn := testFunction("f", expo(service))
		// The ESM needs 7 s to scale from 5 to 40 pollers, and the backlog
		// of those seconds about 25 s more to drain: 5% of the full run is
		// warm-up, under -short too.
		length, warmup := warmedUp(300000, lambda)
		sc := sqsScenario(length, fn, testQueue(tc.c), queueWorkload("w", poisson(lambda)))
		sc.Warmup = warmup
		sc.Seed, sc.Replications = shortSeed(), reps
		res := mustRunReps(t, sc)
		mu := 1 / service.Seconds()
		wq := erlangC(tc.c, tc.a) / (float64(tc.c)*mu - lambda) * 1000
		withinCI(t, "mean wait (ms)", est(t, res, "queues.q.wait_ms.mean"), wq, reps, 4)
		for _, s := range res.Replicas {
			checkQueueConservation(t, s)
			if q := s.Queues["q"]; q.PeakESMConcurrency > float64(tc.c) || s.Functions["f"].PeakConcurrency > float64(tc.c) {
				t.Errorf("c=%d: ESM peak %v, function peak %v: above max_concurrency", tc.c, q.PeakESMConcurrency, s.Functions["f"].PeakConcurrency)
			}
		}
	}
}

// The ESM starts at 5 concurrent invocations and adds up to 300 a minute
// (60 with legacy scaling) while messages remain: after t minutes its
// concurrency is at most 5 + 300·t, and with a deep backlog it gets there.
func TestESMScalingTrajectory(t *testing.T) {
	for _, tc := range []struct {
		scaling lambda.Scaling
		perMin  float64
	}{
		{lambda.Scaling2023, 300},  // current
		{lambda.ScalingLegacy, 60}, // before late 2023
	} {
		fn := testFunction("f", fixed(10*sim.Minute))
		q := testQueue(0)
		sc := sqsScenario(5*sim.Minute, fn, q, queueWorkload("w", burst(200000, 0, sim.Millisecond)))
		sc.Account.Scaling = tc.scaling
		sc.Account.ConcurrencyLimit = 3000
		res := run(t, sc, 1, RunOptions{Buckets: 300})
		conc := res.Series.Queue("q").ESMConcurrency
		for i, c := range conc {
			end := float64(i+1) / 60 // minutes at the bucket's end
			bound := math.Min(5+tc.perMin*end, 1000)
			if c > bound+1e-9 {
				t.Errorf("%s: %.0f s: concurrency %.1f above 5 + %g·t = %.1f", tc.scaling, 60*end, c, tc.perMin, bound)
			}
			// The bucket mean trails the line by at most one bucket's growth.
			if low := math.Min(5+tc.perMin*(end-2.0/60), 1000) - 1; c < low {
				t.Errorf("%s: %.0f s: concurrency %.1f, want about %.1f", tc.scaling, 60*end, c, bound)
			}
		}
	}
}

// A failing handler sends each message to the dead-letter queue after
// exactly max_receive_count receives, one visibility timeout apart.
func TestRedeliveryToDLQ(t *testing.T) {
	fn := testFunction("f", fixed(sim.Second))
	fn.ErrorRate = 1
	fn.Timeout = 10 * sim.Second // AWS needs a visibility timeout of at least the function's
	// max_concurrency 5: the ESM keeps 5 pollers through the quiet minute
	// between receives instead of scaling down to 2.
	q := testQueue(5)
	q.MaxReceiveCount, q.VisibilityTimeout = 3, time60s
	// Five messages: the ESM's five pollers take one each at once.
	s := mustRunQueue(t, sqsScenario(10*sim.Minute, fn, q, queueWorkload("w", burst(5, 0, sim.Millisecond))))
	qs := s.Queues["q"]
	eq(t, "dead-lettered", qs.DeadLettered, 5)
	eq(t, "failures.dead_lettered", s.Failures[CauseDeadLettered], 5)
	eq(t, "receives", qs.Receives, 15)
	eq(t, "function errors", s.Functions["f"].Errors, 15)
	// Received at 0, 60 and 120 s; moved at 180 s.
	if qs.MaxAgeS < 180 || qs.MaxAgeS > 180.01 {
		t.Errorf("oldest message %.3f s, want 180 s (3 × 60 s)", qs.MaxAgeS)
	}
}

// With report_batch_item_failures only the failed messages return: with
// error_rate p per message each is received 1/(1 − p) times on average.
func TestBatchItemFailures(t *testing.T) {
	fn := testFunction("f", fixed(100*sim.Millisecond))
	fn.ErrorRate = 0.5
	fn.Timeout = sim.Second // at most the visibility timeout
	q := testQueue(0)
	q.BatchSize, q.ReportBatchItemFailures, q.MaxReceiveCount, q.VisibilityTimeout = 10, true, 1000, 10*sim.Second
	s := mustRunQueue(t, sqsScenario(10*sim.Minute, fn, q, queueWorkload("w", poisson(20))))
	qs := s.Queues["q"]
	eq(t, "processed", qs.Processed, qs.Sent)
	// Receives per message: geometric with mean 2, variance 2: SE = √(2/n).
	within(t, "receives per message", float64(qs.Receives)/float64(qs.Sent), 2, math.Sqrt(2/float64(qs.Sent)), 4)
	eq(t, "function errors", s.Functions["f"].Errors, 0)
}

// A throttled batch stays with its poller, which retries it with back-off
// within the visibility timeout: 50 messages at reserved concurrency 2 and
// 1 s each take 25 s (42 s here, with the back-off's idle gaps), inside a
// 60 s timeout, so each is received once and, with max_receive_count 1,
// none is dead-lettered (parking a throttled batch for the whole timeout,
// as before, dead-lettered 48 of the 50).
func TestThrottledBatchesRetry(t *testing.T) {
	fn := testFunction("f", fixed(sim.Second))
	fn.ReservedConcurrency = new(2)
	fn.Timeout = 10 * sim.Second // at most the visibility timeout
	q := testQueue(0)
	q.VisibilityTimeout = time60s
	q.MaxReceiveCount = 1
	s := mustRunQueue(t, sqsScenario(5*sim.Minute, fn, q, queueWorkload("w", burst(50, 0, sim.Millisecond))))
	qs := s.Queues["q"]
	if qs.ThrottledBatches == 0 {
		t.Error("no throttled attempts: the ESM's 5 pollers should exceed reserved concurrency 2")
	}
	eq(t, "processed", qs.Processed, 50)
	eq(t, "receives", qs.Receives, 50)
	eq(t, "dead-lettered", qs.DeadLettered, 0)
	if qs.WaitMS.Max >= 60000 {
		t.Errorf("longest wait %v ms: a message outlived its visibility timeout", qs.WaitMS.Max)
	}
}

// Provisioned mode's minimum pollers take 10 invokes each at once: 50
// messages of 1 s on 5 pollers all start as they are sent, on 5 pollers
// throughout (their mean is what AWS bills, × hours), where standard mode
// starts at 5 and ramps 5 a second, the last message waiting about 3.6 s
// (5t + 2.5t² = 50).
func TestProvisionedMode(t *testing.T) {
	for _, tc := range []struct {
		name       string
		min, max   int
		maxWaitMS  [2]float64 // bounds on the longest wait
		peak, mean float64    // pollers; mean 0: only above 5
	}{
		{"provisioned", 5, 10, [2]float64{0, 1}, 5, 5},   // 0, within the histogram's resolution
		{"standard", 0, 0, [2]float64{2900, 4000}, 0, 0}, // 2,999.16 ms exactly
	} {
		fn := testFunction("f", fixed(sim.Second))
		q := testQueue(0)
		q.MinPollers, q.MaxPollers = tc.min, tc.max
		s := mustRunQueue(t, sqsScenario(10*sim.Minute, fn, q, queueWorkload("w", burst(50, 0, sim.Millisecond))))
		qs := s.Queues["q"]
		eq(t, tc.name+": processed", qs.Processed, 50)
		if w := qs.WaitMS.Max; w < tc.maxWaitMS[0] || w > tc.maxWaitMS[1] {
			t.Errorf("%s: longest wait %v ms, want %v–%v", tc.name, w, tc.maxWaitMS[0], tc.maxWaitMS[1])
		}
		if tc.peak > 0 {
			eq(t, tc.name+": peak pollers", qs.PeakPollers, tc.peak)
			eq(t, tc.name+": mean pollers", qs.MeanPollers, tc.mean)
		} else if qs.PeakPollers <= 5 {
			t.Errorf("%s: peak pollers %v: standard mode should ramp above 5", tc.name, qs.PeakPollers)
		}
	}
}

// Messages older than the retention period expire.
func TestRetention(t *testing.T) {
	fn := testFunction("f", fixed(11*sim.Second))
	q := testQueue(2)
	q.RetentionPeriod = time60s
	s := mustRunQueue(t, sqsScenario(10*sim.Minute, fn, q, queueWorkload("w", burst(100, 0, sim.Millisecond))))
	qs := s.Queues["q"]
	// Two at a time for 11 s each: received at 0, 11, …, 55 s: 2 × 6 = 12
	// before they are a minute old.
	eq(t, "processed", qs.Processed, 12)
	eq(t, "expired", qs.Expired, 88)
	eq(t, "failures.expired", s.Failures[CauseExpired], 88)
}

// The batch window gathers messages: at 1 message/s and a 5 s window,
// batches hold about 5.
func TestBatchWindow(t *testing.T) {
	fn := testFunction("f", fixed(10*sim.Millisecond))
	q := testQueue(0)
	q.BatchSize, q.BatchWindow = 100, 5*sim.Second
	s := mustRunQueue(t, sqsScenario(time60s*20, fn, q, queueWorkload("w", arrivalsEvery(sim.Second))))
	if mb := s.Queues["q"].MeanBatch; mb < 4.9 || mb > 6.1 {
		t.Errorf("mean batch %.2f, want 5–6 (a 5 s window at 1 message/s)", mb)
	}
}

// Billed SQS requests: each 64 KB of a call's payload is one request. Ten
// 100 KB messages, each received alone: 10 sends × 2 + 10 receives × 2 +
// 10 deletes, and the empty long polls of the idle pollers (5 pollers, 20 s
// each, at most 60 s: 15).
func TestSQSRequests(t *testing.T) {
	fn := testFunction("f", fixed(sim.Second))
	q := testQueue(0)
	q.MessageSize = 100 << 10
	s := mustRunQueue(t, sqsScenario(time60s, fn, q, queueWorkload("w", burst(10, 0, sim.Millisecond))))
	got := s.Queues["q"].SQSRequests
	if got < 50 || got > 65 {
		t.Errorf("%v SQS requests, want 50 and up to 15 empty receives", got)
	}
	if want := float64(got) * 0.40 / 1e6; math.Abs(s.Cost.Breakdown[cost.SQS]-want) > 1e-12 {
		t.Errorf("sqs cost $%g, want $%g", s.Cost.Breakdown[cost.SQS], want)
	}
}
