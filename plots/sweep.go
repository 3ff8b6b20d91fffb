package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/sim"
)

// SweepAxis is a varied key of a sweep and its values, in the grid's order.
type SweepAxis struct {
	Key    string
	Values []string // as --set text: "512", "100ms", "true"
}

// SweepPoint is one point of a sweep: where it is on the axes, whether it
// is ok (its assertions held) and picked, and its metrics by dotted path
// (with replications, the means).
type SweepPoint struct {
	Index   int
	Coord   []int // Coord[i]: the index of the point's value on Axes[i]
	OK      bool
	Picked  bool
	Metrics map[string]float64
}

// Sweep is what the sweep plots draw: the axes, the points run (a stopped
// sweep may miss some) and the assertions that decide ok.
type Sweep struct {
	Axes    []SweepAxis
	Points  []SweepPoint
	Asserts []models.Assertion
}

// The two metrics of the frontier.
const (
	frontierX = "latency_ms.p99"
	frontierY = "cost.monthly_usd"
)

// SweepCharts draws a sweep: first the frontier (cost against p99), then
// each metric of keys that differs between points against the varied keys:
// lines over the one key, a heat map over two, and with more, lines over
// each key, one line per combination of the others.
func SweepCharts(s Sweep, keys []models.Key) []Chart {
	var out []Chart
	add := func(name string, p *plot.Plot) {
		if p != nil {
			out = append(out, Chart{Name: name, Title: p.Title.Text, Plot: p})
		}
	}
	add("frontier", SweepFrontier(s))
	for _, k := range keys {
		if !varies(s, k.Path()) {
			continue
		}
		stem := fileStem(k.Path())
		switch len(s.Axes) {
		case 2:
			if p := SweepHeatMap(s, k); p != nil {
				out = append(out, Chart{Name: "heat_" + stem, Plot: p,
					Title: fmt.Sprintf("%s over %s and %s", keyLabel(k), s.Axes[0].Key, s.Axes[1].Key)})
			}
		default:
			for a := range s.Axes {
				name := "lines_" + stem
				if len(s.Axes) > 1 {
					name += "_by_" + fileStem(s.Axes[a].Key)
				}
				add(name, SweepLines(s, k, a))
			}
		}
	}
	return out
}

// varies reports whether metric path takes more than one value over the
// points: a metric the sweep does not move has nothing to show.
func varies(s Sweep, path string) bool {
	first, seen := 0.0, false
	for _, p := range s.Points {
		v, ok := p.Metrics[path]
		if !ok {
			continue
		}
		if seen && v != first {
			return true
		}
		first, seen = v, true
	}
	return false
}

func fileStem(path string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, path)
}

// axisScale places an axis's values on a plot's axis: numbers as they are,
// durations in milliseconds, anything else (booleans, names) at 0, 1, 2, …
// with the values as tick labels.
type axisScale struct {
	x       []float64
	unit    string // "ms" for durations
	nominal bool
}

func scaleOf(a SweepAxis) axisScale {
	xs := make([]float64, len(a.Values))
	numbers, durations := true, true
	for i, v := range a.Values {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			numbers = false
		}
		xs[i] = f
	}
	if numbers {
		return axisScale{x: xs}
	}
	for i, v := range a.Values {
		d, err := sim.ParseDuration(v)
		if err != nil {
			durations = false
			break
		}
		xs[i] = d.Millis()
	}
	if durations {
		return axisScale{x: xs, unit: "ms"}
	}
	for i := range xs {
		xs[i] = float64(i)
	}
	return axisScale{x: xs, nominal: true}
}

func (sc axisScale) label(key string) string {
	if sc.unit != "" {
		return key + " (" + sc.unit + ")"
	}
	return key
}

func (sc axisScale) apply(ax *plot.Axis, a SweepAxis) {
	if !sc.nominal {
		return
	}
	var ticks plot.ConstantTicks
	for i, v := range a.Values {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: v})
	}
	ax.Tick.Marker = ticks
	ax.Min, ax.Max = -0.5, float64(len(a.Values))-0.5
}

