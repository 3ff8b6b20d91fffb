package plots

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/plots/render"
)

// costBar is one bar group of the cost plot: an item of the bill, or an
// always-on fleet's monthly cost beside the Lambda side it would replace.
type costBar struct {
	label string
	value func(r Run) float64 // USD a month
}

// Cost draws the monthly bill by item (cost.Lines) as bars, one group per
// run (with replications, the means), each bar labelled with its value;
// items that cost nothing in every run are left out. With [[alternative]]
// fleets, the Lambda side they would replace (Lambda and API Gateway) and
// each fleet's month follow.
func Cost(runs []Run) *plot.Plot {
	bars := costBars(runs)
	if len(bars) == 0 {
		return nil
	}
	p := newPlot("Cost per month by item", "", "USD per month")
	if len(runs) == 1 {
		p.Title.Text += " (" + monthOf(runs[0]) + ")"
	}
	n := float64(len(runs))
	w := vg.Points(48) / vg.Length(n)
	for i, r := range runs {
		vals := make(plotter.Values, len(bars))
		for k, b := range bars {
			vals[k] = b.value(r)
		}
		bc, err := plotter.NewBarChart(vals, w)
		if err != nil {
			continue
		}
		bc.Color = plotutil.Color(i)
		bc.LineStyle.Width = 0
		bc.Offset = w * (vg.Length(i) - vg.Length(n-1)/2)
		p.Add(bc)
		if len(runs) > 1 {
			p.Legend.Add(prefix(r, "monthly"), bc)
		}
		p.Add(barValues(vals, float64(i)-(n-1)/2, w, dollarLabel))
	}
	var labels []string
	for _, b := range bars {
		labels = append(labels, b.label)
	}
	p.NominalX(labels...)
	return p
}

// costBars are the bar groups worth drawing: the bill's items that cost
// something in some run, then the fleets.
func costBars(runs []Run) []costBar {
	var out []costBar
	for l := range cost.NumLines {
		b := costBar{l.Label(), func(r Run) float64 {
			return value(r, "cost.breakdown."+l.Key()) * value(r, "cost.windows_per_month")
		}}
		if slices.ContainsFunc(runs, func(r Run) bool { return b.value(r) > 0 }) {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil
	}
	var fleets []string
	for _, r := range runs {
		for name := range r.Result.Summary.Cost.Alternatives {
			if !slices.Contains(fleets, name) {
				fleets = append(fleets, name)
			}
		}
	}
	slices.Sort(fleets)
	if len(fleets) > 0 {
		first := fleets[0] // every fleet replaces the same Lambda side
		out = append(out, costBar{"Lambda + API GW", func(r Run) float64 {
			return valueOf(r, "cost.alternatives.*.lambda_monthly_usd", first)
		}})
	}
	for _, name := range fleets {
		out = append(out, costBar{"fleet " + name, func(r Run) float64 {
			return valueOf(r, "cost.alternatives.*.monthly_usd", name)
		}})
	}
	return out
}

// monthOf says in a few words what a month is for r's bill.
func monthOf(r Run) string {
	b := r.Result.Summary.Cost.MonthBasis
	if strings.HasPrefix(b, "a month is this window repeated") {
		return "the window repeated for a month"
	}
	return number(value(r, "cost.windows_per_month")) + " windows a month, without the baseline"
}

// barValues labels each bar of a group (offset off bar widths w from the
// category) with its value, written by label, above the bar; a zero bar
// gets none.
func barValues(vals plotter.Values, off float64, w vg.Length, label func(float64) string) *plotter.Labels {
	xys := plotter.XYLabels{}
	for k, v := range vals {
		if v <= 0 {
			continue
		}
		xys.XYs = append(xys.XYs, plotter.XY{X: float64(k), Y: v})
		xys.Labels = append(xys.Labels, label(v))
	}
	l, err := plotter.NewLabels(xys)
	if err != nil {
		return &plotter.Labels{}
	}
	for i := range l.TextStyle {
		l.TextStyle[i].XAlign, l.TextStyle[i].YAlign = draw.XCenter, draw.YBottom
		l.TextStyle[i].Font.Typeface, l.TextStyle[i].Font.Variant = sans.Typeface, sans.Variant
		l.TextStyle[i].Font.Size = vg.Points(8)
	}
	l.Offset = vg.Point{X: vg.Length(off) * w, Y: vg.Points(2)}
	return l
}

// dollarLabel writes a bar's dollars: cents below $100, whole above.
func dollarLabel(v float64) string {
	if v >= 100 {
		return "$" + number(float64(int64(v+0.5)))
	}
	return "$" + number(float64(int64(v*100+0.5))/100)
}

// msLabel writes a bar's milliseconds with three significant digits.
func msLabel(v float64) string { return short(v) + " ms" }

// ColdStartsApart draws one run's cold starts per function: the init
// time's p50 and p99 as bars, labelled with their values, and each
// function's cold-start share under its name, so that runtimes compare at
// a glance. Nil unless the run has 2 to models.MaxApart functions with a
// cold start.
func ColdStartsApart(runs []Run) *plot.Plot {
	if len(runs) != 1 {
		return nil
	}
	r := runs[0]
	fs := r.Result.Summary.Functions
	if len(fs) < 2 || len(fs) > models.MaxApart {
		return nil
	}
	names := slices.Sorted(maps.Keys(fs))
	var p50, p99 plotter.Values
	var labels []string
	some := false
	for _, name := range names {
		p50 = append(p50, valueOf(r, "functions.*.cold_start_ms.p50", name))
		p99 = append(p99, valueOf(r, "functions.*.cold_start_ms.p99", name))
		some = some || p99[len(p99)-1] > 0
		label := name
		if r.Scenario != nil {
			for _, f := range r.Scenario.Functions {
				if f.Name == name && f.Runtime != "" {
					label = f.Runtime
				}
			}
		}
		labels = append(labels, fmt.Sprintf("%s\n%s cold", label, render.Commas(100*valueOf(r, "functions.*.cold_start_fraction", name), 2)+"%"))
	}
	if !some {
		return nil
	}
	p := newPlot("Cold starts by function: init time", "", "init time (ms)")
	w := vg.Points(24)
	for i, vals := range []plotter.Values{p50, p99} {
		bc, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return nil
		}
		bc.Color, bc.LineStyle.Width = plotutil.Color(i), 0
		off := float64(i) - 0.5
		bc.Offset = vg.Length(off) * w
		p.Add(bc, barValues(vals, off, w, msLabel))
		p.Legend.Add([]string{"init p50", "init p99"}[i], bc)
	}
	p.NominalX(labels...)
	return p
}
