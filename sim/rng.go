package sim

import (
	"hash/fnv"
	"math/rand/v2"
)

// Streams derives independent random streams from one seed. Each component
// asks for its stream by a stable name ("workload/checkout/arrivals"), so
// adding or removing a component never changes the draws of the others, and
// two scenarios that share component names share random numbers (common
// random numbers for compare).
type Streams struct {
	seed uint64
	rep  uint64
}

// NewStreams returns the streams of replication rep of a run with seed.
func NewStreams(seed, rep uint64) Streams { return Streams{seed: seed, rep: rep} }

// Seed is the run's seed.
func (s Streams) Seed() uint64 { return s.seed }

// Stream returns a new PCG generator for the named component. The PCG state is
// (splitmix(seed ^ h), splitmix(rep ^ h')) with h, h' two FNV-1a hashes of
// the name, so distinct names give unrelated streams.
func (s Streams) Stream(name string) *rand.Rand { return rand.New(s.Source(name)) }

// Source is Stream's PCG itself, the same numbers without the *rand.Rand
// around it: the Src to give a gonum distribution, which wraps its Src in a
// rand.Rand of its own on every draw, so that each draw goes through one
// interface instead of two (issue 12).
func (s Streams) Source(name string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(name))
	a := h.Sum64()
	h.Write([]byte{0xff})
	b := h.Sum64()
	return rand.NewPCG(splitmix(s.seed^a), splitmix(s.rep^splitmix(b)))
}

// splitmix is SplitMix64's finalizer: a bijective 64-bit mixer.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
