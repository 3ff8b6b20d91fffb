package arrivals

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
)

// mmpp is a Markov-modulated Poisson process whose states are visited
// cyclically (0 → 1 → … → n−1 → 0), each for an exponential dwell of mean
// MeanDwell, with Poisson arrivals at the state's rate. The long-run share
// of time in state i is MeanDwell_i / Σ MeanDwell, and the process starts in
// a state drawn from that distribution (with a fresh exponential dwell,
// which memorylessness makes exact), so it is stationary from t = 0.
type mmpp struct {
	r      *rand.Rand
	states []State
	i      int
	t, end float64 // now and the end of the current dwell, seconds
}

func newMMPP(s Spec, r *rand.Rand) *mmpp {
	var total float64
	for _, st := range s.States {
		total += st.MeanDwell.Seconds()
	}
	u := r.Float64() * total
	i := 0
	for ; i < len(s.States)-1; i++ {
		u -= s.States[i].MeanDwell.Seconds()
		if u < 0 {
			break
		}
	}
	m := &mmpp{r: r, states: s.States, i: i}
	m.end = m.dwell()
	return m
}

func (m *mmpp) dwell() float64 {
	return m.t + m.r.ExpFloat64()*m.states[m.i].MeanDwell.Seconds()
}

func (m *mmpp) Next() sim.Time {
	for guard := 0; ; guard++ {
		rate := m.states[m.i].Rate
		if rate > 0 {
			cand := m.t + m.r.ExpFloat64()/rate
			if cand < m.end {
				m.t = cand
				return secondsToTime(cand)
			}
		}
		m.t = m.end
		m.i = (m.i + 1) % len(m.states)
		m.end = m.dwell()
		if guard > 1_000_000 && m.t > float64(sim.Forever)/float64(sim.Second) {
			return sim.Forever
		}
	}
}
