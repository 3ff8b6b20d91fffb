package arrivals

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/stampede-sim/stampede/sim"
)

// Trace is the "trace" process: arrivals replayed from a file, streamed,
// so that memory does not grow with the trace's length.
const Trace ProcessKind = "trace"

// Trace formats.
const (
	// FormatTimestamps is one arrival per line: seconds from the start, or
	// an RFC 3339 time (then from the file's first), optionally followed by
	// a comma and the function the arrival is for. Blank lines, lines
	// starting with # and a header line are skipped; times must not
	// decrease.
	FormatTimestamps = "timestamps"
)

// TraceFormats lists the trace formats, for messages.
const TraceFormats = "timestamps, azure-2019, azure-2021"

// TraceSpec is a trace process's settings and what a scan of its file
// found. The replay takes the trace's window [Start, End), shifts it to
// start at 0, divides its times by Speed, and keeps each arrival Scale
// times on average: ⌊Scale⌋ copies, and one more with probability
// Scale − ⌊Scale⌋ (so 0.5 thins to half, 3 triples). With Loop the window
// repeats, a pass lasting End − Start, or without End: for timestamps from
// Start to the last arrival plus the trace's mean gap, for azure-2019 to
// the end of its last minute.
type TraceSpec struct {
	File     string   // as resolved: relative to the scenario file's folder
	Format   string   // FormatTimestamps or FormatAzure2019
	Function string   // timestamps, azure-2021: keep only this function's lines ("": all); azure-2019: the HashFunction replayed
	Rank     int      // azure-2019, azure-2021: replay the Rank-th most invoked function instead (1: the busiest)
	Spread   string   // azure-2019: SpreadUniform or SpreadPoisson within each minute
	Scale    float64  // copies per arrival on average (default 1)
	Speed    float64  // time compression (default 1)
	Start    sim.Time // trace time the replay starts at
	End      sim.Time // trace time it stops at (0: the trace's end)
	Loop     bool
	// Durations: azure-2021: each invocation's duration in the trace is
	// its handler time (scaled as the function's draws are), instead of a
	// draw from the function's duration.
	Durations bool

	// Found by Scan: the window's arrivals, and how long a pass over it
	// lasts in trace time.
	Count int64
	Span  sim.Time
	// azure-2021: the longest duration, and whether rows come in the
	// order of their ends (else of their starts).
	MaxDur sim.Time
	ByEnd  bool

	// FS, when set, holds the file: a built-in scenario's trace, named
	// "builtin:PATH" (the scenarios package sets it; nil: the disk).
	FS fs.FS
}

// open opens the trace's file, on disk or in FS.
func (t *TraceSpec) open() (fs.File, error) {
	if t.FS != nil {
		return t.FS.Open(strings.TrimPrefix(t.File, "builtin:"))
	}
	return os.Open(t.File)
}

// period is the length of one pass over the window in trace time, or 0
// when there is nothing to replay.
func (t *TraceSpec) period() sim.Time {
	switch {
	case t.Count == 0:
		return 0
	case t.End > 0:
		return t.End - t.Start
	}
	return max(t.Span, 1)
}

// traceReader reads a trace's arrivals in order, in trace time.
type traceReader struct {
	sc      *bufio.Scanner
	t       *TraceSpec
	line    int
	rfc     bool // times are RFC 3339 (decided by the first)
	origin  time.Time
	prev    sim.Time
	started bool
	header  bool // the header line was skipped
}

func newTraceReader(f io.Reader, t *TraceSpec) *traceReader {
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	return &traceReader{sc: sc, t: t}
}

