package render

import (
	"fmt"

	"github.com/stampede-sim/stampede/models"
)

// VerdictTitle is the verdict table's title: the first section of every
// output.
const VerdictTitle = "What limited this run"

// NothingBound is the verdict's only row when no limit bound the run.
const NothingBound = "nothing: no limit refused, queued or slowed work"

// verdictTable names every limit that bound the run, earliest first
// (Summary.Bottlenecks): what, when, its peak against the limit, and its
// effect. With replications it is the first replication's, and says so.
func verdictTable(v view) table {
	t := table{title: VerdictTitle, header: []string{"what bound", "from–to", "peak / limit", "effect"}}
	if v.r.Replicated() {
		t.title += fmt.Sprintf(" (replication 1 of %d)", v.r.Replications())
	}
	for _, b := range v.s.Bottlenecks {
		t.rows = append(t.rows, []string{
			b.Resource,
			fmt.Sprintf("%s–%s s", sig(b.FromS), sig(b.ToS)),
			fmt.Sprintf("%s / %s %s", grouped(b.Peak), grouped(b.Limit), b.Unit),
			b.Effect,
		})
	}
	if len(t.rows) == 0 {
		t.header, t.rows = t.header[:1], [][]string{{NothingBound}}
	}
	return t
}

// grouped writes a peak or a limit: thousands separators, and a decimal
// only where it has one (a mean concurrency, a rate).
func grouped(v float64) string {
	if v >= 1000 || v == float64(int64(v)) {
		return commas(v, 0)
	}
	return sig(v)
}

// Verdict is the verdict table of r, for other formats (the HTML report).
func Verdict(r *models.Result) Table {
	t := verdictTable(newView(r))
	return Table{Title: t.title, Header: t.header, Rows: t.rows}
}
