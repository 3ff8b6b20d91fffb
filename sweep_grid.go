package stampede

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/sim"
)

// MaxGridPoints is the most points a grid may have: a guard against a
// mistyped range (0:1e9:1) rather than a limit of the simulator.
const MaxGridPoints = 10000

// Vary is one varied key of a sweep: a scenario key path, as --set takes
// it, and the values it takes, in order, as --set text.
type Vary struct {
	Key    string   `json:"key"`
	Spec   string   `json:"spec"`   // as given after KEY=: "0:300:25", "512,1024"
	Values []string `json:"values"` // "0", "25", … ; "100ms", "200ms"; "true"; "python3.12"
}

// ParseVary parses one --vary: KEY=START:STOP:STEP or KEY=V1,V2,….
//
// A range takes numbers (integers or decimals: 0:300:25, 0.05:0.2:0.05) or
// durations (100ms:1s:100ms; a bare 0 is a duration too). It runs from
// START by STEP and includes STOP when STOP lands on a step; a descending
// range has a negative STEP (300:0:-25). Arithmetic is exact (0.1 + 0.2 is
// 0.3), and each value is written back as plain decimal or duration text. A
// STEP of 0, a STEP of the wrong sign and a range of more than
// MaxGridPoints values are errors.
//
// A list takes any values --set takes: numbers, durations, booleans,
// strings, even TOML arrays or inline tables (commas inside brackets,
// braces or quotes do not split). A value may not repeat. One value without
// a comma is a list of one; a value with a colon is read as a range, so
// quote a string that holds one ("a:b").
func ParseVary(spec string) (Vary, error) {
	key, val, ok := strings.Cut(spec, "=")
	key, val = strings.TrimSpace(key), strings.TrimSpace(val)
	bad := func(format string, a ...any) (Vary, error) {
		return Vary{}, fmt.Errorf("--vary %q: %s", spec, fmt.Sprintf(format, a...))
	}
	if !ok || key == "" {
		return bad("expected KEY=START:STOP:STEP or KEY=V1,V2,... (e.g. function.api.memory_mb=512:2048:512)")
	}
	for _, p := range strings.Split(key, ".") {
		if p == "" {
			return bad("empty part in key %q", key)
		}
	}
	if val == "" {
		return bad("no values after %s=", key)
	}
	v := Vary{Key: key, Spec: val}
	parts, err := splitTop(val, ',')
	if err != nil {
		return bad("%v", err)
	}
	if len(parts) == 1 {
		if r, err := splitTop(val, ':'); err == nil && len(r) > 1 {
			if len(r) != 3 {
				return bad("a range is START:STOP:STEP, three parts; got %d", len(r))
			}
			v.Values, err = rangeValues(r[0], r[1], r[2])
			if err != nil {
				return bad("%v", err)
			}
			return v, nil
		}
	}
	seen := map[string]bool{}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return bad("an empty value in the list")
		}
		if seen[p] {
			return bad("value %s is listed twice", p)
		}
		seen[p] = true
		v.Values = append(v.Values, p)
	}
	if len(v.Values) > MaxGridPoints {
		return bad("%d values; a grid has at most %d points", len(v.Values), MaxGridPoints)
	}
	return v, nil
}

// splitTop splits s at sep where sep is outside brackets, braces and
// quotes (TOML arrays, inline tables, strings).
func splitTop(s string, sep byte) ([]string, error) {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced %q", c)
			}
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote", quote)
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced brackets or braces")
	}
	return append(out, s[start:]), nil
}

var decimalRE = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// rangeValues lists START, START+STEP, … up to STOP.
func rangeValues(start, stop, step string) ([]string, error) {
	start, stop, step = strings.TrimSpace(start), strings.TrimSpace(stop), strings.TrimSpace(step)
	nums := decimalRE.MatchString(start) && decimalRE.MatchString(stop) && decimalRE.MatchString(step)
	if nums {
		return numberRange(start, stop, step)
	}
	return durationRange(start, stop, step)
}

func numberRange(start, stop, step string) ([]string, error) {
	var a, b, d big.Rat
	for _, x := range []struct {
		r *big.Rat
		s string
	}{{&a, start}, {&b, stop}, {&d, step}} {
		if _, ok := x.r.SetString(x.s); !ok {
			return nil, fmt.Errorf("%q is not a number", x.s)
		}
	}
	span := new(big.Rat).Sub(&b, &a)
	n, err := rangeCount(span.Sign(), d.Sign(), step, func() *big.Int {
		q := new(big.Rat).Quo(span, &d)
		return new(big.Int).Quo(q.Num(), q.Denom()) // q ≥ 0: truncation is floor
	})
	if err != nil {
		return nil, err
	}
	decimals := max(decimalsOf(&a), decimalsOf(&d))
	out := make([]string, n)
	x := new(big.Rat).Set(&a)
	for i := range out {
		out[i] = formatDecimal(x, decimals)
		x.Add(x, &d)
	}
	return out, nil
}

