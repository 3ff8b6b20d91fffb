package render

import (
	"bytes"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/param"
)

// Text is the human summary printed by `stampede run`.
func Text(r *models.Result) []byte {
	var b bytes.Buffer
	for _, l := range headline(r) {
		fmt.Fprintln(&b, param.Printable(l))
	}
	for _, t := range sections(r) {
		fmt.Fprintf(&b, "\n%s\n", param.Printable(t.title))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "  "+strings.Join(printableAll(t.header), "\t")+"\t")
		for _, r := range t.rows {
			fmt.Fprintln(tw, "  "+strings.Join(printableAll(r), "\t")+"\t")
		}
		tw.Flush()
	}
	return b.Bytes()
}

// Markdown is the summary in Markdown (`--format markdown`).
func Markdown(r *models.Result) []byte { return MarkdownDoc(r, nil, nil) }

// Figure is a plot linked from summary.md.
type Figure struct {
	Title, Path string
}

// MarkdownDoc is summary.md: the summary's tables, the plots linked as PNG
// files, and the resolved scenario.
func MarkdownDoc(r *models.Result, figures []Figure, scenarioTOML []byte) []byte {
	var b bytes.Buffer
	h := headline(r)
	fmt.Fprintf(&b, "# %s\n\n", mdEscape(h[0]))
	for _, l := range h[1:] {
		fmt.Fprintf(&b, "%s\n\n", mdEscape(l))
	}
	for _, t := range sections(r) {
		fmt.Fprintf(&b, "## %s\n\n", t.title)
		fmt.Fprintf(&b, "| %s |\n", strings.Join(escapeAll(t.header), " | "))
		fmt.Fprintf(&b, "|%s\n", strings.Repeat("---:|", len(t.header)))
		for _, r := range t.rows {
			fmt.Fprintf(&b, "| %s |\n", strings.Join(escapeAll(r), " | "))
		}
		b.WriteByte('\n')
	}
	if len(figures) > 0 {
		b.WriteString("## Plots\n\n")
		for _, f := range figures {
			fmt.Fprintf(&b, "![%s](%s)\n\n", mdEscape(f.Title), f.Path)
		}
	}
	if len(scenarioTOML) > 0 {
		fence := "```"
		for strings.Contains(string(scenarioTOML), fence) {
			fence += "`"
		}
		fmt.Fprintf(&b, "## Scenario\n\n%stoml\n%s%s\n\n", fence, scenarioTOML, fence)
	}
	fmt.Fprintf(&b, "Metric definitions: docs/metrics.md in the stampede repository.\n")
	return b.Bytes()
}

var mdReplacer = strings.NewReplacer(`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`)

// MarkdownEscape makes text safe in Markdown prose and table cells.
func MarkdownEscape(s string) string { return mdReplacer.Replace(s) }

func mdEscape(s string) string { return MarkdownEscape(s) }

func escapeAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = mdEscape(x)
	}
	return out
}

// printableAll escapes the cells of a row for a terminal (param.Printable).
func printableAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = param.Printable(x)
	}
	return out
}
