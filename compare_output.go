package stampede

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/plots"
	"github.com/stampede-sim/stampede/plots/render"
	"github.com/stampede-sim/stampede/plots/report"
	"github.com/stampede-sim/stampede/sim"
)

// The files a comparison writes next to one folder per run.
const (
	CompareJSONFile     = "compare.json"
	CompareMarkdownFile = "compare.md"
	compareReportFile   = "report.html"
)

// compareRow is a row of a comparison's tables: a metric of the registry by
// its path pattern, one row per function, database or queue of any run.
// A pattern ending in "." stands for every metric under it, in the
// registry's order. With ifNonZero the row is left out when it is zero in
// every run.
type compareRow struct {
	path      string
	ifNonZero bool
}

// compareRows are the rows of a comparison's tables, in the order of the
// lesson: what was asked and what failed (and why), how fast the rest was,
// what it took of Lambda, of the database (its connections, connects and
// CPU) and of a queue (how long work waited), and what it costs. Every
// headline metric of the registry is here (a test checks it), and so are
// the metrics the built-in comparisons turn on that are not headlines:
// the failure causes, a database's connects and CPU, a queue's wait.
var compareRows = []compareRow{
	{path: "requests.total"},
	{path: "requests.failed"},
	{path: "requests.error_rate"},
	{path: "requests.throttle_rate"},
	{path: "failures.", ifNonZero: true},
	{path: "latency_ms.p50"},
	{path: "latency_ms.p99"},
	{path: "cold_starts.fraction"},
	{path: "functions.*.peak_concurrency"},
	{path: "databases.*.peak_connections"},
	{path: "databases.*.connects"},
	{path: "databases.*.cpu_utilization"},
	{path: "queues.*.max_age_s"},
	{path: "queues.*.wait_ms.p99"},
	{path: "cost.monthly_usd"},
}

// rowKeys lists the keys of the comparison's rows: every instance any run
// has, by name.
func (c *Comparison) rowKeys() []MetricKey {
	var out []MetricKey
	for _, row := range compareRows {
		var ms []*models.Metric
		if strings.HasSuffix(row.path, ".") {
			for _, m := range models.Metrics() {
				if strings.HasPrefix(m.Path, row.path) {
					ms = append(ms, m)
				}
			}
		} else {
			ms = append(ms, models.MustMetric(row.path))
		}
		for _, m := range ms {
			var names []string
			for _, r := range c.Runs {
				for _, k := range m.Keys(r.Result.Summary) {
					if !slices.Contains(names, k.Name) {
						names = append(names, k.Name)
					}
				}
			}
			slices.Sort(names)
		keys:
			for _, n := range names {
				k := MetricKey{Metric: m, Name: n}
				if row.ifNonZero {
					for _, r := range c.Runs {
						if e, ok := r.Result.Value(k); ok && e.Mean != 0 {
							out = append(out, k)
							continue keys
						}
					}
					continue
				}
				out = append(out, k)
			}
		}
	}
	return out
}

// rowLabel names a key for people: its instance, its label, its unit and,
// for a metric shown against a limit, the limit when every run has the same.
func (c *Comparison) rowLabel(k MetricKey) string {
	m := k.Metric
	label := m.Label
	if strings.HasPrefix(m.Path, "failures.") {
		label = "failed: " + label
	}
	if k.Name != "" {
		label = k.Name + " " + label
	}
	switch m.Unit {
	case models.UnitMS:
		label += " (ms)"
	case models.UnitS:
		label += " (s)"
	}
	if lim := c.commonLimit(k); lim != "" {
		label += " (of " + lim + ")"
	}
	return label
}

// commonLimit is the limit key k is shown against (peak connections
// against max_connections) when every run that has it has the same; "".
func (c *Comparison) commonLimit(k MetricKey) string {
	if k.Metric.Limit == "" {
		return ""
	}
	lk := MetricKey{Metric: models.MustMetric(k.Metric.Limit), Name: k.Name}
	limits := map[float64]bool{}
	var v float64
	for _, r := range c.Runs {
		if e, ok := r.Result.Value(lk); ok {
			limits[e.Mean], v = true, e.Mean
		}
	}
	if len(limits) != 1 {
		return ""
	}
	return render.Compact(lk.Metric, Estimate{Mean: v}, false)
}

