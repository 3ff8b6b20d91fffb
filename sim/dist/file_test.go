package dist

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Empirical sample files: headers, comments, CSV, and errors naming the line.
func TestLoadEmpiricalFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, text string
		n          int
		err        string
	}{
		{"plain", "1\n2.5\n\n3\n", 3, ""},                      // one value per line, blank lines skipped
		{"header and csv", "ms,host\n1,a\n2,b\n", 2, ""},       // header and first CSV column
		{"comments", "# measured 2026\n4\n", 1, ""},            // comments skipped
		{"bad line", "1\n2\nfast\n", 0, ":3: \"fast\" is not"}, // the bad line named
		{"negative", "1\n-2\n", 0, ":2:"},                      // negative durations refused
		{"empty", "# nothing\n", 0, "no samples"},              // nothing to draw from
	} {
		path := filepath.Join(dir, tc.name+".csv")
		os.WriteFile(path, []byte(tc.text), 0o644)
		vals, err := LoadEmpiricalFile(path)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || len(vals) != tc.n {
			t.Errorf("%s: %d values, %v", tc.name, len(vals), err)
		}
	}
}
