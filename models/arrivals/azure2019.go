package arrivals

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/sim"
)

// FormatAzure2019 is the Azure Functions Trace 2019's invocations file
// (Shahrad et al., "Serverless in the Wild", USENIX ATC 2020): a row per
// function, HashOwner, HashApp, HashFunction, Trigger, then the function's
// invocations in each minute, the header naming the minutes (1…1440, or a
// window of them). A replay takes one row: the function whose hash is
// TraceSpec.Function, or the Rank-th most invoked.
const FormatAzure2019 = "azure-2019"

// Spreads of an azure-2019 minute's invocations within the minute.
const (
	SpreadUniform = "uniform" // evenly: the k-th of c at (k + ½)/c of the minute
	SpreadPoisson = "poisson" // at uniform random times, as a Poisson process given its count
)

// azureRow is one function's row of an invocations file.
type azureRow struct {
	hash   string
	counts []string // the minute columns, as read
}

// azure2019Header reads the header: the first minute's number and the
// index of its column.
func azure2019Header(sc *bufio.Scanner) (first int, err error) {
	if !sc.Scan() {
		return 0, fmt.Errorf("line 1: no header (want HashOwner,HashApp,HashFunction,Trigger,minutes…)")
	}
	cols := strings.Split(sc.Text(), ",")
	if len(cols) < 5 || cols[2] != "HashFunction" {
		return 0, fmt.Errorf("line 1: header %q is not an azure-2019 invocations header (HashOwner,HashApp,HashFunction,Trigger,minutes…)", clip(sc.Text()))
	}
	first, err = strconv.Atoi(cols[4])
	if err != nil || first < 0 {
		return 0, fmt.Errorf("line 1: minute column %q is not a minute number", cols[4])
	}
	return first, nil
}

// azure2019Rows reads the rows after the header, calling fn with each; a
// malformed row is an error naming its line.
func azure2019Rows(sc *bufio.Scanner, fn func(line int, r azureRow) (stop bool, err error)) error {
	for line := 2; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), ",")
		if len(cols) < 5 {
			return fmt.Errorf("line %d: %d columns, want the 4 hashes and trigger and minutes", line, len(cols))
		}
		stop, err := fn(line, azureRow{hash: cols[2], counts: cols[4:]})
		if err != nil || stop {
			return err
		}
	}
	return sc.Err()
}

// counts parses a row's minute counts.
func (r azureRow) total(line int) (int64, error) {
	var n int64
	for i, c := range r.counts {
		v, err := strconv.ParseInt(strings.TrimSpace(c), 10, 64)
		if err != nil || v < 0 {
			return 0, fmt.Errorf("line %d: minute column %d: %q is not a count", line, i+1, c)
		}
		n += v
	}
	return n, nil
}

// scanAzure2019 checks the file and resolves the function to replay: the
// hash asked for, or the Rank-th most invoked (ties: by hash); Count and
// Span are its invocations and minutes in the window.
func (t *TraceSpec) scanAzure2019(f io.Reader) error {
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	if _, err := azure2019Header(sc); err != nil {
		return err
	}
	type ranked struct {
		hash  string
		total int64
	}
	var all []ranked // one entry per function: the file's structure, not its length
	var chosen *azureRow
	err := azure2019Rows(sc, func(line int, r azureRow) (bool, error) {
		n, err := r.total(line)
		if err != nil {
			return false, err
		}
		if t.Rank > 0 {
			all = append(all, ranked{r.hash, n})
		} else if r.hash == t.Function && chosen == nil { // the first row of that hash, as a replay takes
			chosen = &azureRow{r.hash, slices.Clone(r.counts)}
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if t.Rank > 0 {
		if t.Rank > len(all) {
			return fmt.Errorf("rank %d: the file has %d functions", t.Rank, len(all))
		}
		slices.SortStableFunc(all, func(a, b ranked) int { return cmp.Or(cmp.Compare(b.total, a.total), cmp.Compare(a.hash, b.hash)) })
		// The resolved scenario names the function itself.
		t.Function, t.Rank = all[t.Rank-1].hash, 0
		again, err := t.open()
		if err != nil {
			return err
		}
		defer again.Close()
		return t.scanAzure2019(again)
	}
	if chosen == nil {
		return fmt.Errorf("no function %q in the file (function: a HashFunction, or rank: N)", t.Function)
	}
	t.countAzure(chosen.counts)
	return nil
}

// countAzure sets Count (a minute straddling the window's edge counts
// whole: an estimate) and Span (a pass: from Start to the row's last
// minute's end) from a row's minute counts.
func (t *TraceSpec) countAzure(counts []string) {
	t.Count = 0
	for m, c := range counts {
		v, _ := strconv.ParseInt(strings.TrimSpace(c), 10, 64)
		start := sim.Time(m) * sim.Minute
		if start+sim.Minute > t.Start && (t.End == 0 || start < t.End) {
			t.Count += v
		}
	}
	t.Span = max(sim.Time(len(counts))*sim.Minute-t.Start, 0)
}

// azureSource replays one function's row: its minutes in order, each
// minute's invocations spread within it.
type azureSource struct {
	t      *TraceSpec
	r      *rand.Rand
	counts []string
	minute int // the next minute to expand
	left   int64
	k      int64   // invocations of the current minute given out
	u      float64 // poisson: the last order statistic, in the minute
	start  sim.Time
	n      int64
}

func newAzureSource(f io.Reader, t *TraceSpec, r *rand.Rand) (*azureSource, error) {
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	if _, err := azure2019Header(sc); err != nil {
		return nil, err
	}
	var counts []string
	err := azure2019Rows(sc, func(_ int, row azureRow) (bool, error) {
		if row.hash == t.Function {
			counts = slices.Clone(row.counts)
			return true, nil
		}
		return false, nil
	})
	if err != nil || counts == nil {
		return nil, fmt.Errorf("function %q not found", t.Function)
	}
	return &azureSource{t: t, r: r, counts: counts}, nil
}

// next is the next invocation in trace time: within minute m, the k-th of
// its c invocations at m + (k + ½)/c minutes (uniform), or at the k-th
// order statistic of c uniform times, drawn in order (poisson:
// U₍ₖ₎ = U₍ₖ₋₁₎ + (1 − U₍ₖ₋₁₎)(1 − V^(1/(c−k+1))), V uniform).
func (s *azureSource) next() (sim.Time, sim.Time, bool, error) {
	for s.left == 0 {
		if s.minute >= len(s.counts) {
			return 0, 0, false, nil
		}
		v, err := strconv.ParseInt(strings.TrimSpace(s.counts[s.minute]), 10, 64)
		if err != nil {
			return 0, 0, false, err
		}
		s.start, s.n, s.left, s.k, s.u = sim.Time(s.minute)*sim.Minute, v, v, 0, 0
		s.minute++
	}
	var f float64
	if s.t.Spread == SpreadPoisson {
		rest := float64(s.n - s.k)
		s.u += (1 - s.u) * (1 - math.Pow(s.r.Float64(), 1/rest))
		f = s.u
	} else {
		f = (float64(s.k) + 0.5) / float64(s.n)
	}
	s.k++
	s.left--
	return s.start + sim.Time(f*float64(sim.Minute)), 0, true, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
