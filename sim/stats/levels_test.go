package stats

import (
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// BenchmarkLevelsInvocation moves seven levels as a function's invocation
// does: idle −1 with concurrency and busy +1, then the reverse.
func BenchmarkLevelsInvocation(b *testing.B) {
	bk := NewBuckets(0, 10*sim.Second, 360)
	l := NewLevels(7, 0, sim.Hour, bk, true)
	now := sim.Time(0)
	for b.Loop() {
		now += 300 * sim.Microsecond
		l.Add3(now, 0, 1, 1, 1, 2, -1)
		now += 300 * sim.Microsecond
		l.Add3(now, 0, -1, 1, -1, 2, 1)
		if now > sim.Hour-sim.Second {
			now = 0
			l = NewLevels(7, 0, sim.Hour, bk, true)
		}
	}
}
