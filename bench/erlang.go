package bench

// ErlangCWait is the mean time in queue W_q of an M/M/c queue with arrival
// rate λ, service rate μ per server and c servers, in the units of 1/λ:
//
//	a = λ/μ, ρ = a/c < 1,
//	C(c, a) = [aᶜ/c! · 1/(1−ρ)] / [Σ_{k<c} aᵏ/k! + aᶜ/c! · 1/(1−ρ)],
//	W_q = C(c, a) / (cμ − λ).
//
// C is computed from Erlang B by its stable recursion
// B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), and C = B / (1 − ρ(1 − B)),
// which never forms aᶜ or c! (both overflow for c ≳ 170).
func ErlangCWait(lambda, mu float64, c int) float64 {
	a := lambda / mu
	rho := a / float64(c)
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	erlangC := b / (1 - rho*(1-b))
	return erlangC / (float64(c)*mu - lambda)
}
