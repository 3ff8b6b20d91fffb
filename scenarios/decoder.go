package scenarios

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/sim"
)

// decoder turns the parsed TOML map into typed values, collecting problems
// with their positions instead of stopping at the first.
type decoder struct {
	file     string
	dir      string // for relative file names
	text     string // the source, for positions
	pos      positions
	setPaths map[string]bool   // index paths written by --set
	ipaths   map[string]string // display path of each table → its index path
	problems []Problem
}

// node is one table of the document: its values and both forms of its path,
// the index path ("function[0]") for positions and the display path
// ("function[api]") for messages.
type node struct {
	d            *decoder
	m            map[string]any
	ipath, dpath string
	used         map[string]bool
}

func (d *decoder) root(m map[string]any) *node {
	return &node{d: d, m: m, used: map[string]bool{}}
}

func (n *node) paths(key string) (string, string) { return join(n.ipath, key), join(n.dpath, key) }

// report records a problem at the key's position (or its nearest ancestor's).
func (d *decoder) report(ipath, dpath string, value any, format string, args ...any) {
	p := Problem{File: d.file, Path: dpath, Msg: fmt.Sprintf(format, args...)}
	if value != nil {
		p.Value = show(value)
	}
	// A value under a --set path came from --set, even where the file had a
	// key of the same path (the --set replaced it).
	for q := ipath; q != "" && !p.FromSet; q = parent(q) {
		p.FromSet = d.setPaths[q]
	}
	pos := d.positions()
	for q := ipath; q != "" && !p.FromSet; q = parent(q) {
		if at, ok := pos[q]; ok {
			p.Line, p.Col = at.line, at.col
			break
		}
	}
	if p.Line == 0 && !p.FromSet && ipath != "" {
		// A table only implied by a header below it ([database.proxy]
		// without [[database]]): the first key written under it.
		for k, at := range pos {
			if strings.HasPrefix(k, ipath+".") || strings.HasPrefix(k, ipath+"[") {
				if p.Line == 0 || at.line < p.Line || at.line == p.Line && at.col < p.Col {
					p.Line, p.Col = at.line, at.col
				}
			}
		}
	}
	d.problems = append(d.problems, p)
}

// positions indexes the source's key positions on the first problem: a
// valid file needs none, and with 10,000 functions the index took a fifth
// of loading (issue 12).
func (d *decoder) positions() positions {
	if d.pos == nil {
		d.pos = indexPositions(d.text)
	}
	return d.pos
}

// reportPath records a problem found on the decoded scenario at the key
// with display path dpath (as models.Scenario.Validate names it).
func (d *decoder) reportPath(dpath, value, msg string) {
	for _, p := range d.problems {
		if p.Path == dpath {
			return // one problem per key: the first says what is wrong
		}
	}
	ip := dpath
	for q := dpath; q != ""; q = parent(q) {
		if i, ok := d.ipaths[q]; ok {
			ip = i + dpath[len(q):]
			break
		}
	}
	before := len(d.problems)
	d.report(ip, dpath, nil, "%s", msg)
	d.problems[before].Value = value
}

func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

func (n *node) problem(key string, value any, format string, args ...any) {
	ip, dp := n.paths(key)
	n.d.report(ip, dp, value, format, args...)
}

// get returns the raw value of key and marks it used. Only keys present
// are marked: finish reads no other, and a function's table is asked for
// every key it may hold, a few of which it does (issue 12: with 10,000
// functions the marks were a sixth of loading).
func (n *node) get(key string) (any, bool) {
	v, ok := n.m[key]
	if ok {
		n.used[key] = true
	}
	return v, ok
}

// finish reports keys not in allowed.
func (n *node) finish(allowed ...string) {
	var unknown []string
	for k := range n.m {
		if !n.used[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		n.problem(k, nil, "unknown key (allowed here: %s)", strings.Join(allowed, ", "))
	}
}

func (n *node) str(key, def string, required bool, allowed ...string) string {
	v, ok := n.get(key)
	if !ok {
		if required {
			n.problem(key, nil, "missing (required)")
		}
		return def
	}
	s, isStr := v.(string)
	if !isStr {
		n.problem(key, v, "must be a string")
		return def
	}
	if len(allowed) > 0 && !slices.Contains(allowed, s) {
		n.problem(key, v, "not allowed (allowed: %s)", strings.Join(allowed, ", "))
		return def
	}
	if required && s == "" {
		n.problem(key, v, "must not be empty")
	}
	return s
}

// integer reads an integer in [lo, hi]; unit is named in messages.
func (n *node) integer(key string, def, lo, hi int64, unit string) (int64, bool) {
	v, ok := n.get(key)
	if !ok {
		return def, false
	}
	i, isInt := v.(int64)
	if !isInt {
		n.problem(key, v, "must be an integer%s", rangeText(lo, hi, unit))
		return def, true
	}
	if i < lo || i > hi {
		n.problem(key, v, "out of range (allowed: %s)", strings.TrimPrefix(rangeText(lo, hi, unit), " "))
		return def, true
	}
	return i, true
}

func rangeText(lo, hi int64, unit string) string {
	u := ""
	if unit != "" {
		u = " " + unit
	}
	if hi == math.MaxInt64 {
		return fmt.Sprintf(" >= %d%s", lo, u)
	}
	return fmt.Sprintf(" %d..%d%s", lo, hi, u)
}

// number reads an integer or float value.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	}
	return 0, false
}

