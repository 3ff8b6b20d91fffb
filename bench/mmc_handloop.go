package bench

// loopEvent is the hand loop's calendar entry, ordered by (t, seq) like
// sim's, so both runs see simultaneous events in the same order.
type loopEvent struct {
	t    int64
	seq  uint64
	kind int32
}

// loopHeap is a minimal binary min-heap of loopEvent values.
type loopHeap struct {
	h   []loopEvent
	seq uint64
}

func (q *loopHeap) push(t int64, kind int32) {
	q.seq++
	ev := loopEvent{t, q.seq, kind}
	q.h = append(q.h, ev)
	h := q.h
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].t < ev.t || (h[p].t == ev.t && h[p].seq < ev.seq) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = ev
}

func (q *loopHeap) pop() loopEvent {
	h := q.h
	top := h[0]
	n := len(h) - 1
	ev := h[n]
	h = h[:n]
	q.h = h
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && (h[r].t < h[c].t || (h[r].t == h[c].t && h[r].seq < h[c].seq)) {
			c = r
		}
		if ev.t < h[c].t || (ev.t == h[c].t && ev.seq < h[c].seq) {
			break
		}
		h[i] = h[c]
		i = c
	}
	if n > 0 {
		h[i] = ev
	}
	return top
}

// RunMMcHandLoop simulates the queue with its own calendar and no
// interfaces: the yardstick for the engine's overhead. It draws the same
// numbers in the same order as RunMMcSim.
func RunMMcHandLoop(p MMcParams) MMcResult {
	rng := mmcRNG(p)
	waits := newMMcWaits(p)
	var q mmcFIFO
	cal := loopHeap{h: make([]loopEvent, 0, 1024)}
	cal.push(expDraw(rng, p.Lambda), mmcArrival)
	var events uint64
	arrivals, busy := 0, 0
	for len(cal.h) > 0 {
		ev := cal.pop()
		events++
		now := ev.t
		if ev.kind == mmcArrival {
			arrivals++
			if arrivals < p.Customers {
				cal.push(now+expDraw(rng, p.Lambda), mmcArrival)
			}
			if busy < p.C {
				busy++
				waits.record(0)
				cal.push(now+expDraw(rng, p.Mu), mmcDeparture)
			} else {
				q.push(now)
			}
			continue
		}
		if q.size > 0 {
			waits.record(now - q.pop())
			cal.push(now+expDraw(rng, p.Mu), mmcDeparture)
		} else {
			busy--
		}
	}
	return waits.result(events)
}
