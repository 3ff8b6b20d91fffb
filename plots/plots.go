package plots

import (
	"fmt"
	"image/color"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/stampede-sim/stampede/models"
)

// Run is one labelled result to draw. Label may be empty for a single run.
type Run struct {
	Label    string
	Result   *models.Result
	Scenario *models.Scenario // for limits drawn as lines
}

// Size of every plot.
const (
	Width  = 8 * vg.Inch
	Height = 4 * vg.Inch
)

// Chart is a named plot, ready to render.
type Chart struct {
	Name  string // file stem: "requests", "latency_cdf", …
	Title string
	Plot  *plot.Plot
	// A time series' lines and axis label, for an interactive chart of
	// the same series; nil for the other plots.
	Lines  []Line
	YLabel string
}

// Line is a line of a time-series chart: minutes from the start and
// values, at the buckets' middles; a limit is two points, its level from
// the start to the end.
type Line struct {
	Label  string
	X, Y   []float64
	Max    []float64 // each bucket's highest value, an envelope above Y; nil: none
	Min    []float64 // each bucket's lowest, the envelope's floor; nil: Y
	Limit  bool
	Colour color.Color // the static plot's colour for it (a single run's)
}

// All draws every plot that has something to show, in report order.
func All(runs []Run) []Chart {
	var out []Chart
	add := func(name string, p *plot.Plot) {
		if p != nil {
			out = append(out, Chart{Name: name, Title: p.Title.Text, Plot: p})
		}
	}
	addTime := func(name string, sp *timeSpec) {
		if p := sp.plot(); p != nil {
			out = append(out, Chart{Name: name, Title: p.Title.Text, Plot: p, Lines: sp.export(), YLabel: sp.y})
		}
	}
	addTime("requests", requestsSpec(runs))
	addTime("concurrency", concurrencySpec(runs))
	add("latency_cdf", LatencyCDF(runs))
	addTime("latency_time", latencyOverTimeSpec(runs))
	addTime("cold_starts", coldStartsSpec(runs))
	add("latency_cdf_functions", LatencyCDFApart(runs, "function"))
	add("latency_cdf_workloads", LatencyCDFApart(runs, "workload"))
	add("cold_starts_functions", ColdStartsApart(runs))
	for _, name := range databaseNames(runs) {
		addTime("connections_"+name, connectionsSpec(runs, name))
		addTime("db_cpu_"+name, databaseCPUSpec(runs, name))
	}
	for _, name := range queueNames(runs) {
		addTime("queue_depth_"+name, queueDepthSpec(runs, name))
		addTime("queue_age_"+name, queueAgeSpec(runs, name))
		addTime("queue_esm_"+name, queueESMSpec(runs, name))
	}
	add("cost", Cost(runs))
	return out
}

// ChartOf names the chart (its Name) that shows bottleneck b's limit, or
// "" when no chart does.
func ChartOf(b models.Bottleneck) string {
	switch b.Kind {
	case "account_concurrency", "reserved_concurrency", "scaling_rate", "invocation_rate":
		return "concurrency"
	case "api_gateway_throttle":
		return "requests"
	case "connections", "proxy_borrow":
		return "connections_" + b.Name
	case "database_cpu":
		return "db_cpu_" + b.Name
	case "queue_backlog":
		return "queue_esm_" + b.Name
	}
	return ""
}

