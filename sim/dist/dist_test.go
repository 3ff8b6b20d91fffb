package dist

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/stampede-sim/stampede/sim"
)

const ms = sim.Millisecond

// cdf is the closed-form CDF (in seconds) of the parametric kinds.
func cdf(s Spec, x float64) float64 {
	switch s.Kind {
	case Exponential:
		return distuv.Exponential{Rate: 1 / s.Mean.Seconds()}.CDF(x)
	case Uniform:
		return distuv.Uniform{Min: s.Min.Seconds(), Max: s.Max.Seconds()}.CDF(x)
	case LogNormal:
		mu, sigma := s.lognormal()
		return distuv.LogNormal{Mu: mu, Sigma: sigma}.CDF(x)
	case Gamma:
		a := 1 / (s.CV * s.CV)
		return distuv.Gamma{Alpha: a, Beta: a / s.Mean.Seconds()}.CDF(x)
	case Weibull:
		return distuv.Weibull{K: s.Shape, Lambda: s.Scale.Seconds()}.CDF(x)
	}
	return math.NaN()
}

// Each sampler against its closed form: the sample mean within 5 standard
// errors, and the closed-form CDF at the sample p50 and p99 within 5 binomial
// standard errors of 0.5 and 0.99.
func TestSamplersMatchClosedForms(t *testing.T) {
	const n = 200_000
	for _, tc := range []struct {
		name string
		spec Spec
	}{
		{"exponential", Spec{Kind: Exponential, Mean: 100 * ms}},                               // memoryless service
		{"uniform", Spec{Kind: Uniform, Min: 5 * sim.Minute, Max: 7 * sim.Minute}},             // the keep-alive default
		{"lognormal by median and p99", Spec{Kind: LogNormal, Median: 80 * ms, P99: 400 * ms}}, // handler times
		{"lognormal by mean and stddev", Spec{Kind: LogNormal, Mean: 200 * ms, Stddev: 100 * ms}},
		{"gamma", Spec{Kind: Gamma, Mean: sim.Second, CV: 0.5}},            // cv < 1
		{"gamma cv 2", Spec{Kind: Gamma, Mean: sim.Second, CV: 2}},         // heavy, alpha < 1
		{"weibull", Spec{Kind: Weibull, Shape: 1.5, Scale: 200 * ms}},      // shape > 1
		{"weibull heavy", Spec{Kind: Weibull, Shape: 0.7, Scale: 50 * ms}}, // shape < 1
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.spec.Validate(); err != nil {
				t.Fatal(err)
			}
			smp := tc.spec.New(rand.NewPCG(1, 2))
			xs := make([]float64, n)
			var sum, sq float64
			for i := range xs {
				xs[i] = smp.Sample().Seconds()
				sum += xs[i]
			}
			mean := sum / n
			for _, x := range xs {
				sq += (x - mean) * (x - mean)
			}
			se := math.Sqrt(sq/(n-1)) / math.Sqrt(n)
			if want := tc.spec.MeanSeconds(); math.Abs(mean-want) > 5*se {
				t.Errorf("mean %.6g, want %.6g ± %.3g", mean, want, 5*se)
			}
			slices.Sort(xs)
			for _, p := range []float64{0.5, 0.99} {
				q := xs[int(p*n)]
				tol := 5 * math.Sqrt(p*(1-p)/n)
				if got := cdf(tc.spec, q); math.Abs(got-p) > tol {
					t.Errorf("CDF at sample p%g = %.4f, want %g ± %.4f", 100*p, got, p, tol)
				}
				if cq, ok := tc.spec.Quantile(p); !ok || math.Abs(cdf(tc.spec, cq.Seconds())-p) > 1e-6 {
					t.Errorf("Quantile(%g) = %v is not the closed form", p, cq)
				}
			}
		})
	}
}

// The lognormal parametrisation by median and p99 reproduces both.
func TestLognormalByMedianAndP99(t *testing.T) {
	s := Spec{Kind: LogNormal, Median: 80 * ms, P99: 400 * ms}
	for p, want := range map[float64]sim.Time{0.5: 80 * ms, 0.99: 400 * ms} {
		if got, _ := s.Quantile(p); math.Abs(float64(got-want)) > float64(sim.Microsecond) {
			t.Errorf("Quantile(%g) = %v, want %v", p, got, want)
		}
	}
}

