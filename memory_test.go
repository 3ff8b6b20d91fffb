package stampede_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede"
	"github.com/stampede-sim/stampede/models/cost"
)

// memoryScenario states a 100 ms handler measured at 1,024 MB on x86_64,
// with extra function keys. Arrivals are constant, 10/s; the cold start is
// 0, and the 2 s warmup is longer than any handler here, so exactly the
// requests arriving in [2 s − t, 120 s − t) end inside the statistics
// window: (120 − 2) s × 10/s = 1,180 billed invocations, whatever the
// handler time t. Both duration prices are one flat 1e-5 USD per GB-s, so
// the bill is GB-s × 1e-5.
func memoryScenario(extra ...string) []byte {
	return []byte(`name = "memory"
duration = "2m"
warmup = "2s"

[[function]]
name = "f"
memory_mb = 1024
timeout = "30s"
duration = { dist = "fixed", value = "100ms" }
cold_start = { dist = "fixed", value = "0s" }
` + strings.Join(extra, "\n") + `

[[workload]]
name = "w"
function = "f"
arrivals = { process = "constant", rate = 10 }

[pricing]
lambda_duration_x86 = 0.00001
lambda_duration_arm = 0.00001
`)
}

const memoryBilled = 1180 // invocations billed in the window (see memoryScenario)

// handlerMS is the handler time the model should give, written out again
// here: t = t_ref · [(1 − c) + c · s(m_ref, a_ref) / s(m, a)], with
// s(m, a) = min(m/1769, threads) · (arm64_speed on arm64, else 1).
func handlerMS(tRef, c float64, threads, mRef, m int, armRef, arm bool, speed float64) float64 {
	s := func(mb int, onArm bool) float64 {
		v := math.Min(float64(mb)/1769, float64(threads))
		if onArm {
			v *= speed
		}
		return v
	}
	return tRef * ((1 - c) + c*s(mRef, armRef)/s(m, arm))
}

// durationUSD is the duration bill of memoryBilled invocations of t ms at
// mb: each billed to the next millisecond.
func durationUSD(tMS float64, mb int) float64 {
	ns := int64(math.Round(tMS * 1e6))
	billedMS := (ns + 999_999) / 1_000_000
	return float64(memoryBilled*billedMS) / 1000 * float64(mb) / 1024 * 1e-5
}

func relDiff(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }

// --set memory_mb (and arch) moves the handler time and the duration bill
// together, as the formula says: the file's duration stays measured at the
// file's memory and architecture (duration_memory_mb and duration_arch are
// pinned to them), and billing charges the new memory for the new time.
func TestSetMemoryMovesLatencyAndCost(t *testing.T) {
	for _, tc := range []struct {
		name      string
		extra     []string // function keys in the file
		sets      []string // --set, on function f
		c         float64
		threads   int
		mRef, m   int
		arm       bool
		speed     float64
		wantRefMB int // duration_memory_mb after loading
	}{
		// The file as it stands: 100 ms at 1,024 MB.
		{"as stated", nil, nil, 1, 1, 1024, 1024, false, 1, 1024},
		// All CPU: twice the memory is past 1,769 MB, so one vCPU, no more:
		// 100 · 1024/1769 = 57.9 ms, billed 58 ms at 2 GB.
		{"CPU-bound at 2048 MB", nil, []string{"memory_mb=2048"}, 1, 1, 1024, 2048, false, 1, 1024},
		// An eighth of the memory, eight times the time: the same GB-s.
		{"CPU-bound at 128 MB", nil, []string{"memory_mb=128"}, 1, 1, 1024, 128, false, 1, 1024},
		// All waiting: the time stays, the bill doubles.
		{"I/O-bound at 2048 MB", []string{"cpu_share = 0"}, []string{"memory_mb=2048"}, 0, 1, 1024, 2048, false, 1, 1024},
		// Half CPU at a quarter of the memory: 50 ms + 4 × 50 ms.
		{"half CPU at 256 MB", []string{"cpu_share = 0.5"}, []string{"memory_mb=256"}, 0.5, 1, 1024, 256, false, 1, 1024},
		// Two threads use two vCPUs at 3,538 MB.
		{"two threads at 3538 MB", []string{"cpu_threads = 2"}, []string{"memory_mb=3538"}, 1, 2, 1024, 3538, false, 1, 1024},
		// A file stating where it measured: 100 ms at 512 MB is 50 ms at the
		// file's 1,024 MB, no --set needed.
		{"stated duration_memory_mb", []string{"duration_memory_mb = 512"}, nil, 1, 1, 512, 1024, false, 1, 512},
		// An explicit duration_memory_mb is kept under --set.
		{"stated and set", []string{"duration_memory_mb = 512"}, []string{"memory_mb=2048"}, 1, 1, 512, 2048, false, 1, 512},
		// arm64 at a stated speed: 100 ms / 1.25.
		{"arm64", []string{"arm64_speed = 1.25"}, []string{"arch=arm64"}, 1, 1, 1024, 1024, true, 1.25, 1024},
		// arm64 at half the memory: 100 · 2 / 1.25 = 160 ms.
		{"arm64 at 512 MB", []string{"arm64_speed = 1.25"}, []string{"arch=arm64", "memory_mb=512"}, 1, 1, 1024, 512, true, 1.25, 1024},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sets []string
			for _, s := range tc.sets {
				sets = append(sets, "function.f."+s)
			}
			sc, err := stampede.LoadBytes("memory.toml", memoryScenario(tc.extra...), sets...)
			if err != nil {
				t.Fatal(err)
			}
			f := sc.Functions[0]
			if f.DurationMemoryMB != tc.wantRefMB || f.DurationArch.String() != "x86_64" {
				t.Errorf("measured at %d MB on %s, want %d MB on x86_64", f.DurationMemoryMB, f.DurationArch, tc.wantRefMB)
			}
			res, err := stampede.Run(context.Background(), sc, stampede.Options{})
			if err != nil {
				t.Fatal(err)
			}
			s := res.Summary
			wantMS := handlerMS(100, tc.c, tc.threads, tc.mRef, tc.m, false, tc.arm, tc.speed)
			// The histogram keeps three significant digits (0.1%).
			if got := s.LatencyMS.P50; relDiff(got, wantMS) > 2e-3 {
				t.Errorf("p50 %.3f ms, want %.3f", got, wantMS)
			}
			if got, want := s.Cost.Breakdown[cost.LambdaDuration], durationUSD(wantMS, tc.m); relDiff(got, want) > 1e-9 {
				t.Errorf("duration bill %.10g USD, want %.10g", got, want)
			}
		})
	}
}

