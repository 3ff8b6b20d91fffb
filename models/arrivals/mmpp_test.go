package arrivals

import (
	"math"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// quietBusy spends 5 minutes at 50/s, then 30 seconds at 2,000/s, on average.
func quietBusy() Spec {
	return Spec{Process: MMPP, States: []State{{Rate: 50, MeanDwell: 5 * minute}, {Rate: 2000, MeanDwell: 30 * sec}}}
}

// The long-run rate is the dwell-weighted mean of the states' rates. MMPP
// counts are correlated over a few dwell cycles (5.5 minutes here), so the
// tolerance comes from the run itself: the counts of 40 batches of 2 hours
// (about 22 cycles each) are nearly independent, and their mean has the
// standard error s/√40.
func TestMMPPLongRunRate(t *testing.T) {
	s := quietBusy()
	const batches = 40
	batch := 2 * sim.Hour
	p := s.New(rng(5))
	counts := make([]float64, batches)
	for at := p.Next(); at < batches*batch; at = p.Next() {
		counts[at/batch]++
	}
	m, v := meanVar(counts)
	se := math.Sqrt(v / batches)
	if want := s.MeanRate() * batch.Seconds(); math.Abs(m-want) > 5*se {
		t.Errorf("mean batch count %.0f, want %.0f ± %.0f", m, want, 5*se)
	}
	// The modulation over-disperses the counts well beyond Poisson's
	// variance (= mean); a process stuck in one state would not.
	if v < 2*m {
		t.Errorf("batch variance %.0f is not above the Poisson variance %.0f", v, m)
	}
}

// The process is stationary from t = 0: over independent replications, the
// count in the first 10 seconds averages MeanRate·10 (starting in state 0
// every time would give about 500, not 2,273). Replications are independent,
// so the standard error is the replicates' s/√n.
func TestMMPPStartsStationary(t *testing.T) {
	s := quietBusy()
	const reps = 1000
	counts := make([]float64, reps)
	for i := range counts {
		p := s.New(rng(uint64(1000 + i)))
		for at := p.Next(); at < 10*sec; at = p.Next() {
			counts[i]++
		}
	}
	m, v := meanVar(counts)
	se := math.Sqrt(v / reps)
	if want := s.ExpectedCount(0, 10*sec); math.Abs(m-want) > 5*se {
		t.Errorf("mean count in the first 10s %.1f, want %.1f ± %.1f", m, want, 5*se)
	}
}

// With one state an MMPP is a Poisson process: the dwell changes nothing.
func TestMMPPOneState(t *testing.T) {
	s := Spec{Process: MMPP, States: []State{{Rate: 100, MeanDwell: sec}}}
	ts := until(t, s.New(rng(9)), sim.Hour)
	if want, got := 100*3600.0, float64(len(ts)); math.Abs(got-want) > 5*math.Sqrt(want) {
		t.Errorf("%v arrivals in an hour, want %v", got, want)
	}
}