// Fixed, empirical and sum samplers.
func TestDiscreteSamplers(t *testing.T) {
	src := rand.NewPCG(3, 4)
	if got := (Spec{Kind: Fixed, Value: 7 * ms}).New(src).Sample(); got != 7*ms {
		t.Errorf("fixed: %v", got)
	}
	emp := Spec{Kind: Empirical, Values: []sim.Time{1 * ms, 2 * ms, 30 * ms}}
	smp, counts := emp.New(src), map[sim.Time]int{}
	for range 30_000 {
		counts[smp.Sample()]++
	}
	for _, v := range emp.Values {
		// Each value with probability 1/3: binomial SE √(n·p·(1−p)) ≈ 82.
		if math.Abs(float64(counts[v])-10_000) > 5*82 {
			t.Errorf("empirical: %v drawn %d times of 30,000", v, counts[v])
		}
	}
	if m := emp.MeanSeconds(); math.Abs(m-0.011) > 1e-12 {
		t.Errorf("empirical mean %v", m)
	}
	sum := Spec{Kind: Sum, Terms: []Spec{{Kind: Fixed, Value: 5 * ms}, {Kind: Uniform, Min: 0, Max: 10 * ms}}}
	s := sum.New(src)
	for range 1000 {
		if x := s.Sample(); x < 5*ms || x > 15*ms {
			t.Fatalf("sum out of range: %v", x)
		}
	}
	if m := sum.MeanSeconds(); math.Abs(m-0.010) > 1e-12 {
		t.Errorf("sum mean %v", m)
	}
}

// Sampling allocates nothing.
func TestSampleDoesNotAllocate(t *testing.T) {
	for _, s := range []Spec{
		{Kind: Fixed, Value: ms}, {Kind: Exponential, Mean: ms}, {Kind: Uniform, Max: ms},
		{Kind: LogNormal, Median: ms, P99: 2 * ms}, {Kind: Gamma, Mean: ms, CV: 0.5}, {Kind: Gamma, Mean: ms, CV: 3},
		{Kind: Weibull, Shape: 2, Scale: ms}, {Kind: Empirical, Values: []sim.Time{ms}},
		{Kind: Sum, Terms: []Spec{{Kind: Fixed, Value: ms}, {Kind: Exponential, Mean: ms}}},
	} {
		smp := s.New(rand.NewPCG(1, 1))
		if a := testing.AllocsPerRun(1000, func() { smp.Sample() }); a != 0 {
			t.Errorf("%s: %v allocations per sample", s.Kind, a)
		}
	}
}

// Invalid parameters, and what the message says is allowed.
func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{Kind: "pareto"}, `unknown dist "pareto" (allowed: fixed, exponential`},         // unknown family
		{Spec{Kind: Exponential}, "exponential needs mean > 0"},                              // missing mean
		{Spec{Kind: Uniform, Min: 2 * ms, Max: ms}, "uniform needs 0 <= min <= max"},         // reversed bounds
		{Spec{Kind: LogNormal, Median: 2 * ms, P99: ms}, "lognormal needs 0 < median < p99"}, // p99 below median
		{Spec{Kind: LogNormal}, "lognormal needs median and p99, or mean and stddev"},        // no parameters
		{Spec{Kind: LogNormal, Median: ms, P99: 2 * ms, Mean: ms}, "not both"},               // both parametrisations
		{Spec{Kind: Gamma, Mean: ms}, "gamma needs mean > 0 and cv > 0"},                     // no cv
		{Spec{Kind: Weibull, Scale: ms}, "weibull needs shape > 0 and scale > 0"},            // no shape
		{Spec{Kind: Empirical}, "empirical needs at least one value"},                        // no values
		{Spec{Kind: Sum}, "sum needs at least one term"},                                     // no terms
		{Spec{Kind: Sum, Terms: []Spec{{Kind: Exponential}}}, "terms[0]: exponential needs"}, // bad term
		{Spec{Kind: Fixed, Value: -ms}, "value must be >= 0"},                                // negative
	} {
		err := tc.spec.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.spec, err, tc.want)
		}
	}
}

// String writes the inline tables the scenario loader reads.
func TestString(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{Kind: Fixed, Value: 250 * ms}, `{ dist = "fixed", value = "250ms" }`},
		{Spec{Kind: LogNormal, Median: 80 * ms, P99: 400 * ms}, `{ dist = "lognormal", median = "80ms", p99 = "400ms" }`},
		{Spec{Kind: Gamma, Mean: sim.Second, CV: 0.5}, `{ dist = "gamma", mean = "1s", cv = 0.5 }`},
		{Spec{Kind: Weibull, Shape: 1.5, Scale: 200 * ms}, `{ dist = "weibull", shape = 1.5, scale = "200ms" }`},
		{Spec{Kind: Empirical, Values: []sim.Time{1500 * sim.Microsecond, 2 * ms}}, `{ dist = "empirical", values = [1.5, 2] }`},
		{Spec{Kind: Empirical, File: "x.csv"}, `{ dist = "empirical", file = "x.csv" }`},
		{Spec{Kind: Sum, Terms: []Spec{{Kind: Fixed, Value: ms}}}, `{ dist = "sum", terms = [{ dist = "fixed", value = "1ms" }] }`},
	} {
		if got := tc.spec.String(); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
	}
}
