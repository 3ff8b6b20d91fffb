package models

import (
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// The published steady-state case of SimFaaS (Mahmoudi & Khazaei, "SimFaaS: A
// Performance Simulator for Serverless Computing Platforms", CLOSER 2021):
// λ = 0.9/s, warm service exponential with mean 1.991 s, a cold request's
// service mean 2.244 s, idle expiry 600 s; over 10⁶ s SimFaaS reports a
// cold-start probability of about 0.00135 and about 7.66 instances on
// average. Our cold request is init + handler, so init is exponential with
// mean 2.244 − 1.991 = 0.253 s.
func TestSimFaaSSteadyState(t *testing.T) {
	if testing.Short() {
		t.Skip("10⁶ simulated seconds × 4 replications")
	}
	const reps = 4
	fn := testFunction("f", expo(1991*sim.Millisecond))
	fn.ColdStart = expo(253 * sim.Millisecond)
	fn.KeepAlive = fixed(600 * sim.Second)
	sc := testScenario(1_000_000*sim.Second, []Function{fn},
		[]Workload{testWorkload("w", "f", poisson(0.9))})
	sc.Replications = reps
	res := mustRunReps(t, sc)
	cold, inst := est(t, res, "functions.f.cold_start_fraction"), est(t, res, "functions.f.mean_instances")
	// SimFaaS's figures are themselves estimates, published to 3 significant
	// digits: allow their rounding on top of our own standard error.
	within(t, "cold_start_fraction", cold.Mean, 0.00135, seFromCI(cold.CI95, reps)+0.000005/4, 4)
	within(t, "mean_instances", inst.Mean, 7.66, seFromCI(inst.CI95, reps)+0.005/4, 4)
	t.Logf("P(cold) = %.5f ± %.5f, mean instances = %.3f ± %.3f, mean concurrency %.3f",
		cold.Mean, cold.CI95, inst.Mean, inst.CI95, est(t, res, "functions.f.mean_concurrency").Mean)
}