// A sweep over memory_mb draws the curve Lambda Power Tuning draws. For a
// CPU-bound handler, time falls as 1/m up to 1,769 MB (one vCPU) and then
// stays; the bill, m · t, is flat up to there and rises after: the cheapest
// sizes are the flat ones, and the fastest of them is the last before the
// knee. For an I/O-bound handler, time stays and the bill rises from
// 128 MB: the cheapest size is the smallest. In between (cpu_share 0.8),
// the bill rises with slope (1 − c) below the knee, faster above. Each
// point's bill is checked against the formula, and the sweep's pick
// against the formula's cheapest.
func TestMemorySweepCostCurve(t *testing.T) {
	sizes := []int{128, 256, 512, 1024, 1769, 2048, 3008}
	var list []string
	for _, m := range sizes {
		list = append(list, strconv.Itoa(m))
	}
	for _, tc := range []struct {
		name string
		c    float64
	}{
		// All CPU.
		{"CPU-bound", 1},
		// All waiting.
		{"I/O-bound", 0},
		// Mostly CPU.
		{"80% CPU", 0.8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "memory.toml")
			if err := os.WriteFile(path, memoryScenario(fmt.Sprintf("cpu_share = %v", tc.c)), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := stampede.RunSweep(context.Background(), stampede.Sweep{
				Scenario: path,
				Vary:     []string{"function.f.memory_mb=" + strings.Join(list, ",")},
				Pick:     stampede.PickCheapest,
			}, stampede.SweepOptions{})
			if err != nil {
				t.Fatal(err)
			}
			bills, times := make([]float64, len(sizes)), make([]float64, len(sizes))
			cheapest := math.Inf(1)
			for i, m := range sizes {
				var s stampede.Summary
				if err := json.Unmarshal(res.Points[i].Summary, &s); err != nil {
					t.Fatal(err)
				}
				wantMS := handlerMS(100, tc.c, 1, 1024, m, false, false, 1)
				bills[i], times[i] = s.Cost.Breakdown[cost.LambdaDuration], s.LatencyMS.P50
				if want := durationUSD(wantMS, m); relDiff(bills[i], want) > 1e-9 {
					t.Errorf("%d MB: duration bill %.10g USD, want %.10g", m, bills[i], want)
				}
				if relDiff(times[i], wantMS) > 2e-3 {
					t.Errorf("%d MB: p50 %.3f ms, want %.3f", m, times[i], wantMS)
				}
				cheapest = math.Min(cheapest, durationUSD(wantMS, m))
			}
			t.Logf("MB %v\np50 ms %.1f\nUSD %.4g", sizes, times, bills)
			knee := 4 // 1,769 MB
			for i := 1; i < len(sizes); i++ {
				switch {
				case tc.c == 1 && i < knee:
					// Flat: the same GB-s at every size below the knee.
					if relDiff(bills[i], bills[0]) > 1e-9 || times[i] >= times[i-1] {
						t.Errorf("%d MB: %.10g USD, %.1f ms: want the 128 MB bill and a shorter time", sizes[i], bills[i], times[i])
					}
				case tc.c == 0:
					// Flat time, a bill proportional to memory.
					if relDiff(times[i], times[0]) > 2e-3 || bills[i] <= bills[i-1] {
						t.Errorf("%d MB: %.10g USD, %.1f ms: want a higher bill, the same time", sizes[i], bills[i], times[i])
					}
				default:
					// Rising bills; past the knee the time no longer falls.
					if bills[i] < bills[i-1] || (i > knee && relDiff(times[i], times[knee]) > 2e-3) {
						t.Errorf("%d MB: %.10g USD, %.1f ms", sizes[i], bills[i], times[i])
					}
				}
			}
			// The pick is a size the formula calls cheapest (with c = 1 four
			// sizes tie, to the ulp).
			p := res.Picked()
			if p == nil {
				t.Fatal("no pick")
			}
			var s stampede.Summary
			if err := json.Unmarshal(p.Summary, &s); err != nil {
				t.Fatal(err)
			}
			if got := s.Cost.Breakdown[cost.LambdaDuration]; relDiff(got, cheapest) > 1e-9 {
				t.Errorf("picked %v at %.10g USD, the formula's cheapest is %.10g", p.Point, got, cheapest)
			}
		})
	}
}