// metricScale turns a metric's value into what its plot's axis shows:
// ratios as percentages.
func metricScale(m *models.Metric) (float64, string) {
	switch m.Kind {
	case models.KindRatio:
		return 100, "%"
	case models.KindMoney:
		return 1, "USD"
	}
	return 1, m.Unit.String()
}

func keyLabel(k models.Key) string {
	if k.Name == "" {
		return k.Metric.Label
	}
	return k.Name + " " + k.Metric.Label
}

// limits are the bounds the assertions put on path, in the plot's scale.
func limits(s Sweep, path string, scale float64) []float64 {
	var out []float64
	for _, a := range s.Asserts {
		if a.Path == path && a.Op != "==" {
			out = append(out, a.Value*scale)
		}
	}
	return out
}

var (
	okGlyph     = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(3)}
	failGlyph   = draw.GlyphStyle{Shape: draw.CrossGlyph{}, Radius: vg.Points(3.5)}
	pickedGlyph = draw.GlyphStyle{Shape: draw.RingGlyph{}, Radius: vg.Points(7), Color: color.RGBA{R: 0xb4, G: 0x23, B: 0x2c, A: 0xff}}
	grey        = color.Gray{Y: 0x88}
)

// SweepLines draws metric k against axis a: one line per combination of
// the other axes' values, ok points as dots and the others as crosses, the
// pick ringed, and the assertions' bounds on k dashed.
func SweepLines(s Sweep, k models.Key, a int) *plot.Plot {
	axis := s.Axes[a]
	sc := scaleOf(axis)
	scale, unit := metricScale(k.Metric)
	title := keyLabel(k) + " against " + axis.Key
	p := newPlot(title, sc.label(axis.Key), keyLabel(k)+" ("+unit+")")
	sc.apply(&p.X, axis)
	type group struct {
		label string
		pts   []SweepPoint
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, pt := range s.Points {
		if _, ok := pt.Metrics[k.Path()]; !ok {
			continue
		}
		var parts []string
		for i, c := range pt.Coord {
			if i != a {
				parts = append(parts, s.Axes[i].Key+"="+s.Axes[i].Values[c])
			}
		}
		id := strings.Join(parts, ", ")
		g := byKey[id]
		if g == nil {
			g = &group{label: id}
			byKey[id] = g
			groups = append(groups, g)
		}
		g.pts = append(g.pts, pt)
	}
	if len(groups) == 0 {
		return nil
	}
	var ok, fail, picked plotter.XYs
	for gi, g := range groups {
		slices.SortFunc(g.pts, func(x, y SweepPoint) int { return x.Coord[a] - y.Coord[a] })
		xys := make(plotter.XYs, len(g.pts))
		for i, pt := range g.pts {
			xys[i] = plotter.XY{X: sc.x[pt.Coord[a]], Y: pt.Metrics[k.Path()] * scale}
			switch {
			case pt.OK:
				ok = append(ok, xys[i])
			default:
				fail = append(fail, xys[i])
			}
			if pt.Picked {
				picked = append(picked, xys[i])
			}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			continue
		}
		line.Color = plotutil.Color(gi)
		line.Width = vg.Points(1.2)
		p.Add(line)
		if len(groups) > 1 && gi < 12 {
			p.Legend.Add(g.label, line)
		}
	}
	// The legend goes where the data is low: top right when the first
	// line falls, top left when it rises.
	if first := groups[0].pts; len(first) > 1 {
		p.Legend.Left = first[0].Metrics[k.Path()] <= first[len(first)-1].Metrics[k.Path()]
	}
	addGlyphs(p, ok, fail, picked)
	for _, l := range limits(s, k.Path(), scale) {
		lo, hi := sc.x[0], sc.x[0]
		for _, x := range sc.x {
			lo, hi = min(lo, x), max(hi, x)
		}
		if sc.nominal {
			lo, hi = -0.5, float64(len(sc.x))-0.5
		}
		dashed(p, plotter.XYs{{X: lo, Y: l}, {X: hi, Y: l}}, "assertion bound")
	}
	return p
}

// addGlyphs marks ok points (dots), the others (grey crosses) and the pick
// (a red ring), the same in every plot; the report says so once rather than
// in legends that would hide data.
func addGlyphs(p *plot.Plot, ok, fail, picked plotter.XYs) {
	for _, g := range []struct {
		xys   plotter.XYs
		style draw.GlyphStyle
		label string
	}{{ok, okGlyph, "ok"}, {fail, failGlyph, "not ok"}, {picked, pickedGlyph, "picked"}} {
		if len(g.xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(g.xys)
		if err != nil {
			continue
		}
		sc.GlyphStyle = g.style
		if sc.GlyphStyle.Color == nil {
			sc.GlyphStyle.Color = color.Black
			if g.label == "not ok" {
				sc.GlyphStyle.Color = grey
			}
		}
		p.Add(sc)
	}
}

func dashed(p *plot.Plot, xys plotter.XYs, label string) {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return
	}
	l.Color = grey
	l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	p.Add(l)
	p.Legend.Add(label, l)
}

// sweepGrid is a metric over two axes, for a heat map: column c is the
// second axis's value c, row r the first's value r.
type sweepGrid struct {
	z          [][]float64 // [r][c]
	cols, rows int
}

func (g sweepGrid) Dims() (int, int)   { return g.cols, g.rows }
func (g sweepGrid) Z(c, r int) float64 { return g.z[r][c] }
func (g sweepGrid) X(c int) float64    { return float64(c) }
func (g sweepGrid) Y(r int) float64    { return float64(r) }

// SweepHeatMap draws metric k over a two-key sweep: the first key up, the
// second across, each cell coloured by the value and labelled with it
// (in brackets when the point is not ok), the pick ringed.
func SweepHeatMap(s Sweep, k models.Key) *plot.Plot {
	if len(s.Axes) != 2 {
		return nil
	}
	ya, xa := s.Axes[0], s.Axes[1]
	scale, unit := metricScale(k.Metric)
	g := sweepGrid{rows: len(ya.Values), cols: len(xa.Values)}
	g.z = make([][]float64, g.rows)
	for r := range g.z {
		g.z[r] = make([]float64, g.cols)
		for c := range g.z[r] {
			g.z[r][c] = math.NaN()
		}
	}
	var labels plotter.XYLabels
	var picked plotter.XYs
	n := 0
	for _, pt := range s.Points {
		v, ok := pt.Metrics[k.Path()]
		if !ok {
			continue
		}
		n++
		r, c := pt.Coord[0], pt.Coord[1]
		g.z[r][c] = v * scale
		text := compactNumber(v * scale)
		if unit == "%" {
			text += "%"
		}
		if !pt.OK && len(s.Asserts) > 0 {
			text = "[" + text + "]"
		}
		labels.XYs = append(labels.XYs, plotter.XY{X: float64(c), Y: float64(r)})
		labels.Labels = append(labels.Labels, text)
		if pt.Picked {
			picked = append(picked, plotter.XY{X: float64(c), Y: float64(r)})
		}
	}
	if n == 0 {
		return nil
	}
	p := newPlot(fmt.Sprintf("%s (%s)", keyLabel(k), unit), xa.Key, ya.Key)
	p.Y.Min = 0
	pal, err := brewer.GetPalette(brewer.TypeSequential, "YlOrRd", 9)
	if err != nil {
		return nil
	}
	h := plotter.NewHeatMap(g, pal)
	h.NaN = color.Gray{Y: 0xee}
	if h.Min == h.Max {
		h.Max = h.Min + 1
	}
	p.Add(h)
	for _, ax := range []struct {
		axis *plot.Axis
		a    SweepAxis
	}{{&p.X, xa}, {&p.Y, ya}} {
		var ticks plot.ConstantTicks
		for i, v := range ax.a.Values {
			ticks = append(ticks, plot.Tick{Value: float64(i), Label: v})
		}
		ax.axis.Tick.Marker = ticks
		ax.axis.Min, ax.axis.Max = -0.5, float64(len(ax.a.Values))-0.5
	}
	if cells := g.rows * g.cols; cells <= 400 {
		size := vg.Points(7)
		switch {
		case cells <= 25:
			size = vg.Points(10)
		case cells <= 100:
			size = vg.Points(8)
		}
		if l, err := plotter.NewLabels(labels); err == nil {
			for i, xy := range l.XYs {
				st := &l.TextStyle[i]
				st.XAlign, st.YAlign = -0.5, -0.5
				st.Font.Size = size
				// White on the darker third of the palette.
				if z := g.z[int(xy.Y)][int(xy.X)]; (z-h.Min)/(h.Max-h.Min) > 0.67 {
					st.Color = color.White
				}
			}
			p.Add(l)
		}
	}
	if len(picked) > 0 {
		if sc, err := plotter.NewScatter(picked); err == nil {
			sc.GlyphStyle = pickedGlyph
			sc.GlyphStyle.Radius = vg.Points(12)
			sc.GlyphStyle.Color = color.Black
			p.Add(sc)
		}
	}
	return p
}

// compactNumber writes v with three significant digits, or whole above 100.
func compactNumber(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1 || a == 0:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// SweepFrontier draws cost per month against p99 latency, one dot per ok
// point and a cross per other point, each labelled with its index; the
// pick ringed; the Pareto frontier (the points no other beats on both) as
// a dashed line; the assertions' bounds on either as grey lines. It is
// what a planner chooses from.
func SweepFrontier(s Sweep) *plot.Plot {
	type pt struct {
		x, y float64
		p    SweepPoint
	}
	var pts []pt
	for _, p := range s.Points {
		x, okx := p.Metrics[frontierX]
		y, oky := p.Metrics[frontierY]
		if okx && oky {
			pts = append(pts, pt{x, y, p})
		}
	}
	if len(pts) == 0 {
		return nil
	}
	p := newPlot("Cost per month against p99 latency: the frontier", "p99 latency (ms)", "USD per month")
	p.Legend.Left = false
	var ok, fail, picked plotter.XYs
	var labels plotter.XYLabels
	for _, q := range pts {
		xy := plotter.XY{X: q.x, Y: q.y}
		if q.p.OK {
			ok = append(ok, xy)
		} else {
			fail = append(fail, xy)
		}
		if q.p.Picked {
			picked = append(picked, xy)
		}
		labels.XYs = append(labels.XYs, xy)
		labels.Labels = append(labels.Labels, strconv.Itoa(q.p.Index))
	}
	// The Pareto frontier: by p99, then cost, each point cheaper than every
	// point before it.
	sorted := slices.Clone(pts)
	slices.SortStableFunc(sorted, func(a, b pt) int {
		switch {
		case a.x != b.x:
			return cmpFloat(a.x, b.x)
		}
		return cmpFloat(a.y, b.y)
	})
	var front plotter.XYs
	for _, q := range sorted {
		if len(front) == 0 || q.y < front[len(front)-1].Y {
			front = append(front, plotter.XY{X: q.x, Y: q.y})
		}
	}
	if len(front) > 1 {
		if l, err := plotter.NewLine(front); err == nil {
			l.Color = plotutil.Color(0)
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			l.StepStyle = plotter.PostStep
			p.Add(l)
			p.Legend.Add("frontier", l)
		}
	}
	addGlyphs(p, ok, fail, picked)
	if len(pts) <= 60 {
		if l, err := plotter.NewLabels(labels); err == nil {
			for i := range l.TextStyle {
				l.TextStyle[i].Font.Size = vg.Points(7)
			}
			l.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(3)}
			p.Add(l)
		}
	}
	xmin, xmax, ymax := pts[0].x, pts[0].x, pts[0].y
	for _, q := range pts {
		xmin, xmax, ymax = min(xmin, q.x), max(xmax, q.x), max(ymax, q.y)
	}
	for _, l := range limits(s, frontierX, 1) {
		dashed(p, plotter.XYs{{X: l, Y: 0}, {X: l, Y: ymax}}, "p99 bound")
	}
	for _, l := range limits(s, frontierY, 1) {
		dashed(p, plotter.XYs{{X: xmin, Y: l}, {X: xmax, Y: l}}, "cost bound")
	}
	return p
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
