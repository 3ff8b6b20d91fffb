package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots"
	"github.com/stampede-sim/stampede/scenarios"
)

// browser finds a Chromium; in CI (.ci/run installs Debian's chromium) its
// absence is a failure, elsewhere a skip.
func browser(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium found: .ci/run installs Debian's chromium package")
	}
	t.Skip("no Chromium found (apt-get install chromium)")
	return ""
}

// report.html opened from disk in headless Chromium renders with no console
// error or exception, every plot image has a size, and a scenario name with
// markup appears as text, not as a script.
func TestReportInBrowser(t *testing.T) {
	exe := browser(t)
	const name = `rds <script>alert("x")</script> & co`
	sc, err := scenarios.Load("rds-exhaustion", []string{"name=" + name, "duration=6m"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := models.RunScenario(sc, 1, models.RunOptions{Buckets: 60})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := WriteAll(dir, res, sc, scenarios.TOML(sc)); err != nil {
		t.Fatal(err)
	}
	charts, _ := Draw(plots.Run{Result: res, Scenario: sc})

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.Flag("headless", true), chromedp.DisableGPU)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	err = chromedp.Listen(ctx, func(ev any) { // starts the browser
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, "console "+string(e.Type))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				problems = append(problems, "log: "+e.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			if u := e.Request.URL; !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") {
				problems = append(problems, "a request left the file: "+u)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	tctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	enable := func(c cdp.Command[cdp.Empty, cdp.Empty]) chromedp.Action[cdp.Empty] {
		return func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
			return cdp.Call(ctx, tg, c, cdp.Empty{})
		}
	}
	netEnable := func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
		return cdp.Call(ctx, tg, network.Enable, network.EnableParams{})
	}
	if _, err := chromedp.Run(tctx, netEnable); err != nil {
		t.Fatal(err)
	}
	for _, c := range []cdp.Command[cdp.Empty, cdp.Empty]{runtime.Enable, log.Enable} {
		if _, err := chromedp.Run(tctx, enable(c)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.Run(tctx, chromedp.Navigate("file://"+filepath.Join(dir, "report.html"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tctx, chromedp.WaitReady("footer")); err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(tctx, chromedp.Text("h1"))
	if err != nil {
		t.Fatal(err)
	}
	// The page's own scripts: the series, uPlot and its configuration;
	// the scenario's name must not have added one.
	scripts, err := chromedp.Run(tctx, chromedp.Evaluate[int](`document.querySelectorAll("script").length`))
	if err != nil {
		t.Fatal(err)
	}
	// Interactive charts: one per time-series figure, drawn (a canvas with
	// a size): [charts, figures with a chart host, canvases with a size,
	// the first chart's x range, and its plotting area's left, top, width
	// and height in the viewport].
	live, err := chromedp.Run(tctx, chromedp.Evaluate[[]float64](`(() => {
		const cs = window.stampedeCharts || [];
		const hosts = document.querySelectorAll("[data-chart]").length;
		const drawn = Array.from(document.querySelectorAll(".chart canvas")).filter(c => c.width > 0 && c.height > 0).length;
		if (cs.length == 0) return [0, hosts, drawn, 0, 0, 0, 0, 0];
		const u = cs[0].plot;
		u.over.scrollIntoView({block: "center"});
		const r = u.over.getBoundingClientRect();
		return [cs.length, hosts, drawn, u.scales.x.max - u.scales.x.min, r.left, r.top, r.width, r.height];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	// A drag with the mouse across a fifth of the first chart zooms in.
	var zoomed float64
	if len(live) == 8 && live[0] > 0 {
		x0, x1, y := live[4]+0.2*live[6], live[4]+0.4*live[6], live[5]+live[7]/2
		moves := []struct {
			typ  input.DispatchMouseEventType
			x    float64
			opts []chromedp.MouseOption
		}{
			{input.DispatchMouseEventTypeMouseMoved, x0, nil},
			{input.DispatchMouseEventTypeMousePressed, x0, []chromedp.MouseOption{chromedp.ButtonLeft, chromedp.ClickCount(1)}},
			{input.DispatchMouseEventTypeMouseMoved, (x0 + x1) / 2, []chromedp.MouseOption{chromedp.ButtonLeft}},
			{input.DispatchMouseEventTypeMouseMoved, x1, []chromedp.MouseOption{chromedp.ButtonLeft}},
			{input.DispatchMouseEventTypeMouseReleased, x1, []chromedp.MouseOption{chromedp.ButtonLeft, chromedp.ClickCount(1)}},
		}
		for _, m := range moves {
			if _, err := chromedp.Run(tctx, chromedp.MouseEvent(m.typ, m.x, y, m.opts...)); err != nil {
				t.Fatal(err)
			}
		}
		zoomed, err = chromedp.Run(tctx, chromedp.Evaluate[float64](`(u => u.scales.x.max - u.scales.x.min)(window.stampedeCharts[0].plot)`))
		if err != nil {
			t.Fatal(err)
		}
	}
	// The verdict comes first, and each limit links to a figure on the
	// page: [first section's id, [link, the target's tag]...].
	verdict, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`[document.querySelector("main > section").id].concat(
		Array.from(document.querySelectorAll("#verdict a")).flatMap(a => [a.getAttribute("href"),
			(document.querySelector(a.getAttribute("href")) || {tagName: "none"}).tagName]))`))
	if err != nil {
		t.Fatal(err)
	}
	// On a phone (390 px): nothing wider than the page, and the static
	// plots at three quarters of their natural width or more, so that
	// their text stays at 10 px or more: [page width, the narrowest
	// visible plot's share of its natural width].
	metrics := func(width int64, mobile bool) chromedp.Action[cdp.Empty] {
		return func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
			return cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride,
				emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 844, DeviceScaleFactor: 1, Mobile: mobile})
		}
	}
	if _, err := chromedp.Run(tctx, metrics(390, true)); err != nil {
		t.Fatal(err)
	}
	phone, err := chromedp.Run(tctx, chromedp.Evaluate[[]float64](`[document.documentElement.scrollWidth,
		Math.min(...Array.from(document.querySelectorAll("figure img")).map(i => i.getBoundingClientRect().width)
			.filter(w => w > 0).map(w => w / 768))]`))
	if err != nil {
		t.Fatal(err)
	}
	// In print, on a page 680 px wide (A4 or Letter less margins), every
	// column of every table shows: [page width, tables wider than the
	// page or clipped by their box].
	printMedia := func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
		return cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	}
	if _, err := chromedp.Run(tctx, metrics(680, false)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tctx, printMedia); err != nil {
		t.Fatal(err)
	}
	printed, err := chromedp.Run(tctx, chromedp.Evaluate[[]float64](`[document.documentElement.scrollWidth,
		Array.from(document.querySelectorAll("table")).filter(t => t.getBoundingClientRect().right > 680.5 ||
			t.scrollWidth > t.parentElement.clientWidth + 0.5).length]`))
	if err != nil {
		t.Fatal(err)
	}
	// And in print the static plots show, every one with a size, and no
	// interactive chart: [natural width, height, laid-out width, height].
	sizes, err := chromedp.Run(tctx, chromedp.Evaluate[[][]float64](`Promise.all(Array.from(document.images).map(i => i.decode().then(() => i, () => i)))
		.then(imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width, i.getBoundingClientRect().height]))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	printedCharts, err := chromedp.Run(tctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll(".chart")).filter(c => c.getBoundingClientRect().height > 0).length`))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the page reported problems: %s", strings.Join(problems, "; "))
	}
	if len(sizes) != len(charts) || len(sizes) == 0 {
		t.Errorf("%d images on the page, want the %d plots", len(sizes), len(charts))
	}
	if len(phone) != 2 || phone[0] > 390 || phone[1] < 0.75 {
		t.Errorf("at 390 px: page %g px wide, the smallest plot at %g of its natural width; want ≤ 390 px and ≥ 0.75", phone[0], phone[1])
	}
	if len(printed) != 2 || printed[0] > 680 || printed[1] != 0 {
		t.Errorf("printed 680 px wide: page %g px, %g tables cut; want every column on the page", printed[0], printed[1])
	}
	if printedCharts != 0 {
		t.Errorf("%d interactive charts in print, want the static plots only", printedCharts)
	}
	for i, s := range sizes {
		if len(s) != 4 || s[0] == 0 || s[1] == 0 || s[2] == 0 || s[3] == 0 {
			t.Errorf("image %d has no size: natural %v", i, s)
		}
	}
	if heading != name {
		t.Errorf("heading %q, want the scenario name as text %q", heading, name)
	}
	// rds-exhaustion's 6 minutes: the database's connections, then the
	// account's concurrency.
	want := []string{"verdict", "#plot-connections_orders", "FIGURE", "#plot-concurrency", "FIGURE"}
	if strings.Join(verdict, " ") != strings.Join(want, " ") {
		t.Errorf("verdict section and links %v, want %v", verdict, want)
	}
	if scripts != 3 {
		t.Errorf("%d script elements, want the page's 3: the scenario name was not escaped", scripts)
	}
	timeSeries := 0
	for _, c := range charts {
		if len(c.Lines) > 0 {
			timeSeries++
		}
	}
	if len(live) != 8 || live[0] != float64(timeSeries) || live[1] != float64(timeSeries) || live[2] < float64(timeSeries) {
		t.Errorf("interactive charts [charts, hosts, drawn canvases, …] = %v, want %d of each", live, timeSeries)
	} else if !(zoomed > 0 && zoomed < live[3]/2) {
		t.Errorf("a drag across a fifth of the chart left its x range at %g of %g: no zoom", zoomed, live[3])
	}
}
