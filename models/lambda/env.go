package lambda

import "github.com/stampede-sim/stampede/sim"

type envState uint8

const (
	envDead   envState = iota
	envInit            // initializing for a request (a cold start)
	envBusy            // running a handler
	envIdle            // warm, waiting for a request
	envReinit          // a provisioned environment re-initializing after a reset
)

// env is one execution environment. Environments live in a slice and are
// recycled through a free list, so a run allocates only while its peak
// number of environments grows.
type env struct {
	state       envState
	provisioned bool
	responded   bool    // the caller already had its answer (gateway timeout)
	gen         sim.Gen // next on activation and death: events of an earlier invocation are stale
	prev, next  int32   // idle list links (-1: none)
	hpos        int32   // slot in the reclaim queue (-1: not queued)
	reclaimAt   sim.Time
	idleAt      sim.Time // when it last went idle (on-demand; reclaim.go)
	// expireAt ends the environment's life (max_lifetime after its init
	// began): an idle environment is reclaimed then, a busy one when its
	// invocation ends; a provisioned one re-initializes instead.
	expireAt sim.Time

	// The invocation in progress.
	req     int32
	caller  Caller
	status  Status
	failure uint8 // with DownstreamFailed: the downstream's reason
	cold    bool
	start   sim.Time // activation
	// unbilled is the cold start's platform overhead: part of the
	// activation, not of the billed duration.
	unbilled sim.Time
	end      sim.Time // handler end

	// With downstream calls: the phase, the handler's own compute time
	// (it follows the calls) and when the function timeout strikes.
	phase     phase
	batch     int32 // the SQS batch's size, or 0
	compute   sim.Time
	timeoutAt sim.Time
}

type phase uint8

const (
	phaseNone       phase = iota
	phaseDownstream       // waiting on downstream calls
	phaseCompute          // the handler's own time, end scheduled
)

// idleList is an intrusive doubly linked list of idle environments; the head
// is the most recently freed.
type idleList struct {
	head, tail int32
	n          int
}

func newIdleList() idleList { return idleList{head: -1, tail: -1} }

func (l *idleList) pushFront(envs []env, i int32) {
	e := &envs[i]
	e.prev, e.next = -1, l.head
	if l.head >= 0 {
		envs[l.head].prev = i
	} else {
		l.tail = i
	}
	l.head = i
	l.n++
}

func (l *idleList) remove(envs []env, i int32) {
	e := &envs[i]
	if e.prev >= 0 {
		envs[e.prev].next = e.next
	} else {
		l.head = e.next
	}
	if e.next >= 0 {
		envs[e.next].prev = e.prev
	} else {
		l.tail = e.prev
	}
	e.prev, e.next = -1, -1
	l.n--
}

// popFront removes and returns the most recently freed environment, or -1.
func (l *idleList) popFront(envs []env) int32 {
	i := l.head
	if i >= 0 {
		l.remove(envs, i)
	}
	return i
}
