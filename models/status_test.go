package models_test

import (
	"sync"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/scenarios"
	"github.com/stampede-sim/stampede/sim"
)

// Status reports every step: the fraction done never falls, the clock
// stays within the duration, and the last report has every replication
// finished at the end of its duration.
func TestRunStatus(t *testing.T) {
	sc, err := scenarios.Load("steady-api", []string{"duration=20s", "replications=3"})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []models.Progress
	_, err = models.RunScenario(sc, 2, models.RunOptions{Status: func(p models.Progress) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, p)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3*100 {
		t.Fatalf("%d reports, want 300 (100 steps of each replication)", len(got))
	}
	for i, p := range got {
		if i > 0 && p.Done < got[i-1].Done || p.Clock > p.Duration || p.Replications != 3 || p.Finished > 3 {
			t.Fatalf("report %d: %+v after %+v", i, p, got[max(i-1, 0)])
		}
	}
	if last := got[len(got)-1]; last.Done != 1 || last.Finished != 3 || last.Clock != 20*sim.Second {
		t.Errorf("last report %+v, want all done at 20 s", last)
	}
}
