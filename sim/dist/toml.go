package dist

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/sim"
)

// String is s as a TOML inline table that the scenario loader reads back
// exactly, e.g. { dist = "lognormal", median = "80ms", p99 = "400ms" }.
func (s Spec) String() string {
	q := func(t sim.Time) string { return strconv.Quote(t.String()) }
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	var kv []string
	switch s.Kind {
	case Fixed:
		kv = []string{"value = " + q(s.Value)}
	case Exponential:
		kv = []string{"mean = " + q(s.Mean)}
	case Uniform:
		kv = []string{"min = " + q(s.Min), "max = " + q(s.Max)}
	case LogNormal:
		if s.Median > 0 {
			kv = []string{"median = " + q(s.Median), "p99 = " + q(s.P99)}
		} else {
			kv = []string{"mean = " + q(s.Mean), "stddev = " + q(s.Stddev)}
		}
	case Gamma:
		kv = []string{"mean = " + q(s.Mean), "cv = " + f(s.CV)}
	case Weibull:
		kv = []string{"shape = " + f(s.Shape), "scale = " + q(s.Scale)}
	case Empirical:
		if s.File != "" {
			kv = []string{"file = " + strconv.Quote(s.File)}
		} else {
			vs := make([]string, len(s.Values))
			for i, v := range s.Values {
				vs[i] = f(v.Millis())
			}
			kv = []string{"values = [" + strings.Join(vs, ", ") + "]"}
		}
	case Sum:
		ts := make([]string, len(s.Terms))
		for i, t := range s.Terms {
			ts[i] = t.String()
		}
		kv = []string{"terms = [" + strings.Join(ts, ", ") + "]"}
	}
	return "{ " + strings.Join(append([]string{"dist = " + strconv.Quote(string(s.Kind))}, kv...), ", ") + " }"
}

// MarshalTOML lets BurntSushi/toml write s as an inline table.
func (s Spec) MarshalTOML() ([]byte, error) { return []byte(s.String()), nil }

// LoadEmpiricalFile reads samples in milliseconds: one per line, or the first
// column of a CSV. Blank lines and lines starting with '#' are skipped; a
// non-numeric first line is a header.
func LoadEmpiricalFile(path string) ([]sim.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []sim.Time
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		field := strings.TrimSpace(strings.SplitN(text, ",", 2)[0])
		ms, err := strconv.ParseFloat(field, 64)
		if err != nil && line == 1 {
			continue // a header
		}
		if err != nil || ms < 0 || ms != ms || ms > 1e12 {
			return nil, fmt.Errorf("%s:%d: %q is not a duration in milliseconds (allowed: a number >= 0)", path, line, field)
		}
		out = append(out, sim.FromSeconds(ms/1000))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no samples", path)
	}
	return out, nil
}
