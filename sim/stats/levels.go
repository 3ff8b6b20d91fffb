package stats

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
)

// Levels is K gauges (see Gauge) that change at the same events, such as
// a function's environments busy, idle and initializing: they share one
// clock, so an event advances them all at once, in one pass over K
// contiguous values, instead of K times (issue 12). Level k's statistics
// are Gauge's. A Levels must not be copied once made: its slices may point
// into it.
type Levels struct {
	k        int
	from, to sim.Time
	last     sim.Time  // time of the last update: v holds from last on
	v        []float64 // per level
	area     []float64 // ∫ v dt over the window up to last, level·ns
	peak     []float64 // −Inf until the window has seen a level

	b     *Buckets
	barea []float64 // bucket i, level k at i·K + k, level·ns
	bpeak []float64 // the same, −Inf until seen; nil: means only
	bmin  []float64 // each bucket's lowest level, +Inf until seen; nil with bpeak
	// The stretch [curStart, curEnd) holding last: bucket cur, or (cur −1)
	// the time before or after the buckets. Most updates stay inside it and
	// skip the division that locating a bucket costs.
	cur              int
	curStart, curEnd sim.Time
	// The current bucket's areas and peaks (nil when cur < 0, or without
	// peaks): the slices of barea and bpeak that most updates touch.
	ba, bp, bm []float64

	// small holds v, area and peak of up to 7 levels (a function's), so
	// that they share the struct's allocation and cache lines.
	small [3 * 7]float64
}

// NewLevels returns k zero levels with the window [from, to) and an
// optional bucket layout (nil: no per-bucket values); peaks asks for
// per-bucket peaks as well as means.
func NewLevels(k int, from, to sim.Time, b *Buckets, peaks bool) *Levels {
	l := &Levels{}
	l.Init(k, from, to, b, peaks)
	return l
}

// Init makes l what NewLevels returns, in place: for Levels held inside a
// record of their owner's, to share its cache lines.
func (l *Levels) Init(k int, from, to sim.Time, b *Buckets, peaks bool) {
	*l = Levels{k: k, from: from, to: to, b: b, cur: -1}
	vals := l.small[:]
	if 3*k > len(vals) {
		vals = make([]float64, 3*k)
	}
	l.v, l.area, l.peak = vals[:k:k], vals[k:2*k:2*k], vals[2*k:3*k:3*k]
	for i := range l.peak {
		l.peak[i] = math.Inf(-1)
	}
	if b != nil {
		l.barea = make([]float64, b.n*k)
		if peaks {
			l.bpeak, l.bmin = make([]float64, b.n*k), make([]float64, b.n*k)
			for i := range l.bpeak {
				l.bpeak[i], l.bmin[i] = math.Inf(-1), math.Inf(1)
			}
		}
		l.locate(0)
	}
}

// Add changes level k by dv at now.
func (l *Levels) Add(now sim.Time, k int, dv float64) { l.Set(now, k, l.v[k]+dv) }

// Set changes level k to v at now. Times must not decrease; an update
// earlier than the previous one is treated as happening at the previous one.
func (l *Levels) Set(now sim.Time, k int, v float64) {
	l.advance(now)
	l.setAt(now, k, v)
}

// Add2 changes level j by dj and level k by dk at now: the two levels an
// event moves together (an environment starting and ending an invocation
// is both serving and busy), for one advance and one pass.
func (l *Levels) Add2(now sim.Time, j int, dj float64, k int, dk float64) {
	l.advance(now)
	l.setAt(now, j, l.v[j]+dj)
	l.setAt(now, k, l.v[k]+dk)
}

// Add3 is Add2 for three levels: an invocation taking an idle environment
// moves serving, busy and idle at once.
func (l *Levels) Add3(now sim.Time, j int, dj float64, k int, dk float64, m int, dm float64) {
	l.advance(now)
	l.setAt(now, j, l.v[j]+dj)
	l.setAt(now, k, l.v[k]+dk)
	l.setAt(now, m, l.v[m]+dm)
}

// setAt is Set's bookkeeping after the advance.
func (l *Levels) setAt(now sim.Time, k int, v float64) {
	l.v[k] = v
	if v > l.peak[k] && now >= l.from && now < l.to {
		l.peak[k] = v
	}
	if l.bp != nil { // the bucket holds now (= last) after advance
		l.bp[k], l.bm[k] = max(l.bp[k], v), min(l.bm[k], v)
	}
}

// Close integrates the current levels up to end; call it at the end of the
// run. A Close at or before the last update changes nothing; a later one, or
// a later update, continues the integrals.
func (l *Levels) Close(end sim.Time) { l.advance(end) }

