package dist

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// z99 is Φ⁻¹(0.99), the 0.99 quantile of the standard normal distribution.
const z99 = 2.3263478740408408

// continuous is what the samplers and the closed forms need of a gonum
// distribution; every value is in seconds.
type continuous interface {
	Rand() float64
	Quantile(p float64) float64
	Mean() float64
}

// lognormalByMedian reports which parametrisation a lognormal uses: a
// scenario gives either median and p99 or mean and stddev, so any non-zero
// field of the first pair selects it (Validate refuses a mixture).
func (s Spec) lognormalByMedian() bool { return s.Median != 0 || s.P99 != 0 }

// lognormal returns (μ, σ) with ln X ~ N(μ, σ²), X in seconds.
//
// By median m and 99th percentile q: the p-quantile of X is e^(μ + σ·Φ⁻¹(p)),
// so the median is e^μ and
//
//	μ = ln m,   σ = ln(q/m) / Φ⁻¹(0.99).
//
// By mean m and standard deviation s: E X = e^(μ+σ²/2) and
// Var X = (e^(σ²) − 1)·(E X)², so
//
//	σ² = ln(1 + s²/m²),   μ = ln m − σ²/2.
func (s Spec) lognormal() (mu, sigma float64) {
	if s.lognormalByMedian() {
		return math.Log(s.Median.Seconds()), math.Log(float64(s.P99)/float64(s.Median)) / z99
	}
	m, sd := s.Mean.Seconds(), s.Stddev.Seconds()
	s2 := math.Log1p(sd * sd / (m * m))
	return math.Log(m) - s2/2, math.Sqrt(s2)
}

// gamma returns the shape α and rate β of a gamma with mean m and
// coefficient of variation c. Its mean is α/β and its standard deviation
// √α/β, so c = 1/√α:
//
//	α = 1/c²,   β = α/m.
//
// c < 1 is less variable than an exponential (c = 1), c > 1 more (α < 1, a
// density with a pole at 0).
func (s Spec) gamma() (alpha, beta float64) {
	alpha = 1 / (s.CV * s.CV)
	return alpha, alpha / s.Mean.Seconds()
}

// continuousOf returns the gonum distribution of a parametric kind with src
// as its explicit source (nil when only the closed forms are wanted), or nil
// for the other kinds.
//
// Exponential: rate 1/mean. Uniform: on [min, max]. Weibull:
// F(x) = 1 − exp(−(x/λ)^k) with k = shape and λ = scale, mean λ·Γ(1 + 1/k).
func (s Spec) continuousOf(src Src) continuous {
	switch s.Kind {
	case Exponential:
		return distuv.Exponential{Rate: 1 / s.Mean.Seconds(), Src: src}
	case Uniform:
		return distuv.Uniform{Min: s.Min.Seconds(), Max: s.Max.Seconds(), Src: src}
	case LogNormal:
		mu, sigma := s.lognormal()
		return distuv.LogNormal{Mu: mu, Sigma: sigma, Src: src}
	case Gamma:
		alpha, beta := s.gamma()
		return distuv.Gamma{Alpha: alpha, Beta: beta, Src: src}
	case Weibull:
		return distuv.Weibull{K: s.Shape, Lambda: s.Scale.Seconds(), Src: src}
	}
	return nil
}
