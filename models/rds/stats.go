package rds

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// Stats accumulates one database's statistics over a window: counters count
// events inside it, gauges integrate over it (and per bucket, over the run).
type Stats struct {
	w stats.Window

	// Open database connections, split by who holds them. Open = InUse +
	// HeldIdle + PoolIdle at every instant.
	Open     *stats.Gauge // all, connecting ones included
	InUse    *stats.Gauge // held by a running invocation, or connecting
	HeldIdle *stats.Gauge // held by idle environments (per_environment, pinned)
	PoolIdle *stats.Gauge // idle in RDS Proxy's pool

	CPUBusy     *stats.Gauge // busy vCPUs (vCPU-equivalents on Aurora Serverless v2)
	ClientConns *stats.Gauge // client connections to RDS Proxy
	Pinned      *stats.Gauge // pinned proxy sessions holding a connection

	Connects      int64      // database connections opened
	Refused       stats.Span // connects refused (too many connections): how many, first and last
	ServerClosed  int64      // connections the server closed after idle_timeout
	Queries       int64      // queries completed
	Borrows       int64      // proxy borrows granted
	BorrowWaited  stats.Span // granted borrows that had to wait
	BorrowWaitSum sim.Time
	BorrowTimeout stats.Span // borrows that gave up after borrow_timeout
	PinnedTotal   int64      // sessions that pinned

	// Little's law on connections: lifetimes of connections closed in the
	// window (opened at or after From).
	Closed       int64
	LifetimeSum  sim.Time
	LifetimeMax  sim.Time
	QueryLatency *stats.Histogram // from issuing a query on a connection to its result
	BorrowWait   *stats.Histogram // waits of the borrows that waited
	ConnectTime  *stats.Histogram // opening a connection: handshake and its CPU

	RefusedSeries *stats.Counter

	// Aurora Serverless v2; nil for an instance class. ACU is the allocated
	// capacity; ACUTime[i] is the window's time at i/2 ACUs, which the bill
	// prices (RDS Proxy's minimum makes it more than the mean).
	ACU      *stats.Gauge
	ACUTime  []sim.Time
	acu      float64
	acuSince sim.Time
}

func newStats(w stats.Window) *Stats {
	g := func() *stats.Gauge { return stats.NewGauge(w.From, w.To, w.Buckets) }
	return &Stats{
		w:    w,
		Open: g(), InUse: g(), HeldIdle: g(), PoolIdle: g(), CPUBusy: g(), ClientConns: g(), Pinned: g(),
		QueryLatency:  stats.NewHistogram(),
		BorrowWait:    stats.NewHistogram(),
		ConnectTime:   stats.NewHistogram(),
		RefusedSeries: stats.NewCounter(w.Buckets),
	}
}

func (st *Stats) counts(now sim.Time) bool { return now >= st.w.From && now < st.w.To }

// Close ends the gauges at end.
func (st *Stats) Close(end sim.Time) {
	for _, g := range []*stats.Gauge{st.Open, st.InUse, st.HeldIdle, st.PoolIdle, st.CPUBusy, st.ClientConns, st.Pinned} {
		g.Close(end)
	}
	if st.ACU != nil {
		st.ACU.Close(end)
		st.acuTime(end)
	}
}

// serverless starts the capacity statistics of Aurora Serverless v2 at
// minACU, at time 0.
func (st *Stats) serverless(minACU, maxACU float64) {
	w := st.w
	st.ACU = stats.NewGauge(w.From, w.To, w.Buckets)
	st.ACUTime = make([]sim.Time, int(2*maxACU)+1)
	st.setACU(0, minACU)
}

// setACU records the allocated capacity a from now on.
func (st *Stats) setACU(now sim.Time, a float64) {
	st.acuTime(now)
	st.ACU.Set(now, a)
	st.acu = a
}

// acuTime adds the time at the current capacity since the last change,
// clipped to the window.
func (st *Stats) acuTime(now sim.Time) {
	if from, to := max(st.acuSince, st.w.From), min(now, st.w.To); to > from {
		st.ACUTime[int(2*st.acu)] += to - from
	}
	st.acuSince = now
}

// BorrowWaitQuantile is the q-quantile of the waits of all granted borrows,
// the zero waits included: the waited ones are a fraction f of all, so
// quantile q is 0 up to 1 − f and the waited ones' (q − (1 − f))/f beyond.
func (st *Stats) BorrowWaitQuantile(q float64) sim.Time {
	if st.Borrows == 0 || st.BorrowWaited.N == 0 {
		return 0
	}
	f := float64(st.BorrowWaited.N) / float64(st.Borrows)
	if q <= 1-f {
		return 0
	}
	return st.BorrowWait.Quantile((q - (1 - f)) / f)
}
