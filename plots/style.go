package plots

import (
	"bytes"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/stampede-sim/stampede/plots/render"
)

// The house style: a sans-serif face (the report page's font stack, whose
// first members share Liberation Sans's metrics), tick labels as people
// write numbers, headroom above the data, and the legend outside the data
// in a column at the right.

// sans is the plots' face: Liberation Sans, which gonum ships.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// svgFonts is the font stack an SVG names instead of Liberation Sans
// alone, so that a machine without it draws a metric-compatible sans-serif
// face rather than the browser's default serif one.
const svgFonts = `font-family:Liberation Sans,Arimo,Arial,Helvetica,sans-serif`

// headroom is the space above the highest point: a peak is not drawn on
// the frame.
const headroom = 1.08

// styled gives p the house fonts and tick labels.
func styled(p *plot.Plot) {
	for _, s := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		s.Typeface, s.Variant = sans.Typeface, sans.Variant
	}
	p.X.Tick.Marker = humanTicks{plot.DefaultTicks{}}
	p.Y.Tick.Marker = humanTicks{plot.DefaultTicks{}}
}

// humanTicks labels another Ticker's ticks as people write numbers: no
// trailing zeros (50, not 50.00), thousands separated (12,000).
type humanTicks struct{ plot.Ticker }

func (h humanTicks) Ticks(min, max float64) []plot.Tick {
	ts := h.Ticker.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = number(ts[i].Value)
		}
	}
	return ts
}

// number writes v as the tables do: as few digits as it needs, four
// significant ones at most after a long fraction, thousands separated.
func number(v float64) string {
	if a := math.Abs(v); a > 0 && a < 1e-4 || a >= 1e15 {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	if s := strconv.FormatFloat(v, 'f', -1, 64); len(s) > 12 {
		v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	}
	return render.Commas(v, -1)
}

// drawPlot draws p on dc with its legend, if it has one, in a column of
// its own at the right, outside the data.
func drawPlot(p *plot.Plot, dc draw.Canvas) {
	if _, linear := p.Y.Scale.(plot.LinearScale); linear && p.Y.Max > 0 {
		top := p.Y.Max
		p.Y.Max *= headroom
		defer func() { p.Y.Max = top }() // a chart is drawn once per format
	}
	leg := p.Legend
	r := leg.Rectangle(dc)
	width := r.Max.X - r.Min.X
	if width <= 0 {
		p.Draw(dc)
		return
	}
	// The title across the whole width, as Plot.Draw would place it, so
	// that a long one is not cut by the legend's column.
	title := p.Title.Text
	if title != "" {
		descent := p.Title.TextStyle.FontExtents().Descent
		dc.FillText(p.Title.TextStyle, vg.Point{X: dc.Center().X, Y: dc.Max.Y + descent}, title)
		dc.Max.Y -= p.Title.TextStyle.Rectangle(title).Size().Y + p.Title.Padding
	}
	gap := vg.Points(8)
	p.Title.Text, p.Legend = "", plot.NewLegend() // drawn here instead
	p.Draw(draw.Crop(dc, 0, -(width + gap), 0, 0))
	p.Title.Text, p.Legend = title, leg
	out := leg
	out.Top, out.Left, out.XOffs, out.YOffs = true, true, 0, 0
	out.Draw(draw.Crop(dc, dc.Size().X-width, 0, 0, 0))
}

// renderSVG draws p as SVG in the house style.
func renderSVG(p *plot.Plot) ([]byte, error) {
	cv := vgsvg.New(Width, Height)
	drawPlot(p, draw.New(cv))
	var b bytes.Buffer
	if _, err := cv.WriteTo(&b); err != nil {
		return nil, err
	}
	return bytes.ReplaceAll(b.Bytes(), []byte("font-family:Liberation Sans"), []byte(svgFonts)), nil
}
