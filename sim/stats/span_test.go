package stats

import (
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// A span covers its first to its last event; merging spans covers both.
func TestSpan(t *testing.T) {
	var a, b, empty Span
	for _, at := range []sim.Time{5, 7, 9} {
		a.Add(at)
	}
	b.Add(2)
	b.Add(6)
	if a != (Span{First: 5, Last: 9, N: 3}) {
		t.Errorf("span %+v, want 5–9 with 3 events", a)
	}
	a.Merge(empty) // no events: unchanged
	a.Merge(b)
	if a != (Span{First: 2, Last: 9, N: 5}) {
		t.Errorf("merged %+v, want 2–9 with 5 events", a)
	}
	empty.Merge(b) // into an empty span: a copy
	if empty != b {
		t.Errorf("merged into empty %+v, want %+v", empty, b)
	}
}
