// Package bench holds stampede's benchmarks and the reference models they
// run. See README.md for the measured figures.
package bench

import (
	"math"
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
)

// MMcParams describes an M/M/c queue: Poisson arrivals at Lambda per second,
// C servers with exponential service at Mu per second each, a FIFO waiting
// room without bound, and Customers arrivals in all.
type MMcParams struct {
	Lambda, Mu float64
	C          int
	Customers  int
	Seed       uint64
	Batches    int // batches of customers, in arrival order, for batch means
}

// MMcEngineParams is the engine benchmark's queue: 900/s into 100 servers of
// mean service 0.1 s (ρ = 0.9), 10⁶ customers.
var MMcEngineParams = MMcParams{Lambda: 900, Mu: 10, C: 100, Customers: 1_000_000, Seed: 1, Batches: 20}

// MMcResult is what one run of the queue measured.
type MMcResult struct {
	Events     uint64    // arrivals and departures delivered
	WaitSum    int64     // total time in queue, ns
	BatchMeans []float64 // mean wait of each batch of customers, seconds
}

// MeanWait is the mean time in queue in seconds.
func (r MMcResult) MeanWait(customers int) float64 {
	return float64(r.WaitSum) / float64(customers) / float64(sim.Second)
}

// mmcRNG is the one random stream both implementations draw from, in the
// same order: an arrival draws the next inter-arrival time (if any arrivals
// remain) and then, if a server is free, its service time; a departure that
// finds a queue draws the next customer's service time.
func mmcRNG(p MMcParams) *rand.Rand { return rand.New(rand.NewPCG(p.Seed, 0x5eed)) }

// expDraw is an exponential variate of the given rate per second, in ns.
func expDraw(r *rand.Rand, rate float64) int64 {
	return int64(math.Round(r.ExpFloat64() / rate * float64(sim.Second)))
}

// mmcWaits accumulates waits in service-start order, which FIFO makes
// arrival order, so customer k belongs to batch ⌊k·batches/customers⌋.
type mmcWaits struct {
	n, customers int
	sum          int64
	batchSum     []int64
}

func newMMcWaits(p MMcParams) mmcWaits {
	return mmcWaits{customers: p.Customers, batchSum: make([]int64, p.Batches)}
}

func (w *mmcWaits) record(wait int64) {
	w.sum += wait
	w.batchSum[w.n*len(w.batchSum)/w.customers] += wait
	w.n++
}

func (w *mmcWaits) result(events uint64) MMcResult {
	r := MMcResult{Events: events, WaitSum: w.sum, BatchMeans: make([]float64, len(w.batchSum))}
	nb := len(w.batchSum)
	for b, s := range w.batchSum {
		size := (b+1)*w.customers/nb - b*w.customers/nb
		r.BatchMeans[b] = float64(s) / float64(size) / float64(sim.Second)
	}
	return r
}

// mmcFIFO is a ring buffer of arrival times, growing by doubling.
type mmcFIFO struct {
	buf        []int64
	head, size int
}

func (q *mmcFIFO) push(t int64) {
	if q.size == len(q.buf) {
		grown := make([]int64, max(16, 2*len(q.buf)))
		for i := range q.size {
			grown[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = grown, 0
	}
	q.buf[(q.head+q.size)%len(q.buf)] = t
	q.size++
}

func (q *mmcFIFO) pop() int64 {
	t := q.buf[q.head]
	q.head = (q.head + 1) % len(q.buf)
	q.size--
	return t
}
