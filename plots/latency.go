package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// cdfPoints is the number of points of a latency CDF.
const cdfPoints = 400

// LatencyCDF draws the distribution of end-to-end latency of successful
// requests on a log axis, p50, p99 and p99.9 marked.
func LatencyCDF(runs []Run) *plot.Plot {
	p := newPlot("Latency distribution (successful requests)", "latency (ms, log scale)", "share of requests at or below")
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Y.Max = 1
	drawn := false
	for i, r := range runs {
		h := r.Result.Latency
		if h == nil || h.Count() == 0 {
			continue
		}
		xys := make(plotter.XYs, 0, cdfPoints)
		for k := range cdfPoints {
			q := float64(k) / float64(cdfPoints-1) * 0.9999
			v := h.Quantile(q).Millis()
			if v > 0 {
				xys = append(xys, plotter.XY{X: v, Y: q})
			}
		}
		line, err := plotter.NewLine(xys)
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
			v := h.Quantile(m.q).Millis()
			sc, err := plotter.NewScatter(plotter.XYs{{X: math.Max(v, 1e-3), Y: m.q}})
			if err != nil {
				continue
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: plotutil.Color(i), Radius: vg.Points(3.5), Shape: shapes[k]}
			p.Add(sc)
			p.Legend.Add(prefix(r, fmt.Sprintf("%s %s ms", m.name, short(v))), sc)
		}
		drawn = true
	}
	if !drawn {
		return nil
	}
	p.Legend.Top, p.Legend.Left = false, false
	return p
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
