package report

import (
	"bytes"
	_ "embed"
	"html/template"

	"github.com/stampede-sim/stampede/plots"
	"github.com/stampede-sim/stampede/plots/render"
)

//go:embed compare.html.tmpl
var compareTemplate string

var comparePage = template.Must(template.New("compare").Parse(compareTemplate))

// ComparePage is what a comparison's report.html shows.
type ComparePage struct {
	Title   string
	Info    []string // lines under the title: seed, duration, replications
	Partial bool
	// What limited each run, one line per scenario, under LimitsTitle.
	LimitsTitle string
	Limits      []string
	Verdicts    []string       // one sentence per run against the baseline
	Tables      []render.Table // the values, the differences
	Runs        []plots.Run    // the runs, the baseline first: every plot overlays them
	Scenarios   []CompareScenario
}

// CompareScenario is one run's entry in the list of scenarios.
type CompareScenario struct {
	Label, Name, Description string
	Report                   string // relative link to the run's own report.html
	TOML                     string // the scenario as run, every default filled in
}

type compareData struct {
	ComparePage
	Figures []figure
}

// CompareHTML is a comparison's report.html: the verdicts, the tables of
// values and differences, every plot of a run with one labelled series per
// scenario (requests by outcome, concurrency, latency over time and its
// distribution, cold starts, database connections against max_connections,
// queue depth and age, the monthly bill as bars side by side), and the
// scenarios, each linked to its own report; one page with no external
// resource and no script, like a run's.
func CompareHTML(pg ComparePage) ([]byte, error) {
	d := compareData{ComparePage: pg}
	for _, c := range plots.All(pg.Runs) {
		svg, err := c.Render("svg")
		if err != nil {
			return nil, err
		}
		d.Figures = append(d.Figures, figure{Title: c.Title, Src: template.URL(dataURI(svg))})
	}
	var b bytes.Buffer
	if err := comparePage.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