// next returns the next arrival of the trace (in trace time, before the
// window is applied), or ok false at the end; err names the line of a bad
// one.
func (r *traceReader) next() (at, dur sim.Time, ok bool, err error) {
	for r.sc.Scan() {
		r.line++
		line := strings.TrimSpace(r.sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		field, fn, hasFn := strings.Cut(line, ",")
		field, fn = strings.TrimSpace(field), strings.TrimSpace(fn)
		at, good := r.parse(field)
		if !good {
			if !r.started && !r.header {
				r.header = true // the first line that is not a comment: a header
				continue
			}
			return 0, 0, false, fmt.Errorf("line %d: %q is neither seconds from the start nor an RFC 3339 time", r.line, field)
		}
		if at < 0 {
			return 0, 0, false, fmt.Errorf("line %d: %q comes before the file's first time (a trace must be in time order)", r.line, field)
		}
		if r.started && at < r.prev {
			return 0, 0, false, fmt.Errorf("line %d: %v comes before the previous line's %v (a trace must be in time order)", r.line, at, r.prev)
		}
		r.started, r.prev = true, at
		if r.t.Function != "" && (!hasFn || fn != r.t.Function) {
			continue
		}
		return at, 0, true, nil
	}
	return 0, 0, false, r.sc.Err()
}

// parse reads one time: seconds, or RFC 3339 from the first such time
// (the first data line decides which the file holds). A time before the
// first RFC 3339 one comes out negative, for the order check to refuse.
func (r *traceReader) parse(s string) (sim.Time, bool) {
	if !r.rfc {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f >= maxSeconds {
				return 0, false
			}
			return sim.FromSeconds(f), true
		}
		if r.started {
			return 0, false
		}
	}
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, false
	}
	if !r.rfc {
		r.rfc, r.origin = true, tm
	}
	return sim.Time(tm.Sub(r.origin)), true
}

// Scan reads the whole trace once, checking every line, and records what
// the replay needs to know beforehand (Count, Span; for azure-2019 with a
// Rank, the function). It streams: memory does not grow with the file's
// length. The error names the file and the line.
func (t *TraceSpec) Scan() error {
	f, err := t.open()
	if err != nil {
		return err
	}
	defer f.Close()
	switch t.Format {
	case FormatAzure2019:
		err = t.scanAzure2019(f)
	case FormatAzure2021:
		err = t.scanAzure2021(f)
	default:
		err = t.scanTimestamps(f)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", t.File, err)
	}
	return nil
}

// scanTimestamps is Scan for a timestamps file.
func (t *TraceSpec) scanTimestamps(f io.Reader) error {
	r := newTraceReader(f, t)
	t.Count, t.Span = 0, 0
	var last sim.Time
	for {
		at, _, ok, err := r.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if at < t.Start || t.End > 0 && at >= t.End {
			continue
		}
		t.Count++
		last = at - t.Start
	}
	t.Span = passSpan(last, t.Count)
	return nil
}

// passSpan is a pass over n arrivals the last of which comes at last
// (from the window's start): to it, plus the mean gap between arrivals
// (a second for a lone arrival).
func passSpan(last sim.Time, n int64) sim.Time {
	switch n {
	case 0:
		return 0
	case 1:
		return max(last, sim.Second)
	}
	return last + last/sim.Time(n-1)
}

// traceSource gives a trace's arrivals in order, in trace time, each with
// its duration where the trace has one (else 0).
type traceSource interface {
	next() (at, dur sim.Time, ok bool, err error)
}

// trace replays a TraceSpec (see there).
type trace struct {
	t      *TraceSpec
	r      *rand.Rand
	f      io.Closer
	rd     traceSource
	offset sim.Time // trace time added by the passes already made
	copies int      // more copies of the last arrival to return
	last   sim.Time
	dur    sim.Time // the last arrival's duration in the trace (azure-2021), or 0
	done   bool
}

func newTrace(s Spec, r *rand.Rand) *trace {
	t := s.Trace
	p := &trace{t: &t, r: r}
	if t.Count == 0 || !p.open() {
		p.done = true
	}
	return p
}

// open (re)opens the file for a pass; false when it cannot be read (it was
// checked when the scenario loaded: the replay then ends).
func (p *trace) open() bool {
	p.close()
	f, err := p.t.open()
	if err != nil {
		return false
	}
	p.f, p.rd = f, newTraceReader(f, p.t)
	switch p.t.Format {
	case FormatAzure2019:
		src, err := newAzureSource(f, p.t, p.r)
		if err != nil {
			p.close()
			return false
		}
		p.rd = src
	case FormatAzure2021:
		p.rd = newAzure2021Source(f, p.t)
	}
	// A run stopped early drops the process with its file open: the
	// cleanup closes it then.
	runtime.AddCleanup(p, func(f io.Closer) { f.Close() }, io.Closer(f))
	return true
}

