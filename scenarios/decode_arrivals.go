package scenarios

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/models/arrivals"
	"github.com/stampede-sim/stampede/sim"
)

func fmtInt(i int) string { return strconv.Itoa(i) }

// arrivalParams lists each process's parameter keys.
var arrivalParams = map[arrivals.ProcessKind][]string{
	arrivals.Poisson:  {"rate"},
	arrivals.Constant: {"rate"},
	arrivals.Profile:  {"points", "shape", "repeat"},
	arrivals.Sinusoid: {"mean", "amplitude", "period", "phase"},
	arrivals.MMPP:     {"states"},
	arrivals.Burst:    {"count", "at", "over"},
	arrivals.Trace:    {"file", "format", "function", "rank", "spread", "scale", "speed", "start", "end", "loop", "durations"},
}

const maxRate = 1e9 // requests per second: far beyond anything simulable

func (n *node) arrivals(key string) arrivals.Spec {
	t := n.table(key)
	if t == nil {
		if _, present := n.m[key]; !present {
			n.problem(key, nil, "missing (required; e.g. { process = \"poisson\", rate = 100 })")
		}
		return arrivals.Spec{Process: arrivals.Poisson}
	}
	before := len(n.d.problems)
	name := t.str("process", "", true)
	kind := arrivals.ProcessKind(name)
	params, known := arrivalParams[kind]
	if !known {
		if name != "" {
			t.problem("process", name, "unknown process (allowed: %s)", arrivals.Processes)
		}
		return arrivals.Spec{Process: arrivals.Poisson}
	}
	s := arrivals.Spec{Process: kind, Shape: "step"}
	switch kind {
	case arrivals.Poisson, arrivals.Constant:
		s.Rate = t.requiredFloat("rate")
	case arrivals.Profile:
		s.Points = t.points("points")
		s.Shape = t.str("shape", "step", false, "step", "linear")
		s.Repeat = t.duration("repeat", 0, false, 0, 0)
	case arrivals.Sinusoid:
		s.Mean = t.requiredFloat("mean")
		s.Amplitude = t.requiredFloat("amplitude")
		s.Period = t.duration("period", 0, true, sim.Millisecond, 0)
		s.Phase = t.duration("phase", 0, false, 0, 0)
	case arrivals.MMPP:
		s.States = t.states("states")
	case arrivals.Burst:
		c, _ := t.integer("count", 0, 0, 100_000_000, "requests")
		s.Count = int(c)
		s.At = t.duration("at", 0, false, 0, 0)
		s.Over = t.duration("over", 0, false, 0, 0)
	case arrivals.Trace:
		s.Trace = t.trace()
	}
	t.finish(append([]string{"process"}, params...)...)
	if len(n.d.problems) == before {
		if err := s.Validate(); err != nil {
			n.problem(key, nil, "%v", err)
		}
	}
	return s
}

// trace decodes a trace process's keys; its file, relative to the
// scenario file's folder, is read through once here (TraceSpec.Scan), so
// that a bad line fails the load, before any run.
func (n *node) trace() arrivals.TraceSpec {
	t := arrivals.TraceSpec{
		File:     n.str("file", "", true),
		Format:   n.str("format", arrivals.FormatTimestamps, false),
		Function: n.str("function", "", false),
		Spread:   n.str("spread", arrivals.SpreadPoisson, false, arrivals.SpreadUniform, arrivals.SpreadPoisson),
		Scale:    n.float("scale", 1, 1e-9, 1000),
		Speed:    n.float("speed", 1, 1e-9, 1e6),
		Start:    n.duration("start", 0, false, 0, 0),
		End:      n.duration("end", 0, false, 0, 0),
	}
	if v, ok := n.get("loop"); ok {
		decodeValue(n, "loop", "", &t.Loop, v)
	}
	if v, ok := n.get("durations"); ok {
		decodeValue(n, "durations", "", &t.Durations, v)
	}
	rank, _ := n.integer("rank", 0, 1, 1_000_000, "")
	t.Rank = int(rank)
	if t.File == "" || t.Validate() != nil {
		return t // Validate says what is wrong
	}
	given := t.File
	switch {
	case strings.HasPrefix(t.File, "builtin:"):
		t.FS = builtinFile() // a built-in scenario's trace, shipped in the binary
	case !filepath.IsAbs(t.File) && n.d.dir != "":
		t.File = filepath.Join(n.d.dir, t.File)
	}
	if err := t.Scan(); err != nil {
		n.problem("file", given, "%s", strings.TrimPrefix(err.Error(), "open "))
	}
	return t
}

func (n *node) requiredFloat(key string) float64 {
	if _, ok := n.m[key]; !ok {
		n.get(key)
		n.problem(key, nil, "missing (required; a number per second)")
		return 0
	}
	return n.float(key, 0, 0, maxRate)
}

// points reads [["0s", 50], ["5m", 2000], ...].
func (n *node) points(key string) []arrivals.Point {
	v, ok := n.get(key)
	arr, isArr := v.([]any)
	if !ok || !isArr || len(arr) == 0 {
		n.problem(key, v, `must be an array of [time, rate] pairs, e.g. [["0s", 50], ["5m", 2000]]`)
		return nil
	}
	ip, dp := n.paths(key)
	out := make([]arrivals.Point, 0, len(arr))
	for i, e := range arr {
		pair, isPair := e.([]any)
		idx := "[" + strconv.Itoa(i) + "]"
		if !isPair || len(pair) != 2 {
			n.d.report(ip+idx, dp+idx, e, `must be a [time, rate] pair such as ["5m", 2000]`)
			return nil
		}
		at, good := n.d.durationValue(ip+idx, dp+idx, pair[0])
		rate, isNum := number(pair[1])
		if !good || !isNum || rate < 0 || rate > maxRate {
			if good {
				n.d.report(ip+idx, dp+idx, e, "the rate must be a number >= 0 per second")
			}
			return nil
		}
		out = append(out, arrivals.Point{At: at, Rate: rate})
	}
	return out
}

// states reads [{ rate = 50, mean_dwell = "5m" }, ...].
func (n *node) states(key string) []arrivals.State {
	v, ok := n.get(key)
	arr, isArr := v.([]any)
	if !ok || !isArr || len(arr) == 0 {
		n.problem(key, v, `must be an array of states, e.g. [{ rate = 50, mean_dwell = "5m" }]`)
		return nil
	}
	ip, dp := n.paths(key)
	out := make([]arrivals.State, 0, len(arr))
	for i, e := range arr {
		idx := "[" + strconv.Itoa(i) + "]"
		m, isMap := e.(map[string]any)
		if !isMap {
			n.d.report(ip+idx, dp+idx, e, `must be a table { rate = ..., mean_dwell = "..." }`)
			return nil
		}
		st := &node{d: n.d, m: m, ipath: ip + idx, dpath: dp + idx, used: map[string]bool{}}
		out = append(out, arrivals.State{
			Rate:      st.requiredFloat("rate"),
			MeanDwell: st.duration("mean_dwell", 0, true, sim.Millisecond, 0),
		})
		st.finish("rate", "mean_dwell")
	}
	return out
}
