package models

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// The form of the engine's calendars is speed only. A run with about 5,000
// environments busy at once (so about 5,000 pending ends of invocations),
// and one of 200 functions with a workload each (200 pending arrivals),
// give the same summary, byte for byte, whether the calendars stay heaps,
// become calendar queues at the default 4,096 pending events, or at 64,
// with every bucket's events announced to their handlers' Prefetch.
func TestCalendarQueueSameResults(t *testing.T) {
	busy := testScenario(2*sim.Minute, []Function{testFunction("f", expo(5*sim.Second))},
		[]Workload{testWorkload("w", "f", poisson(1000))})
	busy.Account.ConcurrencyLimit = 20000
	many := testScenario(2*sim.Minute, nil, nil)
	for i := range 200 {
		name := fmt.Sprint("f", i)
		many.Functions = append(many.Functions, testFunction(name, expo(50*sim.Millisecond)))
		many.Workloads = append(many.Workloads, testWorkload(fmt.Sprint("w", i), name, poisson(2)))
	}
	for _, sc := range []*Scenario{resolve(t, busy), resolve(t, many)} {
		var want []byte
		for _, tc := range []struct {
			name string
			at   int // SetCalendarQueueAt; 0: the default
		}{
			{"heaps throughout", math.MaxInt},
			{"calendar queues past 4,096", 0},
			{"calendar queues past 64", 64},
		} {
			sys, err := Build(sc, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if tc.at > 0 {
				sys.sim.SetCalendarQueueAt(tc.at)
			}
			got, err := sys.Run(RunOptions{}).SummaryJSON()
			if err != nil {
				t.Fatal(err)
			}
			if want == nil {
				want = got
			} else if !bytes.Equal(got, want) {
				t.Errorf("%d functions, %s: the summary differs from a heap's", len(sc.Functions), tc.name)
			}
		}
	}
}
