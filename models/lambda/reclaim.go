package lambda

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// reclaimQueue holds a function's idle on-demand environments ordered by
// reclaim deadline (an indexed binary min-heap: each env knows its slot, so
// an environment taken for a request leaves the queue in O(log n)).
//
// Scheduling one calendar event per idle period instead would leave a stale
// event behind every reuse: at 1,000 requests/s with a 6-minute keep-alive
// that is ~360,000 dead events weighing on every calendar operation. With
// this queue the calendar holds one wake-up per function (plus a few stale
// ones when the earliest deadline moves earlier).
//
// Most idle periods end long before any keep-alive could: a busy function
// reuses its most recently freed environment within milliseconds. So an
// environment joins the heap, and draws its keep-alive, only once it has
// been idle for floor, the least keep-alive the distribution can draw
// (issue 12: a draw, a heap push and a removal per request were 13% of a
// run). The idle list is ordered by the time each environment went idle,
// newest first, so the environments not yet in the heap are those newer
// than frontier, and frontier, the oldest of them, is the next to join:
// every environment older than it (towards the list's tail) is in the heap
// already. An environment's deadline is at least floor after it went idle,
// so it is in the heap by then. An environment whose max_lifetime ends
// sooner than floor joins at once, with that deadline.
//
// The keep-alive of an idle period is drawn from the same distribution,
// independently of everything else, as when it was drawn at its start; only
// which period gets which draw of the stream changed.
type reclaimQueue struct {
	heap      []int32   // env indices
	alarm     sim.Alarm // the wake-up for the earliest deadline or joining
	keepAlive dist.Sampler
	floor     sim.Time // 0: every environment joins the heap when it goes idle
	frontier  int32    // the oldest idle environment not known to be in the heap, or -1
}

// newReclaimQueue returns an empty queue for keep-alives ka drawn by s.
func newReclaimQueue(ka dist.Spec, s dist.Sampler) reclaimQueue {
	return reclaimQueue{keepAlive: s, floor: keepAliveFloor(ka), frontier: -1}
}

// keepAliveFloor is a lower bound of the keep-alives ka draws: its
// 0-quantile, less a microsecond for the rounding of a draw in seconds to
// nanoseconds; 0 where there is none (a sum, or a lower bound of 0).
func keepAliveFloor(ka dist.Spec) sim.Time {
	lo, ok := ka.Quantile(0)
	if !ok || lo <= sim.Microsecond {
		return 0
	}
	return lo - sim.Microsecond
}

// idle enters environment i, just pushed to the front of the idle list at
// now. It reports whether next may have come earlier, so that the alarm
// may need setting earlier (Function.wake): otherwise the alarm set for
// next before is still set at or before it, since nothing else brings
// next forward (leave and join only put it off, and the alarm's event
// sets it again). At a steady rate most environments go idle behind one
// that is already the frontier, and the wake-up is left alone (issue 12).
func (q *reclaimQueue) idle(envs []env, i int32, now sim.Time) bool {
	e := &envs[i]
	e.idleAt = now
	pushed := false
	switch {
	case q.floor == 0:
		e.reclaimAt = min(now+q.keepAlive.Sample(), e.expireAt)
		q.push(envs, i)
		return true
	case e.expireAt < now+q.floor:
		// Any keep-alive would outlast its life.
		e.reclaimAt = e.expireAt
		q.push(envs, i)
		pushed = true
	}
	if q.frontier < 0 {
		q.frontier = i
		return true
	}
	return pushed
}

// leave is called before environment i leaves the idle list.
func (q *reclaimQueue) leave(envs []env, i int32) {
	if q.frontier == i {
		q.frontier = envs[i].prev // the next newer one, or -1
	}
	if envs[i].hpos >= 0 {
		q.remove(envs, i)
	}
}

// join moves into the heap the environments idle for floor by now.
func (q *reclaimQueue) join(envs []env, now sim.Time) {
	for q.frontier >= 0 {
		e := &envs[q.frontier]
		if e.hpos < 0 {
			if e.idleAt+q.floor > now {
				return
			}
			e.reclaimAt = min(e.idleAt+q.keepAlive.Sample(), e.expireAt)
			q.push(envs, q.frontier)
		}
		q.frontier = e.prev
	}
}

// next is when the queue needs waking: its earliest deadline, or the time
// its frontier joins the heap if sooner; sim.Forever for never.
func (q *reclaimQueue) next(envs []env) sim.Time {
	t := sim.Forever
	if len(q.heap) > 0 {
		t = envs[q.heap[0]].reclaimAt
	}
	if q.frontier >= 0 {
		t = min(t, envs[q.frontier].idleAt+q.floor)
	}
	return t
}

func (q *reclaimQueue) less(envs []env, i, j int) bool {
	return envs[q.heap[i]].reclaimAt < envs[q.heap[j]].reclaimAt
}

func (q *reclaimQueue) swap(envs []env, i, j int) {
	q.heap[i], q.heap[j] = q.heap[j], q.heap[i]
	envs[q.heap[i]].hpos = int32(i)
	envs[q.heap[j]].hpos = int32(j)
}

func (q *reclaimQueue) push(envs []env, e int32) {
	q.heap = append(q.heap, e)
	envs[e].hpos = int32(len(q.heap) - 1)
	q.up(envs, len(q.heap)-1)
}

// remove takes environment e out of the queue.
func (q *reclaimQueue) remove(envs []env, e int32) {
	i := int(envs[e].hpos)
	last := len(q.heap) - 1
	if i != last {
		q.swap(envs, i, last)
	}
	q.heap = q.heap[:last]
	envs[e].hpos = -1
	if i < last {
		q.down(envs, i)
		q.up(envs, i)
	}
}

// min is the environment with the earliest deadline, or -1.
func (q *reclaimQueue) min() int32 {
	if len(q.heap) == 0 {
		return -1
	}
	return q.heap[0]
}

func (q *reclaimQueue) up(envs []env, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(envs, i, p) {
			return
		}
		q.swap(envs, i, p)
		i = p
	}
}

func (q *reclaimQueue) down(envs []env, i int) {
	n := len(q.heap)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if r := c + 1; r < n && q.less(envs, r, c) {
			c = r
		}
		if !q.less(envs, c, i) {
			return
		}
		q.swap(envs, i, c)
		i = c
	}
}
