package models_test

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/scenarios"
)

// Every envelope column (NAME.max) is at least its mean in every bucket
// and every NAME.min at most,
// and a burst shorter than a bucket shows in it: provisioned's 3-second
// bursts reach the 300 reserved environments, while no bucket's mean
// comes near.
func TestEnvelopes(t *testing.T) {
	t.Parallel()
	for _, res := range runBuiltins(t, "provisioned", "rds-proxy", "sqs-leveling") {
		cols := map[string][]float64{}
		for _, c := range res.Series.Columns() {
			cols[c.Name] = c.Values
		}
		n := 0
		for name, env := range cols {
			base, kind, _ := strings.Cut(name, ".")
			if i := strings.LastIndexByte(name, '.'); i >= 0 {
				base, kind = name[:i], name[i+1:]
			}
			mean, ok := cols[base]
			if kind != "max" && kind != "min" || !ok {
				continue
			}
			n++
			for i := range env {
				if kind == "max" && env[i] < mean[i]-1e-9 || kind == "min" && env[i] > mean[i]+1e-9 {
					t.Errorf("%s: bucket %d: %g against the mean %g", name, i, env[i], mean[i])
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no envelope columns", res.Summary.Scenario)
		}
		if res.Summary.Scenario != "provisioned" {
			continue
		}
		top, topMean := 0.0, 0.0
		for i, v := range cols["concurrency.max"] {
			top, topMean = max(top, v), max(topMean, cols["concurrency"][i])
		}
		if top != 300 || topMean > 150 {
			t.Errorf("provisioned: concurrency peaks at %g in the envelope and %g in the means; want 300, and means well below", top, topMean)
		}
	}
}

// A run with a few functions keeps each one's latency distribution for the
// per-function plots (counts adding up to the whole); a run of one
// function, or of one workload per function, keeps none apart; over
// replications they are merged.
func TestLatencyApart(t *testing.T) {
	t.Parallel()
	rs := runBuiltins(t, "cold-start-runtimes", "steady-api")
	runtimes, steady := rs[0], rs[1]
	var n int64
	for name, h := range runtimes.ByFunction {
		n += h.Count()
		if h.Count() != runtimes.Summary.Functions[name].LatencyMS.Count {
			t.Errorf("%s: %d latencies kept apart, the summary counts %d", name, h.Count(), runtimes.Summary.Functions[name].LatencyMS.Count)
		}
	}
	if len(runtimes.ByFunction) != 4 || n != runtimes.Latency.Count() {
		t.Errorf("cold-start-runtimes: %d functions apart with %d latencies, want 4 with %d", len(runtimes.ByFunction), n, runtimes.Latency.Count())
	}
	if runtimes.ByWorkload != nil || steady.ByFunction != nil || steady.ByWorkload != nil {
		t.Error("distributions kept apart where each is another's or the whole's")
	}
	sc, err := scenarios.Load("cold-start-runtimes", []string{"duration=5m", "replications=2"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := models.RunScenario(sc, 2, models.RunOptions{Buckets: 10})
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, h := range rep.ByFunction {
		sum += h.Count()
	}
	if len(rep.ByFunction) != 4 || sum != rep.Latency.Count() {
		t.Errorf("replicated: %d functions apart with %d latencies, want 4 with the merged %d", len(rep.ByFunction), sum, rep.Latency.Count())
	}
}
