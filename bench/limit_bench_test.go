package bench

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stampede-sim/stampede/scenarios"
)

// BenchmarkWholeVsLimit measures the whole program against the practical
// limit (issue 12). Each iteration runs the hand-written M/M/c loop and the
// 1-hour 1,000 requests/s API scenario in process, alternating, so load
// from other work falls on both alike. A plain API request costs two
// events (arrival, completion), so the limit is the hand loop's events/s ÷
// 2 requests/s; run/limit is the run's requests/s over that, from the
// iterations' totals, and run/limit-best from each one's fastest
// (alternation).
func BenchmarkWholeVsLimit(b *testing.B) {
	benchVsLimit(b, "testdata/api-1000rps.toml", MMcEngineParams)
}

// BenchmarkSimFaaSVsLimit is BenchmarkWholeVsLimit for SimFaaS's
// steady-state case (testdata/simfaas-steady.toml, four replications of
// 10⁶ s), against the hand loop at that case's own load: Poisson 0.9/s,
// exponential service of mean 1.991 s and servers enough never to queue
// (M/M/∞), so that its calendar holds the few events the case's does.
// The limit is then that of a calendar of two or three events, not the
// M/M/100 loop's hundred: what a request of this case costs at the least
// (issue 12's SimFaaS target; bench/README.md).
func BenchmarkSimFaaSVsLimit(b *testing.B) {
	benchVsLimit(b, "testdata/simfaas-steady.toml", MMcParams{Lambda: 0.9, Mu: 1 / 1.991, C: 1000, Customers: 1_000_000, Seed: 1, Batches: 20})
}

// benchVsLimit runs the scenario at path and the hand loop with p
// alternately and reports both rates, in requests/s and ns a request,
// and run/limit from the totals and from the fastest iterations.
func benchVsLimit(b *testing.B, path string, p MMcParams) {
	sc, err := scenarios.Load(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	var alt alternation
	var events uint64 // per hand loop, and requests per run: the same every time
	var requests float64
	for b.Loop() {
		alt.time(0, func() { events = RunMMcHandLoop(p).Events })
		alt.time(1, func() {
			res := run(b, sc)
			requests = float64(res.Summary.Requests.Total) * float64(res.Replications())
		})
	}
	// run/limit = (requests / run time) / (events / 2 / hand time).
	work := requests / (float64(events) / 2)
	n := float64(b.N)
	b.ReportMetric(requests*n/alt.total[1].Seconds(), "requests/s")
	b.ReportMetric(float64(events)/2*n/alt.total[0].Seconds(), "limit-requests/s")
	b.ReportMetric(float64(alt.total[1].Nanoseconds())/(requests*n), "ns/request")
	b.ReportMetric(float64(alt.total[0].Nanoseconds())/(float64(events)/2*n), "limit-ns/request")
	b.ReportMetric(work/alt.ratio(), "run/limit")
	b.ReportMetric(work/alt.bestRatio(), "run/limit-best")
	b.ReportMetric(work/alt.medianRatio(), "run/limit-median")
}

// manyFunctions is n functions sharing 1,000 requests/s for an hour: one
// Poisson workload per function at 1000/n requests/s.
func manyFunctions(n int, duration string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "name = \"many\"\nduration = %q\n", duration)
	for i := range n {
		fmt.Fprintf(&b, "[[function]]\nname = \"f%d\"\nduration = { dist = \"lognormal\", median = \"40ms\", p99 = \"200ms\" }\n", i)
		fmt.Fprintf(&b, "[[workload]]\nname = \"w%d\"\nfunction = \"f%d\"\narrivals = { process = \"poisson\", rate = %g }\n", i, i, 1000/float64(n))
	}
	return b.String()
}

// BenchmarkManyFunctions runs 10,000 functions sharing 1,000 requests/s
// for an hour (issue 12's target: ≤ 300 MB peak RSS, ≤ 8 s CPU; the RSS is
// measured with the CLI, see bench/README.md).
func BenchmarkManyFunctions(b *testing.B) {
	sc, err := scenarios.LoadBytes("many.toml", []byte(manyFunctions(10_000, "1h")), nil)
	if err != nil {
		b.Fatal(err)
	}
	var requests float64
	for b.Loop() {
		requests += float64(run(b, sc).Summary.Requests.Total)
	}
	b.ReportMetric(requests/b.Elapsed().Seconds(), "requests/s")
}

