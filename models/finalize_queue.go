package models

import "github.com/stampede-sim/stampede/models/sqs"

func queueSummary(q *sqs.Queue) QueueSummary {
	st := q.Stats
	wait := latencyOf(st.Wait)
	meanBatch := 0.0
	if st.Batches > 0 {
		meanBatch = float64(st.BatchMessages) / float64(st.Batches)
	}
	return QueueSummary{
		Sent:               st.Sent,
		Processed:          st.Processed,
		DeadLettered:       st.DeadLettered,
		Expired:            st.Expired,
		StillQueued:        st.Sent - st.Processed - st.DeadLettered - st.Expired,
		PeakDepth:          st.Depth.Peak(),
		PeakVisible:        st.Visible.Peak(),
		MeanVisible:        st.Visible.Mean(),
		MaxAgeS:            st.MaxAge.Seconds(),
		WaitMS:             wait,
		LatencyMS:          latencyOf(st.Latency),
		Receives:           st.Receives,
		Batches:            st.Batches,
		MeanBatch:          meanBatch,
		ThrottledBatches:   st.Throttled,
		PeakESMConcurrency: st.ESM.Peak(),
		MeanESMConcurrency: st.ESM.Mean(),
		PeakPollers:        st.Pollers.Peak(),
		MeanPollers:        st.Pollers.Mean(),
		SQSRequests:        st.Requests + q.EmptyReceives(),
	}
}
