package bench

import (
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots/report"
	"github.com/stampede-sim/stampede/scenarios"
)

// BenchmarkRunAPI1000rps1h is `stampede run` of a 1-hour, 1,000 requests/s
// API scenario (3.6M requests), without writing files. It reports requests/s
// and events/s of simulation.
func BenchmarkRunAPI1000rps1h(b *testing.B) {
	sc, err := scenarios.Load("testdata/api-1000rps.toml", nil)
	if err != nil {
		b.Fatal(err)
	}
	var events uint64
	var requests float64
	for b.Loop() {
		res := run(b, sc)
		events += res.Events
		requests += float64(res.Summary.Requests.Total)
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(requests/sec, "requests/s")
	b.ReportMetric(float64(events)/sec, "events/s")
}

// BenchmarkRunBuiltin runs the database built-ins (30 simulated minutes
// each) and reports invocations/s and events/s of simulation.
func BenchmarkRunBuiltin(b *testing.B) {
	for _, name := range []string{"rds-exhaustion", "rds-proxy", "rds-per-invocation", "sqs-leveling"} {
		b.Run(name, func(b *testing.B) {
			sc, err := scenarios.Load(name, nil)
			if err != nil {
				b.Fatal(err)
			}
			var events uint64
			var invocations float64
			for b.Loop() {
				res := run(b, sc)
				events += res.Events
				for _, f := range res.Summary.Functions {
					invocations += float64(f.Invocations)
				}
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(invocations/sec, "invocations/s")
			b.ReportMetric(float64(events)/sec, "events/s")
		})
	}
}

// BenchmarkWriteArtefacts writes every artefact of an rds-exhaustion run
// (JSON, Markdown, CSV, hgrm, the plots as PNG and SVG, report.html): the
// time `--out` adds to a run.
func BenchmarkWriteArtefacts(b *testing.B) { benchWriteArtefacts(b, "rds-exhaustion") }

// BenchmarkWriteArtefactsRDSProxy is BenchmarkWriteArtefacts for rds-proxy,
// the built-in of issue 12: `--out` should add at most 0.1 s to its run.
func BenchmarkWriteArtefactsRDSProxy(b *testing.B) { benchWriteArtefacts(b, "rds-proxy") }

// benchWriteArtefacts runs built-in scenario name once, then times writing
// its artefacts into a temporary directory.
func benchWriteArtefacts(b *testing.B, name string) {
	sc, err := scenarios.Load(name, nil)
	if err != nil {
		b.Fatal(err)
	}
	res := run(b, sc)
	dir := b.TempDir()
	for b.Loop() {
		if err := report.WriteAll(dir, res, sc, scenarios.TOML(sc)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimFaaSCase runs SimFaaS's steady-state case
// (testdata/simfaas-steady.toml: four replications of 10⁶ s at 0.9
// requests/s) on one worker, the case bench/simfaas.sh times beside
// SimFaaS itself; it reports nanoseconds of CPU per simulated request.
func BenchmarkSimFaaSCase(b *testing.B) {
	sc, err := scenarios.Load("testdata/simfaas-steady.toml", nil)
	if err != nil {
		b.Fatal(err)
	}
	var requests float64
	for b.Loop() {
		res := run(b, sc)
		requests += float64(res.Summary.Requests.Total) * float64(res.Replications())
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/requests, "ns/request")
}

// run runs sc on one worker, failing b if it cannot.
func run(b *testing.B, sc *models.Scenario) *models.Result {
	res, err := models.RunScenario(sc, 1, models.RunOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return res
}
