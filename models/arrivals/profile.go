package arrivals

import (
	"math"
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
)

// segment is a stretch [start, end) of a profile, in seconds from the start
// of its period, on which the rate moves linearly from r0 to r1 (r0 = r1 for
// "step"). A profile without repeat ends with a segment to +Inf at the last
// point's rate.
type segment struct {
	start, end float64
	r0, r1     float64
}

// rate at u, start <= u < end.
func (g segment) rate(u float64) float64 {
	if g.r0 == g.r1 {
		return g.r0
	}
	return g.r0 + (u-g.start)/(g.end-g.start)*(g.r1-g.r0)
}

// integral of the rate over [start, u), u <= end: a trapezoid, exact for a
// linear rate.
func (g segment) integral(u float64) float64 {
	if u <= g.start {
		return 0
	}
	return (u - g.start) * (g.r0 + g.rate(u)) / 2
}

// segments cuts a profile into its segments. With Repeat, the last point's
// segment runs to Repeat and, for "linear", moves towards the first point's
// rate so that the rate is continuous where the period wraps; when Repeat
// equals the last point's time that segment is empty and left out. Any shape
// other than "linear" is read as "step", the loader's default.
func segments(s Spec) []segment {
	pts := s.Points
	linear := s.Shape == "linear"
	segs := make([]segment, 0, len(pts))
	for i, p := range pts {
		g := segment{start: p.At.Seconds(), r0: p.Rate, r1: p.Rate}
		switch {
		case i+1 < len(pts):
			g.end = pts[i+1].At.Seconds()
			if linear {
				g.r1 = pts[i+1].Rate
			}
		case s.Repeat > 0:
			g.end = s.Repeat.Seconds()
			if linear {
				g.r1 = pts[0].Rate
			}
		default:
			g.end = math.Inf(1)
		}
		if g.end > g.start {
			segs = append(segs, g)
		}
	}
	return segs
}

// cumulative is Λ(t) = ∫₀ᵗ rate: whole periods times the integral over one
// period, plus the part of the current period.
func cumulative(segs []segment, period, t float64) float64 {
	if t <= 0 {
		return 0
	}
	var sum float64
	if period > 0 {
		n := math.Floor(t / period)
		if n > 0 {
			sum = n * cumulative(segs, 0, period)
			t -= n * period
		}
	}
	for _, g := range segs {
		if t <= g.start {
			break
		}
		sum += g.integral(math.Min(t, g.end))
	}
	return sum
}

// profile samples the non-homogeneous Poisson process of a rate profile
// exactly, one segment at a time. By memorylessness, the arrivals in a
// segment depend only on its rate there: a candidate past the segment's end
// is dropped and sampling restarts at the end with the next segment's rate.
// A step segment is then a homogeneous Poisson process; a linear one is
// thinned (Lewis and Shedler) against its own maximum, max(r0, r1), which
// accepts at least half the candidates, where thinning against the global
// maximum would waste 97% of draws in the 50/s stretches of a 50 → 2,000/s
// spike. Zero-rate segments are skipped without a draw.
type profile struct {
	r      *rand.Rand
	segs   []segment
	period float64 // seconds; 0 = no repeat
	quiet  bool    // every rate is 0: nothing ever arrives
	i      int     // current segment
	cycle  float64 // completed periods
	base   float64 // start of the current period = cycle·period
	t      float64 // now, seconds
}

func newProfile(s Spec, r *rand.Rand) *profile {
	p := &profile{r: r, segs: segments(s), period: s.Repeat.Seconds(), quiet: true}
	for _, g := range p.segs {
		if max(g.r0, g.r1) > 0 {
			p.quiet = false
		}
	}
	return p
}

func (p *profile) Next() sim.Time {
	if p.quiet {
		return sim.Forever
	}
	for {
		g := p.segs[p.i]
		end := p.base + g.end
		if bound := max(g.r0, g.r1); bound > 0 {
			cand := p.t + p.r.ExpFloat64()/bound
			if cand < end {
				p.t = cand
				if g.r0 == g.r1 || p.r.Float64()*bound <= g.rate(cand-p.base) {
					return at(cand)
				}
				continue
			}
		}
		if end >= maxSeconds {
			return sim.Forever
		}
		p.t = end
		p.advance()
	}
}

// advance moves to the next segment, wrapping to the next period. The
// period's start is cycle·period rather than a running sum, so it does not
// drift.
func (p *profile) advance() {
	p.i++
	if p.i == len(p.segs) {
		p.i = 0
		p.cycle++
		p.base = p.cycle * p.period
	}
}
