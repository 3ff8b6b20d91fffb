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
	"github.com/chromedp/cdproto/log"
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
	sizes, err := chromedp.Run(tctx, chromedp.Evaluate[[][]float64](`Promise.all(Array.from(document.images).map(i => i.decode().then(() => i, () => i)))
		.then(imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width, i.getBoundingClientRect().height]))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(tctx, chromedp.Text("h1"))
	if err != nil {
		t.Fatal(err)
	}
	scripts, err := chromedp.Run(tctx, chromedp.Evaluate[int](`document.querySelectorAll("script").length`))
	if err != nil {
		t.Fatal(err)
	}
	// The verdict comes first, and each limit links to a figure on the
	// page: [first section's id, [link, the target's tag]...].
	verdict, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`[document.querySelector("main > section").id].concat(
		Array.from(document.querySelectorAll("#verdict a")).flatMap(a => [a.getAttribute("href"),
			(document.querySelector(a.getAttribute("href")) || {tagName: "none"}).tagName]))`))
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
	if scripts != 0 {
		t.Errorf("%d script elements: the scenario name was not escaped", scripts)
	}
}
