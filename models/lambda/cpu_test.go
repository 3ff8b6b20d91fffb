package lambda

import (
	"math"
	"testing"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// HandlerFactor is t(m, a)/t_ref = (1 − c) + c · s(m_ref, a_ref)/s(m, a),
// s(m, a) = min(m/1769, threads) · k(a), in closed form.
func TestHandlerFactor(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want float64
	}{
		// Measured where it runs: exactly 1, whatever the rest says.
		{"as measured", Config{MemoryMB: 512, DurationMemoryMB: 512, CPUShare: new(0.5)}, 1},
		// An unset reference is the function's own memory and arch.
		{"unset reference", Config{MemoryMB: 512}, 1},
		// CPU-bound below one vCPU: time ∝ 1/memory.
		{"CPU-bound, 4× memory", Config{MemoryMB: 1024, DurationMemoryMB: 256}, 0.25},
		// Past 1,769 MB a single thread gets one vCPU, no more.
		{"CPU-bound, past the knee", Config{MemoryMB: 4096, DurationMemoryMB: 1769}, 1},
		// From 884 MB to 3,008 MB: the CPU grows 1769/884-fold, not 3008/884.
		{"CPU-bound, across the knee", Config{MemoryMB: 3008, DurationMemoryMB: 884}, 884.0 / 1769},
		// Two threads: two vCPUs at 3,538 MB.
		{"two threads", Config{MemoryMB: 3538, DurationMemoryMB: 1769, CPUThreads: 2}, 0.5},
		// I/O-bound: memory changes nothing.
		{"I/O-bound", Config{MemoryMB: 128, DurationMemoryMB: 1024, CPUShare: new(0.0)}, 1},
		// Mixed: 30% waiting plus 70% at an eighth of the CPU.
		{"mixed, less memory", Config{MemoryMB: 128, DurationMemoryMB: 1024, CPUShare: new(0.7)}, 0.3 + 0.7*8},
		// arm64 runs the CPU part arm64_speed times as fast, and back.
		{"to arm64", Config{MemoryMB: 1024, Arch: ARM64, DurationArch: RefOf(X86_64), ARM64Speed: 1.25}, 0.8},
		{"from arm64", Config{MemoryMB: 1024, Arch: X86_64, DurationArch: RefOf(ARM64), ARM64Speed: 1.25}, 1.25},
		// arm64_speed applies to the CPU part only.
		{"arm64, half CPU", Config{MemoryMB: 1024, Arch: ARM64, DurationArch: RefOf(X86_64), ARM64Speed: 1.25, CPUShare: new(0.5)}, 0.5 + 0.5*0.8},
	} {
		if got := tc.cfg.HandlerFactor(); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: factor %.15g, want %.15g", tc.name, got, tc.want)
		}
	}
}

// Defaults takes the handler times as measured at the function's own memory
// and architecture, and the keys' documented defaults.
func TestDefaultsMeasuredAt(t *testing.T) {
	c := Config{Name: "f", MemoryMB: 2048, Arch: ARM64, Duration: dist.Spec{Kind: dist.Fixed, Value: sim.Millisecond}}
	c.Defaults()
	if c.DurationMemoryMB != 2048 || c.DurationArch.Of(X86_64) != ARM64 || *c.CPUShare != 1 || c.CPUThreads != 1 || c.ARM64Speed != 1 {
		t.Errorf("%+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	if f := c.HandlerFactor(); f != 1 {
		t.Errorf("factor %v, want 1", f)
	}
	// A stated reference survives Defaults.
	d := Config{Name: "f", MemoryMB: 2048, DurationMemoryMB: 512, DurationArch: RefOf(X86_64), Duration: c.Duration}
	d.Defaults()
	if d.DurationMemoryMB != 512 || d.DurationArch.Of(ARM64) != X86_64 {
		t.Errorf("%+v", d)
	}
}

// ArchRef names architectures like Arch; its zero value is unset, which a
// file cannot write.
func TestArchRef(t *testing.T) {
	var a ArchRef
	if a.String() != "" || a.Of(ARM64) != ARM64 || a.Set("") || a.Set("sparc") {
		t.Errorf("unset: %q", a)
	}
	if !a.Set("arm64") || a.String() != "arm64" || a.Of(X86_64) != ARM64 || a != RefOf(ARM64) {
		t.Errorf("arm64: %q", a)
	}
}

// A scaled sampler draws the very random numbers of the unscaled one: each
// draw is k times the unscaled draw from the same stream (common random
// numbers across memory sizes).
func TestHandlerSamplerCRN(t *testing.T) {
	spec := dist.Spec{Kind: dist.LogNormal, Median: 80 * sim.Millisecond, P99: 400 * sim.Millisecond}
	streams := sim.NewStreams(1, 0)
	plain := handlerSampler(spec, streams.Source("d"), 1)
	half := handlerSampler(spec, streams.Source("d"), 0.5)
	for range 1000 {
		a, b := plain.Sample(), half.Sample()
		if d := b - sim.FromSeconds(a.Seconds()*0.5); d != 0 {
			t.Fatalf("draw %v scaled to %v, want half", a, b)
		}
	}
}
