package sim_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
)

// mmc is an M/M/c queue written as a model: Poisson arrivals at lambda per
// second, c servers of exponential service at mu per second each, a FIFO
// waiting room without bound. It follows the conventions of "Writing a
// model" in the package doc.
type mmc struct {
	lambda, mu float64
	horizon    sim.Time   // no arrivals from then on
	arrivals   *rand.Rand // one stream per purpose, named
	service    *rand.Rand
	free       []int32    // idle servers
	waiting    []sim.Time // arrival times of the queued customers, FIFO

	// Accumulated while the run goes; finalized by result.
	served  int      // customers who began service
	waitSum sim.Time // their total time in queue
}

// Event kinds of mmc.
const (
	evArrive int32 = iota // Ref: none
	evDepart              // Ref.Index: the server that finished
)

func newMMc(lambda, mu float64, c int, horizon sim.Time, streams sim.Streams) *mmc {
	m := &mmc{
		lambda: lambda, mu: mu, horizon: horizon,
		arrivals: streams.Stream("mmc/arrivals"),
		service:  streams.Stream("mmc/service"),
	}
	for i := c - 1; i >= 0; i-- {
		m.free = append(m.free, int32(i))
	}
	return m
}

// start schedules the first arrival. Arrivals are a source: one pending at
// a time, each scheduling the next, so they go through ScheduleSource.
func (m *mmc) start(s *sim.Sim) {
	s.ScheduleSource(sim.FromSeconds(m.arrivals.ExpFloat64()/m.lambda), m, evArrive, sim.Ref{})
}

// Handle implements sim.Handler.
func (m *mmc) Handle(s *sim.Sim, ev sim.Event) {
	switch ev.Kind {
	case evArrive:
		if next := s.Now() + sim.FromSeconds(m.arrivals.ExpFloat64()/m.lambda); next < m.horizon {
			s.ScheduleSource(next, m, evArrive, sim.Ref{})
		}
		if n := len(m.free); n > 0 {
			server := m.free[n-1]
			m.free = m.free[:n-1]
			m.serve(s, server, s.Now())
		} else {
			m.waiting = append(m.waiting, s.Now())
		}
	case evDepart:
		if len(m.waiting) > 0 {
			arrived := m.waiting[0]
			m.waiting = m.waiting[1:]
			m.serve(s, ev.Ref.Index, arrived) // the server takes the next customer
		} else {
			m.free = append(m.free, ev.Ref.Index)
		}
	}
}

// serve starts the service, on server, of a customer who arrived then.
func (m *mmc) serve(s *sim.Sim, server int32, arrived sim.Time) {
	m.served++
	m.waitSum += s.Now() - arrived
	s.After(sim.FromSeconds(m.service.ExpFloat64()/m.mu), m, evDepart, sim.Ref{Index: server})
}

// result finalizes what the run accumulated: customers served and their
// mean wait in seconds.
func (m *mmc) result() (served int, meanWait float64) {
	return m.served, m.waitSum.Seconds() / float64(m.served)
}

// erlangCWait is the M/M/c queue's mean wait in queue W_q, from Erlang B's
// recursion: B(k) = a·B(k−1) / (k + a·B(k−1)), C = B / (1 − ρ(1 − B)),
// W_q = C / (cμ − λ).
func erlangCWait(lambda, mu float64, c int) float64 {
	a, b := lambda/mu, 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	rho := a / float64(c)
	return b / (1 - rho*(1-b)) / (float64(c)*mu - lambda)
}

// An M/M/c queue as a model: 10 servers of mean service 1 s, 9 arrivals a
// second (utilization 0.9), for 20,000 simulated seconds (about 180,000
// customers and 360,000 events).
//
// Erlang C gives a mean wait in queue W_q of 0.6687 s. The run's mean,
// 0.6553 s, is 2% below it, which is 0.3 standard errors: at utilization
// 0.9 waits come in long correlated busy spells, and 20 batch means of
// 1,000 s each put this run's standard error at 0.043 s (6.6%); seeds 1 to
// 8 land between −0.8 and +0.5 standard errors. Longer runs close in on
// Erlang C (bench/engine_bench_test.go checks it over 4·10⁶ customers).
func Example() {
	const c = 10
	s := sim.New()
	m := newMMc(9, 1, c, 20_000*sim.Second, sim.NewStreams(1, 0))
	m.start(s)
	s.RunUntil(sim.Forever) // arrivals stop at the horizon; the queue drains
	served, wait := m.result()
	fmt.Printf("served %d customers in %d events, mean wait %.4f s (Erlang C %.4f s)\n",
		served, s.Processed(), wait, erlangCWait(9, 1, c))
	// Output:
	// served 180138 customers in 360276 events, mean wait 0.6553 s (Erlang C 0.6687 s)
}
