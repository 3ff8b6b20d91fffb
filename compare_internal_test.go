package stampede

import (
	"testing"

	"github.com/stampede-sim/stampede/models"
)

// Every headline metric of the registry is a row of a comparison, and
// every row names a metric of the registry.
func TestCompareRowsCoverHeadlines(t *testing.T) {
	rows := map[string]bool{}
	for _, r := range compareRows {
		rows[r.path] = true
		if r.path[len(r.path)-1] != '.' && models.MetricAt(r.path) == nil {
			t.Errorf("row %q is not a metric of the registry", r.path)
		}
	}
	for _, m := range models.Headlines() {
		if !rows[m.Path] {
			t.Errorf("headline metric %s is not a row of a comparison", m.Path)
		}
	}
}
