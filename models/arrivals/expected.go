package arrivals

import (
	"math"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/sim"
)

// MeanRate is the long-run mean rate per second.
func (s Spec) MeanRate() float64 {
	switch s.Process {
	case Poisson, Constant:
		return s.Rate
	case Sinusoid:
		return s.Mean
	case MMPP:
		var num, den float64
		for _, st := range s.States {
			num += st.Rate * st.MeanDwell.Seconds()
			den += st.MeanDwell.Seconds()
		}
		return num / den
	case Profile:
		if s.Repeat > 0 {
			return s.integral(0, s.Repeat.Seconds()) / s.Repeat.Seconds()
		}
		return s.Points[len(s.Points)-1].Rate
	}
	return 0
}

// PeakRate is the highest rate the process reaches, per second.
func (s Spec) PeakRate() float64 {
	switch s.Process {
	case Sinusoid:
		return s.Mean + math.Abs(s.Amplitude)
	case MMPP:
		var m float64
		for _, st := range s.States {
			m = math.Max(m, st.Rate)
		}
		return m
	case Profile:
		var m float64
		for _, p := range s.Points {
			m = math.Max(m, p.Rate)
		}
		return m
	case Burst:
		if s.Over == 0 {
			return math.Inf(1)
		}
		return float64(s.Count) / s.Over.Seconds()
	}
	return s.Rate
}

// ExpectedCount is the expected number of arrivals in [from, to).
func (s Spec) ExpectedCount(from, to sim.Time) float64 {
	if to <= from {
		return 0
	}
	a, b := from.Seconds(), to.Seconds()
	switch s.Process {
	case Poisson:
		return s.Rate * (b - a)
	case MMPP:
		return s.MeanRate() * (b - a)
	case Constant:
		if s.Rate <= 0 {
			return 0
		}
		// Arrivals at k/rate: those with a <= k/rate < b.
		return math.Max(0, math.Ceil(b*s.Rate)-math.Ceil(a*s.Rate))
	case Burst:
		n := 0
		p := s.New(nil)
		for t := p.Next(); t < to; t = p.Next() {
			if t >= from {
				n++
			}
		}
		return float64(n)
	case Sinusoid:
		w := 2 * math.Pi / s.Period.Seconds()
		ph := s.Phase.Seconds()
		return s.Mean*(b-a) - s.Amplitude/w*(math.Cos(w*(b+ph))-math.Cos(w*(a+ph)))
	case Profile:
		return s.integral(a, b)
	}
	return 0
}

// integral of a profile's rate over [a, b), segment by segment.
func (s Spec) integral(a, b float64) float64 {
	p := profileRate{s}
	var sum float64
	for t := a; t < b; {
		end, _ := p.segment(t)
		e := math.Min(end, b)
		// Rates are linear (or constant) within a segment: the trapezoid is exact.
		sum += (e - t) * (p.at(t) + p.rateBefore(e, t)) / 2
		t = e
	}
	return sum
}

// rateBefore is the rate just before e, inside the segment that starts at t.
func (p profileRate) rateBefore(e, t float64) float64 {
	if p.s.Shape != "linear" {
		return p.at(t)
	}
	_, base, i := p.locate(t)
	pt := p.s.Points[i]
	t1, r1 := p.next(i)
	if math.IsInf(t1, 1) {
		return pt.Rate
	}
	t0 := base + pt.At.Seconds()
	return pt.Rate + (e-t0)/(base+t1-t0)*(r1-pt.Rate)
}

// String is s as a TOML inline table the scenario loader reads back.
func (s Spec) String() string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	q := func(t sim.Time) string { return strconv.Quote(t.String()) }
	kv := []string{"process = " + strconv.Quote(string(s.Process))}
	switch s.Process {
	case Poisson, Constant:
		kv = append(kv, "rate = "+f(s.Rate))
	case Profile:
		pts := make([]string, len(s.Points))
		for i, p := range s.Points {
			pts[i] = "[" + q(p.At) + ", " + f(p.Rate) + "]"
		}
		kv = append(kv, "points = ["+strings.Join(pts, ", ")+"]", "shape = "+strconv.Quote(s.Shape))
		if s.Repeat > 0 {
			kv = append(kv, "repeat = "+q(s.Repeat))
		}
	case Sinusoid:
		kv = append(kv, "mean = "+f(s.Mean), "amplitude = "+f(s.Amplitude), "period = "+q(s.Period), "phase = "+q(s.Phase))
	case MMPP:
		st := make([]string, len(s.States))
		for i, x := range s.States {
			st[i] = "{ rate = " + f(x.Rate) + ", mean_dwell = " + q(x.MeanDwell) + " }"
		}
		kv = append(kv, "states = ["+strings.Join(st, ", ")+"]")
	case Burst:
		kv = append(kv, "count = "+strconv.Itoa(s.Count), "at = "+q(s.At), "over = "+q(s.Over))
	}
	return "{ " + strings.Join(kv, ", ") + " }"
}

// MarshalTOML lets BurntSushi/toml write s as an inline table.
func (s Spec) MarshalTOML() ([]byte, error) { return []byte(s.String()), nil }
