package dist

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/sim"
)

// maxMillis bounds a sample (about 31 years), as the scenario loader bounds
// inline values, so that no sample saturates sim.Time.
const maxMillis = 1e12

// LoadEmpiricalFile reads samples in milliseconds: one per line, or the first
// column of a CSV. Blank lines and lines starting with '#' are skipped, and a
// first line (after those) that is not a number is a header. Any other line
// that is not a number >= 0 is an error naming path:line and the text.
func LoadEmpiricalFile(path string) ([]sim.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readEmpirical(f, path)
}

func readEmpirical(r io.Reader, name string) ([]sim.Time, error) {
	var out []sim.Time
	first := true
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		// Spreadsheets save CSV with a byte-order mark and CRLF line ends.
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		if text == "" || text[0] == '#' {
			continue
		}
		field, _, _ := strings.Cut(text, ",")
		field = strings.TrimSpace(field)
		ms, err := strconv.ParseFloat(field, 64)
		header := first && err != nil
		first = false
		if header {
			continue
		}
		if err != nil || !(ms >= 0 && ms <= maxMillis) {
			return nil, fmt.Errorf("%s:%d: %q is not a duration in milliseconds (allowed: a number from 0 to 1e12)", name, line, field)
		}
		out = append(out, sim.FromSeconds(ms/1000))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no samples (allowed: one number of milliseconds per line, or a CSV with them in the first column)", name)
	}
	return out, nil
}
