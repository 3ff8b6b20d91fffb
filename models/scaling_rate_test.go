package models

import (
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Both halves of the 2023 scaling rate (docs/model.md "Scaling rate"): a
// step from 0 to 50,000 requests/s, on an account whose concurrency (10,000)
// and requests-per-second limit (100,000) do not bind. Admissions per second
// are arrivals less throttles (no retries), in 1-second buckets.
func TestScalingRateStep(t *testing.T) {
	const demand, secs = 50000, 60
	step := func(t *testing.T, d sim.Time) (*Summary, []float64) {
		fn := testFunction("f", fixed(d))
		sc := testScenario(secs*sim.Second, []Function{fn},
			[]Workload{testWorkload("w", "f", arrivalsEvery(sim.Second/demand))})
		sc.Account.ConcurrencyLimit = 10000
		r := run(t, sc, 0, RunOptions{Buckets: secs})
		checkConservation(t, r.Summary)
		adm := make([]float64, secs)
		for k := range adm {
			adm[k] = r.Series.Arrivals[k] - r.Series.Throttles[k]
		}
		return r.Summary, adm
	}

	// 10 ms: 500 environments serve 50,000/s, well inside the 1,000 at
	// once, so the request rate binds: 10,000/s at once, +1,000/s each
	// second; second k admits the allowance at its end, 10,000 + 1,000·(k+1)
	// (less the token in flight), until it meets the demand at 40 s.
	t.Run("10ms request rate binds", func(t *testing.T) {
		s, adm := step(t, 10*sim.Millisecond)
		f := s.Functions["f"]
		want := 0.0
		for k, got := range adm {
			allowance := float64(10000 + 1000*(k+1))
			w := min(allowance-1, demand)
			want += w
			if got > min(allowance, demand) || got < w-1 {
				t.Errorf("second %d: admitted %v, want %v (allowance %v)", k, got, w, allowance)
			}
		}
		t.Logf("admitted/s: 0 s %v, 10 s %v, 39 s %v, 40 s %v; scaling_rate throttles %d; peak concurrency %v",
			adm[0], adm[10], adm[39], adm[40], f.ThrottleReasons.ScalingRate, f.PeakConcurrency)
		if adm[40] != demand {
			t.Errorf("admitted %v in second 40, want the demand %v", adm[40], demand)
		}
		thr := s.Requests.Total - s.Requests.Succeeded
		if f.ThrottleReasons.ScalingRate != thr || f.Throttles != thr || f.ThrottleReasons.Concurrency+f.ThrottleReasons.RPS != 0 {
			t.Errorf("throttles %v (scaling_rate %v, concurrency %v, rps %v), want all %v scaling_rate",
				f.Throttles, f.ThrottleReasons.ScalingRate, f.ThrottleReasons.Concurrency, f.ThrottleReasons.RPS, thr)
		}
		if d := float64(f.Invocations) - want; d < -secs || d > secs {
			t.Errorf("invocations %v, want %v ± %v", f.Invocations, want, secs)
		}
		if f.PeakConcurrency > 501 || f.ColdStarts > 1000 {
			t.Errorf("peak concurrency %v, cold starts %v: the environment limit should not bind", f.PeakConcurrency, f.ColdStarts)
		}
	})

	// 200 ms: each environment serves 5 requests/s, half the 10 per unit
	// of concurrency the request-rate half is scaled by, so the environment
	// half binds first, as before: 1,000 environments at once, then
	// +100/s, i.e. at most 5·(1,000 + 100·(k+1)) admissions in second k,
	// rising by about 500/s, never near the request-rate allowance.
	t.Run("200ms environments bind", func(t *testing.T) {
		s, adm := step(t, 200*sim.Millisecond)
		f := s.Functions["f"]
		for k, got := range adm {
			envs := float64(1000 + 100*(k+1))
			if got > 5*envs+5 || got < 5*(envs-100)-5 {
				t.Errorf("second %d: admitted %v, want 5 × (%v − [0, 100]) environments", k, got, envs)
			}
			if allowance := float64(10000 + 1000*(k+1)); got > allowance/2 {
				t.Errorf("second %d: admitted %v, near the request-rate allowance %v", k, got, allowance)
			}
		}
		t.Logf("admitted/s: 0 s %v, 10 s %v, 59 s %v; peak concurrency %v, cold starts %v",
			adm[0], adm[10], adm[59], f.PeakConcurrency, f.ColdStarts)
		// The environment bucket alone: 1,000 + 100/s over 60 s, every token used.
		if want := 1000.0 + 100*secs; f.PeakConcurrency < want-1 || f.PeakConcurrency > want+1 || float64(f.ColdStarts) < want-1 {
			t.Errorf("peak concurrency %v, cold starts %v, want %v (the environment bucket)", f.PeakConcurrency, f.ColdStarts, want)
		}
	})
}
