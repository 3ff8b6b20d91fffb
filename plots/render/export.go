package render

import "github.com/stampede-sim/stampede/models"

// Table is one section of the summary: a title, a header and rows of
// formatted cells, as printed by Text and Markdown.
type Table struct {
	Title  string
	Header []string
	Rows   [][]string
}

// Tables returns the summary's sections, for other formats (the HTML report).
func Tables(r *models.Result) []Table {
	ts := sections(r)
	out := make([]Table, len(ts))
	for i, t := range ts {
		out[i] = Table{Title: t.title, Header: t.header, Rows: t.rows}
	}
	return out
}

// RunInfo is the line under the title: seed, simulated time, replications.
func RunInfo(r *models.Result) []string {
	h := headline(r)
	if r.Summary.Description != "" {
		return h[2:]
	}
	return h[1:]
}

// Cell formats an estimate of m as the tables do: by m's kind and unit,
// with ± its 95% CI half-width when ci is set.
func Cell(m *models.Metric, e models.Estimate, ci bool) string { return cell{ci: ci}.metric(m, e) }

// Compact formats an estimate of m for a headline card: counts, settings
// and levels as whole-looking numbers with thousands separators, ratios as
// percentages, durations with three significant digits and their unit,
// dollars; with ± the 95% CI half-width when ci is set.
func Compact(m *models.Metric, e models.Estimate, ci bool) string {
	c := cell{ci: ci && m.Agg != models.AggMeanOfMax && m.Kind != models.KindSetting} // as metric
	switch m.Kind {
	case models.KindRatio:
		return c.pct(e.Mean, e.CI95)
	case models.KindMoney:
		return c.usd(e.Mean, e.CI95)
	case models.KindDuration:
		return c.ms(e.Mean, e.CI95) + " " + m.Unit.String()
	}
	return c.count(e.Mean, e.CI95)
}
