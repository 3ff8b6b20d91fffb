package stats

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
)

// Levels is K gauges (see Gauge) that change at the same events, such as
// a function's environments busy, idle and initializing: they share one
// clock and one bucket lookup, instead of K (issue 12). Level k's
// statistics are Gauge's. A Levels must not be copied once made: its
// slices may point into it.
//
// Integration is lazy: inside a stretch (no bucket boundary, window start
// or window end in it) an update integrates nothing. It adds its change's
// moment about the stretch's origin o, (t − o)·dv, to the level's sum m;
// when the stretch ends at T, each level's area over it is
//
//	∫ₒᵀ v dt = v(T)·(T − o) − Σ (tᵢ − o)·dvᵢ = v(T)·(T − o) − m,
//
// added to the window's area (if the stretch is in it) and the bucket's at
// once. An update then costs an addition a level (issue 12: a third of what
// integrating each piece did), and the window's area gains a stretch's
// total where the pieces were added one by one: the same value exactly
// while levels are integers and the stretch's v·(T − o), m and the areas
// stay below 2⁵³ level·ns (Gauge's note), and otherwise fewer roundings.
// Each level is one record (level): its value, window area and peak, and
// its current bucket's area and extremes, so that an update touches one
// record; the bucket's are stored in the bucket arrays when the bucket
// ends. An update raises one maximum, the stretch's (sp), passed on to the
// bucket's and the window's peaks when the stretch ends; ShiftUp and
// ShiftDown, one unit moving between levels, keep only the extreme their
// direction can change. Integral and Mean count every level up to the
// last update; the bucket values are complete after Close.
type Levels struct {
	k        int
	from, to sim.Time
	last     sim.Time // time of the last update: the levels hold from last on
	origin   sim.Time // the stretch's origin: areas are integrated up to it
	lv       []level
	// The stretch of last, [.., stretchEnd): no bucket boundary, window
	// start or window end inside it; inWindow: it lies inside the window.
	stretchEnd sim.Time
	inWindow   bool
	// held: every level's value is inside its bucket's extremes and, in
	// the window, at or below its peak, as it is except in the stretch at
	// the very start of the window or of a bucket (setStretch). ShiftUp
	// and ShiftDown need it to update only the extreme a move can change.
	held bool

	b     *Buckets
	barea []float64 // bucket i, level k at i·K + k, level·ns
	bpeak []float64 // the same, −Inf until seen; nil: means only
	bmin  []float64 // each bucket's lowest level, +Inf until seen; nil with bpeak
	// The bucket stretch [curStart, curEnd) holding last: bucket cur, or
	// (cur −1) the time before or after the buckets.
	cur              int
	curStart, curEnd sim.Time

	// small holds the levels of up to 7 (a function's), so that they share
	// the struct's allocation.
	small [7]level
}

