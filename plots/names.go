package plots

import (
	"sort"

	"gonum.org/v1/plot/plotter"
)

// total sums a series' values.
func total(xys plotter.XYs) float64 {
	var s float64
	for _, p := range xys {
		s += p.Y
	}
	return s
}

// databaseNames lists the databases of any run, sorted.
func databaseNames(runs []Run) []string {
	seen := map[string]bool{}
	for _, r := range runs {
		for name := range r.Result.Summary.Databases {
			seen[name] = true
		}
	}
	return sorted(seen)
}

// queueNames lists the queues of any run, sorted.
func queueNames(runs []Run) []string {
	seen := map[string]bool{}
	for _, r := range runs {
		for name := range r.Result.Summary.Queues {
			seen[name] = true
		}
	}
	return sorted(seen)
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