// rangeCount checks a range's direction and size, and counts its values:
// floor(span/step) + 1.
func rangeCount(spanSign, stepSign int, step string, quotient func() *big.Int) (int, error) {
	switch {
	case stepSign == 0:
		return 0, fmt.Errorf("STEP %s is zero: the range would never reach STOP", step)
	case spanSign > 0 && stepSign < 0:
		return 0, fmt.Errorf("STEP %s is negative but STOP is above START: use a positive STEP", step)
	case spanSign < 0 && stepSign > 0:
		return 0, fmt.Errorf("STEP %s is positive but STOP is below START: use a negative STEP for a descending range", step)
	}
	q := quotient()
	if !q.IsInt64() || q.Int64() >= MaxGridPoints {
		return 0, fmt.Errorf("the range has %s values; a grid has at most %d points (a larger STEP?)", new(big.Int).Add(q, big.NewInt(1)), MaxGridPoints)
	}
	return int(q.Int64()) + 1, nil
}

// decimalsOf is the number of decimals r needs (r has a finite decimal
// expansion: it was read from decimal text).
func decimalsOf(r *big.Rat) int {
	x := new(big.Rat).Set(r)
	ten := big.NewRat(10, 1)
	for d := 0; d < 400; d++ {
		if x.IsInt() {
			return d
		}
		x.Mul(x, ten)
	}
	return 400
}

// formatDecimal writes r with decimals digits after the point, trailing
// zeros dropped: 0.5, 1, 1.5.
func formatDecimal(r *big.Rat, decimals int) string {
	s := r.FloatString(decimals)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

func durationRange(start, stop, step string) ([]string, error) {
	parse := func(s string, signed bool) (sim.Time, error) {
		neg := signed && strings.HasPrefix(s, "-")
		if neg {
			s = s[1:]
		}
		t, err := sim.ParseDuration(s)
		if err != nil {
			return 0, fmt.Errorf("%q is neither a number nor a duration (START, STOP and STEP are all numbers, like 0:300:25, or all durations, like 100ms:1s:100ms)", s)
		}
		if neg {
			t = -t
		}
		return t, nil
	}
	a, err := parse(start, false)
	if err != nil {
		return nil, err
	}
	b, err := parse(stop, false)
	if err != nil {
		return nil, err
	}
	d, err := parse(step, true)
	if err != nil {
		return nil, err
	}
	n, err := rangeCount(sweepCmpTime(b, a), sweepCmpTime(d, 0), step, func() *big.Int {
		return big.NewInt(int64((b - a) / d))
	})
	if err != nil {
		return nil, err
	}
	out := make([]string, n)
	for i := range out {
		out[i] = (a + sim.Time(i)*d).String()
	}
	return out, nil
}

func sweepCmpTime(x, y sim.Time) int {
	switch {
	case x > y:
		return 1
	case x < y:
		return -1
	}
	return 0
}

// Grid is the product of a sweep's varied keys: point 0 takes every key's
// first value, and the last key varies fastest (the first --vary varies
// slowest).
type Grid struct {
	Vary []Vary
}

// NewGrid parses the --vary specs into a grid. A key may be varied once;
// the grid may have at most MaxGridPoints points.
func NewGrid(specs ...string) (*Grid, error) {
	if len(specs) == 0 {
		return nil, fmt.Errorf("no --vary: a sweep needs at least one varied key (--vary KEY=START:STOP:STEP or --vary KEY=V1,V2)")
	}
	g := &Grid{}
	n := 1
	seen := map[string]bool{}
	for _, s := range specs {
		v, err := ParseVary(s)
		if err != nil {
			return nil, err
		}
		if seen[v.Key] {
			return nil, fmt.Errorf("--vary %q: %s is varied twice; give all its values in one --vary", s, v.Key)
		}
		seen[v.Key] = true
		n *= len(v.Values)
		if n > MaxGridPoints {
			return nil, fmt.Errorf("--vary %q: the grid would have more than %d points", s, MaxGridPoints)
		}
		g.Vary = append(g.Vary, v)
	}
	return g, nil
}

// Len is the number of points.
func (g *Grid) Len() int {
	n := 1
	for _, v := range g.Vary {
		n *= len(v.Values)
	}
	return n
}

// Keys lists the varied keys, slowest first.
func (g *Grid) Keys() []string {
	out := make([]string, len(g.Vary))
	for i, v := range g.Vary {
		out[i] = v.Key
	}
	return out
}

// Point is one point of a grid: its index and the value of each varied key.
type Point struct {
	Index  int
	Keys   []string // the grid's keys, slowest first
	Values []string // Values[i] is Keys[i]'s value
	Coord  []int    // Coord[i] is the index of Values[i] among Keys[i]'s values
}

// Point returns point p (0 ≤ p < Len).
func (g *Grid) Point(p int) Point {
	pt := Point{Index: p, Keys: g.Keys(), Values: make([]string, len(g.Vary)), Coord: make([]int, len(g.Vary))}
	rest := p
	for i := len(g.Vary) - 1; i >= 0; i-- {
		n := len(g.Vary[i].Values)
		pt.Coord[i] = rest % n
		pt.Values[i] = g.Vary[i].Values[pt.Coord[i]]
		rest /= n
	}
	return pt
}

// Overrides are the point's values as --set overrides: KEY=VALUE.
func (p Point) Overrides() []string {
	out := make([]string, len(p.Keys))
	for i, k := range p.Keys {
		out[i] = k + "=" + p.Values[i]
	}
	return out
}

// String is the point's identity in words: "point 3 (function.api.memory_mb=2048)".
func (p Point) String() string {
	return "point " + strconv.Itoa(p.Index) + " (" + strings.Join(p.Overrides(), " ") + ")"
}
