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
func Tables(s *models.Summary) []Table {
	ts := sections(s)
	out := make([]Table, len(ts))
	for i, t := range ts {
		out[i] = Table{Title: t.title, Header: t.header, Rows: t.rows}
	}
	return out
}

// RunInfo is the line under the title: seed, simulated time, replications.
func RunInfo(s *models.Summary) []string {
	h := headline(s)
	if s.Description != "" {
		return h[2:]
	}
	return h[1:]
}

// USD formats dollars as the tables do.
func USD(v float64) string { return cell{}.usd(v, 0) }

// Millis formats milliseconds as the tables do.
func Millis(v float64) string { return sig(v) }

// Count formats a count as the tables do.
func Count(v float64) string { return thousands(v) }

// Percent formats a fraction as the tables do.
func Percent(v float64) string { return cell{}.pct(v, 0) }
