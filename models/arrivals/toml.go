package arrivals

import (
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/sim"
)

// String is s as a TOML inline table the scenario loader reads back, e.g.
// { process = "poisson", rate = 200 }. Durations use sim.Time's String (which
// round-trips through ParseDuration) and numbers the shortest decimal that
// parses back to the same float64.
func (s Spec) String() string {
	kv := []string{"process = " + strconv.Quote(string(s.Process))}
	switch s.Process {
	case Poisson, Constant:
		kv = append(kv, "rate = "+num(s.Rate))
	case Profile:
		pts := make([]string, len(s.Points))
		for i, p := range s.Points {
			pts[i] = "[" + dur(p.At) + ", " + num(p.Rate) + "]"
		}
		kv = append(kv, "points = ["+strings.Join(pts, ", ")+"]", "shape = "+strconv.Quote(s.Shape))
		if s.Repeat > 0 {
			kv = append(kv, "repeat = "+dur(s.Repeat))
		}
	case Sinusoid:
		kv = append(kv, "mean = "+num(s.Mean), "amplitude = "+num(s.Amplitude), "period = "+dur(s.Period), "phase = "+dur(s.Phase))
	case MMPP:
		st := make([]string, len(s.States))
		for i, x := range s.States {
			st[i] = "{ rate = " + num(x.Rate) + ", mean_dwell = " + dur(x.MeanDwell) + " }"
		}
		kv = append(kv, "states = ["+strings.Join(st, ", ")+"]")
	case Burst:
		kv = append(kv, "count = "+strconv.Itoa(s.Count), "at = "+dur(s.At), "over = "+dur(s.Over))
	case Trace:
		t := s.Trace
		kv = append(kv, "file = "+strconv.Quote(t.File), "format = "+strconv.Quote(t.Format))
		if t.Function != "" {
			kv = append(kv, "function = "+strconv.Quote(t.Function))
		}
		if t.Format == FormatAzure2019 {
			kv = append(kv, "spread = "+strconv.Quote(t.Spread))
		}
		kv = append(kv, "scale = "+num(t.Scale), "speed = "+num(t.Speed), "start = "+dur(t.Start))
		if t.End > 0 {
			kv = append(kv, "end = "+dur(t.End))
		}
		kv = append(kv, "loop = "+strconv.FormatBool(t.Loop))
		if t.Durations {
			kv = append(kv, "durations = true")
		}
	}
	return "{ " + strings.Join(kv, ", ") + " }"
}

// MarshalTOML lets BurntSushi/toml write s as an inline table.
func (s Spec) MarshalTOML() ([]byte, error) { return []byte(s.String()), nil }

func dur(t sim.Time) string { return strconv.Quote(t.String()) }

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
