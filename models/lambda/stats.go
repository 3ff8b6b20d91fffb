package lambda

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// Stats accumulates one function's statistics. Counters count events at or
// after the window starts; gauges integrate over the window. Per-bucket
// series are kept once for the account (Totals), the sums over its
// functions, and per function only for concurrency, where asked: a
// function's own state is then a few hundred bytes however long the run
// (issue 12).
type Stats struct {
	w stats.Window
	t *Totals

	Invocations int64 // admitted attempts
	ColdStarts  int64 // admitted attempts that started a new environment
	Errors      int64 // invocations that failed: handler errors and database failures
	Timeouts    int64 // handlers stopped at the function timeout
	// Throttled counts the attempts each limit refused in the window,
	// with the first and last refusal's times.
	Throttled [NumThrottles]stats.Span

	// Billed duration in ms (each invocation rounded up to 1 ms, init
	// included: billed for on-demand since 2025-08-01, sources.md [init-billing]), split
	// by on-demand and provisioned environments, which have different prices.
	BilledMs, BilledMsPC int64

	// Levels are the function's environment counts over time, indexed by
	// Level: one clock for all (stats.Levels), kept over the window.
	Levels *stats.Levels
	// ConcurrencySeries is its concurrency per bucket (means), kept when it
	// shares the account with other functions (NewStats).
	ConcurrencySeries *stats.Gauge

	// Spillovers counts invocations admitted on on-demand environments
	// while provisioned ones were allocated.
	Spillovers int64
	// ProvisionedEnvS is provisioned concurrency's billed
	// environment-seconds: each 5-minute block of the window at the highest
	// level configured in it (pcBill, autoscale.go). Set by Close.
	ProvisionedEnvS float64
	pcBill          pcBill

	// By value: recorded at every invocation, they share the cache lines
	// of the rest of the function's statistics.
	Duration  stats.Histogram // activation time: init + handler, per invocation
	ColdStart stats.Histogram // init time of each cold start
	own       stats.Levels    // Levels, when the function shares the account
	// ConcurrencySeries, likewise held here rather than allocated apart.
	concurrency stats.Gauge
}

// Level indexes a function's levels (Stats.Levels, Totals.Levels).
const (
	LevelConcurrency     = iota // environments serving a request, init included
	LevelBusy                   // running a handler
	LevelInit                   // initializing (cold starts and provisioned re-inits)
	LevelIdle                   // alive and waiting for a request
	LevelInstances              // alive: busy, initializing or idle
	LevelProvisioned            // provisioned environments allocated (ready to serve)
	LevelProvisionedBusy        // provisioned environments serving a request
	NumLevels
)

// Totals are the account's levels and counts per bucket, over the whole
// run: the sums over its functions of their levels, cold starts and
// throttles, for the time series.
type Totals struct {
	Levels                *stats.Levels
	ColdStarts, Throttles *stats.Counter
}

// NewTotals returns empty totals over w.
func NewTotals(w stats.Window) *Totals {
	return &Totals{Levels: stats.NewLevels(NumLevels, w.From, w.To, w.Buckets, true),
		ColdStarts: stats.NewCounter(w.Buckets), Throttles: stats.NewCounter(w.Buckets)}
}

// Close ends the time integrals at the end of the run.
func (t *Totals) Close(end sim.Time) { t.Levels.Close(end) }

// NewStats returns empty statistics over w that add into t, shared with
// other functions: the function's own levels are then kept over the window
// only, and its concurrency per bucket (means, ConcurrencySeries). With t
// nil the function is the account's only one: its levels are its totals
// (Totals()), kept once.
func NewStats(w stats.Window, t *Totals) *Stats {
	st := &Stats{w: w, t: t}
	if t == nil {
		st.t = NewTotals(w)
		st.Levels = st.t.Levels
		return st
	}
	st.own.Init(NumLevels, w.From, w.To, nil, false)
	st.Levels = &st.own
	st.concurrency.InitMean(w.From, w.To, w.Buckets)
	st.ConcurrencySeries = &st.concurrency
	return st
}

// peek reads ahead what an invocation's start and end read of st: its
// levels, its concurrency column and where its duration histogram records
// next (Function.ReadAhead).
func (st *Stats) peek() sim.Time {
	t := st.Levels.Peek() + sim.Time(st.Duration.Peek()) + sim.Time(st.Invocations)
	if st.ConcurrencySeries != nil {
		t += st.ConcurrencySeries.Peek()
	}
	return t
}

// Totals are the totals the statistics add into.
func (st *Stats) Totals() *Totals { return st.t }

// add changes level k by d at now, in the function's levels and the
// account's totals (the same for the account's only function).
func (st *Stats) add(now sim.Time, k int, d float64) {
	st.Levels.Add(now, k, d)
	if st.t.Levels != st.Levels {
		st.t.Levels.Add(now, k, d)
		st.column(now, k, d)
	}
}

