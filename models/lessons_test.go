package models_test

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/scenarios"
)

// runBuiltin runs built-in scenario name in 30 time-series buckets.
func runBuiltin(t *testing.T, name string) *models.Result {
	t.Helper()
	return runBuiltins(t, name)[0]
}

// runBuiltins runs built-in scenarios (without overrides) side by side, in
// 30 time-series buckets each, and checks conservation and Little's law.
func runBuiltins(t *testing.T, names ...string) []*models.Result {
	t.Helper()
	scs := make([]*models.Scenario, len(names))
	for i, name := range names {
		sc, err := scenarios.Load(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		scs[i] = sc
	}
	results := make([]*models.Result, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i := range scs {
		wg.Go(func() { results[i], errs[i] = models.RunScenario(scs[i], 1, models.RunOptions{Buckets: 30}) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s: %v", names[i], err)
		}
		models.CheckConservation(t, results[i].Summary)
		models.CheckLittle(t, results[i].Summary)
	}
	return results
}

// window sums a series column over buckets [from, to) and finds its peak.
func window(col []float64, from, to int) (sum, peak float64) {
	for i := from; i < to && i < len(col); i++ {
		sum += col[i]
		peak = max(peak, col[i])
	}
	return sum, peak
}

// The database built-ins' descriptions state their lessons; these tests hold
// the scenarios to them.
func TestDatabaseLessons(t *testing.T) {
	t.Parallel()
	rs := runBuiltins(t, "rds-exhaustion", "rds-proxy", "rds-per-invocation")
	exh, proxy, perInv := rs[0], rs[1], rs[2]

	t.Run("rds-exhaustion", func(t *testing.T) {
		s, d := exh.Summary, exh.Summary.Databases["orders"]
		f := s.Functions["api"]
		usable := d.MaxConnections - d.ReservedConnections
		// Every usable slot fills...
		if d.PeakConnections != float64(usable) {
			t.Errorf("peak connections %v, want every usable slot (%v)", d.PeakConnections, usable)
		}
		// ...environments waiting to connect reach the account's 1,000
		// concurrent executions, and Lambda throttles...
		if f.PeakConcurrency != 1000 || s.Failures[models.CauseThrottled] == 0 {
			t.Errorf("peak concurrency %v, %v throttled: want 1,000 and some", f.PeakConcurrency, s.Failures[models.CauseThrottled])
		}
		// ...about a fifth of all requests fail on refused connects, a tenth
		// are throttled, about a third fail in all...
		total := float64(s.Requests.Total)
		refusedShare := float64(s.Failures[models.CauseDBConnectionRefused]) / total
		throttledShare := float64(s.Failures[models.CauseThrottled]) / total
		failedShare := float64(s.Requests.Failed) / total
		if refusedShare < 0.15 || throttledShare < 0.05 || failedShare < 0.28 {
			t.Errorf("refused %.1f%%, throttled %.1f%%, failed %.1f%% of requests: want about 22, 10 and 32",
				100*refusedShare, 100*throttledShare, 100*failedShare)
		}
		// ...none before the spike (minutes 0–5), most during it...
		refused := exh.Series.Database("orders").Refused
		before, _ := window(refused, 0, 5)
		during, _ := window(refused, 5, 10)
		if before != 0 || during < 0.7*float64(d.Refused) {
			t.Errorf("refused before the spike %v, during %v of %v", before, during, d.Refused)
		}
		// ...and for five minutes after it idle environments hold about 400
		// connections, so most requests of the base load are still refused.
		held := exh.Series.Database("orders").HeldIdle
		failedByMinute := exh.Series.Failed[models.CauseDBConnectionRefused]
		for m := 10; m < 15; m++ {
			if held[m] < 350 || failedByMinute[m] < 0.6*6000 {
				t.Errorf("minute %d: %.0f connections held by idle environments, %.0f refused requests; want about 400 and most of 6,000",
					m, held[m], failedByMinute[m])
			}
		}
	})
	t.Run("rds-proxy", func(t *testing.T) {
		s, d := proxy.Summary, proxy.Summary.Databases["orders"]
		if s.Requests.Failed != 0 || d.Refused != 0 {
			t.Errorf("%v failed requests, %v refused connects: want none", s.Requests.Failed, d.Refused)
		}
		if d.PeakConnections > 100 {
			t.Errorf("peak %v database connections, want a few dozen", d.PeakConnections)
		}
		if p := d.Proxy; p == nil || p.BorrowWaitMS.P99 > 1 {
			t.Errorf("borrow waits %+v, want near zero", p)
		}
		// The proxy's price: 2 vCPUs × $0.015 × 0.5 h.
		if got := s.Cost.Breakdown[cost.RDSProxy]; got < 0.01499 || got > 0.01501 {
			t.Errorf("rds_proxy cost $%.4f, want $0.015 for the half hour", got)
		}
	})
	t.Run("rds-per-invocation", func(t *testing.T) {
		s, d := perInv.Summary, perInv.Summary.Databases["orders"]
		px := proxy.Summary.Databases["orders"]
		if d.Refused != 0 || d.PeakHeldIdle != 0 {
			t.Errorf("refused %v, peak held by idle environments %v: want none", d.Refused, d.PeakHeldIdle)
		}
		if inv := s.Functions["api"].Invocations; float64(d.Connects) < 0.999*float64(inv) {
			t.Errorf("%v connects for %v invocations: want one each", d.Connects, inv)
		}
		if d.ConnectMS.P50 < 10 {
			t.Errorf("connect p50 %.1f ms, want a TLS connect's", d.ConnectMS.P50)
		}
		if d.CPUUtilization < 1.4*px.CPUUtilization {
			t.Errorf("CPU %.1f%% vs rds-proxy's %.1f%%: want well above", 100*d.CPUUtilization, 100*px.CPUUtilization)
		}
	})
}

// sqs-leveling: the spike through SQS with max_concurrency 50.
func TestQueueLesson(t *testing.T) {
	t.Parallel()
	res := runBuiltin(t, "sqs-leveling")
	s := res.Summary
	models.CheckQueueConservation(t, s)
	q, d := s.Queues["orders-queue"], s.Databases["orders"]
	// Never more than 50 connections; nothing refused, dead-lettered or lost.
	if d.PeakConnections > 50 || d.Refused != 0 {
		t.Errorf("peak %v connections, %v refused: want ≤ 50 and none", d.PeakConnections, d.Refused)
	}
	if s.Requests.Failed != 0 || q.Processed != q.Sent || q.StillQueued != 0 {
		t.Errorf("failed %v, processed %v of %v, still queued %v", s.Requests.Failed, q.Processed, q.Sent, q.StillQueued)
	}
	// A backlog builds during the spike (minutes 5–10) and is gone within
	// 90 s of its end.
	visible := res.Series.Queue("orders-queue").Visible
	if _, peak := window(visible, 5, 10); peak < 10000 {
		t.Errorf("backlog peaks at %.0f messages, want tens of thousands", peak)
	}
	if after, _ := window(visible, 12, 30); after > 18*20 {
		t.Errorf("backlog after minute 12 averages %.0f per minute, want it drained", after/18)
	}
	if q.MaxAgeS > 120 {
		t.Errorf("oldest message waited %.0f s, want about 80", q.MaxAgeS)
	}
}

// steady-high-throughput: at 50 M calls a day, steady, the always-on fleet
// costs a fraction of Lambda, and breaks even at a few requests/s.
func TestCostLesson(t *testing.T) {
	t.Parallel()
	s := runBuiltin(t, "steady-high-throughput").Summary
	a, ok := s.Cost.Alternatives["ec2-fleet"]
	if !ok {
		t.Fatal("no ec2-fleet comparison")
	}
	if s.Cost.MonthlyUSD < 10000 || s.Cost.MonthlyUSD > 16000 {
		t.Errorf("Lambda side $%.0f a month, want about $13,000", s.Cost.MonthlyUSD)
	}
	if a.MonthlyUSD > 0.3*a.LambdaMonthly {
		t.Errorf("fleet $%.0f vs Lambda $%.0f a month: want the fleet far cheaper", a.MonthlyUSD, a.LambdaMonthly)
	}
	if a.BreakEvenRPS < 3 || a.BreakEvenRPS > 10 {
		t.Errorf("break-even %.1f requests/s, want about 6", a.BreakEvenRPS)
	}
}

// azure-invocations-2021's description: nearly a third of the invocations
// cold, the 75th percentile of the functions' cold-start fractions 100%.
func TestAzure2021Lesson(t *testing.T) {
	t.Parallel()
	s := runBuiltin(t, "azure-invocations-2021").Summary
	if s.Requests.Total != 199 || s.ColdStarts.Fraction < 0.25 || s.ColdStarts.Fraction > 0.34 || s.ColdStarts.P75FunctionFraction != 1 {
		t.Errorf("%d requests, %.3f cold, p75 %.2f", s.Requests.Total, s.ColdStarts.Fraction, s.ColdStarts.P75FunctionFraction)
	}
}

// azure-functions-8h's description states its lesson: a third of the
// functions mostly cold, the 75th percentile of cold-start fractions 100%,
// the busiest five (94% of the requests) warm over 99% of the time, 0.4%
// of all invocations cold.
func TestAzureLesson(t *testing.T) {
	t.Parallel()
	s := runBuiltin(t, "azure-functions-8h").Summary
	mostlyCold := 0
	type fn struct {
		inv  int64
		cold float64
	}
	var fns []fn
	for _, f := range s.Functions {
		if f.Invocations > 0 && f.ColdStartFraction > 0.5 {
			mostlyCold++
		}
		fns = append(fns, fn{f.Invocations, f.ColdStartFraction})
	}
	slices.SortFunc(fns, func(a, b fn) int { return cmp.Compare(b.inv, a.inv) })
	var top int64
	for _, f := range fns[:5] {
		top += f.inv
		if f.cold >= 0.01 {
			t.Errorf("a busiest function is cold %.2f%% of the time", 100*f.cold)
		}
	}
	if mostlyCold < 30 || mostlyCold > 40 || s.ColdStarts.P75FunctionFraction != 1 ||
		math.Abs(float64(top)/float64(s.Requests.Total)-0.94) > 0.005 || math.Abs(s.ColdStarts.Fraction-0.004) > 0.001 {
		t.Errorf("%d functions mostly cold, p75 %.2f, the busiest five %.3f of requests, %.4f cold overall",
			mostlyCold, s.ColdStarts.P75FunctionFraction, float64(top)/float64(s.Requests.Total), s.ColdStarts.Fraction)
	}
}
