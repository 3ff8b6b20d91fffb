package stampede_test

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"testing"

	"github.com/stampede-sim/stampede"
)

// floodScenario sends 500 messages/s into a queue that two pollers drain
// at about 200/s: the backlog grows all run long (issue 11).
const floodScenario = `name = "flood"
duration = "10m"

[[function]]
name = "worker"
timeout = "30s"
duration = { dist = "fixed", value = "100ms" }
cold_start = { dist = "fixed", value = "0s" }

[[workload]]
name = "flood"
queue = "q"
arrivals = { process = "poisson", rate = 500 }

[[queue]]
name = "q"
function = "worker"
batch_size = 10
max_concurrency = 2
`

// asyncFloodScenario sends 500 async events/s to a function that runs two
// at a time, 100 ms each: Lambda's internal queue grows all run long.
const asyncFloodScenario = `name = "async-flood"
duration = "10m"

[[function]]
name = "worker"
timeout = "30s"
reserved_concurrency = 2
duration = { dist = "fixed", value = "100ms" }
cold_start = { dist = "fixed", value = "0s" }

[[workload]]
name = "flood"
function = "worker"
invocation = "async"
arrivals = { process = "poisson", rate = 500 }
`

// peakHeap runs the flood for duration and returns the largest live heap
// seen at its progress steps (after a collection, so only live data).
func peakHeap(t *testing.T, scenario, duration string) uint64 {
	t.Helper()
	sc, err := stampede.LoadBytes("flood.toml", []byte(scenario), "duration="+duration)
	if err != nil {
		t.Fatal(err)
	}
	var peak uint64
	step := 0
	sample := func(float64) {
		if step++; step%10 != 0 {
			return
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
	}
	res, err := stampede.Run(context.Background(), sc, stampede.Options{Workers: 1, Progress: sample})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Requests.Total == 0 {
		t.Fatal("no requests")
	}
	return peak
}

// A queue's backlog is stored as runs of messages, so a flood four times
// longer, with a backlog four times deeper (≈ 90,000 against ≈ 360,000
// messages), needs about the same memory. Storing each message (≈ 80 bytes
// with its request) grew the heap by over 20 MB here.
//
// The same holds for Lambda's internal async queue: past 65,536 waiting
// events it keeps runs of events (models/asyncwait.go); the 20-minute
// async flood's backlog of ≈ 580,000 events took ≈ 45 MB more than the
// 5-minute one's when each kept its request record.
func TestFloodMemoryFlat(t *testing.T) {
	for _, tc := range []struct{ name, scenario string }{
		{"sqs", floodScenario},
		{"async", asyncFloodScenario},
	} {
		short := peakHeap(t, tc.scenario, "5m")
		long := peakHeap(t, tc.scenario, "20m")
		const tolerance = 8 << 20
		t.Logf("%s: peak heap in use: 5 min %d KiB, 20 min %d KiB", tc.name, short>>10, long>>10)
		if long > short+tolerance {
			t.Errorf("%s: peak heap grew from %d KiB to %d KiB with the flood's length (tolerance %d KiB)",
				tc.name, short>>10, long>>10, tolerance>>10)
		}
	}
}

// The floods under a memory limit (issue 11): a child process (this test
// binary again) runs 20 minutes of each flood at 5,000 messages or events
// a second under a 4 GiB address-space limit (RLIMIT_AS; the Go runtime
// alone reserves over 1.5 GiB of it). Both must finish, and the child's
// peak resident memory stay under 160 MB: storing each waiting event, the
// async flood took ≈ 1 GB, and an hour of it 3.5 GB.
func TestFloodUnderMemoryLimit(t *testing.T) {
	if os.Getenv("STAMPEDE_FLOOD_CHILD") == "1" {
		floodChild(t)
		return
	}
	if testing.Short() {
		t.Skip("runs two 20-minute floods in a child process; not in -short")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFloodUnderMemoryLimit$", "-test.count=1")
	cmd.Env = append(os.Environ(), "STAMPEDE_FLOOD_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
	t.Logf("child peak RSS %d MB", rss>>20)
	if rss > 160<<20 {
		t.Errorf("child peak RSS %d MB, want at most 160 MB", rss>>20)
	}
}

func floodChild(t *testing.T) {
	const limit = 4 << 30
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{floodScenario, asyncFloodScenario} {
		sc, err := stampede.LoadBytes("flood.toml", []byte(s), "duration=20m", "workload.flood.arrivals.rate=5000")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := stampede.Run(context.Background(), sc, stampede.Options{Workers: 1}); err != nil {
			t.Fatal(err)
		}
	}
}
