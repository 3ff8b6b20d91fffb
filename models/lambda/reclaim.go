package lambda

import "github.com/stampede-sim/stampede/sim"

// reclaimQueue holds a function's idle on-demand environments ordered by
// reclaim deadline (an indexed binary min-heap: each env knows its slot, so
// an environment taken for a request leaves the queue in O(log n)).
//
// Scheduling one calendar event per idle period instead would leave a stale
// event behind every reuse: at 1,000 requests/s with a 6-minute keep-alive
// that is ~360,000 dead events weighing on every calendar operation. With
// this queue the calendar holds one wake-up per function (plus a few stale
// ones when the earliest deadline moves earlier).
type reclaimQueue struct {
	heap  []int32   // env indices
	alarm sim.Alarm // the wake-up for the earliest deadline
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
