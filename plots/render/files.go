package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/stampede-sim/stampede/models"
)

// JSON is summary.json: a single run's Summary or a replicated run's means
// with their ci95, indented, with a final newline (models.Result.SummaryJSON).
func JSON(r *models.Result) ([]byte, error) { return r.SummaryJSON() }

// CSV is timeseries.csv: a header row of column names, then one row per bucket.
func CSV(s *models.Series) []byte {
	cols := s.Columns()
	var b bytes.Buffer
	for i, c := range cols {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(c.Name)
	}
	b.WriteByte('\n')
	for row := range cols[0].Values {
		for i, c := range cols {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatFloat(c.Values[row], 'g', 8, 64))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Hgrm is latency.hgrm: the end-to-end latency distribution in HdrHistogram's
// percentile-distribution text format, values in milliseconds.
func Hgrm(r *models.Result) ([]byte, error) {
	var b bytes.Buffer
	if err := r.Latency.WriteHgrm(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteAtomic writes data to path through a temporary file in the same
// directory and a rename, so readers never see a partial file.
func WriteAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
