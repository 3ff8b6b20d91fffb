package render

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
)

// Cell formats, with a comment per case.
func TestFormats(t *testing.T) {
	c, ci := cell{}, cell{ci: true}
	for _, tc := range []struct{ got, want string }{
		{c.count(1234567, 0), "1,234,567"},       // counts get thousands separators
		{c.count(12.5, 0), "12.5"},               // a mean over replications keeps a decimal
		{ci.count(100, 2.26), "100 ± 2.3"},       // with replications: the 95% half-width
		{c.ms(1505.4, 0), "1505"},                // latencies: three significant digits
		{c.ms(0.3094, 0), "0.309"},               // small ones too
		{c.pct(0.3662, 0), "36.62%"},             // fractions as percentages
		{c.usd(5418.44, 0), "$5,418.44"},         // dollars: cents above $1
		{c.usd(0.015, 0), "$0.015"},              // four significant digits below
		{ci.usd(10, 0.5), "$10.00 ± $0.5"},       // and their half-widths
		{mdEscape("a|b_<c>"), `a\|b\_&lt;c&gt;`}, // Markdown table cells are escaped
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// Every failure cause appears in the text, zero or not, and the cost table
// is always there.
func TestTextSections(t *testing.T) {
	s := &models.Summary{Scenario: "x", Requests: models.Requests{Total: 10, Failed: 1}, Failures: models.Failures{Expired: 1}}
	out := string(Text(s))
	for _, cause := range models.CauseNames {
		if !strings.Contains(out, cause) {
			t.Errorf("cause %s missing from the text summary", cause)
		}
	}
	if !strings.Contains(out, "Cost (us-east-1") {
		t.Error("no cost table")
	}
	md := string(MarkdownDoc(s, []Figure{{Title: "Requests", Path: "plots/requests.png"}}, []byte("name = \"x\"\n")))
	for _, want := range []string{"![Requests](plots/requests.png)", "```toml\nname = \"x\"\n```"} {
		if !strings.Contains(md, want) {
			t.Errorf("summary.md lacks %q", want)
		}
	}
}
