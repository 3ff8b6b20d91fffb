package dist

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede/sim"
)

const ms = sim.Millisecond

// cdf returns F(x) = P(X <= x) and its left limit P(X < x), x in seconds;
// the two differ only at the atoms of fixed and empirical distributions.
type cdf func(x float64) (at, below float64)

// smooth is the cdf of a continuous distribution.
func smooth(d interface{ CDF(float64) float64 }) cdf {
	return func(x float64) (float64, float64) { f := d.CDF(x); return f, f }
}

// atoms is the cdf of a uniform choice among values.
func atoms(values ...sim.Time) cdf {
	return func(x float64) (float64, float64) {
		var at, below float64
		for _, v := range values {
			if v.Seconds() <= x {
				at++
			}
			if v.Seconds() < x {
				below++
			}
		}
		n := float64(len(values))
		return at / n, below / n
	}
}

// shifted is the cdf of c + X.
func shifted(c sim.Time, f cdf) cdf {
	return func(x float64) (float64, float64) { return f(x - c.Seconds()) }
}

// skewedValues are 60 distinct durations with a long right tail.
func skewedValues() []sim.Time {
	vs := make([]sim.Time, 60)
	for i := range vs {
		vs[i] = sim.Time((i+1)*(i+1)) * 500 * sim.Microsecond
	}
	return vs
}

// samplerCases has one or more specs of every kind, each with its reference
// CDF written from the parameters as a scenario states them, independently
// of the package's own parametrisation code.
func samplerCases() []struct {
	name string
	spec Spec
	cdf  cdf
} {
	lnSigma2 := math.Log(1 + 0.1*0.1/(0.2*0.2)) // mean 200ms, stddev 100ms
	return []struct {
		name string
		spec Spec
		cdf  cdf
	}{
		// A constant: every draw is the value.
		{"fixed", Spec{Kind: Fixed, Value: 250 * ms}, atoms(250 * ms)},
		// Memoryless service times, rate 1/mean.
		{"exponential", Spec{Kind: Exponential, Mean: 100 * ms}, smooth(distuv.Exponential{Rate: 10})},
		// The keep-alive default, 5 to 7 minutes.
		{"uniform", Spec{Kind: Uniform, Min: 5 * sim.Minute, Max: 7 * sim.Minute}, smooth(distuv.Uniform{Min: 300, Max: 420})},
		// Handler times by median and p99: σ = ln(p99/median)/z₀.₉₉.
		{"lognormal by median and p99", Spec{Kind: LogNormal, Median: 80 * ms, P99: 400 * ms},
			smooth(distuv.LogNormal{Mu: math.Log(0.08), Sigma: math.Log(5) / 2.3263478740408408})},
		// By mean and stddev: σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
		{"lognormal by mean and stddev", Spec{Kind: LogNormal, Mean: 200 * ms, Stddev: 100 * ms},
			smooth(distuv.LogNormal{Mu: math.Log(0.2) - lnSigma2/2, Sigma: math.Sqrt(lnSigma2)})},
		// cv < 1: shape 4, rate 4 per second.
		{"gamma cv 0.5", Spec{Kind: Gamma, Mean: sim.Second, CV: 0.5}, smooth(distuv.Gamma{Alpha: 4, Beta: 4})},
		// cv > 1: shape 1/4 < 1, gonum's small-shape branch.
		{"gamma cv 2", Spec{Kind: Gamma, Mean: sim.Second, CV: 2}, smooth(distuv.Gamma{Alpha: 0.25, Beta: 0.25})},
		// Shape > 1: a mode away from zero.
		{"weibull shape 1.5", Spec{Kind: Weibull, Shape: 1.5, Scale: 200 * ms}, smooth(distuv.Weibull{K: 1.5, Lambda: 0.2})},
		// Shape < 1: heavier than exponential.
		{"weibull shape 0.7", Spec{Kind: Weibull, Shape: 0.7, Scale: 50 * ms}, smooth(distuv.Weibull{K: 0.7, Lambda: 0.05})},
		// A bootstrap of 60 skewed measurements.
		{"empirical", Spec{Kind: Empirical, Values: skewedValues()}, atoms(skewedValues()...)},
		// Repeated values keep their weight: 2ms has probability 1/2.
		{"empirical with duplicates", Spec{Kind: Empirical, Values: []sim.Time{ms, 2 * ms, 2 * ms, 30 * ms}},
			atoms(ms, 2*ms, 2*ms, 30*ms)},
		// Two independent exponentials of mean 50ms add up to a gamma of shape 2.
		{"sum of exponentials", Spec{Kind: Sum, Terms: []Spec{{Kind: Exponential, Mean: 50 * ms}, {Kind: Exponential, Mean: 50 * ms}}},
			smooth(distuv.Gamma{Alpha: 2, Beta: 20})},
		// A constant plus an exponential is a shifted exponential.
		{"sum with a constant", Spec{Kind: Sum, Terms: []Spec{{Kind: Fixed, Value: 5 * ms}, {Kind: Exponential, Mean: 10 * ms}}},
			shifted(5*ms, smooth(distuv.Exponential{Rate: 100}))},
		// Nested sums flatten: three exponentials of mean 30ms, a gamma of shape 3.
		{"nested sum", Spec{Kind: Sum, Terms: []Spec{
			{Kind: Sum, Terms: []Spec{{Kind: Exponential, Mean: 30 * ms}, {Kind: Exponential, Mean: 30 * ms}}},
			{Kind: Exponential, Mean: 30 * ms}}},
			smooth(distuv.Gamma{Alpha: 3, Beta: 1 / 0.03})},
	}
}

