package rds

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/ring"
	"github.com/stampede-sim/stampede/sim/slab"
)

// jobOwner is told when its CPU job finishes; ref is what it submitted the
// job with.
type jobOwner interface {
	jobDone(s *sim.Sim, ref sim.Ref)
}

type job struct {
	owner   jobOwner
	ref     sim.Ref
	service sim.Time // CPU time at the speed of one vCPU
	share   float64  // vCPUs its server had when it started (1, or less on Aurora Serverless v2)
}

// cpu is a first-come-first-served queue with c identical servers (the
// vCPUs): a job waits while all c are busy, then runs for its service time.
// Aurora Serverless v2 changes c as its capacity moves (resize): jobs
// already running finish, and a lower c starts no new job until fewer than
// c run.
// For Poisson arrivals and exponential service it is M/M/c, whose waiting
// probability and mean wait are Erlang C:
//
//	P(wait) = C(c, a) = (aᶜ/c!)·c/(c−a) / (Σ_{k<c} aᵏ/k! + (aᶜ/c!)·c/(c−a)),  a = λ/μ
//	E[W]    = C(c, a) / (cμ − λ)
//
// FCFS rather than processor sharing: the two have the same number-in-system
// distribution for exponential work (so the same mean latency), and FCFS
// needs no rescheduling of running jobs when one arrives.
type cpu struct {
	c     int
	busy  int
	queue ring.Ring[int32] // waiting jobs, by slot
	jobs  []job
	free  []int32
}

func (q *cpu) slot(j job) int32 {
	i := slab.Alloc(&q.jobs, &q.free)
	q.jobs[i] = j
	return i
}

// submit queues a job; it returns the slot of a job to start now, or -1.
func (q *cpu) submit(j job) int32 {
	i := q.slot(j)
	if q.busy < q.c {
		q.busy++
		return i
	}
	q.queue.Push(i)
	return -1
}

// finish frees slot i's server; it returns the finished job and the slot of
// the next job to start on it, or -1.
func (q *cpu) finish(i int32) (job, int32) {
	j := q.jobs[i]
	q.jobs[i] = job{}
	q.free = append(q.free, i)
	if q.queue.Len() > 0 && q.busy <= q.c {
		return j, q.queue.Pop()
	}
	q.busy--
	return j, -1
}

// resize sets the number of servers to c; start is then called with each
// waiting job that a new server starts.
func (q *cpu) resize(c int, start func(i int32)) {
	q.c = c
	for q.busy < q.c && q.queue.Len() > 0 {
		q.busy++
		start(q.queue.Pop())
	}
}