// valueCell formats run r's value of k: its mean ± 95% half-width with
// replications; "-" when r has no such metric.
func (c *Comparison) valueCell(r *ComparedRun, k MetricKey) string {
	e, ok := r.Result.Value(k)
	if !ok {
		return "-"
	}
	return render.Cell(k.Metric, e, c.Replications > 1)
}

// diffCell formats a difference: signed, ± its half-width with
// replications, "n.s." when not significant, "same" when every pair is
// equal; "-" when the metric is not in both runs.
func (c *Comparison) diffCell(r *ComparedRun, k MetricKey) string {
	d, ok := r.difference(k)
	if !ok {
		return "-"
	}
	if d.Diff == 0 && d.CI95 == 0 {
		return "same"
	}
	s := signed(k.Metric, d.Diff, d.CI95, c.Replications > 1)
	if c.Replications > 1 && !d.Significant {
		s += " n.s."
	}
	return s
}

// signed formats a difference with its sign.
func signed(m *models.Metric, diff, ci float64, withCI bool) string {
	sign := "+"
	if diff < 0 {
		sign = "-"
	}
	return sign + render.Cell(m, Estimate{Mean: math.Abs(diff), CI95: ci}, withCI)
}

func (r *ComparedRun) difference(k MetricKey) (Difference, bool) {
	for _, d := range r.Differences {
		if d.Key == k {
			return d, true
		}
	}
	return Difference{}, false
}

// Tables are a comparison's two tables: every run's values, one column
// per run, and each run's difference to the baseline.
func (c *Comparison) Tables() []render.Table {
	keys := c.rowKeys()
	vals := render.Table{Title: "Values", Header: []string{"metric"}}
	what := "mean ± 95% CI half-width over " + replicationsText(c.Replications)
	if c.Replications == 1 {
		what = "one replication"
	}
	vals.Title += " (" + what + ")"
	diffs := render.Table{Title: "Difference to " + c.Baseline, Header: []string{"metric"}}
	if c.Replications > 1 {
		diffs.Title += fmt.Sprintf(" (paired over %d replications: mean ± 95%% CI half-width; n.s.: not significant, the interval contains 0)", c.Replications)
	} else {
		diffs.Title += " (one pair of runs: no interval; the difference may be noise)"
	}
	for _, r := range c.Runs {
		vals.Header = append(vals.Header, r.Label)
	}
	for _, r := range c.Runs[1:] {
		diffs.Header = append(diffs.Header, r.Label)
	}
	for _, k := range keys {
		label := c.rowLabel(k)
		vrow, drow := []string{label}, []string{label}
		for _, r := range c.Runs {
			vrow = append(vrow, c.valueCell(r, k))
		}
		for _, r := range c.Runs[1:] {
			drow = append(drow, c.diffCell(r, k))
		}
		vals.Rows = append(vals.Rows, vrow)
		diffs.Rows = append(diffs.Rows, drow)
	}
	return []render.Table{vals, diffs}
}

func replicationsText(n int) string {
	if n == 1 {
		return "1 replication"
	}
	return fmt.Sprintf("%d replications", n)
}

// Info is the lines under a comparison's title: the seed, the simulated
// time and the replications, and what to keep in mind reading it.
func (c *Comparison) Info() []string {
	base := c.Runs[0].Result.Summary
	durations := map[float64]bool{}
	for _, r := range c.Runs {
		durations[r.Result.Summary.DurationS] = true
	}
	line := fmt.Sprintf("seed %d", c.Seed)
	if len(durations) == 1 {
		line += fmt.Sprintf(" · %s simulated", secondsText(base.DurationS))
	}
	line += fmt.Sprintf(" · %s of each scenario on common random numbers (replication i of every scenario draws the same streams)", replicationsText(c.Replications))
	out := []string{line}
	switch {
	case c.ReplicationsDefaulted:
		out = append(out, fmt.Sprintf("%d replications: compare's default, as the scenarios ask for one and --replications was not given; one replication has no interval", c.Replications))
	case c.Replications == 1:
		out = append(out, "1 replication: no confidence intervals; a difference may be noise (use --replications 2 or more)")
	}
	if len(durations) > 1 {
		var ds []string
		for _, r := range c.Runs {
			ds = append(ds, r.Label+" "+secondsText(r.Result.Summary.DurationS))
		}
		out = append(out, "the simulated durations differ ("+strings.Join(ds, ", ")+"): compare rates, latencies and monthly costs, not counts")
	}
	out = append(out, c.overridesInfo()...)
	if c.Partial() {
		out = append(out, "PARTIAL RESULT: the comparison was stopped before it finished")
	}
	return out
}

