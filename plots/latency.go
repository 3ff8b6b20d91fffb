package plots

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/stampede-sim/stampede/sim/stats"
)

// cdfPoints is the number of points of a latency CDF.
const cdfPoints = 400

// LatencyCDF draws the distribution of end-to-end latency of successful
// requests on a log axis, p50, p99 and p99.9 marked.
func LatencyCDF(runs []Run) *plot.Plot {
	top := 0.0
	for _, r := range runs {
		if h := r.Result.Latency; h != nil && h.Count() > 0 {
			top = max(top, h.Quantile(0.9999).Millis())
		}
	}
	unit, per := latencyUnit(top)
	p := newPlot("Latency distribution (successful requests)", "latency ("+unit+", log scale)", "share of requests at or below")
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = humanTicks{plot.LogTicks{Prec: -1}}
	p.Y.Max = 1
	drawn := false
	for i, r := range runs {
		h := r.Result.Latency
		if h == nil || h.Count() == 0 {
			continue
		}
		line, err := plotter.NewLine(cdf(h, per))
		if err != nil {
			continue
		}
		line.Color = plotutil.Color(i)
		line.Width = vg.Points(1.2)
		p.Add(line)
		p.Legend.Add(prefix(r, "latency"), line)
		shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}}
		for k, m := range []struct {
			q    float64
			name string
		}{{0.50, "p50"}, {0.99, "p99"}, {0.999, "p99.9"}} {
			v := h.Quantile(m.q).Millis() / per
			sc, err := plotter.NewScatter(plotter.XYs{{X: math.Max(v, 1e-6), Y: m.q}})
			if err != nil {
				continue
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: plotutil.Color(i), Radius: vg.Points(3.5), Shape: shapes[k]}
			p.Add(sc)
			p.Legend.Add(prefix(r, fmt.Sprintf("%s %s %s", m.name, short(v), unit)), sc)
		}
		drawn = true
	}
	if !drawn {
		return nil
	}
	p.Legend.Top, p.Legend.Left = false, false
	return p
}

// cdf is h's distribution function as points (latency ÷ per, share), up to
// its 99.99th percentile.
func cdf(h *stats.Histogram, per float64) plotter.XYs {
	xys := make(plotter.XYs, 0, cdfPoints)
	for k := range cdfPoints {
		q := float64(k) / float64(cdfPoints-1) * 0.9999
		if v := h.Quantile(q).Millis() / per; v > 0 {
			xys = append(xys, plotter.XY{X: v, Y: q})
		}
	}
	return xys
}

// LatencyCDFApart draws one run's latency distribution per function (by
// "function") or per workload (by "workload"), each line labelled with its
// p99: how runtimes, or callers, differ. Nil unless the run kept them
// apart (models.Result.ByFunction: 2 to models.MaxApart of them) and has
// one run.
func LatencyCDFApart(runs []Run, by string) *plot.Plot {
	if len(runs) != 1 {
		return nil
	}
	r := runs[0]
	hs := r.Result.ByFunction
	if by == "workload" {
		hs = r.Result.ByWorkload
	}
	top := 0.0
	for _, h := range hs {
		if h.Count() > 0 {
			top = max(top, h.Quantile(0.9999).Millis())
		}
	}
	if top == 0 {
		return nil
	}
	unit, per := latencyUnit(top)
	p := newPlot("Latency distribution by "+by+" (successful requests)", "latency ("+unit+", log scale)", "share of requests at or below")
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = humanTicks{plot.LogTicks{Prec: -1}}
	p.Y.Max = 1
	for i, name := range slices.Sorted(maps.Keys(hs)) {
		h := hs[name]
		if h.Count() == 0 {
			continue
		}
		line, err := plotter.NewLine(cdf(h, per))
		if err != nil {
			continue
		}
		line.Color, line.Width = plotutil.Color(i), vg.Points(1.2)
		line.Dashes = plotutil.Dashes(i / len(plotutil.SoftColors)) // past the colours, dashes tell lines apart
		p.Add(line)
		label := name
		if by == "function" && r.Scenario != nil {
			for _, f := range r.Scenario.Functions {
				if f.Name == name && f.Runtime != "" {
					label += " (" + f.Runtime + ")"
				}
			}
		}
		p.Legend.Add(fmt.Sprintf("%s: p99 %s %s", label, short(h.Quantile(0.99).Millis()/per), unit), line)
	}
	return p
}

// latencyUnit is the unit latencies up to top ms are drawn in, and the
// milliseconds in one: seconds once they pass 10,000 ms, so that an axis
// reads 50 s rather than 50,000 ms.
func latencyUnit(top float64) (string, float64) {
	if top > 10_000 {
		return "s", 1000
	}
	return "ms", 1
}

// short formats a latency with 3 significant digits.
func short(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}