// Each sampler against the closed forms, with N = 200,000 draws:
//   - the sample mean lies within 5 standard errors (sample sd/√N) of MeanSeconds;
//   - at the sample p-quantile (order statistic ⌈pN⌉) the reference CDF lies
//     within p ± 5·√(p(1−p)/N), the binomial spread of the share of draws
//     below a fixed point (for atoms: F(q) >= p − tol and F(q⁻) <= p + tol);
//   - Quantile(p) is the reference p-quantile (false for sums).
func TestSamplersMatchClosedForms(t *testing.T) {
	const n = 200_000
	for _, tc := range samplerCases() {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.spec.Validate(); err != nil {
				t.Fatal(err)
			}
			xs := draw(tc.spec, rand.NewPCG(1, 2), n)
			mean, sd := meanSD(xs)
			se := sd / math.Sqrt(n)
			if want := tc.spec.MeanSeconds(); math.Abs(mean-want) > 5*se+1e-12 {
				t.Errorf("sample mean %.6g, MeanSeconds %.6g ± %.3g", mean, want, 5*se)
			}
			slices.Sort(xs)
			for _, p := range []float64{0.5, 0.99} {
				tol := 5 * math.Sqrt(p*(1-p)/n)
				q := xs[int(math.Ceil(p*n))-1]
				if at, below := tc.cdf(q); at < p-tol || below > p+tol {
					t.Errorf("at the sample p%g %.6gs the CDF is %.4f, want %g ± %.4f", 100*p, q, at, p, tol)
				}
				cq, ok := tc.spec.Quantile(p)
				if ok != (tc.spec.Kind != Sum) {
					t.Fatalf("Quantile(%g) ok = %v", p, ok)
				}
				if at, below := tc.cdf(cq.Seconds()); ok && (at < p-1e-6 || below > p+1e-6) {
					t.Errorf("Quantile(%g) = %v has CDF %.6f, not the closed form", p, cq, at)
				}
			}
		})
	}
}

func draw(s Spec, src Src, n int) []float64 {
	smp := s.New(src)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = smp.Sample().Seconds()
	}
	return xs
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// The parametrisations reproduce the parameters a scenario states.
func TestClosedFormsReproduceParameters(t *testing.T) {
	near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want)) }
	// Lognormal by median and p99: its median and p99 are those.
	s := Spec{Kind: LogNormal, Median: 80 * ms, P99: 400 * ms}
	for p, want := range map[float64]sim.Time{0.5: 80 * ms, 0.99: 400 * ms} {
		if got, _ := s.Quantile(p); math.Abs(float64(got-want)) > 1 {
			t.Errorf("lognormal Quantile(%g) = %v, want %v", p, got, want)
		}
	}
	// Lognormal by mean and stddev: its mean and standard deviation are those.
	mu, sigma := Spec{Kind: LogNormal, Mean: 200 * ms, Stddev: 100 * ms}.lognormal()
	if ln := (distuv.LogNormal{Mu: mu, Sigma: sigma}); !near(ln.Mean(), 0.2) || !near(ln.StdDev(), 0.1) {
		t.Errorf("lognormal mean %g, stddev %g; want 0.2, 0.1", ln.Mean(), ln.StdDev())
	}
	// Gamma by mean and cv: its mean is the mean and its sd is cv·mean.
	a, b := Spec{Kind: Gamma, Mean: 2 * sim.Second, CV: 0.5}.gamma()
	if g := (distuv.Gamma{Alpha: a, Beta: b}); !near(g.Mean(), 2) || !near(g.StdDev(), 1) {
		t.Errorf("gamma mean %g, stddev %g; want 2, 1", g.Mean(), g.StdDev())
	}
	// Weibull: the mean is scale·Γ(1 + 1/shape); shape 1 is an exponential.
	if m := (Spec{Kind: Weibull, Shape: 1, Scale: 200 * ms}).MeanSeconds(); !near(m, 0.2) {
		t.Errorf("weibull shape 1 mean %g, want 0.2", m)
	}
}

