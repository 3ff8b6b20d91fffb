package sim

import "testing"

type ptrHandler struct{ n int }

func (*ptrHandler) Handle(*Sim, Event) {}

type valHandler struct{ n int }

func (valHandler) Handle(*Sim, Event) {}

type otherHandler struct{ ptrHandler }

func (*otherHandler) Handle(*Sim, Event) {}

// same never takes two different handlers for one (what prefetch relies
// on: a run of announcements goes to one handler), and takes a handler
// for itself; two boxes of one value may go either way (a split run).
func TestSame(t *testing.T) {
	p, q := &ptrHandler{1}, &ptrHandler{1}
	o := &otherHandler{}
	n := 1
	v := Handler(valHandler{n})
	for _, tc := range []struct {
		name string
		a, b Handler
		want int // 1: same, 0: not, -1: either
	}{
		{"one pointer", p, p, 1},
		{"two pointers, equal values", p, q, 0},
		// o's first field is a ptrHandler at o's own address: one
		// pointer, two types.
		{"one address, two types", o, &o.ptrHandler, 0},
		{"one box of a value", v, v, 1},
		{"two boxes of one value", valHandler{n}, valHandler{n}, -1},
		{"two values", valHandler{1}, valHandler{2}, 0},
		{"nil and nil", nil, nil, 1},
		{"nil and a handler", nil, p, 0},
	} {
		got := same(tc.a, tc.b)
		if got && tc.a != tc.b {
			t.Errorf("%s: same, but not ==", tc.name)
		}
		if tc.want >= 0 && got != (tc.want == 1) {
			t.Errorf("%s: same = %v, want %v", tc.name, got, tc.want == 1)
		}
	}
}
