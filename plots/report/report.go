// Package report writes every artefact of a run into a directory:
// summary.json, summary.md (plots linked), timeseries.csv, latency.hgrm,
// the plots as PNG and SVG, and report.html, one self-contained page.
// Each file is written atomically.
package report

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots"
	"github.com/stampede-sim/stampede/plots/render"
)

// PlotDir is the plots' sub-directory.
const PlotDir = "plots"

// Rendered is a chart drawn in both formats.
type Rendered struct {
	Name, Title string
	PNG, SVG    []byte
	// A time series' lines and axis label (plots.Chart's), for the
	// report's interactive chart.
	Lines  []plots.Line
	YLabel string
}

// Draw renders every chart of run, in plots.All's order. The charts are
// independent, so they are drawn concurrently (at most GOMAXPROCS at a
// time), each by one goroutine in both formats; every result lands in its
// chart's slot, so the output does not depend on the scheduling. The first
// error in chart order is returned.
func Draw(run plots.Run) ([]Rendered, error) {
	charts := plots.All([]plots.Run{run})
	out := make([]Rendered, len(charts))
	errs := make([]error, len(charts))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(charts)) {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = drawChart(charts[i])
			}
		})
	}
	for i := range charts {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// drawChart draws c as PNG and as SVG.
func drawChart(c plots.Chart) (Rendered, error) {
	png, err := c.Render("png")
	if err != nil {
		return Rendered{}, err
	}
	svg, err := c.Render("svg")
	if err != nil {
		return Rendered{}, err
	}
	return Rendered{Name: c.Name, Title: c.Title, PNG: png, SVG: svg, Lines: c.Lines, YLabel: c.YLabel}, nil
}

// WriteAll writes every artefact of result r of scenario sc into dir
// (created if missing); resolved is the scenario as TOML with every default
// filled in, shown in the report.
func WriteAll(dir string, r *models.Result, sc *models.Scenario, resolved []byte) error {
	if err := os.MkdirAll(filepath.Join(dir, PlotDir), 0o755); err != nil {
		return err
	}
	charts, err := Draw(plots.Run{Result: r, Scenario: sc})
	if err != nil {
		return err
	}
	js, err := render.JSON(r)
	if err != nil {
		return err
	}
	hg, err := render.Hgrm(r)
	if err != nil {
		return err
	}
	html, err := HTML(r, charts, resolved)
	if err != nil {
		return err
	}
	var figures []render.Figure
	files := map[string][]byte{
		"summary.json":   js,
		"timeseries.csv": render.CSV(r.Series),
		"latency.hgrm":   hg,
		"report.html":    html,
	}
	for _, c := range charts {
		png := filepath.ToSlash(filepath.Join(PlotDir, c.Name+".png"))
		files[png] = c.PNG
		files[filepath.Join(PlotDir, c.Name+".svg")] = c.SVG
		figures = append(figures, render.Figure{Title: c.Title, Path: png})
	}
	files["summary.md"] = render.MarkdownDoc(r, figures, resolved)
	for name, data := range files {
		if err := render.WriteAtomic(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	return nil
}

// Artefacts are what WriteAll writes into a run's directory, plots/ being
// a folder of a PNG and an SVG per plot: for help texts and docs.
func Artefacts() []string {
	return []string{"summary.json", "summary.md", "timeseries.csv", "latency.hgrm", "report.html", PlotDir + "/"}
}

// dataURI embeds an SVG in an <img>: self-contained, and an image cannot
// run scripts whatever text the scenario put in the plot's labels.
func dataURI(svg []byte) string {
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg)
}