// advance integrates the levels in force over [last, now).
func (l *Levels) advance(now sim.Time) {
	last := l.last
	if now <= last {
		return
	}
	l.last = now
	v := l.v
	if ba := l.ba; ba != nil && now < l.curEnd && last >= l.from && now <= l.to {
		// The common case: inside the window and the bucket of last, the
		// same span for both integrals, in one pass.
		dt := float64(now - last)
		area, ba := l.area[:len(v)], ba[:len(v)]
		for k, x := range v {
			d := x * dt
			area[k] += d
			ba[k] += d
		}
		return
	}
	if a, b := max(last, l.from), min(now, l.to); a < b {
		dt := float64(b - a)
		area := l.area[:len(v)]
		for k, x := range v {
			area[k] += x * dt
		}
		// setAt keeps the peaks of levels set inside the window; only
		// those set before it, and held into it, are new here.
		if last < l.from {
			for k, x := range v {
				l.peak[k] = max(l.peak[k], x)
			}
		}
	}
	if l.b == nil {
		return
	}
	if now < l.curEnd { // the common case: still inside the stretch of last
		if ba := l.ba; ba != nil {
			dt := float64(now - last)
			ba = ba[:len(v)]
			for k, x := range v {
				ba[k] += x * dt
			}
		}
		return
	}
	l.spread(last, now)
	l.locate(now)
}

// spread adds the levels' areas over [a, b) to the buckets they overlap.
func (l *Levels) spread(a, b sim.Time) {
	bk := l.b
	a, b = max(a, bk.start), min(b, bk.End())
	if a >= b {
		return
	}
	for i := int((a - bk.start) / bk.width); a < b; i++ {
		end := min(b, bk.Start(i+1))
		for k, v := range l.v {
			l.barea[i*l.k+k] += v * float64(end-a)
			if l.bpeak != nil {
				j := i*l.k + k
				l.bpeak[j], l.bmin[j] = max(l.bpeak[j], v), min(l.bmin[j], v)
			}
		}
		a = end
	}
}

// locate points the cached stretch at the one holding t.
func (l *Levels) locate(t sim.Time) {
	bk := l.b
	l.cur = bk.Index(t)
	l.ba, l.bp, l.bm = nil, nil, nil
	switch {
	case l.cur >= 0:
		l.curStart, l.curEnd = bk.Start(l.cur), bk.Start(l.cur+1)
		i := l.cur * l.k
		l.ba = l.barea[i : i+l.k : i+l.k]
		if l.bpeak != nil {
			l.bp, l.bm = l.bpeak[i:i+l.k:i+l.k], l.bmin[i:i+l.k:i+l.k]
		}
	case t < bk.start:
		l.curStart, l.curEnd = -sim.Forever, bk.start
	default:
		l.curStart, l.curEnd = bk.End(), sim.Forever
	}
}

// Value is level k's current value.
func (l *Levels) Value(k int) float64 { return l.v[k] }

// Integral is ∫ v_k dt over the window, in level·seconds, as far as the
// levels have been advanced.
func (l *Levels) Integral(k int) float64 { return l.area[k] / float64(sim.Second) }

// Mean is level k's time average over the whole window [from, to); 0 for an
// empty window. Close first, or the part of the window not yet integrated
// counts as level 0.
func (l *Levels) Mean(k int) float64 {
	if l.to <= l.from {
		return 0
	}
	return l.area[k] / float64(l.to-l.from)
}

// Peak is level k's highest value inside the window; 0 if it has not
// reached the window.
func (l *Levels) Peak(k int) float64 { return finite(l.peak[k]) }

// BucketMeans returns each bucket's time average of level k (a new slice;
// nil without a layout).
func (l *Levels) BucketMeans(k int) []float64 {
	if l.b == nil {
		return nil
	}
	out := make([]float64, l.b.n)
	for i := range out {
		out[i] = l.barea[i*l.k+k] / float64(l.b.width)
	}
	return out
}

// BucketPeaks returns each bucket's highest value of level k, 0 for buckets
// it has not reached or without peaks (a new slice; nil without a layout).
func (l *Levels) BucketPeaks(k int) []float64 {
	if l.b == nil {
		return nil
	}
	out := make([]float64, l.b.n)
	if l.bpeak != nil {
		for i := range out {
			out[i] = finite(l.bpeak[i*l.k+k])
		}
	}
	return out
}

// BucketMins returns each bucket's lowest value of level k, 0 for buckets
// it has not reached or without peaks (a new slice; nil without a layout).
func (l *Levels) BucketMins(k int) []float64 {
	if l.b == nil {
		return nil
	}
	out := make([]float64, l.b.n)
	if l.bmin != nil {
		for i := range out {
			out[i] = finite(l.bmin[i*l.k+k])
		}
	}
	return out
}
