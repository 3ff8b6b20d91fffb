package dist

import (
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/sim"
)

// String is s as a TOML inline table that the scenario loader reads back
// exactly, e.g. { dist = "lognormal", median = "80ms", p99 = "400ms" }.
// Durations use sim.Time's String (which round-trips through ParseDuration)
// and numbers the shortest decimal that parses back to the same float64.
// Empirical values are written in milliseconds, the unit of the loader; an
// empirical spec read from a file is written as the file, not its values.
func (s Spec) String() string {
	kv := []string{"dist = " + strconv.Quote(string(s.Kind))}
	switch s.Kind {
	case Fixed:
		kv = append(kv, "value = "+dur(s.Value))
	case Exponential:
		kv = append(kv, "mean = "+dur(s.Mean))
	case Uniform:
		kv = append(kv, "min = "+dur(s.Min), "max = "+dur(s.Max))
	case LogNormal:
		if s.lognormalByMedian() {
			kv = append(kv, "median = "+dur(s.Median), "p99 = "+dur(s.P99))
		} else {
			kv = append(kv, "mean = "+dur(s.Mean), "stddev = "+dur(s.Stddev))
		}
	case Gamma:
		kv = append(kv, "mean = "+dur(s.Mean), "cv = "+num(s.CV))
	case Weibull:
		kv = append(kv, "shape = "+num(s.Shape), "scale = "+dur(s.Scale))
	case Empirical:
		kv = append(kv, s.empiricalString())
	case Sum:
		ts := make([]string, len(s.Terms))
		for i, t := range s.Terms {
			ts[i] = t.String()
		}
		kv = append(kv, "terms = ["+strings.Join(ts, ", ")+"]")
	}
	return "{ " + strings.Join(kv, ", ") + " }"
}

func (s Spec) empiricalString() string {
	if s.File != "" {
		return "file = " + strconv.Quote(s.File)
	}
	vs := make([]string, len(s.Values))
	for i, v := range s.Values {
		vs[i] = num(v.Millis())
	}
	return "values = [" + strings.Join(vs, ", ") + "]"
}

// MarshalTOML lets BurntSushi/toml write s as an inline table.
func (s Spec) MarshalTOML() ([]byte, error) { return []byte(s.String()), nil }

func dur(t sim.Time) string { return strconv.Quote(t.String()) }

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
