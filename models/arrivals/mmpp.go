package arrivals

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
)

// mmpp is a Markov-modulated Poisson process whose states are visited
// cyclically, 0 → 1 → … → n−1 → 0, each for an exponential dwell of mean
// MeanDwell_i, with Poisson arrivals at the state's rate meanwhile.
//
// Every state is visited once per cycle, so the long-run share of time in
// state i is π_i = MeanDwell_i / Σ_j MeanDwell_j and the mean rate is
// Σ π_i·Rate_i. The process starts in a state drawn from π with a fresh
// exponential dwell, which is the stationary law of the (state, residual
// dwell) pair because dwells are memoryless: the process is stationary from
// t = 0, so a run has no warm-up bias from the modulation and ExpectedCount
// is the mean rate times the length of any window. A candidate arrival past
// the end of the dwell is dropped and sampling restarts at the switch with
// the next state's rate, which memorylessness also makes exact.
type mmpp struct {
	r      *rand.Rand
	rates  []float64
	dwells []float64 // mean dwells, seconds
	quiet  bool      // every rate is 0: nothing ever arrives
	i      int
	t, end float64 // now and the end of the current dwell, seconds
}

func newMMPP(s Spec, r *rand.Rand) *mmpp {
	m := &mmpp{r: r, rates: make([]float64, len(s.States)), dwells: make([]float64, len(s.States)), quiet: true}
	var total float64
	for i, st := range s.States {
		m.rates[i], m.dwells[i] = st.Rate, st.MeanDwell.Seconds()
		total += m.dwells[i]
		if st.Rate > 0 {
			m.quiet = false
		}
	}
	u := r.Float64() * total
	for m.i < len(m.dwells)-1 && u >= m.dwells[m.i] {
		u -= m.dwells[m.i]
		m.i++
	}
	m.end = m.r.ExpFloat64() * m.dwells[m.i]
	return m
}

func (m *mmpp) Next() sim.Time {
	if m.quiet {
		return sim.Forever
	}
	for {
		if rate := m.rates[m.i]; rate > 0 {
			cand := m.t + m.r.ExpFloat64()/rate
			if cand < m.end {
				m.t = cand
				return at(cand)
			}
		}
		if m.end >= maxSeconds {
			return sim.Forever
		}
		m.t = m.end
		m.i = (m.i + 1) % len(m.rates)
		m.end = m.t + m.r.ExpFloat64()*m.dwells[m.i]
	}
}