// level is one level's state: its value, the moment m of its changes
// since the origin, its window area and peak, and the current bucket's
// area, peak and minimum, areas integrated up to the origin. sp is the
// highest value set in the stretch of last, not yet in bp and peak: an
// update raises one maximum, not two, and the stretch's end (fold) passes
// it to the bucket's peak and, if the stretch is in the window, the
// window's.
type level struct {
	v          float64
	m          float64 // Σ (t − origin)·dv over the updates since the origin
	area, peak float64
	ba, bp, bm float64
	sp         float64
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
	l.lv = l.small[:]
	if k > len(l.lv) {
		l.lv = make([]level, k)
	}
	l.lv = l.lv[:k:k]
	for i := range l.lv {
		l.lv[i] = level{peak: math.Inf(-1), bp: math.Inf(-1), bm: math.Inf(1), sp: math.Inf(-1)}
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
	l.setStretch()
}

// Peek reads, changing nothing, the clock and every level an update
// reads, and returns what it read for the caller to sink: a caller that
// knows an update is coming reads ahead so that the misses overlap other
// work (issue 12: thousands of functions' levels are out of cache).
func (l *Levels) Peek() sim.Time {
	t := l.last + l.stretchEnd
	for k := range l.lv {
		t += sim.Time(l.lv[k].v)
	}
	if l.cur >= 0 && l.barea != nil {
		t += sim.Time(l.barea[l.cur*l.k]) // what the bucket's end stores into
	}
	return t
}

// Add changes level k by dv at now.
func (l *Levels) Add(now sim.Time, k int, dv float64) { l.Set(now, k, l.lv[k].v+dv) }

// Set changes level k to v at now. Times must not decrease; an update
// earlier than the previous one is treated as happening at the previous one.
func (l *Levels) Set(now sim.Time, k int, v float64) {
	l.advance(now)
	l.setAt(k, v)
}

// Add2 changes level j by dj and level k by dk at now: the two levels an
// event moves together (an environment starting and ending an invocation
// is both serving and busy), for one advance.
func (l *Levels) Add2(now sim.Time, j int, dj float64, k int, dk float64) {
	l.advance(now)
	l.setAt(j, l.lv[j].v+dj)
	l.setAt(k, l.lv[k].v+dk)
}

// Add3 is Add2 for three levels: an invocation taking an idle environment
// moves serving, busy and idle at once.
func (l *Levels) Add3(now sim.Time, j int, dj float64, k int, dk float64, m int, dm float64) {
	l.advance(now)
	l.setAt(j, l.lv[j].v+dj)
	l.setAt(k, l.lv[k].v+dk)
	l.setAt(m, l.lv[m].v+dm)
}

// ShiftUp raises levels j and k by one and lowers level m by one at now:
// one unit passing from m to both j and k, as an idle environment taking
// an invocation becomes serving and busy. It is Add3(now, j, 1, k, 1, m,
// −1), to the last bit, for a third fewer instructions (issue 12: two per
// request): while the extremes hold every level (held), a rise can only
// raise a peak and a fall only lower a minimum.
func (l *Levels) ShiftUp(now sim.Time, j, k, m int) {
	if !l.step(now) {
		l.Add3(now, j, 1, k, 1, m, -1)
		return
	}
	// The slice and the moment arm read once: through p, the compiler
	// cannot tell the levels' stores from l's fields.
	lv, arm := l.lv, l.arm()
	rise(&lv[j], arm)
	rise(&lv[k], arm)
	fall(&lv[m], arm)
}

// ShiftDown is ShiftUp's reverse: Add3(now, j, −1, k, −1, m, 1).
func (l *Levels) ShiftDown(now sim.Time, j, k, m int) {
	if !l.step(now) {
		l.Add3(now, j, -1, k, -1, m, 1)
		return
	}
	lv, arm := l.lv, l.arm()
	fall(&lv[j], arm)
	fall(&lv[k], arm)
	rise(&lv[m], arm)
}

// step is advance for an update inside the stretch of last while the
// extremes hold every level; it reports false, having changed nothing,
// otherwise.
func (l *Levels) step(now sim.Time) bool {
	if now < l.last || now >= l.stretchEnd || !l.held {
		return false
	}
	l.last = now
	return true
}

// rise is setAt(k, v+1) for level p after step, with arm last − origin:
// the new value can only raise the peaks.
func rise(p *level, arm float64) {
	v := p.v + 1
	p.v = v
	p.m += arm
	// A branch, not max: a new high in a stretch is rare after its first
	// moments, so it is predicted; max's NaN and −0 handling is ten
	// instructions, and levels are neither.
	if v > p.sp {
		p.sp = v
	}
}

// fall is setAt(k, v−1) for level p after step: the new value can only
// lower the bucket's minimum.
func fall(p *level, arm float64) {
	v := p.v - 1
	p.v = v
	p.m -= arm
	if v < p.bm { // as rise's
		p.bm = v
	}
}

// setAt is Set's bookkeeping after the advance: level k's change to v
// adds its moment at last. The extremes are kept even where nobody reads
// them (no peaks, or no bucket): cheaper than the test. An update earlier
// than last counts as at last, in the stretch of last.
func (l *Levels) setAt(k int, v float64) {
	p := &l.lv[k]
	p.m += l.arm() * (v - p.v)
	p.v = v
	p.sp, p.bm = max(p.sp, v), min(p.bm, v)
}

// Close integrates the current levels up to end and stores the current
// bucket's; call it at the end of the run. A Close at or before the last
// update changes nothing; a later one, or a later update, continues the
// integrals.
func (l *Levels) Close(end sim.Time) {
	l.advance(end)
	l.integrateAll()
	l.fold()
	l.store()
}

// advance moves the clock to now. Inside the stretch of last that is all:
// each level is integrated when it moves. Beyond it, every level is first
// integrated up to last, then over [last, now) across whatever window and
// bucket boundaries lie between (cross), and the stretch of now is found.
func (l *Levels) advance(now sim.Time) {
	if now <= l.last {
		return
	}
	if now < l.stretchEnd {
		l.last = now
		return
	}
	l.fold()
	l.integrateAll()
	l.cross(l.last, now)
	l.last, l.origin = now, now
	l.setStretch()
}

// fold passes the highest values set in the stretch of last to the
// bucket's peaks and, if the stretch is in the window, the window's.
func (l *Levels) fold() {
	for i := range l.lv {
		p := &l.lv[i]
		p.bp = max(p.bp, p.sp)
		if l.inWindow {
			p.peak = max(p.peak, p.sp)
		}
		p.sp = math.Inf(-1)
	}
}

// arm is the moment arm of an update at last: its time since the origin.
func (l *Levels) arm() float64 { return float64(l.last - l.origin) }

// stretch is level p's area over [origin, last), v(last)·arm − m, for arm
// last − origin.
func (p *level) stretch(arm float64) float64 { return p.v*arm - p.m }

// integrateAll adds each level's area over [origin, last), inside the
// stretch of last, to the window's (if the stretch is inside it) and the
// bucket's, and moves the origin to last.
func (l *Levels) integrateAll() {
	arm := l.arm()
	for i := range l.lv {
		p := &l.lv[i]
		d := p.stretch(arm)
		if l.inWindow {
			p.area += d
		}
		p.ba += d
		p.m = 0
	}
	l.origin = l.last
}

// cross integrates the levels in force over [last, now), a span that
// leaves the stretch of last; every level is integrated up to last.
func (l *Levels) cross(last, now sim.Time) {
	if a, b := max(last, l.from), min(now, l.to); a < b {
		// The levels held over [a, b) are in the window for a while:
		// their peaks, as well as those setAt saw set inside it. That
		// catches a level held into the window from before it, and one
		// held from an update at its very start (setStretch).
		dt := float64(b - a)
		for i := range l.lv {
			p := &l.lv[i]
			p.area += p.v * dt
			p.peak = max(p.peak, p.v)
		}
	}
	if l.b == nil {
		return
	}
	if now < l.curEnd { // still inside the bucket stretch of last
		// The held levels count in the bucket's extremes too, as in
		// spread: this catches one held from the bucket's very start.
		dt := float64(now - last)
		for i := range l.lv {
			p := &l.lv[i]
			p.ba += p.v * dt
			p.bp, p.bm = max(p.bp, p.v), min(p.bm, p.v)
		}
		return
	}
	l.store()
	l.spread(last, now)
	l.locate(now)
}

// setStretch finds the stretch of last: up to the next of the bucket
// stretch's end, the window's start and the window's end. At the very
// start of the window or of a bucket, it ends 1 ns on, so that the next
// update goes through cross and counts the levels held from that start in
// the window's peaks or the bucket's extremes: levels nobody moves at that
// instant are in force at the start of the interval, and no spread or
// entry into the window has counted them.
func (l *Levels) setStretch() {
	t := l.last
	l.inWindow = t >= l.from && t < l.to
	end := sim.Forever
	switch {
	case t < l.from:
		end = l.from
	case t == l.from:
		end = t + 1
	case t < l.to:
		end = l.to
	}
	l.held = t != l.from
	if l.b != nil {
		end = min(end, l.curEnd)
		if l.cur >= 0 && t == l.curStart {
			end = min(end, t+1)
			l.held = false
		}
	}
	l.stretchEnd = end
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
		for k := range l.lv {
			v := l.lv[k].v
			// A level at zero adds nothing (areas are never −0): the
			// write skipped is a cache miss a bucket for each of
			// thousands of functions idle between invocations (issue 12).
			if v != 0 {
				l.barea[i*l.k+k] += v * float64(end-a)
			}
			if l.bpeak != nil {
				j := i*l.k + k
				l.bpeak[j], l.bmin[j] = max(l.bpeak[j], v), min(l.bmin[j], v)
			}
		}
		a = end
	}
}

