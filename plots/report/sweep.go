package report

import (
	"bytes"
	_ "embed"
	"html/template"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots"
	"github.com/stampede-sim/stampede/plots/render"
)

//go:embed sweep.html.tmpl
var sweepTemplate string

var sweepPage = template.Must(template.New("sweep").Parse(sweepTemplate))

// SweepPage is what a sweep's report.html shows.
type SweepPage struct {
	Name, Description string
	Info              []string // lines under the title: the grid, replications, assertions
	Partial           bool
	Outcome           []string     // how many points are ok; the pick
	Points            render.Table // one row per point
	PickRow           int          // the picked point's row in Points; -1: none
	Sweep             plots.Sweep  // what the plots draw
	Metrics           []models.Key // the metrics drawn against the varied keys
	TOML              []byte       // the base scenario, resolved
}

type sweepData struct {
	SweepPage
	Figures []figure
	TOML    string
}

// SweepHTML is a sweep's report.html: the outcome (ok points, the pick), a
// table of the points, the frontier (cost against p99 with the ok points
// marked) and each metric against the varied keys, and the base scenario;
// one page with no external resource and no script, like a run's.
func SweepHTML(pg SweepPage) ([]byte, error) {
	d := sweepData{SweepPage: pg, TOML: string(pg.TOML)}
	for _, c := range plots.SweepCharts(pg.Sweep, pg.Metrics) {
		svg, err := c.Render("svg")
		if err != nil {
			return nil, err
		}
		d.Figures = append(d.Figures, figure{Title: c.Title, Src: template.URL(dataURI(svg))})
	}
	var b bytes.Buffer
	if err := sweepPage.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
