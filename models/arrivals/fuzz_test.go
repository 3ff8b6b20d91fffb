package arrivals

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Any file, in any format, is scanned without a panic; one that scans
// replays without a panic, in time order, never more often than its count
// (with scale 1), and ends.
func FuzzTrace(f *testing.F) {
	for _, seed := range []string{
		"time,function\n0.5,api\n1,worker\n2,api\n",
		"2024-11-29T10:00:00Z\n2024-11-29T10:00:01.5Z\n",
		"HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,3,0\no,a,g,timer,1,1\n",
		"app,func,end_timestamp,duration\na,f,10,1\na,g,11,5\na,f,20,0.5\n",
		"1e300\n", "-1\n", "NaN\n", "\n\n#\n",
	} {
		f.Add(seed, uint8(0), uint8(0))
	}
	f.Fuzz(func(t *testing.T, text string, format, rank uint8) {
		path := filepath.Join(t.TempDir(), "t.csv")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		formats := []string{FormatTimestamps, FormatAzure2019, FormatAzure2021}
		ts := TraceSpec{File: path, Format: formats[int(format)%3], Rank: int(rank % 4), Spread: SpreadPoisson, Scale: 1, Speed: 1}
		if ts.Format == FormatAzure2019 && ts.Rank == 0 {
			ts.Rank = 1
		}
		if ts.Format == FormatTimestamps {
			ts.Rank = 0
		}
		if ts.Validate() != nil || ts.Scan() != nil {
			return
		}
		p := Spec{Process: Trace, Trace: ts}.New(rand.New(rand.NewPCG(1, 2)))
		var last sim.Time
		n := int64(0)
		for at := p.Next(); at != sim.Forever; at = p.Next() {
			if at < last {
				t.Fatalf("arrival at %v after %v", at, last)
			}
			last = at
			if n++; n > ts.Count+1 {
				t.Fatalf("more than the %d arrivals scanned", ts.Count)
			}
		}
	})
}
