package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots"
	"github.com/stampede-sim/stampede/plots/render"
)

// testSweepPage is a two-key sweep of 6 points with a name that holds markup.
func testSweepPage() SweepPage {
	s := plots.Sweep{Axes: []plots.SweepAxis{
		{Key: "function.api.memory_mb", Values: []string{"512", "1024"}},
		{Key: "function.api.provisioned_concurrency", Values: []string{"0", "50", "100"}},
	}}
	tbl := render.Table{Title: "Points", Header: []string{"point", "function.api.memory_mb", "function.api.provisioned_concurrency", "ok", "p99 latency"}}
	for p := range 6 {
		r, c := p/3, p%3
		p99 := 500 - 80*float64(r+c)
		s.Points = append(s.Points, plots.SweepPoint{Index: p, Coord: []int{r, c}, OK: p99 < 300, Picked: p == 4,
			Metrics: map[string]float64{"latency_ms.p99": p99, "cost.monthly_usd": 100 + 40*float64(r+2*c)}})
		tbl.Rows = append(tbl.Rows, []string{"x", "y", "z", "w", "v"})
	}
	a, _ := models.ParseAssertion("p99<300ms")
	s.Asserts = []models.Assertion{a}
	return SweepPage{
		Name: `sweep <script>alert("x")</script>`, Description: "a <b>test</b>", Info: []string{"6 points"},
		Outcome: []string{"2 of 6 points are ok.", "Cheapest ok point: point 4"}, Points: tbl, PickRow: 4, Sweep: s,
		Metrics: []models.Key{{Metric: models.MustMetric("latency_ms.p99")}, {Metric: models.MustMetric("cost.monthly_usd")}},
		TOML:    []byte("name = \"x\"\n"),
	}
}

// The sweep's report.html: its sections, the pick's row marked, one image
// per chart, nothing unescaped, no script, no external resource.
func TestSweepHTML(t *testing.T) {
	pg := testSweepPage()
	b, err := SweepHTML(pg)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	charts := plots.SweepCharts(pg.Sweep, pg.Metrics)
	if n := strings.Count(page, `<img src="data:image/svg&#43;xml;base64,`); n != len(charts) || n != 3 {
		t.Errorf("%d images for %d charts, want 3 (the frontier and two heat maps)", n, len(charts))
	}
	if n := strings.Count(page, `<tr class="picked">`); n != 1 {
		t.Errorf("%d rows marked picked", n)
	}
	for _, want := range []string{`id="pick"`, `id="points"`, `id="plots"`, `id="scenario"`, "Cheapest ok point: point 4", "sweep &lt;script&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "<b>test", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("report.html contains %q", bad)
		}
	}
}

// Opened in headless Chromium, every plot of the sweep's page has a size and
// the page has no script.
func TestSweepReportInBrowser(t *testing.T) {
	exe := browser(t)
	b, err := SweepHTML(testSweepPage())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.html")
	os.WriteFile(path, b, 0o644)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.Flag("headless", true), chromedp.DisableGPU)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	if _, err := chromedp.Run(ctx, chromedp.Navigate("file://"+path)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitReady("footer")); err != nil {
		t.Fatal(err)
	}
	sizes, err := chromedp.Run(ctx, chromedp.Evaluate[[][]float64](`Promise.all(Array.from(document.images).map(i => i.decode().then(() => i, () => i)))
		.then(imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight]))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	scripts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("script").length`))
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) != 3 {
		t.Errorf("%d images, want 3", len(sizes))
	}
	for i, s := range sizes {
		if len(s) != 2 || s[0] == 0 || s[1] == 0 {
			t.Errorf("image %d has no size: %v", i, s)
		}
	}
	if scripts != 0 {
		t.Errorf("%d script elements", scripts)
	}
}
