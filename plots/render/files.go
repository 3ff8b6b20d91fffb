package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/stampede-sim/stampede/models"
)

// JSON is summary.json: a single run's Summary or a replicated run's means
// with their ci95, indented, with a final newline (models.Result.SummaryJSON).
func JSON(r *models.Result) ([]byte, error) { return r.SummaryJSON() }

// CSV is timeseries.csv: a header row of column names, then one row per
// bucket. Fields are quoted by encoding/csv's rules (RFC 4180), so a name
// holding a comma, a quote or a newline stays one field.
func CSV(s *models.Series) []byte {
	cols := s.Columns()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.Name
	}
	w.Write(rec)
	for row := range cols[0].Values {
		for i, c := range cols {
			rec[i] = strconv.FormatFloat(c.Values[row], 'g', 8, 64)
		}
		w.Write(rec)
	}
	w.Flush()
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

// outputMarkers are the files by which a directory is recognised as an
// earlier stampede output (of run, compare, sweep or merge), which a new
// output replaces whole.
var outputMarkers = []string{"summary.json", "compare.json", "sweep.json", "shard.json"}

// CheckDir checks before a run that dir can receive an output set: its
// parent can be created and written (a temporary file is made and removed
// there), and dir is missing, an empty directory or an earlier stampede
// output, never the working directory or one that contains it.
func CheckDir(dir string) error {
	dir = filepath.Clean(dir)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(abs, wd); err == nil && (rel == "." || filepath.IsLocal(rel)) {
			return fmt.Errorf("is the working directory or contains it (allowed: a new directory, an empty one or an earlier output)")
		}
	}
	switch st, err := os.Stat(dir); {
	case err == nil && !st.IsDir():
		return fmt.Errorf("exists and is not a directory")
	case err == nil:
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		if len(entries) > 0 && !isOutput(dir) {
			return fmt.Errorf("holds files that are not a stampede output, which would be replaced (allowed: a new directory, an empty one or an earlier output)")
		}
	case !os.IsNotExist(err):
		return err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(parent, "."+filepath.Base(abs)+".check-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", parent, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

func isOutput(dir string) bool {
	for _, m := range outputMarkers {
		if _, err := os.Stat(filepath.Join(dir, m)); err == nil {
			return true
		}
	}
	return false
}

// ReplaceDir writes a complete output set into dir: write fills a new
// temporary sibling directory, which then takes dir's place (an earlier
// set is renamed away, the new one renamed in, the old one removed). dir
// thus holds exactly one output, never a mix of two or a partial one; a
// failed or interrupted write leaves dir as it was.
func ReplaceDir(dir string, write func(tmp string) error) error {
	if err := CheckDir(dir); err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	tmp, err := os.MkdirTemp(parent, "."+base+".new-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