func (n *node) float(key string, def, lo, hi float64) float64 {
	v, ok := n.get(key)
	if !ok {
		return def
	}
	f, isNum := number(v)
	if !isNum || f < lo || f > hi {
		n.problem(key, v, "must be a number in %s..%s", fmtFloat(lo), fmtFloat(hi))
		return def
	}
	return f
}

func fmtFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "∞"
	}
	return param.FormatFloat(f)
}

// duration reads a duration string in [lo, hi].
func (n *node) duration(key string, def sim.Time, required bool, lo, hi sim.Time) sim.Time {
	v, ok := n.get(key)
	if !ok {
		if required {
			n.problem(key, nil, "missing (required; a duration such as \"30m\")")
		}
		return def
	}
	ip, dp := n.paths(key)
	t, good := n.d.durationValue(ip, dp, v)
	if !good {
		return def
	}
	if t < lo || (hi > 0 && t > hi) {
		n.problem(key, v, "out of range (allowed: %s)", durRange(lo, hi))
		return def
	}
	return t
}

func durRange(lo, hi sim.Time) string {
	if hi <= 0 {
		return fmt.Sprintf(">= %v", lo)
	}
	return fmt.Sprintf("%v..%v", lo, hi)
}

func (d *decoder) durationValue(ip, dp string, v any) (sim.Time, bool) {
	s, ok := v.(string)
	if !ok {
		d.report(ip, dp, v, "must be a duration string such as \"250ms\", \"90s\", \"2h\"")
		return 0, false
	}
	t, err := sim.ParseDuration(s)
	if err != nil {
		d.report(ip, dp, v, "%v (allowed units: ns, us, ms, s, m, h, d)", err)
		return 0, false
	}
	return t, true
}

// table returns the sub-table key, or nil when absent (or not a table).
func (n *node) table(key string) *node {
	v, ok := n.get(key)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		n.problem(key, v, "must be a table")
		return nil
	}
	ip, dp := n.paths(key)
	n.d.ipaths[dp] = ip
	return &node{d: n.d, m: m, ipath: ip, dpath: dp, used: map[string]bool{}}
}

// tables returns the elements of the array of tables key. Each element's
// display path uses its name when it has a string one.
func (n *node) tables(key string) []*node {
	v, ok := n.get(key)
	if !ok {
		return nil
	}
	var elems []map[string]any
	switch x := v.(type) {
	case []map[string]any:
		elems = x
	case []any:
		for _, e := range x {
			m, isMap := e.(map[string]any)
			if !isMap {
				n.problem(key, nil, "must be an array of tables ([[%s]])", key)
				return nil
			}
			elems = append(elems, m)
		}
	case map[string]any:
		n.problem(key, nil, "a single table here (a [%s] or [%s.…] header with no [[%s]] before it); must be an array of tables: start each element with [[%s]]", key, key, key, key)
		return nil
	default:
		n.problem(key, v, "must be an array of tables ([[%s]])", key)
		return nil
	}
	out := make([]*node, len(elems))
	for i, m := range elems {
		ip := fmt.Sprintf("%s[%d]", join(n.ipath, key), i)
		label := strconv.Itoa(i)
		if name, ok := m["name"].(string); ok && name != "" {
			label = name
		}
		dp := fmt.Sprintf("%s[%s]", join(n.dpath, key), label)
		if _, dup := n.d.ipaths[dp]; !dup {
			n.d.ipaths[dp] = ip
		}
		out[i] = &node{d: n.d, m: m, ipath: ip, dpath: dp, used: map[string]bool{}}
	}
	return out
}

// show renders a value the way it would be written in TOML.
func show(v any) string {
	switch x := v.(type) {
	case string:
		return param.Quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return param.FormatFloat(x)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = show(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " = " + show(x[k])
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return fmt.Sprint(v)
}