// store writes the current bucket's area and extremes, kept in the
// levels, into the bucket arrays (nothing outside the buckets).
func (l *Levels) store() {
	if l.cur < 0 {
		return
	}
	i := l.cur * l.k
	for k := range l.lv {
		p := &l.lv[k]
		l.barea[i+k] = p.ba
		if l.bpeak != nil {
			l.bpeak[i+k], l.bmin[i+k] = p.bp, p.bm
		}
	}
}

// locate points the bucket stretch at the one holding t and loads its
// area and extremes into the levels, to continue from what spread left.
func (l *Levels) locate(t sim.Time) {
	bk := l.b
	l.cur = bk.Index(t)
	switch {
	case l.cur >= 0:
		l.curStart, l.curEnd = bk.Start(l.cur), bk.Start(l.cur+1)
	case t < bk.start:
		l.curStart, l.curEnd = -sim.Forever, bk.start
	default:
		l.curStart, l.curEnd = bk.End(), sim.Forever
	}
	for k := range l.lv {
		p := &l.lv[k]
		p.ba, p.bp, p.bm = 0, math.Inf(-1), math.Inf(1)
		if l.cur >= 0 {
			i := l.cur*l.k + k
			p.ba = l.barea[i]
			if l.bpeak != nil {
				p.bp, p.bm = l.bpeak[i], l.bmin[i]
			}
		}
	}
}

// Value is level k's current value.
func (l *Levels) Value(k int) float64 { return l.lv[k].v }

// Integral is ∫ v_k dt over the window, in level·seconds, up to the last
// update: complete after Close.
func (l *Levels) Integral(k int) float64 { return l.area(k) / float64(sim.Second) }

// Mean is level k's time average over the whole window [from, to); 0 for an
// empty window. Close first, or the part of the window after the last
// update counts as level 0.
func (l *Levels) Mean(k int) float64 {
	if l.to <= l.from {
		return 0
	}
	return l.area(k) / float64(l.to-l.from)
}

// area is level k's window area up to last: what integrateAll would make
// it, the stretch's part included.
func (l *Levels) area(k int) float64 {
	p := &l.lv[k]
	if !l.inWindow {
		return p.area
	}
	return p.area + p.stretch(l.arm())
}

// Peak is level k's highest value inside the window; 0 if it has not
// reached the window.
func (l *Levels) Peak(k int) float64 {
	p := l.lv[k].peak
	if l.inWindow {
		p = max(p, l.lv[k].sp)
	}
	return finite(p)
}

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
