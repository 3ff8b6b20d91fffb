package stampede

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/BurntSushi/toml"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots"
	"github.com/stampede-sim/stampede/plots/render"
	"github.com/stampede-sim/stampede/plots/report"
)

// The files a sweep writes.
const (
	SweepCSVFile    = "sweep.csv"
	SweepJSONFile   = "sweep.json"
	SweepReportFile = "report.html"
	SweepBestFile   = "best.toml"
	SweepShardFile  = "shard.json"
)

// WriteSweep writes a sweep's files into dir (created if missing):
// sweep.csv, sweep.json, report.html; best.toml when a point was picked;
// shard.json for a shard. The set is written beside dir and switched into
// its place whole (CheckOutDir).
func WriteSweep(dir string, r *SweepResult) error {
	return render.ReplaceDir(dir, func(tmp string) error { return writeSweepFiles(tmp, r) })
}

func writeSweepFiles(dir string, r *SweepResult) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	js, err := r.JSON()
	if err != nil {
		return err
	}
	html, err := r.HTML()
	if err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
	}{{SweepCSVFile, r.CSV()}, {SweepJSONFile, js}, {SweepReportFile, html}}
	if r.bestTOML != nil {
		files = append(files, struct {
			name string
			data []byte
		}{SweepBestFile, r.bestTOML})
	}
	if r.Shard.Sharded() {
		sj, err := r.shardJSON()
		if err != nil {
			return err
		}
		files = append(files, struct {
			name string
			data []byte
		}{SweepShardFile, sj})
	}
	for _, f := range files {
		if err := render.WriteAtomic(filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
	}
	return nil
}

// headlineKeys are the headline metrics the points have, in the registry's
// headline order, by name within a metric.
func (r *SweepResult) headlineKeys() []models.Key {
	var out []models.Key
	for _, m := range models.Headlines() {
		names := map[string]bool{}
		for i := range r.Points {
			for _, v := range r.Points[i].metrics() {
				if v.key.Metric == m {
					names[v.key.Name] = true
				}
			}
		}
		for _, n := range slices.Sorted(maps.Keys(names)) {
			out = append(out, models.Key{Metric: m, Name: n})
		}
	}
	return out
}

func sweepKeyHeader(k models.Key) string {
	if k.Name == "" {
		return k.Metric.Label
	}
	return k.Name + " " + k.Metric.Label
}

