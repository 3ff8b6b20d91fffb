package sqs

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// Stats accumulates one queue's statistics. Message counts cover messages
// sent in the window (so that they add up); gauges integrate over the window.
type Stats struct {
	w stats.Window

	Sent, Processed, DeadLettered, Expired int64
	Receives                               int64 // receives of the window's messages (a redelivery counts again)
	Batches, BatchMessages                 int64 // batches received in the window for an invocation, and their messages
	Throttled                              int64 // invoke attempts the function throttled (a retried batch counts each time)
	Requests                               int64 // billed SQS requests (64 KB chunks counted)

	Visible  *stats.Gauge // messages waiting to be received
	InFlight *stats.Gauge // received, not yet deleted or returned
	Depth    *stats.Gauge // visible + in flight
	ESM      *stats.Gauge // concurrent invocations of the event source mapping
	Pollers  *stats.Gauge // event pollers (standard mode: the batches it may process at once)

	Wait    *stats.Histogram // send → start of the invocation that processed the message
	Latency *stats.Histogram // send → end of that invocation
	MaxAge  sim.Time         // the oldest a message got before it was received or left the queue
	AgeByBk []float64        // per bucket: the oldest message age seen (s)

	SentSeries, ProcessedSeries *stats.Counter
}

func newStats(w stats.Window) *Stats {
	g := func() *stats.Gauge { return stats.NewGauge(w.From, w.To, w.Buckets) }
	return &Stats{
		w: w, Visible: g(), InFlight: g(), Depth: g(), ESM: g(), Pollers: g(),
		Wait:            stats.NewHistogram(),
		Latency:         stats.NewHistogram(),
		AgeByBk:         make([]float64, w.Buckets.N()),
		SentSeries:      stats.NewCounter(w.Buckets),
		ProcessedSeries: stats.NewCounter(w.Buckets),
	}
}

func (st *Stats) counts(now sim.Time) bool { return now >= st.w.From && now < st.w.To }

// age records that a message of the given age was seen at now.
func (st *Stats) age(now, age sim.Time) {
	st.MaxAge = max(st.MaxAge, age)
	if b := st.w.Buckets.Index(now); b >= 0 {
		st.AgeByBk[b] = max(st.AgeByBk[b], age.Seconds())
	}
}

// Close ends the gauges at end.
func (st *Stats) Close(end sim.Time) {
	st.Visible.Close(end)
	st.InFlight.Close(end)
	st.Depth.Close(end)
	st.ESM.Close(end)
	st.Pollers.Close(end)
}
