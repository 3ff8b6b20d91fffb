package stampede_test

import (
	"context"
	"runtime"
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

// peakHeap runs the flood for duration and returns the largest live heap
// seen at its progress steps (after a collection, so only live data).
func peakHeap(t *testing.T, duration string) uint64 {
	t.Helper()
	sc, err := stampede.LoadBytes("flood.toml", []byte(floodScenario), "duration="+duration)
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
func TestFloodMemoryFlat(t *testing.T) {
	short := peakHeap(t, "5m")
	long := peakHeap(t, "20m")
	const tolerance = 8 << 20
	t.Logf("peak heap in use: 5 min %d KiB, 20 min %d KiB", short>>10, long>>10)
	if long > short+tolerance {
		t.Errorf("peak heap grew from %d KiB to %d KiB with the flood's length (tolerance %d KiB)",
			short>>10, long>>10, tolerance>>10)
	}
}
