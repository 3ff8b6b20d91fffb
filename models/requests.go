package models

import "github.com/stampede-sim/stampede/sim"

// request is one client request in flight. Requests live in a slice recycled
// through a free list, so memory follows the peak number in flight, not the
// number of requests.
type request struct {
	first    sim.Time // first arrival
	workload int32
	attempts int32    // invocation attempts so far
	throttle int32    // throttled attempts so far (async backoff)
	cost     int32    // sync: retry-quota tokens the last retry took
	queued   sim.Time // async: when the event went back to Lambda's internal queue
	counted  bool     // arrived inside the statistics window
	handler  sim.Time // a trace's handler time for this request, or 0: drawn
	next     int32    // free-list link
}

type requestPool struct {
	reqs     []request
	free     int32 // head of the free list, -1 when empty
	inFlight int
}

func newRequestPool() requestPool { return requestPool{free: -1} }

func (p *requestPool) get() int32 {
	p.inFlight++
	if i := p.free; i >= 0 {
		p.free = p.reqs[i].next
		p.reqs[i] = request{}
		return i
	}
	p.reqs = append(p.reqs, request{})
	return int32(len(p.reqs) - 1)
}

func (p *requestPool) put(i int32) {
	p.inFlight--
	p.reqs[i].next = p.free
	p.free = i
}
