package report

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots"
	"github.com/stampede-sim/stampede/scenarios"
)

func runBuiltin(t *testing.T, name string, sets ...string) (*models.Result, *models.Scenario) {
	t.Helper()
	sc, err := scenarios.Load(name, append([]string{"duration=6m"}, sets...))
	if err != nil {
		t.Fatal(err)
	}
	res, err := models.RunScenario(sc, 1, models.RunOptions{Buckets: 60})
	if err != nil {
		t.Fatal(err)
	}
	return res, sc
}

// WriteAll writes every artefact; summary.md links every PNG it wrote, and
// report.html embeds every plot with no external reference and no script.
func TestWriteAll(t *testing.T) {
	res, sc := runBuiltin(t, "sqs-leveling", `description=Levels <b>spikes</b> & "waits"`)
	dir := t.TempDir()
	if err := WriteAll(dir, res, sc, scenarios.TOML(sc)); err != nil {
		t.Fatal(err)
	}
	// Exactly the artefacts the help lists (Artefacts), each not empty.
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			name += "/"
		}
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
		names = append(names, name)
	}
	if want := Artefacts(); !slices.Equal(names, slices.Sorted(slices.Values(want))) {
		t.Errorf("wrote %v, want the artefacts %v", names, want)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, PlotDir, "*.png"))
	svgs, _ := filepath.Glob(filepath.Join(dir, PlotDir, "*.svg"))
	if len(pngs) == 0 || len(pngs) != len(svgs) {
		t.Fatalf("%d PNG and %d SVG plots", len(pngs), len(svgs))
	}
	md, _ := os.ReadFile(filepath.Join(dir, "summary.md"))
	links := regexp.MustCompile(`!\[[^]]*\]\(([^)]+)\)`).FindAllStringSubmatch(string(md), -1)
	if len(links) != len(pngs) {
		t.Errorf("summary.md links %d plots, %d written", len(links), len(pngs))
	}
	for _, l := range links {
		if _, err := os.Stat(filepath.Join(dir, l[1])); err != nil {
			t.Errorf("summary.md links a missing file: %v", err)
		}
	}
	if !strings.Contains(string(md), "```toml\nname = \"sqs-leveling\"") {
		t.Error("summary.md lacks the resolved scenario")
	}
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	page := string(html)
	if n := strings.Count(page, `<img src="data:image/svg&#43;xml;base64,`); n != len(pngs) { // html/template writes + as &#43;
		t.Errorf("report.html embeds %d plots, want %d", n, len(pngs))
	}
	// Its scripts are its own three (the series, uPlot, their
	// configuration), under a policy that lets nothing be fetched; no
	// address outside uPlot's own code (its banner names its home).
	if n := strings.Count(page, "<script"); n != 3 {
		t.Errorf("report.html has %d script elements, want 3", n)
	}
	if !strings.Contains(page, `content="default-src 'none'; img-src data:;`) {
		t.Error("report.html has no content security policy forbidding requests")
	}
	for _, bad := range []string{"http://", "https://", "<b>spikes"} {
		if strings.Contains(strings.Replace(page, uplotJS, "", 1), bad) {
			t.Errorf("report.html contains %q", bad)
		}
	}
	if !strings.Contains(page, "Levels &lt;b&gt;spikes&lt;/b&gt; &amp; &#34;waits&#34;") {
		t.Error("the description is not in report.html, escaped")
	}
	for _, section := range []string{`id="headline"`, `id="failures"`, `id="plots"`, `id="cost"`, `id="scenario"`, "@media print"} {
		if !strings.Contains(page, section) {
			t.Errorf("report.html lacks %s", section)
		}
	}
}

// The headline cards are the registry's headline metrics in their order,
// one per function, database or queue; peak connections against
// max_connections.
func TestKPIs(t *testing.T) {
	res, _ := runBuiltin(t, "sqs-leveling")
	var labels []string
	for _, k := range kpis(res) {
		labels = append(labels, k.Label)
		if k.Label == "orders peak connections" && !strings.Contains(k.Value, " / ") {
			t.Errorf("%s = %s, want it against max_connections", k.Label, k.Value)
		}
	}
	want := "requests, failed, error rate, throttle rate, p50 latency, p99 latency, cold-start fraction, " +
		"cost per month, worker peak concurrency, orders peak connections, orders-queue oldest message age"
	if got := strings.Join(labels, ", "); got != want {
		t.Errorf("cards %s\nwant %s", got, want)
	}
}

// Draw renders the charts concurrently, yet returns them in plots.All's
// order, and rendering twice gives the same bytes: the scheduling never
// shows in the output.
func TestDrawDeterministic(t *testing.T) {
	res, sc := runBuiltin(t, "rds-proxy")
	run := plots.Run{Result: res, Scenario: sc}
	first, err := Draw(run)
	if err != nil {
		t.Fatal(err)
	}
	charts := plots.All([]plots.Run{run})
	if len(first) != len(charts) || len(first) < 2 {
		t.Fatalf("%d charts drawn, want %d (more than one)", len(first), len(charts))
	}
	for i, c := range charts {
		if first[i].Name != c.Name || first[i].Title != c.Title {
			t.Errorf("chart %d is %s, want %s", i, first[i].Name, c.Name)
		}
	}
	for range 3 {
		again, err := Draw(run)
		if err != nil {
			t.Fatal(err)
		}
		for i := range first {
			if !bytes.Equal(again[i].PNG, first[i].PNG) || !bytes.Equal(again[i].SVG, first[i].SVG) {
				t.Errorf("%s: a second rendering differs", first[i].Name)
			}
		}
	}
}

// Two runs of one scenario and seed write the same files, byte for byte:
// report.html with its interactive series included.
func TestArtefactsByteIdentical(t *testing.T) {
	var dirs [2]string
	for i := range dirs {
		res, sc := runBuiltin(t, "rds-exhaustion", "replications=2")
		dirs[i] = t.TempDir()
		if err := WriteAll(dirs[i], res, sc, scenarios.TOML(sc)); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	err := filepath.WalkDir(dirs[0], func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dirs[0], path)
		a, _ := os.ReadFile(path)
		b, err := os.ReadFile(filepath.Join(dirs[1], rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs of one seed", rel)
		}
		n++
		return nil
	})
	if err != nil || n < 10 {
		t.Errorf("%d files compared (%v)", n, err)
	}
}
