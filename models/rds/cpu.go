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
	service sim.Time
}

// cpu is a first-come-first-served queue with c identical servers (the
// vCPUs): a job waits while all c are busy, then runs for its service time.
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
// the next job to start, or -1.
func (q *cpu) finish(i int32) (job, int32) {
	j := q.jobs[i]
	q.jobs[i] = job{}
	q.free = append(q.free, i)
	if q.queue.Len() > 0 {
		return j, q.queue.Pop()
	}
	q.busy--
	return j, -1
}
