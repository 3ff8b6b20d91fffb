package lambda

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// MBPerVCPU is the memory that buys one vCPU: "At 1,769 MB, a function has
// the equivalent of one vCPU (one vCPU-second of credits per second)", and
// CPU is allocated in proportion to memory (sources.md [lambda-memory]). At
// the largest size, 10,240 MB, that is 5.79 vCPUs of credit, under the 6
// vCPUs a function can have (sources.md [graviton2-lambda]), so the core
// count never binds before the credit does.
const MBPerVCPU = 1769

// ArchRef names the architecture a handler time was measured on; the zero
// value is unset: the function's own Arch.
type ArchRef uint8

// String is the architecture's name, or "" when unset.
func (a ArchRef) String() string {
	if a == 0 {
		return ""
	}
	return archNames.Name(uint8(a) - 1)
}

// Set stores the architecture called name ("x86_64", "arm64").
func (a *ArchRef) Set(name string) bool {
	var v uint8
	if !archNames.Set(&v, name) {
		return false
	}
	*a = ArchRef(v + 1)
	return true
}

// Names lists the architectures (not the unset value: a file cannot write it).
func (ArchRef) Names() []string { return archNames }

// Of returns the architecture, or def when unset.
func (a ArchRef) Of(def Arch) Arch {
	if a == 0 {
		return def
	}
	return Arch(a - 1)
}

// RefOf is the ArchRef naming a.
func RefOf(a Arch) ArchRef { return ArchRef(a + 1) }

// cpuSpeed is the CPU the handler's CPU-bound part gets at memory mb on
// architecture a, in x86_64 vCPUs:
//
//	s(m, a) = min(m / 1769, threads) · k(a),   k(x86_64) = 1, k(arm64) = arm64_speed.
//
// Below 1,769 MB the credit binds (a fraction of one vCPU); above it, a
// handler gains only as many vCPUs as it has threads.
func (c *Config) cpuSpeed(mb int, a Arch) float64 {
	threads := float64(max(c.CPUThreads, 1))
	s := min(float64(mb)/MBPerVCPU, threads)
	if a == ARM64 && c.ARM64Speed > 0 {
		s *= c.ARM64Speed
	}
	return s
}

// HandlerFactor is the handler time at MemoryMB on Arch over the handler
// time as stated (measured at DurationMemoryMB on DurationArch):
//
//	t(m, a) / t_ref = (1 − c) + c · s(m_ref, a_ref) / s(m, a)
//
// with c = cpu_share and s the CPU speed (cpuSpeed): the CPU-bound part
// scales inversely with the CPU it gets, the rest (waiting on other
// services) does not. c is complete (Defaults), though an unset reference
// counts as the function's own memory and architecture. The factor is
// exactly 1 when memory and architecture are those of the measurement.
func (c *Config) HandlerFactor() float64 {
	refMB := c.DurationMemoryMB
	if refMB == 0 {
		refMB = c.MemoryMB
	}
	refArch := c.DurationArch.Of(c.Arch)
	if refMB == c.MemoryMB && refArch == c.Arch {
		return 1 // exactly: the stated times are used as drawn
	}
	share := 1.0
	if c.CPUShare != nil {
		share = *c.CPUShare
	}
	return (1 - share) + share*c.cpuSpeed(refMB, refArch)/c.cpuSpeed(c.MemoryMB, c.Arch)
}

// scaled multiplies each draw of a sampler by k. It draws exactly the random
// numbers the sampler would, so runs that differ only in memory or
// architecture keep their common random numbers.
type scaled struct {
	s dist.Sampler
	k float64
}

func (x scaled) Sample() sim.Time { return sim.FromSeconds(x.s.Sample().Seconds() * x.k) }

// peeker is s's read-ahead, through a scaling; nil where it has none.
func peeker(s dist.Sampler) dist.Peeker {
	if x, ok := s.(scaled); ok {
		s = x.s
	}
	p, _ := s.(dist.Peeker)
	return p
}

// handlerSampler is spec's sampler owning src with its draws scaled by k;
// with k = 1, spec's own sampler.
func handlerSampler(spec dist.Spec, src *rand.PCG, k float64) dist.Sampler {
	s := spec.Own(src)
	if k == 1 {
		return s
	}
	return scaled{s, k}
}
