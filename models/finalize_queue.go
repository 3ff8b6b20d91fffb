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
		Sent:               float64(st.Sent),
		Processed:          float64(st.Processed),
		DeadLettered:       float64(st.DeadLettered),
		Expired:            float64(st.Expired),
		StillQueued:        float64(st.Sent - st.Processed - st.DeadLettered - st.Expired),
		PeakDepth:          st.Depth.Peak(),
		PeakVisible:        st.Visible.Peak(),
		MeanVisible:        st.Visible.Mean(),
		MaxAgeS:            st.MaxAge.Seconds(),
		WaitMS:             wait,
		LatencyMS:          latencyOf(st.Latency),
		Receives:           float64(st.Receives),
		Batches:            float64(st.Batches),
		MeanBatch:          meanBatch,
		ThrottledBatches:   float64(st.Throttled),
		PeakESMConcurrency: st.ESM.Peak(),
		MeanESMConcurrency: st.ESM.Mean(),
		SQSRequests:        float64(st.Requests + q.EmptyReceives()),
	}
}
