package bench

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
)

// Event kinds of mmcSimModel.
const (
	mmcArrival int32 = iota
	mmcDeparture
)

// mmcSimModel is the M/M/c queue as a sim.Handler, written the way stampede's
// models are: one long-lived object, event kinds, relative scheduling.
type mmcSimModel struct {
	p        MMcParams
	rng      *rand.Rand
	arrivals int
	busy     int
	queue    mmcFIFO
	waits    mmcWaits
}

// RunMMcSim simulates the queue on the sim engine.
func RunMMcSim(p MMcParams) MMcResult {
	s := sim.New()
	m := &mmcSimModel{p: p, rng: mmcRNG(p), waits: newMMcWaits(p)}
	s.After(sim.Time(expDraw(m.rng, p.Lambda)), m, mmcArrival, sim.Ref{})
	s.RunUntil(sim.Forever)
	return m.waits.result(s.Processed())
}

func (m *mmcSimModel) Handle(s *sim.Sim, ev sim.Event) {
	switch ev.Kind {
	case mmcArrival:
		m.arrivals++
		if m.arrivals < m.p.Customers {
			s.After(sim.Time(expDraw(m.rng, m.p.Lambda)), m, mmcArrival, sim.Ref{})
		}
		if m.busy < m.p.C {
			m.busy++
			m.waits.record(0)
			s.After(sim.Time(expDraw(m.rng, m.p.Mu)), m, mmcDeparture, sim.Ref{})
		} else {
			m.queue.push(int64(s.Now()))
		}
	case mmcDeparture:
		if m.queue.size > 0 {
			m.waits.record(int64(s.Now()) - m.queue.pop())
			s.After(sim.Time(expDraw(m.rng, m.p.Mu)), m, mmcDeparture, sim.Ref{})
		} else {
			m.busy--
		}
	}
}
