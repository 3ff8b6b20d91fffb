package calibrate

import (
	"math"
	"slices"
)

// Fit is a distribution fitted to positive samples (milliseconds): a
// lognormal by maximum likelihood,
//
//	μ̂ = (1/n) Σ ln xᵢ,  σ̂² = (1/n) Σ (ln xᵢ − μ̂)²,
//
// judged by the Kolmogorov–Smirnov statistic D = sup |Fₙ(x) − F(x)| against
// its 5% critical value 1.358/√n. When D passes it, the scenario gets the
// lognormal (as its median e^μ̂ and 99th percentile e^(μ̂ + 2.326σ̂));
// otherwise the samples themselves (empirical, at most 1,000 quantiles).
type Fit struct {
	N           int
	Mu, Sigma   float64 // of ln x
	D           float64 // Kolmogorov–Smirnov statistic of the lognormal
	Critical    float64 // its 5% critical value
	Lognormal   bool    // D ≤ Critical: the lognormal is used
	Quantiles   []float64
	Median, P99 float64 // of the fitted lognormal, ms
}

// z99 is the standard normal's 99th percentile.
const z99 = 2.3263478740408408

// fitLognormal fits xs (all > 0; at least 2).
func fitLognormal(xs []float64) Fit {
	n := float64(len(xs))
	var mu float64
	for _, x := range xs {
		mu += math.Log(x)
	}
	mu /= n
	var ss float64
	for _, x := range xs {
		d := math.Log(x) - mu
		ss += d * d
	}
	sigma := math.Sqrt(ss / n)
	f := Fit{N: len(xs), Mu: mu, Sigma: sigma, Median: math.Exp(mu), P99: math.Exp(mu + z99*sigma)}
	sorted := slices.Sorted(slices.Values(xs))
	cdf := func(x float64) float64 {
		if sigma == 0 {
			if x >= math.Exp(mu) {
				return 1
			}
			return 0
		}
		return 0.5 * math.Erfc(-(math.Log(x)-mu)/(sigma*math.Sqrt2))
	}
	for i, x := range sorted {
		F := cdf(x)
		f.D = max(f.D, math.Abs(float64(i+1)/n-F), math.Abs(F-float64(i)/n))
	}
	f.Critical = 1.358 / math.Sqrt(n)
	f.Lognormal = f.D <= f.Critical && sigma > 0
	f.Quantiles = quantiles(sorted, 1000)
	return f
}

// quantiles is at most k values of sorted, evenly spaced in rank: all of
// them when there are no more than k.
func quantiles(sorted []float64, k int) []float64 {
	if len(sorted) <= k {
		return slices.Clone(sorted)
	}
	out := make([]float64, k)
	for i := range out {
		out[i] = sorted[int((float64(i)+0.5)/float64(k)*float64(len(sorted)))]
	}
	return out
}
