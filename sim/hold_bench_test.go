package sim_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// holder reschedules each event it is delivered an exponential delay
// later: the classic hold model of calendar benchmarks.
type holder struct {
	r    *rand.Rand
	mean float64
}

func (h *holder) Handle(s *sim.Sim, ev sim.Event) {
	s.After(sim.Time(h.r.ExpFloat64()*h.mean), h, 0, ev.Ref)
}

// BenchmarkHold is ns per delivered and rescheduled event with a constant
// number pending. Past 4,096 the calendar becomes a calendar queue
// (ladder); the -heap cases keep it a heap, for comparison.
func BenchmarkHold(b *testing.B) {
	for _, tc := range []struct {
		pending int
		heap    bool
	}{{10, false}, {100, false}, {1000, false}, {10000, false}, {10000, true}, {100000, false}, {100000, true}} {
		name := fmt.Sprint(tc.pending)
		if tc.heap {
			name += "-heap"
		}
		b.Run(name, func(b *testing.B) {
			s := sim.New()
			if tc.heap {
				s.SetCalendarQueueAt(math.MaxInt)
			}
			h := &holder{r: rand.New(rand.NewPCG(1, 2)), mean: float64(tc.pending) * float64(sim.Millisecond)}
			for i := range tc.pending {
				s.After(sim.Time(h.r.ExpFloat64()*h.mean), h, 0, sim.Ref{Index: int32(i)})
			}
			for b.Loop() {
				s.Step()
			}
		})
	}
}