// overridesInfo lists the overrides the scenarios ran with: once when
// every scenario had the same, else per scenario that had any.
func (c *Comparison) overridesInfo() []string {
	first := c.Runs[0].Result.Summary.Overrides
	same := true
	for _, r := range c.Runs[1:] {
		same = same && slices.Equal(r.Result.Summary.Overrides, first)
	}
	if same {
		if len(first) == 0 {
			return nil
		}
		return []string{"overrides, every scenario: " + strings.Join(first, " · ")}
	}
	var out []string
	for _, r := range c.Runs {
		if o := r.Result.Summary.Overrides; len(o) > 0 {
			out = append(out, "overrides of "+r.Label+": "+strings.Join(o, " · "))
		}
	}
	return out
}

func secondsText(s float64) string {
	return sim.Time(math.Round(s * float64(sim.Second))).String()
}

// Verdicts says for each run but the baseline, in a sentence, what it
// changes against the baseline: the failure causes it removes or adds, the
// p99 latency, each database's peak connections, connects and CPU, each
// queue's oldest message and wait, and the monthly cost. A difference that
// is not significant says so.
func (c *Comparison) Verdicts() []string {
	var out []string
	base := c.Runs[0]
	for _, r := range c.Runs[1:] {
		var parts []string
		parts = append(parts, c.failureVerdict(r)...)
		if s := c.change(r, MetricKey{Metric: models.MustMetric("latency_ms.p99")}, "p99 latency"); s != "" {
			parts = append(parts, s)
		}
		for _, db := range models.ScopeDatabase.Names(r.Result.Summary) {
			if _, ok := base.Result.Summary.Databases[db]; !ok {
				continue
			}
			var items []string
			for _, p := range []struct{ path, what string }{
				{"databases.*.peak_connections", "peak connections"},
				{"databases.*.connects", "connects"},
				{"databases.*.cpu_utilization", "CPU"},
			} {
				k := MetricKey{Metric: models.MustMetric(p.path), Name: db}
				if s := c.change(r, k, p.what); s != "" {
					if lim := c.commonLimit(k); lim != "" {
						s += " of " + lim
					}
					items = append(items, s)
				}
			}
			if len(items) > 0 {
				parts = append(parts, "database "+db+": "+strings.Join(items, ", "))
			}
		}
		for _, q := range models.ScopeQueue.Names(r.Result.Summary) {
			age := MetricKey{Metric: models.MustMetric("queues.*.max_age_s"), Name: q}
			wait := MetricKey{Metric: models.MustMetric("queues.*.wait_ms.p99"), Name: q}
			if _, ok := base.Result.Summary.Queues[q]; ok {
				parts = append(parts, "queue "+q+": "+c.change(r, age, "oldest message")+", "+c.change(r, wait, "p99 wait"))
				continue
			}
			a, _ := r.Result.Value(age)
			w, _ := r.Result.Value(wait)
			parts = append(parts, fmt.Sprintf("requests wait in queue %s: the oldest message %s, p99 wait %s",
				q, brief(age.Metric, a.Mean), brief(wait.Metric, w.Mean)))
		}
		for _, q := range models.ScopeQueue.Names(base.Result.Summary) {
			if _, ok := r.Result.Summary.Queues[q]; !ok {
				parts = append(parts, "no queue "+q)
			}
		}
		parts = append(parts, c.costVerdict(r))
		out = append(out, r.Label+": "+strings.Join(parts, "; ")+".")
	}
	return out
}

// brief formats a value of m for a sentence: counts whole, milliseconds
// from 10 s up as seconds, the rest as on a report card.
func brief(m *models.Metric, v float64) string {
	switch {
	case m.Kind == models.KindCount:
		v = math.Round(v)
	case m.Unit == models.UnitMS && math.Abs(v) >= 10000:
		if v >= 100000 {
			return fmt.Sprintf("%.0f s", v/1000)
		}
		return fmt.Sprintf("%.1f s", v/1000)
	}
	return render.Compact(m, Estimate{Mean: v}, false)
}

