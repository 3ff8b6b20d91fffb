package models

import (
	"fmt"
	"math"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// erlangB is the blocking probability of an M/M/c/c loss system with offered
// load a = λ/μ, by the stable recursion B(0) = 1, B(k) = a·B(k−1)/(k + a·B(k−1)).
func erlangB(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

func TestErlangBRecursion(t *testing.T) {
	// Textbook values: B(1, 1) = 1/2; B(2, 1) = 1/5; B(10, 5) ≈ 0.018385.
	for _, c := range []struct {
		c    int
		a    float64
		want float64
	}{{1, 1, 0.5}, {2, 1, 0.2}, {10, 5, 0.0183845}} {
		if got := erlangB(c.c, c.a); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("B(%d, %g) = %g, want %g", c.c, c.a, got, c.want)
		}
	}
}

// A function with reserved concurrency c, no cold-start cost, exponential
// handler time, Poisson arrivals and no retries is an M/M/c/c loss system:
// its throttle rate is Erlang B.
func TestThrottleRateIsErlangB(t *testing.T) {
	const reps = 8
	for _, tc := range []struct {
		c int
		a float64 // offered load in Erlangs (λ with a 1 s mean handler)
	}{
		{5, 3},   // light blocking, small pool
		{20, 18}, // moderate blocking
		{50, 60}, // overload: more offered than capacity
	} {
		t.Run(fmt.Sprintf("c=%d,a=%g", tc.c, tc.a), func(t *testing.T) {
			fn := testFunction("f", expo(sim.Second))
			fn.ReservedConcurrency = new(tc.c)
			// About 300,000 arrivals per replication (a tenth under -short).
			length := sim.FromSeconds(perRep(300000) / tc.a)
			sc := testScenario(length, []Function{fn}, []Workload{testWorkload("w", "f", poisson(tc.a))})
			sc.Seed, sc.Replications = shortSeed(), reps
			res := mustRunReps(t, sc)
			want := erlangB(tc.c, tc.a)
			withinCI(t, "throttle_rate", est(t, res, "requests.throttle_rate"), want, reps, 4)
			// Carried load: mean concurrency = a(1 − B).
			withinCI(t, "mean_concurrency", est(t, res, "functions.f.mean_concurrency"), tc.a*(1-want), reps, 4)
		})
	}
}

// A lone function with fixed keep-alive T, Poisson arrivals at a low rate λ,
// a fixed handler time h and no init cost starts cold exactly when the gap
// since the previous arrival exceeds h + T: P(cold) = e^(−λ(T+h)).
func TestColdStartProbability(t *testing.T) {
	const lambda = 0.05
	for _, T := range []sim.Time{10 * sim.Second, 20 * sim.Second, 60 * sim.Second} {
		t.Run(T.String(), func(t *testing.T) {
			h := sim.Millisecond
			fn := testFunction("f", fixed(h))
			fn.KeepAlive = fixed(T)
			sc := testScenario(400000*sim.Second, []Function{fn}, []Workload{testWorkload("w", "f", poisson(lambda))})
			s := mustRun(t, sc)
			f := s.Functions["f"]
			p := math.Exp(-lambda * (T + h).Seconds())
			// Gaps are independent, so cold starts are Bernoulli trials; the
			// very first invocation is always cold (+1/n).
			n := float64(f.Invocations)
			se := math.Sqrt(p*(1-p)/n) + 1/n
			within(t, "cold_start_fraction", f.ColdStartFraction, p, se, 4)
		})
	}
}

// With an exponential keep-alive of mean T, a lone function starts cold when
// the gap to the next arrival exceeds h + K with K ~ Exp(1/T) independent:
// P(cold) = E[e^(−λ(h+K))] = e^(−λh) / (1 + λT). This exercises random
// deadlines in the reclaim queue.
func TestColdStartProbabilityRandomKeepAlive(t *testing.T) {
	const lambda = 0.05
	for _, T := range []sim.Time{10 * sim.Second, 60 * sim.Second} {
		t.Run(T.String(), func(t *testing.T) {
			h := sim.Millisecond
			fn := testFunction("f", fixed(h))
			fn.KeepAlive = expo(T)
			sc := testScenario(400000*sim.Second, []Function{fn}, []Workload{testWorkload("w", "f", poisson(lambda))})
			f := mustRun(t, sc).Functions["f"]
			p := math.Exp(-lambda*h.Seconds()) / (1 + lambda*T.Seconds())
			n := float64(f.Invocations)
			se := math.Sqrt(p*(1-p)/n) + 1/n
			within(t, "cold_start_fraction", f.ColdStartFraction, p, se, 4)
		})
	}
}
