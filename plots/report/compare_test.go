package report

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/plots"
	"github.com/stampede-sim/stampede/plots/render"
)

// A comparison's report.html overlays the runs on every plot (one labelled
// series per scenario), with the cost bars side by side, and is one page
// with no script and no external reference, its text escaped.
func TestCompareHTML(t *testing.T) {
	direct, dsc := runBuiltin(t, "rds-exhaustion")
	queued, qsc := runBuiltin(t, "sqs-leveling")
	pg := ComparePage{
		Title:    "direct against queued",
		Verdicts: []string{`queued: removes <b>refusals</b>`},
		Tables:   []render.Table{{Title: "Values", Header: []string{"metric", "direct", "queued"}, Rows: [][]string{{"p99", "1", "2"}}}},
		Runs:     []plots.Run{{Label: "direct", Result: direct, Scenario: dsc}, {Label: "queued", Result: queued, Scenario: qsc}},
		Scenarios: []CompareScenario{
			{Label: "direct", Name: "rds-exhaustion", Report: "direct/report.html"},
			{Label: "queued", Name: "sqs-leveling", Report: "queued/report.html"},
		},
	}
	html, err := CompareHTML(pg)
	if err != nil {
		t.Fatal(err)
	}
	page := string(html)
	charts := plots.All(pg.Runs)
	if n := strings.Count(page, `<img src="data:image/svg&#43;xml;base64,`); n != len(charts) || n == 0 {
		t.Errorf("%d plots embedded, want %d", n, len(charts))
	}
	for _, want := range []string{"Requests per second by outcome", "Execution environments", "Database connections: orders",
		"Queue depth: orders-queue", "Latency distribution", "Cost per month", `href="queued/report.html"`,
		"&lt;b&gt;refusals&lt;/b&gt;", `id="verdict"`, `id="tables"`, "@media print"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "http://", "https://", "<b>refusals"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
}
