package arrivals

import (
	"bufio"
	"cmp"
	"container/heap"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/sim"
)

// FormatAzure2021 is the Azure Functions Invocation Trace 2021 (Zhang et
// al., SOSP 2021): a row per invocation, app,func,end_timestamp,duration in
// seconds. An invocation arrives at end_timestamp − duration; rows may come
// in the order of their starts or of their ends. A replay takes every row,
// one function's (by its hash, function), or the Rank-th most invoked
// function's; each arrival keeps its duration, which the scenario may use
// as the handler time (TraceSpec.Durations).
const FormatAzure2021 = "azure-2021"

// azure2021Row is one invocation: its function, start and duration.
type azure2021Row struct {
	fn         string
	start, dur sim.Time
	end        sim.Time
}

// azure2021Reader reads an azure-2021 file's rows one at a time.
type azure2021Reader struct {
	sc   *bufio.Scanner
	line int
}

func newAzure2021Reader(r io.Reader) *azure2021Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	return &azure2021Reader{sc: sc}
}

// next returns the next row, ok false at the end; the first call checks
// the header.
func (r *azure2021Reader) next() (azure2021Row, bool, error) {
	if r.line == 0 {
		r.line = 1
		if !r.sc.Scan() {
			return azure2021Row{}, false, fmt.Errorf("line 1: no header (want app,func,end_timestamp,duration)")
		}
		if h := strings.TrimSpace(r.sc.Text()); h != "app,func,end_timestamp,duration" {
			return azure2021Row{}, false, fmt.Errorf("line 1: header %q is not azure-2021's app,func,end_timestamp,duration", clip(h))
		}
	}
	for r.sc.Scan() {
		r.line++
		text := strings.TrimSpace(r.sc.Text())
		if text == "" {
			continue
		}
		cols := strings.Split(text, ",")
		if len(cols) != 4 {
			return azure2021Row{}, false, fmt.Errorf("line %d: %d columns, want app,func,end_timestamp,duration", r.line, len(cols))
		}
		end, err1 := strconv.ParseFloat(cols[2], 64)
		dur, err2 := strconv.ParseFloat(cols[3], 64)
		if err1 != nil || err2 != nil || !(end >= 0 && end < maxSeconds) || !(dur >= 0 && dur < maxSeconds) {
			return azure2021Row{}, false, fmt.Errorf("line %d: end_timestamp %q and duration %q must be seconds >= 0", r.line, cols[2], cols[3])
		}
		row := azure2021Row{fn: cols[1], end: sim.FromSeconds(end), dur: sim.FromSeconds(dur)}
		row.start = max(0, row.end-row.dur)
		return row, true, nil
	}
	return azure2021Row{}, false, r.sc.Err()
}

// azure2021Rows calls fn with each row of r.
func azure2021Rows(r io.Reader, fn func(line int, row azure2021Row) error) error {
	rd := newAzure2021Reader(r)
	for {
		row, ok, err := rd.next()
		if err != nil || !ok {
			return err
		}
		if err := fn(rd.line, row); err != nil {
			return err
		}
	}
}

// scanAzure2021 checks the file, resolves Rank to a function, and finds
// the order of the rows (by start, or by end with the longest duration,
// which bounds how far a replay must read ahead); Count and Span are the
// replay's in the window.
func (t *TraceSpec) scanAzure2021(r io.Reader) error {
	perFn := map[string]int64{}
	byStart, byEnd := true, true
	var lastStart, lastEnd, last sim.Time
	t.Count, t.MaxDur = 0, 0
	err := azure2021Rows(r, func(line int, row azure2021Row) error {
		byStart = byStart && row.start >= lastStart
		byEnd = byEnd && row.end >= lastEnd
		if !byStart && !byEnd {
			return fmt.Errorf("line %d: rows are in the order of neither their starts nor their ends", line)
		}
		lastStart, lastEnd = max(lastStart, row.start), max(lastEnd, row.end)
		t.MaxDur = max(t.MaxDur, row.dur)
		perFn[row.fn]++
		if (t.Function == "" || row.fn == t.Function) && row.start >= t.Start && (t.End == 0 || row.start < t.End) {
			t.Count++
			last = max(last, row.start-t.Start)
		}
		return nil
	})
	if err != nil {
		return err
	}
	t.ByEnd = !byStart
	if t.Rank > 0 {
		fns := slices.Collect(func(yield func(string) bool) {
			for fn := range perFn {
				if !yield(fn) {
					return
				}
			}
		})
		if t.Rank > len(fns) {
			return fmt.Errorf("rank %d: the file has %d functions", t.Rank, len(fns))
		}
		slices.SortFunc(fns, func(a, b string) int { return cmp.Or(cmp.Compare(perFn[b], perFn[a]), cmp.Compare(a, b)) })
		t.Function, t.Rank = fns[t.Rank-1], 0
		again, err := t.open()
		if err != nil {
			return err
		}
		defer again.Close()
		return t.scanAzure2021(again)
	}
	if t.Function != "" && perFn[t.Function] == 0 {
		return fmt.Errorf("no function %q in the file (function: a func hash, or rank: N)", t.Function)
	}
	t.Span = passSpan(last, t.Count)
	return nil
}

// azure2021Source replays the rows in the order of their starts: as read
// when the file is in that order; else through a heap of the rows read
// ahead, each given out once no later row can start before it (a later
// row ends no earlier, so it starts no earlier than that end less the
// longest duration): memory holds the rows of one longest duration.
type azure2021Source struct {
	t     *TraceSpec
	rd    *azure2021Reader
	ahead startHeap
	end   sim.Time // the last end read
	eof   bool
}

func newAzure2021Source(f io.Reader, t *TraceSpec) *azure2021Source {
	return &azure2021Source{t: t, rd: newAzure2021Reader(f)}
}

func (s *azure2021Source) next() (sim.Time, sim.Time, bool, error) {
	for {
		if len(s.ahead) > 0 && (s.eof || s.ahead[0].start <= s.end-s.t.MaxDur) {
			row := heap.Pop(&s.ahead).(azure2021Row)
			return row.start, row.dur, true, nil
		}
		if s.eof {
			return 0, 0, false, nil
		}
		row, ok, err := s.rd.next()
		if err != nil {
			return 0, 0, false, err
		}
		if !ok {
			s.eof = true
			continue
		}
		if s.t.Function != "" && row.fn != s.t.Function {
			continue
		}
		if !s.t.ByEnd { // in start order: no need to read ahead
			return row.start, row.dur, true, nil
		}
		s.end = max(s.end, row.end)
		heap.Push(&s.ahead, row)
	}
}

// startHeap orders rows by start, then end, then function: a total order,
// so the replay does not depend on the order rows were read in.
type startHeap []azure2021Row

func (h startHeap) Len() int { return len(h) }
func (h startHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end), cmp.Compare(a.fn, b.fn)) < 0
}
func (h startHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *startHeap) Push(x any)   { *h = append(*h, x.(azure2021Row)) }
func (h *startHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
