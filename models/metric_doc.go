package models

import (
	"bytes"
	"fmt"
	"strings"
)

// Markers of the generated list of metrics in docs/metrics.md.
const (
	MetricsDocBegin = "<!-- BEGIN generated list of metrics: go test ./models -run TestMetricsDoc -update -->"
	MetricsDocEnd   = "<!-- END generated list of metrics -->"
)

var scopeTitles = [numScopes]string{
	"Per run", "Per function: `functions.F`", "Per workload: `workloads.W`", "Per database: `databases.D`",
	"Per database behind RDS Proxy: `databases.D.proxy`",
	"Per Aurora Serverless v2 database: `databases.D.serverless`", "Per queue: `queues.Q`",
	"Per always-on alternative: `cost.alternatives.A`",
}

// MetricsDoc is the list of metrics of docs/metrics.md, generated from the
// registry between MetricsDocBegin and MetricsDocEnd: one table per scope,
// one row per metric with its unit, kind, how it combines over
// replications and its definition, headline metrics and --assert
// shortcuts marked.
func MetricsDoc() []byte {
	var b bytes.Buffer
	b.WriteString(MetricsDocBegin + "\n")
	for sc := range numScopes {
		fmt.Fprintf(&b, "\n### %s\n\n", scopeTitles[sc])
		b.WriteString("| metric | unit | kind | over replications | definition |\n|---|---|---|---|---|\n")
		for _, m := range registry {
			if m.Scope != sc {
				continue
			}
			doc := m.Doc
			if m.Headline > 0 {
				doc += fmt.Sprintf(". Headline metric %d (%s)", m.Headline, m.Label)
			}
			if m.Shortcut != "" {
				doc += fmt.Sprintf(". `--assert` shortcut: `%s`", m.Shortcut)
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", m.Path, m.Unit, m.Kind, m.Agg,
				strings.ReplaceAll(doc, "|", `\|`))
		}
	}
	b.WriteString("\n### What limited the run: `bottlenecks`\n\n")
	b.WriteString("| kind | peak and limit in | binds when |\n|---|---|---|\n")
	for _, k := range BottleneckKinds {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", k.Name, k.Unit, strings.ReplaceAll(k.Doc, "|", `\|`))
	}
	b.WriteString("\n" + MetricsDocEnd + "\n")
	return b.Bytes()
}

// SpliceMetricsDoc replaces the generated list in doc, the text of
// docs/metrics.md, by MetricsDoc(); it fails when the markers are missing.
func SpliceMetricsDoc(doc []byte) ([]byte, error) {
	s := string(doc)
	i, j := strings.Index(s, MetricsDocBegin), strings.Index(s, MetricsDocEnd)
	if i < 0 || j < i {
		return nil, fmt.Errorf("docs/metrics.md: no generated list of metrics between %q and %q", MetricsDocBegin, MetricsDocEnd)
	}
	rest := strings.TrimPrefix(s[j+len(MetricsDocEnd):], "\n")
	return []byte(s[:i] + string(MetricsDoc()) + rest), nil
}
