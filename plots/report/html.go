package report

import (
	"bytes"
	_ "embed"
	"html/template"
	"strings"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots"
	"github.com/stampede-sim/stampede/plots/render"
)

//go:embed report.html.tmpl
var pageTemplate string

var page = template.Must(template.New("report").Parse(pageTemplate))

// kpi is a headline card: its label, its value, and with replications the
// 95% half-width ("± 1,445"), shown smaller under the value.
type kpi struct{ Label, Value, CI string }

type figure struct {
	Title string
	Src   template.URL
	ID    string // the figure's anchor: plot-NAME
	Live  string // the interactive chart's id (its data-chart), or ""
}

// verdictRow is a row of the verdict, its first cell linked to the plot
// that shows the limit (Href "" when none does).
type verdictRow struct {
	Cells []string
	Href  string
}

type verdict struct {
	Title  string
	Header []string
	Rows   []verdictRow
}

type pageData struct {
	Name, Description string
	Verdict           verdict
	Info              []string
	Partial           bool
	KPIs              []kpi
	Failures          render.Table
	Cost              []render.Table
	Tables            []render.Table
	Figures           []figure
	Interactive       *interactive // nil: no time series to draw
	TOML              string
}

// HTML is report.html: the lesson, headline numbers, failure causes, plots,
// cost and the resolved scenario, in one page with no external resource that
// makes no request: its time series are interactive (uPlot, embedded with the
// page's data and configuration, interactive.go), its static SVG plots the
// fallback without JavaScript and in print. Scenario text is escaped by
// html/template.
func HTML(r *models.Result, charts []Rendered, scenarioTOML []byte) ([]byte, error) {
	s := r.Summary
	d := pageData{
		Name: s.Scenario, Description: render.Description(s), Info: render.RunInfo(r), Partial: r.Partial(),
		KPIs: kpis(r), TOML: string(scenarioTOML),
	}
	drawn := map[string]bool{}
	for _, c := range charts {
		drawn[c.Name] = true
	}
	d.Verdict = verdictOf(r, drawn)
	for _, t := range render.Tables(r) {
		switch {
		case strings.HasPrefix(t.Title, render.VerdictTitle):
		case t.Title == "Failures by cause":
			d.Failures = t
		case strings.HasPrefix(t.Title, "Cost"), strings.HasPrefix(t.Title, "Always-on"):
			d.Cost = append(d.Cost, t)
		default:
			d.Tables = append(d.Tables, t)
		}
	}
	for _, c := range charts {
		f := figure{Title: c.Title, Src: template.URL(dataURI(c.SVG)), ID: "plot-" + c.Name}
		if len(c.Lines) > 0 {
			f.Live = c.Name
		}
		d.Figures = append(d.Figures, f)
	}
	d.Interactive = interactiveOf(charts)
	var b bytes.Buffer
	if err := page.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// verdictOf is the verdict table with each limit linked to the drawn
// chart that shows it.
func verdictOf(r *models.Result, drawn map[string]bool) verdict {
	t := render.Verdict(r)
	v := verdict{Title: t.Title, Header: t.Header}
	bs := r.Summary.Bottlenecks
	for i, cells := range t.Rows {
		row := verdictRow{Cells: cells}
		if i < len(bs) {
			if c := plots.ChartOf(bs[i]); drawn[c] {
				row.Href = "#plot-" + c
			}
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// kpis are the headline numbers: the registry's headline metrics in their
// order, one card per function, database or queue for theirs, each against
// its limit when it has one (peak connections / max_connections).
func kpis(r *models.Result) []kpi {
	var out []kpi
	for _, m := range models.Headlines() {
		for _, k := range m.Keys(r.Summary) {
			e, _ := r.Value(k)
			label, value := m.Label, render.Compact(m, e, r.Replicated())
			if k.Name != "" {
				label = k.Name + " " + label
			}
			if m.Limit != "" {
				lm := models.MustMetric(m.Limit)
				lim, _ := r.Value(models.Key{Metric: lm, Name: k.Name})
				value += " / " + render.Compact(lm, models.Estimate{Mean: lim.Mean}, false)
			}
			v, ci, _ := strings.Cut(value, " ± ")
			if ci != "" {
				ci = "± " + ci
			}
			out = append(out, kpi{label, v, ci})
		}
	}
	return out
}
