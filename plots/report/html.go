package report

import (
	"bytes"
	_ "embed"
	"html/template"
	"maps"
	"slices"
	"strings"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots/render"
)

//go:embed report.html.tmpl
var pageTemplate string

var page = template.Must(template.New("report").Parse(pageTemplate))

type kpi struct{ Label, Value string }

type figure struct {
	Title string
	Src   template.URL
}

type pageData struct {
	Name, Description string
	Info              []string
	Partial           bool
	KPIs              []kpi
	Failures          render.Table
	Cost              []render.Table
	Tables            []render.Table
	Figures           []figure
	TOML              string
}

// HTML is report.html: the lesson, headline numbers, failure causes, plots,
// cost and the resolved scenario, in one page with no external resource and
// no script. Scenario text is escaped by html/template.
func HTML(s *models.Summary, charts []Rendered, scenarioTOML []byte) ([]byte, error) {
	d := pageData{
		Name: s.Scenario, Description: s.Description, Info: render.RunInfo(s), Partial: s.Partial,
		KPIs: kpis(s), TOML: string(scenarioTOML),
	}
	for _, t := range render.Tables(s) {
		switch {
		case t.Title == "Failures by cause":
			d.Failures = t
		case strings.HasPrefix(t.Title, "Cost"), strings.HasPrefix(t.Title, "Always-on"):
			d.Cost = append(d.Cost, t)
		default:
			d.Tables = append(d.Tables, t)
		}
	}
	for _, c := range charts {
		d.Figures = append(d.Figures, figure{Title: c.Title, Src: template.URL(dataURI(c.SVG))})
	}
	var b bytes.Buffer
	if err := page.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// kpis are the headline numbers.
func kpis(s *models.Summary) []kpi {
	r := s.Requests
	out := []kpi{
		{"requests", render.Count(r.Total)},
		{"succeeded", render.Percent(ratio(r.Succeeded, r.Total))},
		{"failed", render.Count(r.Failed)},
		{"p50 latency", render.Millis(s.LatencyMS.P50) + " ms"},
		{"p99 latency", render.Millis(s.LatencyMS.P99) + " ms"},
		{"cold starts", render.Percent(s.ColdStarts.Fraction)},
		{"cost per month", render.USD(s.Cost.MonthlyUSD)},
	}
	peak := 0.0
	for _, f := range s.Functions {
		peak = max(peak, f.PeakConcurrency)
	}
	out = append(out, kpi{"peak concurrency", render.Count(peak)})
	for _, name := range slices.Sorted(maps.Keys(s.Databases)) {
		d := s.Databases[name]
		out = append(out, kpi{name + " peak connections", render.Count(d.PeakConnections) + " / " + render.Count(d.MaxConnections)})
	}
	for _, name := range slices.Sorted(maps.Keys(s.Queues)) {
		out = append(out, kpi{name + " oldest message", render.Millis(s.Queues[name].MaxAgeS) + " s"})
	}
	return out
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