func (p *trace) close() {
	if p.f != nil {
		p.f.Close()
		p.f, p.rd = nil, nil
	}
}

// Duration is the trace's duration of the arrival Next last returned
// (azure-2021), or 0: the handler time a scenario may use instead of a
// draw (TraceSpec.Durations).
func (p *trace) Duration() sim.Time { return p.dur }

func (p *trace) Next() sim.Time {
	if p.copies > 0 {
		p.copies--
		return p.last
	}
	for !p.done {
		tt, dur, ok, err := p.rd.next()
		if ok && p.t.End > 0 && tt >= p.t.End {
			ok = false
		}
		if err != nil || !ok {
			if err != nil || !p.t.Loop || !p.open() {
				p.close()
				p.done = true
				return sim.Forever
			}
			p.offset += p.t.period()
			continue
		}
		if tt < p.t.Start {
			continue
		}
		n := int(p.t.Scale)
		if frac := p.t.Scale - float64(n); frac > 0 && p.r.Float64() < frac {
			n++
		}
		if n == 0 {
			continue
		}
		p.copies, p.last, p.dur = n-1, at((tt-p.t.Start+p.offset).Seconds()/p.t.Speed), dur
		return p.last
	}
	return sim.Forever
}

// Validate checks a trace's settings; its file is checked by Scan.
func (t *TraceSpec) Validate() error { return t.validate() }

// validate checks a trace's settings (its file is checked by Scan).
func (t *TraceSpec) validate() error {
	switch {
	case t.File == "":
		return fmt.Errorf("trace needs file")
	case t.Format != FormatTimestamps && t.Format != FormatAzure2019 && t.Format != FormatAzure2021:
		return fmt.Errorf("trace format %q (allowed: %s)", t.Format, TraceFormats)
	case t.Rank > 0 && t.Function != "":
		return fmt.Errorf("trace function and rank: one or the other")
	case t.Durations && t.Format != FormatAzure2021:
		return fmt.Errorf("trace durations is for azure-2021 files, which have a duration per invocation")
	case t.Rank > 0 && t.Format == FormatTimestamps:
		return fmt.Errorf("trace rank is for azure-2019 and azure-2021 files")
	case t.Format == FormatAzure2019 && (t.Function == "") == (t.Rank == 0):
		return fmt.Errorf("an azure-2019 trace needs function (a HashFunction) or rank (the N-th most invoked), one of them")
	case t.Format == FormatAzure2019 && t.Spread != SpreadUniform && t.Spread != SpreadPoisson:
		return fmt.Errorf("trace spread %q (allowed: %s, %s)", t.Spread, SpreadUniform, SpreadPoisson)
	case t.Rank < 0:
		return fmt.Errorf("trace rank %d (allowed: 1 or more)", t.Rank)
	case !(t.Scale > 0 && t.Scale <= 1000):
		return fmt.Errorf("trace scale %g (allowed: more than 0, at most 1000)", t.Scale)
	case !(t.Speed > 0 && t.Speed <= 1e6):
		return fmt.Errorf("trace speed %g (allowed: more than 0, at most 1000000)", t.Speed)
	case t.Start < 0 || t.End < 0 || t.End > 0 && t.End <= t.Start:
		return fmt.Errorf("trace window start %v, end %v (allowed: start >= 0, end after start or 0 for the trace's end)", t.Start, t.End)
	}
	return nil
}

// expected is the replay's expected arrivals in [a, b) seconds of
// simulated time, taking the window's arrivals as spread evenly over a
// pass (exact for the totals, an estimate inside a pass).
func (t *TraceSpec) expected(a, b float64) float64 {
	per := t.period().Seconds() / t.Speed
	if t.Count == 0 || per <= 0 {
		return 0
	}
	n := float64(t.Count) * t.Scale
	if t.Loop {
		return n * (b - a) / per
	}
	return n * max(0, min(b, per)-min(a, per)) / per
}