// Table is the sweep as a table: one row per point, its values, ok, and
// the headline metrics (with replications, the means).
func (r *SweepResult) Table() render.Table {
	keys := r.headlineKeys()
	t := render.Table{Title: "Points", Header: append(append([]string{"point"}, r.Grid.Keys()...), "ok")}
	for _, k := range keys {
		t.Header = append(t.Header, sweepKeyHeader(k))
	}
	for i := range r.Points {
		p := &r.Points[i]
		ok := "no"
		if p.OK {
			ok = "yes"
		}
		if i == r.Pick {
			ok = "yes, picked"
		}
		row := append(append([]string{strconv.Itoa(p.Index)}, p.Values...), ok)
		for _, k := range keys {
			v, has := p.Value(k.Path())
			cell := "–"
			if has {
				cell = render.Compact(k.Metric, models.Estimate{Mean: v}, false)
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// info is the lines under a sweep's title.
func (r *SweepResult) info() []string {
	var vary []string
	for _, v := range r.Grid.Vary {
		vary = append(vary, fmt.Sprintf("%s=%s (%d)", v.Key, v.Spec, len(v.Values)))
	}
	lines := []string{fmt.Sprintf("%d points: %s", r.Grid.Len(), strings.Join(vary, " × "))}
	if r.Shard.Sharded() {
		lines = append(lines, fmt.Sprintf("%s: the %d points p with p mod %d = %d", r.Shard, len(r.Points), r.Shard.Count, r.Shard.Index))
	}
	rep := "1 replication"
	if n := r.Identity.Replications; n > 1 {
		rep = fmt.Sprintf("%d replications per point, means", n)
	}
	b := r.base()
	lines = append(lines, fmt.Sprintf("seed %d · %s simulated · %s", b.Seed, b.Duration, rep))
	if len(r.Identity.Overrides) > 0 {
		lines = append(lines, "every point: --set "+strings.Join(r.Identity.Overrides, " --set "))
	}
	switch {
	case len(r.Identity.Assert) == 0:
		lines = append(lines, "ok: no --assert, so every point that finished is ok")
	case r.Identity.Replications > 1:
		on := "the means"
		if r.Identity.AssertOn == models.OnBound.String() {
			on = "the 95% intervals' bounds on the failing side"
		}
		lines = append(lines, fmt.Sprintf("ok: %s, on %s of %d replications", strings.Join(r.Identity.Assert, " and "), on, r.Identity.Replications))
	default:
		lines = append(lines, "ok: "+strings.Join(r.Identity.Assert, " and "))
	}
	return lines
}

// Outcome says how many points are ok and which was picked.
func (r *SweepResult) Outcome() []string {
	var out []string
	n := r.OKPoints()
	switch {
	case len(r.Points) == 0:
		out = append(out, "No point was run.")
	case n == 0:
		out = append(out, fmt.Sprintf("No point is ok (of %d).", len(r.Points)))
	default:
		out = append(out, fmt.Sprintf("%d of %d points are ok.", n, len(r.Points)))
	}
	if r.Identity.Pick == "" {
		return out
	}
	p := r.Picked()
	if p == nil {
		return append(out, "Nothing to pick: no point is ok.")
	}
	cost, _ := p.Value("cost.monthly_usd")
	p99, _ := p.Value("latency_ms.p99")
	what := "Cheapest ok point"
	if r.Shard.Sharded() {
		what = "Cheapest ok point of this shard"
	}
	return append(out, fmt.Sprintf("%s: %s: %s a month, p99 %s.", what, p,
		render.Compact(models.MustMetric("cost.monthly_usd"), models.Estimate{Mean: cost}, false),
		render.Compact(models.MustMetric("latency_ms.p99"), models.Estimate{Mean: p99}, false)))
}

func (r *SweepResult) title() string {
	if r.Shard.Sharded() {
		return fmt.Sprintf("stampede sweep · %s · %s", r.Identity.Scenario, r.Shard)
	}
	return "stampede sweep · " + r.Identity.Scenario
}

func (r *SweepResult) description() string { return r.base().Description }

// base reads what the text shows of the base scenario from its TOML.
func (r *SweepResult) base() (b struct {
	Description string `toml:"description"`
	Seed        uint64 `toml:"seed"`
	Duration    string `toml:"duration"`
}) {
	toml.Decode(r.Identity.ScenarioTOML, &b)
	return b
}

// Text is the sweep for people: the grid, a table of the points, how many
// are ok and the pick.
func (r *SweepResult) Text() []byte {
	var b bytes.Buffer
	fmt.Fprintln(&b, r.title())
	if d := r.description(); d != "" {
		fmt.Fprintln(&b, d)
	}
	for _, l := range r.info() {
		fmt.Fprintln(&b, l)
	}
	if r.Partial {
		fmt.Fprintln(&b, "PARTIAL RESULT: the sweep was stopped before it finished")
	}
	t := r.Table()
	b.WriteByte('\n')
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  "+strings.Join(t.Header, "\t")+"\t")
	for _, row := range t.Rows {
		fmt.Fprintln(tw, "  "+strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
	b.WriteByte('\n')
	for _, l := range r.Outcome() {
		fmt.Fprintln(&b, l)
	}
	return b.Bytes()
}

// Markdown is Text in Markdown.
func (r *SweepResult) Markdown() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", render.MarkdownEscape(r.title()))
	if d := r.description(); d != "" {
		fmt.Fprintf(&b, "%s\n\n", render.MarkdownEscape(d))
	}
	for _, l := range r.info() {
		fmt.Fprintf(&b, "%s\n\n", render.MarkdownEscape(l))
	}
	if r.Partial {
		b.WriteString("**Partial result**: the sweep was stopped before it finished.\n\n")
	}
	t := r.Table()
	esc := func(xs []string) string {
		out := make([]string, len(xs))
		for i, x := range xs {
			out[i] = render.MarkdownEscape(x)
		}
		return strings.Join(out, " | ")
	}
	fmt.Fprintf(&b, "| %s |\n|%s\n", esc(t.Header), strings.Repeat("---:|", len(t.Header)))
	for _, row := range t.Rows {
		fmt.Fprintf(&b, "| %s |\n", esc(row))
	}
	b.WriteByte('\n')
	for _, l := range r.Outcome() {
		fmt.Fprintf(&b, "%s\n\n", render.MarkdownEscape(l))
	}
	return b.Bytes()
}

// plotData is what the sweep's plots draw.
func (r *SweepResult) plotData() plots.Sweep {
	var s plots.Sweep
	for _, v := range r.Grid.Vary {
		s.Axes = append(s.Axes, plots.SweepAxis{Key: v.Key, Values: v.Values})
	}
	for _, e := range r.Identity.Assert {
		if a, err := models.ParseAssertion(e); err == nil {
			s.Asserts = append(s.Asserts, a)
		}
	}
	for i := range r.Points {
		p := &r.Points[i]
		ms := map[string]float64{}
		for path, v := range p.metrics() {
			ms[path] = v.v
		}
		s.Points = append(s.Points, plots.SweepPoint{Index: p.Index, Coord: p.Coord, OK: p.OK, Picked: i == r.Pick, Metrics: ms})
	}
	return s
}

// HTML is the sweep's report.html.
func (r *SweepResult) HTML() ([]byte, error) {
	return report.SweepHTML(report.SweepPage{
		Name: r.Identity.Scenario, Description: r.description(), Info: r.info(), Partial: r.Partial,
		Outcome: r.Outcome(), Points: r.Table(), PickRow: r.Pick, Sweep: r.plotData(), Metrics: r.headlineKeys(),
		TOML: []byte(r.Identity.ScenarioTOML),
	})
}
