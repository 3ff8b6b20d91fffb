package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/stampede-sim/stampede/models/cost"
)

// Cost draws the monthly bill by line (cost.Lines, by label) as bars, one
// group per run; with replications, the means.
func Cost(runs []Run) *plot.Plot {
	p := newPlot("Cost per month by item (at the window's rate)", "", "USD per month")
	p.Legend.Left = false
	n := float64(len(runs))
	w := vg.Points(40) / vg.Length(n)
	drawn := false
	for i, r := range runs {
		total, monthly := value(r, "cost.total_usd"), value(r, "cost.monthly_usd")
		k := 0.0
		if total > 0 {
			k = monthly / total
		}
		var vals plotter.Values
		for l := range cost.NumLines {
			vals = append(vals, value(r, "cost.breakdown."+l.Key())*k)
		}
		bars, err := plotter.NewBarChart(vals, w)
		if err != nil {
			continue
		}
		bars.Color = plotutil.Color(i)
		bars.LineStyle.Width = 0
		bars.Offset = w * (vg.Length(i) - vg.Length(n-1)/2)
		p.Add(bars)
		if len(runs) > 1 {
			p.Legend.Add(prefix(r, "monthly"), bars)
		}
		drawn = drawn || total > 0
	}
	if !drawn {
		return nil
	}
	var labels []string
	for l := range cost.NumLines {
		labels = append(labels, l.Label())
	}
	p.NominalX(labels...)
	return p
}
