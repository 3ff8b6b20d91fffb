package scenarios

import "testing"

// The position indexer, case by case.
func TestPositions(t *testing.T) {
	text := `# a comment with = and [brackets]
name = "x" # trailing comment [x]
"quoted key" = 1
a.b = 2

[account]
region = "us-east-1"

[[function]]
name = "f0"

[[function]]
name = "f1"
duration = { dist = "lognormal", median = "80ms", p99 = "400ms" }
s = """
[not.a.header]
key = "no"
"""

[[workload]]
arrivals = { process = "profile", points = [
  ["0s", 50],
  ["5m", 2000],
] }
states = [{ rate = 1, mean_dwell = "5m" }, { rate = 2, mean_dwell = "1s" }]
`
	got := indexPositions(text)
	for _, tc := range []struct {
		path      string
		line, col int
	}{
		{"name", 2, 1},                               // after a comment full of TOML punctuation
		{"quoted key", 3, 1},                         // quoted key
		{"a.b", 4, 1},                                // dotted key
		{"account.region", 7, 1},                     // inside a table
		{"function[0].name", 10, 1},                  // first element of an array of tables
		{"function[1].name", 13, 1},                  // second element
		{"function[1].duration.p99", 14, 51},         // inline table key
		{"workload[0].arrivals.points[1]", 23, 3},    // element of a multi-line array
		{"workload[0].states[1].mean_dwell", 25, 56}, // inline table inside an array
	} {
		p, ok := got[tc.path]
		if !ok || p.line != tc.line || p.col != tc.col {
			t.Errorf("%s at %v (found %v), want %d:%d", tc.path, p, ok, tc.line, tc.col)
		}
	}
	// A header-looking line inside a multi-line string is not a header.
	if _, ok := got["not.a.header"]; ok {
		t.Error("multi-line string content taken for a header")
	}
}