// Quantile's edges: empirical order statistics, p outside [0, 1], sums.
func TestQuantileEdges(t *testing.T) {
	emp := Spec{Kind: Empirical, Values: []sim.Time{30 * ms, ms, 2 * ms, 2 * ms}}
	for _, tc := range []struct {
		spec Spec
		p    float64
		want sim.Time
		ok   bool
	}{
		{emp, 0.25, ms, true},      // ⌈0.25·4⌉ = 1st of 1, 2, 2, 30
		{emp, 0.26, 2 * ms, true},  // just past the first value
		{emp, 0.75, 2 * ms, true},  // the duplicate's upper end
		{emp, 0.99, 30 * ms, true}, // the largest
		{emp, 0, ms, true},         // p = 0 is the minimum
		{Spec{Kind: Empirical, Values: skewedValues()}, 0.5, 450 * ms, true},      // ⌈30⌉ = 30th: 30²·0.5ms
		{Spec{Kind: Exponential, Mean: ms}, 1.5, 0, false},                        // not a probability
		{Spec{Kind: Exponential, Mean: ms}, math.NaN(), 0, false},                 // not a probability
		{Spec{Kind: Sum, Terms: []Spec{{Kind: Fixed, Value: ms}}}, 0.5, 0, false}, // no closed form
	} {
		got, ok := tc.spec.Quantile(tc.p)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s Quantile(%g) = %v, %v; want %v, %v", tc.spec, tc.p, got, ok, tc.want, tc.ok)
		}
	}
}

// Sampling allocates nothing, for every kind (gonum's Rand wraps the source
// in rand.New on each call; this pins down that it stays on the stack).
func TestSampleDoesNotAllocate(t *testing.T) {
	for _, tc := range samplerCases() {
		smp := tc.spec.New(rand.NewPCG(1, 1))
		if a := testing.AllocsPerRun(1000, func() { smp.Sample() }); a != 0 {
			t.Errorf("%s: %v allocations per sample", tc.name, a)
		}
	}
}

// A sampler that owns its source (Own) draws New's numbers, a Peek between
// draws changing none, and allocates nothing per draw either.
func TestOwnSameDraws(t *testing.T) {
	for _, tc := range samplerCases() {
		want := draw(tc.spec, rand.NewPCG(7, 8), 200)
		own := tc.spec.Own(rand.NewPCG(7, 8))
		peek, isPeeker := own.(Peeker)
		if k := tc.spec.Kind; (k == Exponential || k == LogNormal || k == Uniform) && !isPeeker {
			t.Errorf("%s: Own's sampler reads nothing ahead (no Peeker)", tc.name)
		}
		for i, w := range want {
			if isPeeker {
				peek.Peek() // reads ahead, draws nothing
			}
			if got := own.Sample().Seconds(); got != w {
				t.Fatalf("%s: draw %d is %v, New's %v", tc.name, i, got, w)
			}
		}
		if a := testing.AllocsPerRun(1000, func() { own.Sample() }); a != 0 {
			t.Errorf("%s: %v allocations per sample", tc.name, a)
		}
	}
}

// Samplers that share one source draw from it in turn, so a sampler's draws
// depend only on the source's seed.
func TestSameSeedSameDraws(t *testing.T) {
	for _, tc := range samplerCases() {
		a, b := draw(tc.spec, rand.NewPCG(5, 6), 100), draw(tc.spec, rand.NewPCG(5, 6), 100)
		if !slices.Equal(a, b) {
			t.Errorf("%s: two samplers on equal seeds differ", tc.name)
		}
	}
}
