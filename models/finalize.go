package models

import (
	"math"
	"slices"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim/stats"
)

func (sys *System) finalize(partial bool) *Result {
	sc, m := sys.sc, sys.m
	end := sc.Duration
	for _, f := range sys.functions {
		f.Stats.Close(end)
	}
	sys.totals.Close(end)
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
	fnOf := make([]int, len(sys.workloads))
	for i, w := range sys.workloads {
		fnOf[i] = w.fn.Index
	}
	lat := m.latencies(len(sys.functions), fnOf)
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
		LatencyMS:    latencyOf(&lat.all),
		ColdLatency:  latencyOf(&lat.cold),
		WarmLatency:  latencyOf(&lat.warm),
		Functions:    map[string]FunctionSummary{},
		Workloads:    map[string]WorkloadSummary{},
		Databases:    map[string]DatabaseSummary{},
		Queues:       map[string]QueueSummary{},
	}
	sum.Requests, sum.Failures = requestsOf(m)
	var inv, cold int64
	for _, f := range sys.functions {
		fs := functionSummary(f.Stats, &lat.function[f.Index])
		if q := sys.async[f.Index]; q != nil {
			fs.AsyncPeakDepth, fs.AsyncMaxAgeS = q.depth.Peak(), q.maxAge.Seconds()
		}
		sum.Functions[f.Name] = fs
		inv += f.Stats.Invocations
		cold += f.Stats.ColdStarts
	}
	sum.ColdStarts = ColdStarts{Count: cold, Fraction: ratio(cold, inv), P75FunctionFraction: p75ColdFraction(sum.Functions)}
	for i, w := range sys.workloads {
		c := m.perWorkload[i]
		sum.Workloads[w.name] = WorkloadSummary{
			Requests:  c.requests,
			Succeeded: c.succeeded,
			Failed:    c.requests - c.succeeded,
			Retries:   c.retries,
			Refused:   c.refused,
			LatencyMS: latencyOf(&lat.workload[i]),
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
	sum.Bottlenecks = sys.bottlenecks(sum, series)
	res := &Result{Summary: sum, Series: series, Latency: &lat.all, Events: sys.sim.Processed()}
	if n := len(sys.functions); n >= 2 && n <= MaxApart {
		res.ByFunction = map[string]*stats.Histogram{}
		for _, f := range sys.functions {
			res.ByFunction[f.Name] = &lat.function[f.Index]
		}
	}
	// Workloads apart only where a function has several: otherwise each
	// is its function's distribution.
	shared := map[int]int{}
	for _, w := range sys.workloads {
		shared[w.fn.Index]++
	}
	if n := len(sys.workloads); n >= 2 && n <= MaxApart && len(shared) < n {
		res.ByWorkload = map[string]*stats.Histogram{}
		for i, w := range sys.workloads {
			res.ByWorkload[w.name] = &lat.workload[i]
		}
	}
	return res
}

// p75ColdFraction is the 75th percentile (nearest rank, the ⌈0.75·n⌉-th
// smallest) of the cold-start fractions of the functions invoked; 0 with
// fewer than two.
func p75ColdFraction(fs map[string]FunctionSummary) float64 {
	var xs []float64
	for _, f := range fs {
		if f.Invocations > 0 {
			xs = append(xs, f.ColdStartFraction)
		}
	}
	if len(xs) < 2 {
		return 0
	}
	slices.Sort(xs)
	return xs[int(math.Ceil(0.75*float64(len(xs))))-1]
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
	for _, sp := range st.Throttled {
		thr += sp.N
	}
	lv := st.Levels
	conc, inst := lv.Mean(lambda.LevelConcurrency), lv.Mean(lambda.LevelInstances)
	return FunctionSummary{
		Invocations:       st.Invocations,
		ColdStarts:        st.ColdStarts,
		ColdStartFraction: ratio(st.ColdStarts, st.Invocations),
		Throttles:         thr,
		ThrottleReasons: ThrottleReasons{
			Concurrency: st.Throttled[lambda.ThrottleConcurrency].N,
			ScalingRate: st.Throttled[lambda.ThrottleScaling].N,
			RPS:         st.Throttled[lambda.ThrottleRPS].N,
		},
		Errors:           st.Errors,
		Timeouts:         st.Timeouts,
		PeakConcurrency:  lv.Peak(lambda.LevelConcurrency),
		MeanConcurrency:  conc,
		MeanInstances:    inst,
		MeanIdle:         inst - conc,
		MeanInitializing: lv.Mean(lambda.LevelInit),
		PeakInstances:    lv.Peak(lambda.LevelInstances),
		Provisioned:      lv.Peak(lambda.LevelProvisioned),
		Spillovers:       st.Spillovers,
		LatencyMS:        latencyOf(lat),
		DurationMS:       latencyOf(&st.Duration),
		ColdStartMS:      latencyOf(&st.ColdStart),
	}
}

// latencyOf summarises h in milliseconds; an empty histogram gives zeros.
func latencyOf(h *stats.Histogram) Latency {
	if h.Count() == 0 {
		return Latency{}
	}
	q := h.Quantiles(0.50, 0.90, 0.95, 0.99, 0.999)
	return Latency{
		Count: h.Count(),
		Mean:  h.Mean().Millis(),
		P50:   q[0].Millis(), P90: q[1].Millis(), P95: q[2].Millis(), P99: q[3].Millis(), P999: q[4].Millis(),
		Max: h.Max().Millis(),
	}
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
