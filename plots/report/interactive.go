package report

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/plots"
)

// uPlot (uplot/README.md) and the page's configuration of it.
var (
	//go:embed uplot/uPlot.iife.min.js
	uplotJS string
	//go:embed uplot/uPlot.min.css
	uplotCSS string
	//go:embed charts.js
	chartsJS string
)

// interactive is what report.html embeds for its interactive charts: the
// time series of every chart that has them, as JSON, and the scripts that
// draw them. Values keep five significant digits (timeseries.csv has
// them in full), so a page stays a few hundred KB.
type interactive struct {
	Data     template.JS // {"charts": [{"id", "title", "y", "x": [...], "series": [{"label", "limit", "colour", "values", "max"?, "min"?}]}]}
	UPlot    template.JS
	Charts   template.JS
	UPlotCSS template.CSS
}

// interactiveOf prepares the charts' series; nil when no chart has any.
func interactiveOf(charts []Rendered) *interactive {
	var b strings.Builder
	b.WriteString(`{"charts":[`)
	n := 0
	for _, c := range charts {
		x := grid(c.Lines)
		if x == nil {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		b.WriteString(`{"id":` + jsonString(c.Name) + `,"title":` + jsonString(c.Title) + `,"y":` + jsonString(c.YLabel) + `,"x":`)
		numbers(&b, x)
		b.WriteString(`,"series":[`)
		for i, l := range c.Lines {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"label":` + jsonString(l.Label) + `,"limit":` + strconv.FormatBool(l.Limit) +
				`,"colour":"` + hexColour(l.Colour) + `","values":`)
			numbers(&b, onGrid(l, x))
			if len(l.Max) == len(x) {
				b.WriteString(`,"max":`)
				numbers(&b, l.Max)
			}
			if len(l.Min) == len(x) {
				b.WriteString(`,"min":`)
				numbers(&b, l.Min)
			}
			b.WriteByte('}')
		}
		b.WriteString("]}")
	}
	b.WriteString("]}")
	if n == 0 {
		return nil
	}
	// Every string went through json.Marshal, which escapes <, > and &, so
	// the data cannot close its script element.
	return &interactive{Data: template.JS(b.String()), UPlot: template.JS(uplotJS), Charts: template.JS(chartsJS),
		UPlotCSS: template.CSS(uplotCSS)}
}

// grid is the chart's x values: the first line that is not a limit's.
func grid(lines []plots.Line) []float64 {
	for _, l := range lines {
		if !l.Limit && len(l.X) > 0 {
			return l.X
		}
	}
	return nil
}

// onGrid is l's values at x: a limit's level everywhere, a line's own.
func onGrid(l plots.Line, x []float64) []float64 {
	if !l.Limit || len(l.Y) == 0 {
		return l.Y
	}
	out := make([]float64, len(x))
	for i := range out {
		out[i] = l.Y[0]
	}
	return out
}

// numbers writes xs as a JSON array of five significant digits, null for
// a value JSON cannot hold.
func numbers(b *strings.Builder, xs []float64) {
	b.WriteByte('[')
	for i, v := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			b.WriteString("null")
			continue
		}
		b.WriteString(strconv.FormatFloat(v, 'g', 5, 64))
	}
	b.WriteByte(']')
}

// hexColour is c as CSS writes it: #rrggbb.
func hexColour(c color.Color) string {
	if c == nil {
		return "#555555"
	}
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

func jsonString(s string) string {
	out, _ := json.Marshal(s) // a string always marshals
	return string(out)
}