// change is "what b → v" for key k of run r against the baseline, with
// "(not significant)" when it is not; "" when k is not in both.
func (c *Comparison) change(r *ComparedRun, k MetricKey, what string) string {
	d, ok := r.difference(k)
	if !ok {
		return ""
	}
	s := fmt.Sprintf("%s %s → %s", what, brief(k.Metric, d.Base.Mean), brief(k.Metric, d.Value.Mean))
	switch {
	case d.Diff == 0 && d.CI95 == 0:
		s = fmt.Sprintf("%s %s in both", what, brief(k.Metric, d.Base.Mean))
	case c.Replications > 1 && !d.Significant:
		s += " (not significant)"
	}
	return s
}

// failureVerdict names the failure causes r removes, adds or changes.
func (c *Comparison) failureVerdict(r *ComparedRun) []string {
	var removed, added, changed []string
	for _, m := range models.Metrics() {
		if !strings.HasPrefix(m.Path, "failures.") {
			continue
		}
		d, ok := r.difference(MetricKey{Metric: m})
		if !ok || d.Base.Mean == 0 && d.Value.Mean == 0 {
			continue
		}
		b, v := brief(m, d.Base.Mean), brief(m, d.Value.Mean)
		switch {
		case d.Value.Mean == 0:
			removed = append(removed, fmt.Sprintf("%s (%s failed requests → 0)", m.Label, b))
		case d.Base.Mean == 0:
			added = append(added, fmt.Sprintf("%s (0 → %s failed requests)", m.Label, v))
		default:
			s := fmt.Sprintf("%s failures %s → %s", m.Label, b, v)
			if c.Replications > 1 && !d.Significant {
				s += " (not significant)"
			}
			changed = append(changed, s)
		}
	}
	var out []string
	if len(removed) > 0 {
		out = append(out, "removes "+strings.Join(removed, ", "))
	}
	if len(added) > 0 {
		out = append(out, "adds "+strings.Join(added, ", "))
	}
	out = append(out, changed...)
	if len(out) == 0 {
		out = append(out, "no failures in either")
	}
	return out
}

// costVerdict says what r costs a month against the baseline.
func (c *Comparison) costVerdict(r *ComparedRun) string {
	m := models.MustMetric("cost.monthly_usd")
	d, ok := r.difference(MetricKey{Metric: m})
	if !ok {
		return "cost not comparable"
	}
	usd := func(v float64) string { return render.Compact(m, Estimate{Mean: v}, false) }
	span := usd(d.Base.Mean) + " → " + usd(d.Value.Mean)
	if lines := c.billLines(r); lines != "" {
		span += ": " + lines
	}
	span = "(" + span + ")"
	switch {
	case d.Diff == 0 && d.CI95 == 0:
		return "costs the same, " + usd(d.Base.Mean) + " a month"
	case c.Replications > 1 && !d.Significant:
		return "costs about the same " + span + ", the difference not significant"
	case d.Diff > 0:
		return "costs " + usd(d.Diff) + " more a month " + span
	}
	return "saves " + usd(-d.Diff) + " a month " + span
}

// billLines names the (at most three) lines of the bill whose monthly
// amount changes most against the baseline, significantly: "Lambda
// duration +$2,500.00, RDS Proxy +$21.90". Empty when the runs' windows
// differ (their lines are not on one monthly scale) or nothing changed.
func (c *Comparison) billLines(r *ComparedRun) string {
	base := c.Runs[0].Result
	if base.Summary.DurationS != r.Result.Summary.DurationS || base.Summary.WarmupS != r.Result.Summary.WarmupS {
		return ""
	}
	total, _ := base.Value(MetricKey{Metric: models.MustMetric("cost.total_usd")})
	monthly, _ := base.Value(MetricKey{Metric: models.MustMetric("cost.monthly_usd")})
	if total.Mean <= 0 {
		return ""
	}
	perMonth := monthly.Mean / total.Mean
	var ds []Difference
	for _, d := range r.Differences {
		if strings.HasPrefix(d.Path(), "cost.breakdown.") && d.Diff != 0 && (c.Replications == 1 || d.Significant) {
			ds = append(ds, d)
		}
	}
	slices.SortStableFunc(ds, func(a, b Difference) int { return cmp.Compare(math.Abs(b.Diff), math.Abs(a.Diff)) })
	var out []string
	for _, d := range ds[:min(len(ds), 3)] {
		out = append(out, d.Key.Metric.Label+" "+signed(d.Key.Metric, d.Diff*perMonth, 0, false))
	}
	return strings.Join(out, ", ")
}