// add2 is add for two levels that move together.
func (st *Stats) add2(now sim.Time, j int, dj float64, k int, dk float64) {
	st.Levels.Add2(now, j, dj, k, dk)
	if st.t.Levels != st.Levels {
		st.t.Levels.Add2(now, j, dj, k, dk)
		st.column(now, j, dj)
		st.column(now, k, dk)
	}
}

// serve passes on to the account's totals and the concurrency column an
// environment moving from idle to serving a warm invocation: concurrency
// and busy rise by one, idle falls. activated moves the function's own
// levels itself, and calls serve only for a function sharing the account
// (issue 12: a wrapper's call for both was 2% of SimFaaS's case).
func (st *Stats) serve(now sim.Time) {
	st.t.Levels.ShiftUp(now, LevelConcurrency, LevelBusy, LevelIdle)
	st.ConcurrencySeries.Add(now, 1)
}

// unserve is serve's reverse, for released: a warm environment's
// invocation ends.
func (st *Stats) unserve(now sim.Time) {
	st.t.Levels.ShiftDown(now, LevelConcurrency, LevelBusy, LevelIdle)
	st.ConcurrencySeries.Add(now, -1)
}

// column passes a change of level k to the function's own concurrency
// column, kept when it shares the account.
func (st *Stats) column(now sim.Time, k int, d float64) {
	if k == LevelConcurrency {
		st.ConcurrencySeries.Add(now, d)
	}
}

func (st *Stats) counts(now sim.Time) bool { return now >= st.w.From && now < st.w.To }

// activated starts an invocation: a cold one initializes a new
// environment, a warm one takes an idle environment.
func (st *Stats) activated(now sim.Time, cold bool, init sim.Time) {
	if cold {
		st.add2(now, LevelConcurrency, 1, LevelInit, 1)
		st.t.ColdStarts.Inc(now)
	} else {
		st.Levels.ShiftUp(now, LevelConcurrency, LevelBusy, LevelIdle)
		if st.t.Levels != st.Levels {
			st.serve(now)
		}
	}
	if st.counts(now) {
		st.Invocations++
		if cold {
			st.ColdStarts++
			st.ColdStart.Record(init)
		}
	}
}

func (st *Stats) initDone(now sim.Time) {
	st.add2(now, LevelInit, -1, LevelBusy, 1)
}

// released ends an invocation that held its environment for active, of
// which unbilled (a cold start's platform overhead) is not billed; toIdle:
// the environment goes idle at once.
func (st *Stats) released(now sim.Time, status Status, active, unbilled sim.Time, provisioned, toIdle bool) {
	if toIdle {
		st.Levels.ShiftDown(now, LevelConcurrency, LevelBusy, LevelIdle)
		if st.t.Levels != st.Levels {
			st.unserve(now)
		}
	} else {
		st.add2(now, LevelConcurrency, -1, LevelBusy, -1)
	}
	if !st.counts(now) {
		return
	}
	ms := int64((active - unbilled + sim.Millisecond - 1) / sim.Millisecond)
	if provisioned {
		st.BilledMsPC += ms
	} else {
		st.BilledMs += ms
	}
	st.Duration.Record(active)
	switch status {
	case FunctionError, DownstreamFailed:
		st.Errors++
	case Timeout:
		st.Timeouts++
	}
}

func (st *Stats) idle(now sim.Time, d float64)      { st.add(now, LevelIdle, d) }
func (st *Stats) instances(now sim.Time, d float64) { st.add(now, LevelInstances, d) }
func (st *Stats) reinit(now sim.Time, d float64)    { st.add(now, LevelInit, d) }
func (st *Stats) provisioned(now sim.Time, d float64) {
	st.add(now, LevelProvisioned, d)
}
func (st *Stats) provisionedBusy(now sim.Time, d float64) {
	st.add(now, LevelProvisionedBusy, d)
}

func (st *Stats) spilled(now sim.Time) {
	if st.counts(now) {
		st.Spillovers++
	}
}

// pcLevel records the configured provisioned level from now on, for billing.
func (st *Stats) pcLevel(now sim.Time, level int) { st.pcBill.set(st.w, now, level) }

func (st *Stats) throttled(now sim.Time, why Throttle) {
	st.t.Throttles.Inc(now)
	if st.counts(now) {
		st.Throttled[why].Add(now)
	}
}

// Close ends the function's time integrals at the end of the run (Totals
// have a Close of their own; closing twice is harmless).
func (st *Stats) Close(end sim.Time) {
	st.Levels.Close(end)
	if st.ConcurrencySeries != nil {
		st.ConcurrencySeries.Close(end)
	}
	st.ProvisionedEnvS = st.pcBill.close(st.w)
}
