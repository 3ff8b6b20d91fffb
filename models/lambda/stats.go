package lambda

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// Stats accumulates one function's statistics. Counters count events at or
// after the window starts; gauges integrate over the window and per bucket.
type Stats struct {
	w stats.Window

	Invocations int64 // admitted attempts
	ColdStarts  int64 // admitted attempts that started a new environment
	Errors      int64 // invocations that failed: handler errors and database failures
	Timeouts    int64 // handlers stopped at the function timeout
	Throttles   [NumThrottles]int64

	// Billed duration in ms (each invocation rounded up to 1 ms, init
	// included: billed for on-demand since 2025-08-01, sources.md [init-billing]), split
	// by on-demand and provisioned environments, which have different prices.
	BilledMs, BilledMsPC int64

	Concurrency *stats.Gauge // environments serving a request, init included
	Busy        *stats.Gauge // running a handler
	Init        *stats.Gauge // initializing (cold starts and provisioned re-inits)
	Idle        *stats.Gauge
	Instances   *stats.Gauge // alive: busy, initializing or idle
	Provisioned *stats.Gauge // provisioned environments allocated (ready to serve)
	// ProvisionedBusy: provisioned environments serving a request.
	ProvisionedBusy *stats.Gauge

	// Spillovers counts invocations admitted on on-demand environments
	// while provisioned ones were allocated.
	Spillovers int64
	// ProvisionedEnvS is provisioned concurrency's billed
	// environment-seconds: each 5-minute block of the window at the highest
	// level configured in it (pcBill, autoscale.go). Set by Close.
	ProvisionedEnvS float64
	pcBill          pcBill

	Duration  *stats.Histogram // activation time: init + handler, per invocation
	ColdStart *stats.Histogram // init time of each cold start

	// Per-bucket counts over the whole run, for time series.
	ColdSeries     *stats.Counter
	ThrottleSeries *stats.Counter
}

// NewStats returns empty statistics over w.
func NewStats(w stats.Window) *Stats {
	g := func() *stats.Gauge { return stats.NewGauge(w.From, w.To, w.Buckets) }
	return &Stats{
		w:           w,
		Concurrency: g(), Busy: g(), Init: g(), Idle: g(), Instances: g(), Provisioned: g(), ProvisionedBusy: g(),
		Duration:       stats.NewHistogram(),
		ColdStart:      stats.NewHistogram(),
		ColdSeries:     stats.NewCounter(w.Buckets),
		ThrottleSeries: stats.NewCounter(w.Buckets),
	}
}

func (st *Stats) counts(now sim.Time) bool { return now >= st.w.From && now < st.w.To }

func (st *Stats) activated(now sim.Time, cold bool, init sim.Time) {
	st.Concurrency.Add(now, 1)
	if cold {
		st.Init.Add(now, 1)
		st.ColdSeries.Inc(now)
	} else {
		st.Busy.Add(now, 1)
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
	st.Init.Add(now, -1)
	st.Busy.Add(now, 1)
}

// released ends an invocation that held its environment for active, of
// which unbilled (a cold start's platform overhead) is not billed.
func (st *Stats) released(now sim.Time, status Status, active, unbilled sim.Time, provisioned bool) {
	st.Concurrency.Add(now, -1)
	st.Busy.Add(now, -1)
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

func (st *Stats) idle(now sim.Time, d float64)      { st.Idle.Add(now, d) }
func (st *Stats) instances(now sim.Time, d float64) { st.Instances.Add(now, d) }
func (st *Stats) reinit(now sim.Time, d float64)    { st.Init.Add(now, d) }

func (st *Stats) spilled(now sim.Time) {
	if st.counts(now) {
		st.Spillovers++
	}
}

// pcLevel records the configured provisioned level from now on, for billing.
func (st *Stats) pcLevel(now sim.Time, level int) { st.pcBill.set(st.w, now, level) }

func (st *Stats) throttled(now sim.Time, why Throttle) {
	st.ThrottleSeries.Inc(now)
	if st.counts(now) {
		st.Throttles[why]++
	}
}

// Close ends the time integrals at the end of the run.
func (st *Stats) Close(end sim.Time) {
	for _, g := range []*stats.Gauge{st.Concurrency, st.Busy, st.Init, st.Idle, st.Instances, st.Provisioned, st.ProvisionedBusy} {
		g.Close(end)
	}
	st.ProvisionedEnvS = st.pcBill.close(st.w)
}