// title is the comparison's one-line title.
func (c *Comparison) title() string {
	var others []string
	for _, r := range c.Runs[1:] {
		others = append(others, r.Label)
	}
	return fmt.Sprintf("stampede compare · %s (baseline) against %s", c.Baseline, strings.Join(others, ", "))
}

// Text is the comparison as `stampede compare` prints it: the title and
// its notes, the values, the differences and the verdicts.
func (c *Comparison) Text() []byte {
	var b bytes.Buffer
	fmt.Fprintln(&b, c.title())
	for _, l := range c.Info() {
		fmt.Fprintln(&b, l)
	}
	fmt.Fprintf(&b, "\n%s\n", c.limitsTitle())
	for _, l := range c.Limits() {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	for _, t := range c.Tables() {
		fmt.Fprintf(&b, "\n%s\n", t.Title)
		// Labels left, numbers right: tabwriter aligns every cell right,
		// so the labels are padded to one width first.
		width := 0
		for _, row := range t.Rows {
			width = max(width, utf8.RuneCountInString(row[0]))
		}
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "  "+strings.Repeat(" ", width)+"\t"+strings.Join(t.Header[1:], "\t")+"\t")
		for _, row := range t.Rows {
			pad := strings.Repeat(" ", width-utf8.RuneCountInString(row[0]))
			fmt.Fprintln(tw, "  "+row[0]+pad+"\t"+strings.Join(row[1:], "\t")+"\t")
		}
		tw.Flush()
	}
	fmt.Fprintf(&b, "\nVerdict against %s\n", c.Baseline)
	for _, v := range c.Verdicts() {
		fmt.Fprintf(&b, "  %s\n", v)
	}
	return b.Bytes()
}

// Limits says what limited each scenario's run (Summary.Bottlenecks: with
// replications, the first's), a line per limit, earliest first, or a line
// saying that nothing did.
func (c *Comparison) Limits() []string {
	var out []string
	for _, r := range c.Runs {
		bs := r.Result.Summary.Bottlenecks
		if len(bs) == 0 {
			out = append(out, r.Label+": "+render.NothingBound)
		}
		for _, b := range bs {
			out = append(out, fmt.Sprintf("%s: %s from %s to %s s (%s of %s %s): %s", r.Label, b.Resource,
				secondsText0(b.FromS), secondsText0(b.ToS), render.Commas(b.Peak, -1), render.Commas(b.Limit, -1), b.Unit, b.Effect))
		}
	}
	return out
}

func (c *Comparison) limitsTitle() string {
	t := "What limited each run"
	if c.Replications > 1 {
		t += " (its first replication)"
	}
	return t
}

// secondsText0 writes a time of the run in whole seconds.
func secondsText0(s float64) string { return render.Commas(math.Round(s), 0) }

// Markdown is compare.md (and `--format markdown`): the same as Text, the
// scenarios' descriptions and, when links is set, a link to each run's
// folder.
func (c *Comparison) Markdown(links bool) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", mdEscape(c.title()))
	for _, l := range c.Info() {
		fmt.Fprintf(&b, "%s\n\n", mdEscape(l))
	}
	fmt.Fprintf(&b, "## %s\n\n", c.limitsTitle())
	for _, l := range c.Limits() {
		fmt.Fprintf(&b, "- %s\n", mdEscape(l))
	}
	b.WriteString("\n## Verdict\n\n")
	for _, v := range c.Verdicts() {
		fmt.Fprintf(&b, "- %s\n", mdEscape(v))
	}
	b.WriteByte('\n')
	for _, t := range c.Tables() {
		fmt.Fprintf(&b, "## %s\n\n", mdEscape(t.Title))
		fmt.Fprintf(&b, "| %s |\n|---|%s\n", strings.Join(mdEscapeAll(t.Header), " | "), strings.Repeat("---:|", len(t.Header)-1))
		for _, row := range t.Rows {
			fmt.Fprintf(&b, "| %s |\n", strings.Join(mdEscapeAll(row), " | "))
		}
		b.WriteByte('\n')
	}
	b.WriteString("## Scenarios\n\n")
	for _, r := range c.Runs {
		name := mdEscape(r.Label)
		if links {
			name = fmt.Sprintf("[%s](%s/summary.md)", name, r.Label)
		}
		fmt.Fprintf(&b, "- **%s** (%s): %s\n", name, mdEscape(r.Scenario.Name), mdEscape(r.Scenario.Description))
	}
	b.WriteString("\nEvery metric is defined in docs/metrics.md; how differences are paired and their intervals computed in docs/compare.md.\n")
	return b.Bytes()
}

