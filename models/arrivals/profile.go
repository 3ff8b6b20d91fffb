package arrivals

import (
	"math"
)

// profileRate is a piecewise rate through Points: "step" holds each point's
// rate until the next point; "linear" interpolates between consecutive
// points. After the last point the rate stays at its value, or, with Repeat,
// the profile restarts every Repeat (linear then interpolates from the last
// point back to the first point's rate at Repeat).
type profileRate struct{ s Spec }

// locate maps t to the period offset u, the period start, and the index of
// the last point at or before u.
func (p profileRate) locate(t float64) (u, base float64, i int) {
	u = t
	if rep := p.s.Repeat.Seconds(); rep > 0 {
		base = math.Floor(t/rep) * rep
		u = t - base
	}
	pts := p.s.Points
	i = 0
	for i+1 < len(pts) && pts[i+1].At.Seconds() <= u {
		i++
	}
	return u, base, i
}

// next returns the time and rate of the point after index i (relative to
// the period), or +Inf when the rate stays constant.
func (p profileRate) next(i int) (float64, float64) {
	pts := p.s.Points
	if i+1 < len(pts) {
		return pts[i+1].At.Seconds(), pts[i+1].Rate
	}
	if rep := p.s.Repeat.Seconds(); rep > 0 {
		return rep, pts[0].Rate
	}
	return math.Inf(1), pts[i].Rate
}

func (p profileRate) at(t float64) float64 {
	u, _, i := p.locate(t)
	pt := p.s.Points[i]
	if p.s.Shape != "linear" {
		return pt.Rate
	}
	t1, r1 := p.next(i)
	if math.IsInf(t1, 1) || t1 <= pt.At.Seconds() {
		return pt.Rate
	}
	f := (u - pt.At.Seconds()) / (t1 - pt.At.Seconds())
	return pt.Rate + f*(r1-pt.Rate)
}

func (p profileRate) segment(t float64) (end, bound float64) {
	_, base, i := p.locate(t)
	pt := p.s.Points[i]
	t1, r1 := p.next(i)
	end = base + t1
	if p.s.Shape == "linear" {
		return end, math.Max(pt.Rate, r1)
	}
	return end, pt.Rate
}

// sinusoidRate is Mean + Amplitude·sin(2π(t+Phase)/Period), thinned against
// Mean + |Amplitude| in segments of one period.
type sinusoidRate struct{ s Spec }

func (r sinusoidRate) at(t float64) float64 {
	x := 2 * math.Pi * (t + r.s.Phase.Seconds()) / r.s.Period.Seconds()
	return math.Max(0, r.s.Mean+r.s.Amplitude*math.Sin(x))
}

func (r sinusoidRate) segment(t float64) (float64, float64) {
	period := r.s.Period.Seconds()
	return (math.Floor(t/period) + 1) * period, r.s.Mean + math.Abs(r.s.Amplitude)
}
