package models

import (
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim/stats"
)

func (sys *System) finalize(partial bool) *Result {
	sc, m := sys.sc, sys.m
	end := sc.Duration
	for _, f := range sys.functions {
		f.Stats.Close(end)
	}
	for _, db := range sys.databases {
		db.Stats.Close(end)
	}
	for _, q := range sys.queues {
		q.Stats.Close(end)
	}
	for _, q := range sys.async {
		if q != nil {
			q.depth.Close(end)
		}
	}
	sum := &Summary{
		Scenario:     sc.Name,
		Description:  sc.Description,
		Seed:         sc.Seed,
		DurationS:    sc.Duration.Seconds(),
		WarmupS:      sc.Warmup.Seconds(),
		Replications: 1,
		Partial:      partial,
		Version:      Version,
		Overrides:    append([]string{}, sc.Overrides...),
		LatencyMS:    latencyOf(m.latency),
		ColdLatency:  latencyOf(m.cold),
		WarmLatency:  latencyOf(m.warm),
		Functions:    map[string]FunctionSummary{},
		Workloads:    map[string]WorkloadSummary{},
		Databases:    map[string]DatabaseSummary{},
		Queues:       map[string]QueueSummary{},
	}
	sum.Requests, sum.Failures = requestsOf(m)
	var inv, cold int64
	for _, f := range sys.functions {
		fs := functionSummary(f.Stats, m.perFunction[f.Index])
		if q := sys.async[f.Index]; q != nil {
			fs.AsyncPeakDepth, fs.AsyncMaxAgeS = q.depth.Peak(), q.maxAge.Seconds()
		}
		sum.Functions[f.Name] = fs
		inv += f.Stats.Invocations
		cold += f.Stats.ColdStarts
	}
	sum.ColdStarts = ColdStarts{Count: cold, Fraction: ratio(cold, inv)}
	for i, w := range sys.workloads {
		c := m.perWorkload[i]
		sum.Workloads[w.name] = WorkloadSummary{
			Requests:  c.requests,
			Succeeded: c.succeeded,
			Failed:    c.requests - c.succeeded,
			Retries:   c.retries,
			Refused:   c.refused,
			LatencyMS: latencyOf(c.latency),
		}
	}
	for _, db := range sys.databases {
		sum.Databases[db.Name] = databaseSummary(db, end-sc.Warmup)
	}
	for _, q := range sys.queues {
		sum.Queues[q.Name] = queueSummary(q)
	}
	series := sys.series()
	sum.Cost = sys.bill(float64(sum.Requests.Total), series)
	return &Result{Summary: sum, Series: series, Latency: m.latency, Events: sys.sim.Processed()}
}

func requestsOf(m *metrics) (Requests, Failures) {
	f := Failures(m.causes)
	failed := f.Total()
	throttled := f[CauseThrottled] + f[CauseAPIGatewayThrottled] // a 429 from Lambda or from API Gateway
	r := Requests{
		Total:        m.total,
		Succeeded:    m.succeeded,
		Failed:       failed,
		Throttled:    throttled,
		ErrorRate:    ratio(failed, m.total),
		ThrottleRate: ratio(throttled, m.total),
		Attempts:     m.attempts,
		Retries:      m.attempts - m.attempted,
	}
	return r, f
}

func functionSummary(st *lambda.Stats, lat *stats.Histogram) FunctionSummary {
	var thr int64
	for _, n := range st.Throttles {
		thr += n
	}
	conc, inst := st.Concurrency.Mean(), st.Instances.Mean()
	return FunctionSummary{
		Invocations:       st.Invocations,
		ColdStarts:        st.ColdStarts,
		ColdStartFraction: ratio(st.ColdStarts, st.Invocations),
		Throttles:         thr,
		ThrottleReasons: ThrottleReasons{
			Concurrency: st.Throttles[lambda.ThrottleConcurrency],
			ScalingRate: st.Throttles[lambda.ThrottleScaling],
			RPS:         st.Throttles[lambda.ThrottleRPS],
		},
		Errors:           st.Errors,
		Timeouts:         st.Timeouts,
		PeakConcurrency:  st.Concurrency.Peak(),
		MeanConcurrency:  conc,
		MeanInstances:    inst,
		MeanIdle:         inst - conc,
		MeanInitializing: st.Init.Mean(),
		PeakInstances:    st.Instances.Peak(),
		Provisioned:      st.Provisioned.Peak(),
		Spillovers:       st.Spillovers,
		LatencyMS:        latencyOf(lat),
		DurationMS:       latencyOf(st.Duration),
		ColdStartMS:      latencyOf(st.ColdStart),
	}
}

// latencyOf summarises h in milliseconds; an empty histogram gives zeros.
func latencyOf(h *stats.Histogram) Latency {
	if h.Count() == 0 {
		return Latency{}
	}
	q := func(p float64) float64 { return h.Quantile(p).Millis() }
	return Latency{
		Count: h.Count(),
		Mean:  h.Mean().Millis(),
		P50:   q(0.50), P90: q(0.90), P95: q(0.95), P99: q(0.99), P999: q(0.999),
		Max: h.Max().Millis(),
	}
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
