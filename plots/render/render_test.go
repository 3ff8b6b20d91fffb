package render

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/scenarios"
)

// Cell formats, with a comment per case.
func TestFormats(t *testing.T) {
	c, ci := cell{}, cell{ci: true}
	for _, tc := range []struct{ got, want string }{
		{c.count(1234567, 0), "1,234,567"},         // counts get thousands separators
		{c.count(12.4, 0), "12"},                   // a mean over replications is a whole count
		{ci.count(479356.8, 823), "479,357 ± 823"}, // with replications: the 95% half-width, whole
		{ci.count(3.2, 0.46), "3 ± 0.460"},         // a half-width below 1 keeps three digits
		{ci.pct(0.1305, 0.002), "13.05% ± 0.20%"},  // a unit on the ±
		{c.usd(8.632e-05, 0), "$0.00008632"},       // never in exponent form
		{c.ms(1505.4, 0), "1505"},                  // latencies: three significant digits
		{c.ms(0.3094, 0), "0.309"},                 // small ones too
		{c.pct(0.3662, 0), "36.62%"},               // fractions as percentages
		{c.usd(5418.44, 0), "$5,418.44"},           // dollars: cents above $1
		{c.usd(0.015, 0), "$0.015"},                // four significant digits below
		{ci.usd(10, 0.5), "$10.00 ± $0.50"},        // and their half-widths
		{mdEscape("a|b_<c>"), `a\|b\_&lt;c&gt;`},   // Markdown table cells are escaped
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// Every failure cause appears in the text, zero or not (but
// api_gateway_throttled, which shows only when nonzero: it is set here),
// and the cost table is always there.
func TestTextSections(t *testing.T) {
	r := &models.Result{Summary: &models.Summary{Scenario: "x", Requests: models.Requests{Total: 10, Failed: 2},
		Failures: models.Failures{models.CauseExpired: 1, models.CauseAPIGatewayThrottled: 1}}}
	out := string(Text(r))
	for c := range models.NumCauses {
		if !strings.Contains(out, c.String()) {
			t.Errorf("cause %s missing from the text summary", c)
		}
	}
	if !strings.Contains(out, "Cost (us-east-1") {
		t.Error("no cost table")
	}
	md := string(MarkdownDoc(r, []Figure{{Title: "Requests", Path: "plots/requests.png"}}, []byte("name = \"x\"\n")))
	for _, want := range []string{"![Requests](plots/requests.png)", "```toml\nname = \"x\"\n```"} {
		if !strings.Contains(md, want) {
			t.Errorf("summary.md lacks %q", want)
		}
	}
}

// With replications, every metric cell carries its 95% half-width, and the
// headline says how many replications.
func TestReplicatedTables(t *testing.T) {
	sc, err := scenarios.Load("steady-api", []string{"duration=1m", "replications=3"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := models.RunScenario(sc, 0, models.RunOptions{Buckets: 10})
	if err != nil {
		t.Fatal(err)
	}
	out := string(Text(res))
	if !strings.Contains(out, "3 replications, mean ± 95% CI half-width") {
		t.Errorf("no replications in the headline:\n%s", out)
	}
	for _, tb := range Tables(res) {
		for i, c := range tb.Rows[0] {
			switch {
			case tb.Title == "Requests" && !strings.Contains(c, " ± "):
				t.Errorf("requests %s: %q without a half-width", tb.Header[i], c)
			case strings.HasPrefix(tb.Title, "End-to-end latency") && tb.Header[i] == "max" && strings.Contains(c, "±"):
				t.Errorf("the max latency %q has a half-width: a maximum has none", c)
			case tb.Title == "Requests" && !strings.Contains(c, "%") && strings.Contains(strings.SplitN(c, " ± ", 2)[0], "."):
				t.Errorf("requests %s: %q is not a whole count", tb.Header[i], c)
			}
		}
	}
	// The headline cards too: counts whole with their interval, a
	// maximum without.
	for _, m := range models.Headlines() {
		e, _ := res.Value(models.Key{Metric: m})
		got := Compact(m, e, true)
		if want := m.Agg != models.AggMeanOfMax; strings.Contains(got, " ± ") != want {
			t.Errorf("card %s = %q: an interval %v, want %v", m.Path, got, !want, want)
		}
	}
}

// Every table renders from the registry: a summary with every section
// (two workloads, a database behind a proxy, a queue, an alternative).
func TestEverySection(t *testing.T) {
	s := &models.Summary{Scenario: "x",
		Functions: map[string]models.FunctionSummary{"api": {Invocations: 3}},
		Workloads: map[string]models.WorkloadSummary{"a": {}, "b": {}},
		Databases: map[string]models.DatabaseSummary{"orders": {MaxConnections: 413, ReservedConnections: 3,
			Proxy: &models.ProxySummary{Borrows: 7}}},
		Queues: map[string]models.QueueSummary{"q": {Sent: 5}},
		Cost:   models.Cost{Alternatives: map[string]cost.Comparison{"ec2": {InstancesPeak: 2}}},
	}
	out := string(Text(&models.Result{Summary: s}))
	for _, want := range []string{"Workloads", "Queues", "Database connections", "Database load", "RDS Proxy",
		"Always-on alternatives", "orders  413     410"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

// Overrides are listed under the title of the text and Markdown outputs,
// and a description written for the defaults says so once another value
// is overridden; a new name or description alone does not stale it.
func TestOverridesInHeader(t *testing.T) {
	for _, tc := range []struct {
		overrides []string
		stale     bool
	}{
		{nil, false}, // the scenario as written
		{[]string{"name=mine", "description=ok"}, false},       // its own words: not stale
		{[]string{"seed=7", "replications=5"}, false},          // another sample of the same design
		{[]string{"database.orders.proxy.enabled=true"}, true}, // another design: stale
		{[]string{" description =x", "duration=10m"}, true},    // any other key stales it
	} {
		s := &models.Summary{Scenario: "x", Description: "Over a third of all requests fail.", Overrides: tc.overrides}
		r := &models.Result{Summary: s}
		text, md := string(Text(r)), string(Markdown(r))
		for _, out := range []string{text, md} {
			if got := strings.Contains(out, "[Written for the scenario's defaults"); got != tc.stale {
				t.Errorf("%v: marked stale %v, want %v", tc.overrides, got, tc.stale)
			}
			if len(tc.overrides) > 0 && !strings.Contains(out, "overrides: "+MarkdownEscape(strings.Join(tc.overrides, " · "))) &&
				!strings.Contains(out, "overrides: "+strings.Join(tc.overrides, " · ")) {
				t.Errorf("%v: the overrides are not listed:\n%s", tc.overrides, out)
			}
		}
	}
}
