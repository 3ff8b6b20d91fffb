package bench

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// mmcTestParams is the engine benchmark's queue with 10⁵ customers, small
// enough for `go test`.
func mmcTestParams() MMcParams {
	p := MMcEngineParams
	p.Customers = 100_000
	return p
}

// The sim engine and the hand loop deliver the same events in the same
// order, so they draw the same numbers and measure the same waits, exactly.
func TestMMcSimMatchesHandLoop(t *testing.T) {
	tests := []struct {
		name string
		p    MMcParams
	}{
		{"engine benchmark queue", mmcTestParams()},                                                    // ρ = 0.9, c = 100
		{"single server", MMcParams{Lambda: 8, Mu: 10, C: 1, Customers: 20_000, Seed: 3, Batches: 10}}, // long queues
		{"one customer", MMcParams{Lambda: 1, Mu: 1, C: 1, Customers: 1, Seed: 4, Batches: 1}},         // the degenerate run
	}
	for _, tc := range tests {
		s, h := RunMMcSim(tc.p), RunMMcHandLoop(tc.p)
		if s.Events != h.Events || s.WaitSum != h.WaitSum || !slices.Equal(s.BatchMeans, h.BatchMeans) {
			t.Errorf("%s: sim (%d events, wait sum %d ns) differs from hand loop (%d, %d)",
				tc.name, s.Events, s.WaitSum, h.Events, h.WaitSum)
		}
		if want := uint64(2 * tc.p.Customers); s.Events != want {
			t.Errorf("%s: %d events, want an arrival and a departure per customer (%d)", tc.name, s.Events, want)
		}
	}
}

// The simulated mean wait agrees with Erlang C: |mean − W_q| < 4 SE, the
// standard error from 20 batch means of consecutive customers.
//
// The run is 4·10⁶ customers (batches of 2·10⁵, ~220 s simulated): at
// ρ = 0.9 waits come in long, skewed busy spells, and with short batches the
// batch-means t statistic spreads wider than t₁₉ (over 8 seeds its standard
// deviation was 1.9 at 10⁵ customers, 1.25 at 10⁶ and 0.9 at 4·10⁶). The
// empty start biases the mean down by about (relaxation time 1/(cμ(1−√ρ)²)
// ≈ 0.4 s) / (run length ≈ 4,400 s), negligible against the SE.
func TestMMcMatchesErlangC(t *testing.T) {
	p := MMcEngineParams
	p.Customers = 4_000_000
	r := RunMMcSim(p)
	mean := r.MeanWait(p.Customers)
	bm, sd := stat.MeanStdDev(r.BatchMeans, nil)
	n := float64(len(r.BatchMeans))
	se := sd / math.Sqrt(n)
	ci := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975) * se
	want := ErlangCWait(p.Lambda, p.Mu, p.C)
	t.Logf("mean wait %.6f s (batch means %.6f ± %.6f, 95%% t CI), Erlang C W_q %.6f s, %.2f SE off",
		mean, bm, ci, want, (mean-want)/se)
	if math.Abs(bm-mean) > 1e-12 {
		t.Fatalf("batch means average %v, overall mean %v: the batches do not partition the customers", bm, mean)
	}
	if math.Abs(mean-want) >= 4*se {
		t.Errorf("mean wait %.6f s, Erlang C %.6f s: off by %.1f SE (SE %.6f)", mean, want, (mean-want)/se, se)
	}
}

// erlangCWaitLogSpace is the closed form of ErlangCWait evaluated directly,
// term by term in log space: an independent check of the recursion.
func erlangCWaitLogSpace(lambda, mu float64, c int) float64 {
	a := lambda / mu
	rho := a / float64(c)
	logTerm := func(k int) float64 { l, _ := math.Lgamma(float64(k + 1)); return float64(k)*math.Log(a) - l }
	last := logTerm(c) - math.Log(1-rho)
	var sum float64 // Σ_{k<c} aᵏ/k!, scaled by e^{−last}
	for k := range c {
		sum += math.Exp(logTerm(k) - last)
	}
	return 1 / (sum + 1) / (float64(c)*mu - lambda)
}

func TestErlangCWait(t *testing.T) {
	tests := []struct {
		name       string
		lambda, mu float64
		c          int
		want       float64
	}{
		{"M/M/1", 0.5, 1, 1, 1},     // ρ/(μ−λ) = 0.5/0.5
		{"M/M/2", 1, 1, 2, 1.0 / 3}, // C = 1/3, cμ−λ = 1
		{"engine queue", 900, 10, 100, erlangCWaitLogSpace(900, 10, 100)}, // the benchmark's parameters
		{"large c", 9500, 1, 10000, erlangCWaitLogSpace(9500, 1, 10000)},  // aᶜ and c! overflow float64
	}
	for _, tc := range tests {
		if got := ErlangCWait(tc.lambda, tc.mu, tc.c); math.Abs(got/tc.want-1) > 1e-9 || math.IsNaN(got) {
			t.Errorf("%s: W_q %v, want %v", tc.name, got, tc.want)
		}
	}
}

// benchmarkMMc runs the 10⁶-customer queue once per iteration and reports
// the events delivered per second of wall time.
func benchmarkMMc(b *testing.B, run func(MMcParams) MMcResult) {
	var events uint64
	for b.Loop() {
		events += run(MMcEngineParams).Events
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkMMcSim is the M/M/c queue on the sim engine.
func BenchmarkMMcSim(b *testing.B) { benchmarkMMc(b, RunMMcSim) }

// BenchmarkMMcHandLoop is the same queue on a hand-written loop.
func BenchmarkMMcHandLoop(b *testing.B) { benchmarkMMc(b, RunMMcHandLoop) }

// BenchmarkMMcRatio alternates the two runs within each iteration and reports
// the sim engine's event rate as a fraction of the hand loop's, so load from
// other work on a shared machine falls on both alike.
func BenchmarkMMcRatio(b *testing.B) {
	var alt alternation
	for b.Loop() {
		alt.time(0, func() { RunMMcSim(MMcEngineParams) })
		alt.time(1, func() { RunMMcHandLoop(MMcEngineParams) })
	}
	b.ReportMetric(alt.ratio(), "sim/hand")
	b.ReportMetric(alt.medianRatio(), "sim/hand-median")
}