// Render draws c as "png" or "svg". A PNG has the pixels vgimg draws (as
// Plot.WriterTo's "png" would), written by encodePNG, several times faster
// than image/png's default. Charts may be rendered concurrently; each call
// draws c anew, so render one chart from one goroutine at a time.
func (c Chart) Render(format string) ([]byte, error) {
	switch format {
	case "png":
		return c.renderPNG()
	case "svg":
		b, err := renderSVG(c.Plot)
		if err != nil {
			return nil, fmt.Errorf("plot %s: %w", c.Name, err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("plot %s: format %q: allowed: png, svg", c.Name, format)
}

// renderPNG draws c on a fresh image canvas and encodes it with encodePNG.
func (c Chart) renderPNG() ([]byte, error) {
	cv := vgimg.New(Width, Height)
	drawPlot(c.Plot, draw.New(cv))
	b, err := encodePNG(cv.Image())
	if err != nil {
		return nil, fmt.Errorf("plot %s: %w", c.Name, err)
	}
	return b, nil
}

// newPlot starts a plot with the house style: title, labelled axes, a grid
// and the legend at the top left.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Add(plotter.NewGrid())
	p.Legend.Top, p.Legend.Left = true, true
	p.Y.Min = 0
	styled(p)
	return p
}

// series is one line: its legend label and points. With several runs it
// also knows its run (the index in the runs drawn), how many runs the plot
// draws, and what it shows (kind): colour then tells the runs apart and
// dashes the kinds.
type series struct {
	label string
	xys   plotter.XYs
	max   plotter.XYs // the bucket maxima, drawn as a band above xys (single runs); nil: none
	min   plotter.XYs // the bucket minima: the band then spans min to max; nil: from xys
	dash  bool
	run   int
	runs  int
	kind  string
}

// line is series name of run ri of runs.
func line(runs []Run, ri int, name string, xys plotter.XYs) series {
	return series{label: prefix(runs[ri], name), xys: xys, run: ri, runs: len(runs), kind: name}
}

// addLines adds lines; it reports whether any point is non-zero (a plot of
// only zeros has nothing to show). A single run's lines are coloured in
// order, its limits dashed. With several runs each run has its colour
// (its index, as in the latency and cost plots) and each kind of line its
// dashes; a limit every run has at the same level is drawn once, grey.
func addLines(p *plot.Plot, ls []series) bool {
	several := len(ls) > 0 && ls[0].runs > 1
	limitKey := func(l series) string { return l.kind + "@" + strconv.FormatFloat(l.xys[len(l.xys)-1].Y, 'g', -1, 64) }
	limits := map[string]int{} // runs with each limit
	if several {
		p.Legend.TextStyle.Font.Size = vg.Points(9)
		for _, l := range ls {
			if l.dash && len(l.xys) > 0 {
				limits[limitKey(l)]++
			}
		}
	}
	kinds := map[string]int{}
	drawn := map[string]bool{}
	shown := false
	if !several {
		shown = addBands(p, ls)
	}
	for i, l := range ls {
		line, err := plotter.NewLine(l.xys)
		if err != nil {
			continue // no points
		}
		line.Color = plotutil.Color(i)
		line.Width = vg.Points(1.2)
		if l.dash {
			line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		if several {
			line.Color = plotutil.Color(l.run)
			if l.dash {
				key := limitKey(l)
				if drawn[key] {
					continue
				}
				drawn[key] = true
				if limits[key] == l.runs {
					l.label, line.Color = l.kind, color.Gray{Y: 0x70}
				}
			} else {
				k, ok := kinds[l.kind]
				if !ok {
					k = len(kinds)
					kinds[l.kind] = k
				}
				line.Dashes = plotutil.Dashes(k)
			}
		}
		p.Add(line)
		p.Legend.Add(l.label, line)
		for _, pt := range l.xys {
			if pt.Y != 0 {
				shown = true
				break
			}
		}
	}
	return shown
}

// addBands draws each line's envelope, from its bucket means up to its
// bucket maxima, in its colour, behind every line; it reports whether a
// maximum is non-zero.
func addBands(p *plot.Plot, ls []series) bool {
	shown := false
	for i, l := range ls {
		if len(l.max) != len(l.xys) || len(l.max) == 0 {
			continue
		}
		pts := make(plotter.XYs, 0, 2*len(l.xys))
		if len(l.min) == len(l.xys) {
			pts = append(pts, l.min...)
		} else {
			pts = append(pts, l.xys...)
		}
		for k := len(l.max) - 1; k >= 0; k-- {
			pts = append(pts, l.max[k])
			shown = shown || l.max[k].Y != 0
		}
		band, err := plotter.NewPolygon(pts)
		if err != nil {
			continue
		}
		r, g, b, _ := plotutil.Color(i).RGBA()
		band.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x40}
		// Its edge too, thin: a burst of one interval is a pixel wide.
		band.LineStyle.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0xa0}
		band.LineStyle.Width = vg.Points(0.6)
		p.Add(band)
	}
	return shown
}

// withMax gives l its bucket maxima, as a band above it.
func withMax(l series, max plotter.XYs) series {
	l.max = max
	return l
}

// withEnvelope gives l its bucket minima and maxima, as a band around it.
func withEnvelope(l series, min, max plotter.XYs) series {
	l.min, l.max = min, max
	return l
}

// limitLine is a horizontal dashed line at y across the time axis of run
// ri of runs.
func limitLine(runs []Run, ri int, name string, y float64) series {
	end := runs[ri].Result.Summary.DurationS / 60
	l := line(runs, ri, name, plotter.XYs{{X: 0, Y: y}, {X: end, Y: y}})
	l.dash = true
	return l
}

// prefix joins a run's label to a series name.
func prefix(r Run, name string) string {
	if r.Label == "" {
		return name
	}
	return r.Label + ": " + name
}

// column turns a time-series column of run r into points (x in minutes),
// scaled; nil when the run does not have the column.
func column(r Run, ys []float64, scale float64) plotter.XYs {
	if ys == nil {
		return nil
	}
	s := r.Result.Series
	out := make(plotter.XYs, len(ys))
	for i := range ys {
		out[i] = plotter.XY{X: (s.TS[i] + s.WidthS/2) / 60, Y: ys[i] * scale}
	}
	return out
}

// value is run-wide metric path of r (with replications, its mean).
func value(r Run, path string) float64 { return valueOf(r, path, "") }

// valueOf is metric path of instance name (a function, database…) of r.
func valueOf(r Run, path, name string) float64 {
	e, _ := r.Result.Value(models.Key{Metric: models.MustMetric(path), Name: name})
	return e.Mean
}