// BenchmarkLoadManyFunctions loads BenchmarkManyFunctions' scenario:
// what the CLI pays before the first event, part of the 8 s target.
func BenchmarkLoadManyFunctions(b *testing.B) {
	data := []byte(manyFunctions(10_000, "1h"))
	for b.Loop() {
		if _, err := scenarios.LoadBytes("many.toml", data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// busyScenario is 1,000 requests/s for 20 minutes (1.2M requests) at a
// function whose handler time has the given median (lognormal), so about
// 1,000 × its mean environments are busy at once.
func busyScenario(median, p99 string) string {
	return fmt.Sprintf(`name = "busy"
duration = "20m"
[account]
concurrency_limit = 20000
[[function]]
name = "f"
timeout = "30s"
duration = { dist = "lognormal", median = %q, p99 = %q }
[[workload]]
name = "w"
function = "f"
arrivals = { process = "poisson", rate = 1000 }
`, median, p99)
}

// BenchmarkBusyEnvironments runs the same requests with about 10 and about
// 10,000 environments busy at once, alternating, and reports the CPU of
// the second over the first (busy/idle; issue 12's target ≤ 1.3): a deeper
// calendar and environment records out of cache should cost little.
func BenchmarkBusyEnvironments(b *testing.B) {
	few, err := scenarios.LoadBytes("few.toml", []byte(busyScenario("10ms", "20ms")), nil)
	if err != nil {
		b.Fatal(err)
	}
	many, err := scenarios.LoadBytes("many.toml", []byte(busyScenario("10s", "20s")), nil)
	if err != nil {
		b.Fatal(err)
	}
	var alt alternation
	var peak float64
	for b.Loop() {
		alt.time(0, func() { run(b, few) })
		alt.time(1, func() { peak = run(b, many).Summary.Functions["f"].MeanConcurrency })
	}
	b.ReportMetric(peak, "busy-envs")
	b.ReportMetric(alt.ratio(), "busy/idle")
	b.ReportMetric(alt.bestRatio(), "busy/idle-best")
	b.ReportMetric(alt.medianRatio(), "busy/idle-median")
}

// alternation times two runs taken in turn, once each an iteration, so
// that load from other work on a shared host falls on both alike.
type alternation struct {
	total, best [2]time.Duration
	side0       time.Duration // side 0's time in the current iteration
	ratios      []float64     // side 1's time over side 0's, an iteration each
}

// time runs f as side i (0 or 1) and counts its time; side 1 ends an
// iteration.
func (a *alternation) time(i int, f func()) {
	t0 := time.Now()
	f()
	d := time.Since(t0)
	a.total[i] += d
	if a.best[i] == 0 || d < a.best[i] {
		a.best[i] = d
	}
	if i == 0 {
		a.side0 = d
	} else {
		a.ratios = append(a.ratios, float64(d)/float64(a.side0))
	}
}

// medianRatio is the median over iterations of side 1's time over side
// 0's in the same iteration. The two runs of a pair are seconds apart, so
// a drift in the host's speed over minutes falls on both; and a burst of
// other work that hits one run of one pair moves the median by at most
// one rank, where it moves the totals by its whole length.
func (a *alternation) medianRatio() float64 {
	if len(a.ratios) == 0 {
		return 0
	}
	r := slices.Clone(a.ratios)
	slices.Sort(r)
	n := len(r)
	return (r[(n-1)/2] + r[n/2]) / 2
}

// ratio is side 1's time over side 0's, from the totals.
func (a *alternation) ratio() float64 { return float64(a.total[1]) / float64(a.total[0]) }

// bestRatio is the same from each side's fastest iteration: on a shared
// host whose speed drifts by a third within minutes, the fastest of
// several runs estimates the uncontended speed of each, where totals mix
// in whatever else ran.
func (a *alternation) bestRatio() float64 { return float64(a.best[1]) / float64(a.best[0]) }