func mdEscape(s string) string { return render.MarkdownEscape(s) }

func mdEscapeAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = mdEscape(x)
	}
	return out
}

// JSON is compare.json: {"baseline": LABEL, "seed": N, "replications": R,
// "partial": BOOL, "runs": {LABEL: summary.json of the run}, "differences":
// {LABEL: {METRIC_PATH: {"diff": x, "ci95": y, "significant": BOOL}}}},
// runs in the order given and the differences of every run but the
// baseline, in the order of ComparedRun.Differences; indented, with a
// final newline.
func (c *Comparison) JSON() ([]byte, error) {
	var b bytes.Buffer
	str := func(s string) {
		q, _ := json.Marshal(s)
		b.Write(q)
	}
	b.WriteString(`{"baseline":`)
	str(c.Baseline)
	fmt.Fprintf(&b, `,"seed":%d,"replications":%d,"partial":%t,"runs":{`, c.Seed, c.Replications, c.Partial())
	for i, r := range c.Runs {
		if i > 0 {
			b.WriteByte(',')
		}
		js, err := r.Result.SummaryJSON()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.Label, err)
		}
		str(r.Label)
		b.WriteByte(':')
		b.Write(js)
	}
	b.WriteString(`},"differences":{`)
	for i, r := range c.Runs[1:] {
		if i > 0 {
			b.WriteByte(',')
		}
		str(r.Label)
		b.WriteString(":{")
		for j, d := range r.Differences {
			if j > 0 {
				b.WriteByte(',')
			}
			diff, err := json.Marshal(d.Diff)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", r.Label, d.Path(), err)
			}
			ci, err := json.Marshal(d.CI95)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", r.Label, d.Path(), err)
			}
			str(d.Path())
			fmt.Fprintf(&b, `:{"diff":%s,"ci95":%s,"significant":%t}`, diff, ci, d.Significant)
		}
		b.WriteByte('}')
	}
	b.WriteString("}}")
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// HTML is the comparison's report.html: the verdicts, both tables, every
// plot with one labelled series per run, links to each run's own report,
// and the scenarios; one page with no external resource and no script.
func (c *Comparison) HTML() ([]byte, error) {
	pg := report.ComparePage{Title: c.title(), Info: c.Info(), Partial: c.Partial(), LimitsTitle: c.limitsTitle(), Limits: c.Limits(),
		Verdicts: c.Verdicts(), Tables: c.Tables()}
	for _, r := range c.Runs {
		pg.Runs = append(pg.Runs, plots.Run{Label: r.Label, Result: r.Result, Scenario: r.Scenario})
		pg.Scenarios = append(pg.Scenarios, report.CompareScenario{
			Label: r.Label, Name: r.Scenario.Name, Description: r.Scenario.Description,
			Report: r.Label + "/" + compareReportFile, TOML: string(TOML(r.Scenario)),
		})
	}
	return report.CompareHTML(pg)
}

// WriteComparison writes a comparison into dir (created if missing), each
// file atomically: compare.json, compare.md, report.html, and one folder
// per run, named by its label, holding the run's own artefacts
// (WriteArtefacts). The set is written beside dir and switched into its
// place whole (CheckOutDir).
func WriteComparison(dir string, c *Comparison) error {
	return render.ReplaceDir(dir, func(tmp string) error { return writeComparisonFiles(tmp, c) })
}

func writeComparisonFiles(dir string, c *Comparison) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, r := range c.Runs {
		if err := report.WriteAll(filepath.Join(dir, r.Label), r.Result, r.Scenario, TOML(r.Scenario)); err != nil {
			return fmt.Errorf("%s: %w", r.Label, err)
		}
	}
	js, err := c.JSON()
	if err != nil {
		return err
	}
	html, err := c.HTML()
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{CompareJSONFile, js}, {CompareMarkdownFile, c.Markdown(true)}, {compareReportFile, html}} {
		if err := render.WriteAtomic(filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
	}
	return nil
}
