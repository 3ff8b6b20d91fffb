package dist

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Empirical sample files: headers, comments, CSV, and errors naming the line.
func TestLoadEmpiricalFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, text string
		want       []sim.Time
		err        string
	}{
		// One value per line; blank lines skipped.
		{"plain", "1\n2.5\n\n0.001\n", []sim.Time{ms, 2500 * sim.Microsecond, sim.Microsecond}, ""},
		// A header, then the first column of a CSV.
		{"csv", "ms,host\n1, a\n 2 ,b\n", []sim.Time{ms, 2 * ms}, ""},
		// Comments anywhere; the header is the first line with content.
		{"comments", "# measured 2026\ninit_ms\n4\n# more\n5\n", []sim.Time{4 * ms, 5 * ms}, ""},
		// Spreadsheet output: byte-order mark and CRLF.
		{"crlf", "\uFEFFms\r\n7\r\n", []sim.Time{7 * ms}, ""},
		// A bad line after the first is named with its number and text.
		{"bad line", "1\n2\nfast\n", nil, `bad line.csv:3: "fast" is not a duration in milliseconds`},
		// Only one header.
		{"two headers", "ms\nhost\n1\n", nil, `:2: "host"`},
		// Negative durations refused.
		{"negative", "1\n-2\n", nil, `:2: "-2"`},
		// NaN parses as a float but is no duration.
		{"nan", "1\nNaN\n", nil, `:2: "NaN"`},
		// Nothing to draw from.
		{"empty", "# nothing\n\n", nil, "no samples"},
		// A header alone is still nothing.
		{"header only", "ms\n", nil, "no samples"},
	} {
		path := filepath.Join(dir, tc.name+".csv")
		if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		vals, err := LoadEmpiricalFile(path)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || !slices.Equal(vals, tc.want) {
			t.Errorf("%s: %v, %v; want %v", tc.name, vals, err, tc.want)
		}
	}
	// A missing file is the open error.
	if _, err := LoadEmpiricalFile(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
}
