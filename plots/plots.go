package plots

import (
	"bytes"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

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
}

// All draws every plot that has something to show, in report order.
func All(runs []Run) []Chart {
	var out []Chart
	add := func(name string, p *plot.Plot) {
		if p != nil {
			out = append(out, Chart{Name: name, Title: p.Title.Text, Plot: p})
		}
	}
	add("requests", Requests(runs))
	add("concurrency", Concurrency(runs))
	add("latency_cdf", LatencyCDF(runs))
	add("latency_time", LatencyOverTime(runs))
	add("cold_starts", ColdStarts(runs))
	for _, name := range databaseNames(runs) {
		add("connections_"+name, Connections(runs, name))
	}
	for _, name := range queueNames(runs) {
		add("queue_depth_"+name, QueueDepth(runs, name))
		add("queue_age_"+name, QueueAge(runs, name))
	}
	add("cost", Cost(runs))
	return out
}

// Render draws c as "png" or "svg".
func (c Chart) Render(format string) ([]byte, error) {
	w, err := c.Plot.WriterTo(Width, Height, format)
	if err != nil {
		return nil, fmt.Errorf("plot %s: %w", c.Name, err)
	}
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("plot %s: %w", c.Name, err)
	}
	return b.Bytes(), nil
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
	return p
}

// series is one line: its legend label and points.
type series struct {
	label string
	xys   plotter.XYs
	dash  bool
}

// addLines adds lines, coloured in order; it reports whether any point is
// non-zero (a plot of only zeros has nothing to show).
func addLines(p *plot.Plot, ls []series) bool {
	shown := false
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

// limitLine is a horizontal dashed line at y across run r's time axis.
func limitLine(label string, y float64, r Run) series {
	end := r.Result.Summary.DurationS / 60
	return series{label: label, xys: plotter.XYs{{X: 0, Y: y}, {X: end, Y: y}}, dash: true}
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
func value(r Run, path string) float64 {
	e, _ := r.Result.Value(models.Key{Metric: models.MustMetric(path)})
	return e.Mean
}
