package models

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// asyncQueue follows one function's share of Lambda's internal async queue
// (sources.md [lambda-async]): the events waiting there for a retry after a
// throttle or a function error. An event's first delivery happens on arrival
// (the client's Invoke call), so it is in the queue only between a failed
// attempt and Lambda's next one.
//
// Lambda also reads the queue more slowly while deliveries are throttled
// ("If the queue contains many entries, Lambda increases the retry interval
// and reduces the rate at which it reads events from the queue"). AWS gives
// no numbers; stampede's reader is an assumption (docs/model.md):
//
//   - uncapped (R = ∞) until one of the function's async deliveries is
//     throttled; from then on it adjusts R once a second (readTick): with D
//     deliveries of the function's async events (first ones included) in
//     the last second,
//     R ← max(readFloor, min(R, D)/2) if any of them was throttled, else
//     R ← readGrowth·R + readStep,
//   - uncapped again at a tick that finds the queue empty.
//
// Re-deliveries take a read from a token bucket filled at R (holding at
// most max(1, R·1 s)); an event whose backoff is over waits for one, oldest
// first (its deadline, the maximum event age, comes first). First
// deliveries are never held: they are the client's Invoke calls.
type asyncQueue struct {
	w       stats.Window
	depth   *stats.Gauge // events waiting: in their backoff, or for a read
	maxAge  sim.Time     // the oldest an event got while waiting, in the window
	ageByBk []float64    // per bucket: the oldest waiting event's age (s)
	expiry  sim.Time     // the function's async_max_event_age

	capped    bool      // adjusting R (since a throttle, until the queue empties)
	rate      float64   // the cap R, deliveries/s; +Inf until the first tick
	tokens    float64   // reads allowed now
	accrued   sim.Time  // tokens are counted up to here
	tick      sim.Time  // the next adjustment of R
	tickDeliv int       // deliveries since the last tick
	tickThr   int       // of which throttled
	waiting   dueHeap   // events due, waiting for a read, one by one (asyncwait.go)
	runs      runLine   // and in runs, past sim.CompactAfter of them
	inRuns    int       // events in runs
	alarm     sim.Alarm // the reader's next wake-up
	reads     *stats.Counter
	caps      []capChange // R's history, for the read_cap series
}

// The reader's constants (assumptions; see asyncQueue).
const (
	readTick   = sim.Second
	readFloor  = 1.0 // deliveries/s
	readGrowth = 1.1
	readStep   = 1.0 // deliveries/s
)

// capChange: from t on, the cap is r deliveries/s (0: uncapped).
type capChange struct {
	t sim.Time
	r float64
}

func newAsyncQueue(w stats.Window, expiry sim.Time) *asyncQueue {
	return &asyncQueue{w: w, depth: stats.NewGauge(w.From, w.To, w.Buckets), ageByBk: make([]float64, w.Buckets.N()),
		expiry: expiry, reads: stats.NewCounter(w.Buckets)}
}

// due is an event waiting for a read: its request and first arrival.
type due struct {
	first sim.Time
	i     int32
}

// dueHeap orders waiting events oldest first (ties by request index, so
// runs are deterministic).
type dueHeap []due

func (h dueHeap) Len() int { return len(h) }
func (h dueHeap) Less(a, b int) bool {
	return h[a].first < h[b].first || h[a].first == h[b].first && h[a].i < h[b].i
}
func (h dueHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *dueHeap) Push(x any)   { *h = append(*h, x.(due)) }
func (h *dueHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// delivered: an attempt of one of the function's async events reached
// Lambda.
func (q *asyncQueue) delivered() { q.tickDeliv++ }

// throttled: one of them was throttled at now. The first throttle starts
// the reader's adjustments, the first a tick later: the rate it then halves
// is the one it delivered at through that second, not a guess from before
// the throttling began.
func (q *asyncQueue) throttled(now sim.Time) {
	q.tickThr++
	if !q.capped {
		q.capped, q.rate, q.tokens, q.accrued, q.tick = true, math.Inf(1), 0, now, now+readTick
		q.tickDeliv, q.tickThr = 1, 1
	}
}

// advance brings the reader to now: its ticks, then its tokens.
func (q *asyncQueue) advance(now sim.Time) {
	for q.capped && q.tick <= now {
		q.accrue(q.tick)
		if q.tickThr > 0 {
			q.rate = max(readFloor, min(q.rate, float64(q.tickDeliv))/2)
		} else {
			q.rate = q.rate*readGrowth + readStep
		}
		q.tickDeliv, q.tickThr = 0, 0
		r := q.rate
		if q.depth.Value() == 0 {
			q.capped, r = false, 0 // nothing waits: the episode is over
		}
		q.caps = append(q.caps, capChange{q.tick, r})
		q.tick += readTick
	}
	if q.capped {
		q.accrue(now)
	}
}

func (q *asyncQueue) accrue(t sim.Time) {
	if !math.IsInf(q.rate, 1) {
		q.tokens = min(max(1, q.rate), q.tokens+q.rate*(t-q.accrued).Seconds())
	}
	q.accrued = t
}

// limited reports whether reads are rationed now.
func (q *asyncQueue) limited() bool { return q.capped && !math.IsInf(q.rate, 1) }

// ready: event w is due at now. It reports whether Lambda reads it at once
// (read); if not, it waits for a read, and kept reports whether the line
// kept its request record (asyncQueue.wait).
func (q *asyncQueue) ready(now sim.Time, w waiter) (read, kept bool) {
	q.advance(now)
	if !q.limited() {
		return true, true
	}
	if q.waitingN() == 0 && q.tokens >= 1 {
		q.tokens--
		return true, true
	}
	return false, q.wait(now, w)
}

// wake brings the reader to now and reads what it may: waiting events past
// the maximum event age are discarded (expire), then as many as there are
// tokens are delivered, oldest first.
func (q *asyncQueue) wake(now sim.Time, expire, deliver func(waiter)) {
	q.advance(now)
	for {
		first, ok := q.oldest()
		if !ok {
			break
		}
		if now-first > q.expiry {
			expire(q.take())
			continue
		}
		if q.limited() && q.tokens < 1 {
			break
		}
		w := q.take()
		if q.limited() {
			q.tokens--
		}
		deliver(w)
	}
}

// next is when the reader next needs waking: its tick, or the next token
// if an event waits; sim.Forever when uncapped.
func (q *asyncQueue) next() sim.Time {
	if !q.capped {
		return sim.Forever
	}
	t := q.tick
	if q.waitingN() > 0 && q.limited() {
		need := sim.Time(math.Ceil(max(0, 1-q.tokens) / q.rate * float64(sim.Second)))
		t = min(t, q.accrued+need)
	}
	return t
}

// readCaps samples R at each bucket's end (0: uncapped).
func (q *asyncQueue) readCaps() []float64 {
	b := q.w.Buckets
	out := make([]float64, b.N())
	k, r := 0, 0.0
	for i := range out {
		end := b.Start(i + 1)
		for k < len(q.caps) && q.caps[k].t < end {
			r = q.caps[k].r
			k++
		}
		out[i] = r
	}
	return out
}

// enter: an event goes back to the queue at now.
func (q *asyncQueue) enter(now sim.Time) { q.depth.Add(now, 1) }

// leave: an event that first arrived at first and went back to the queue at
// entered leaves it at now (Lambda delivers it again). Its age while it
// waited is recorded in every bucket it waited in, at the bucket's end or at
// now, whichever is first.
func (q *asyncQueue) leave(now, entered, first sim.Time) {
	q.depth.Add(now, -1)
	// An event past the maximum event age is gone for Lambda; the reader
	// may notice up to a tick later.
	now = min(now, first+q.expiry)
	b := q.w.Buckets
	for i := b.Index(entered); i >= 0 && i < b.N() && b.Start(i) <= now; i++ {
		t := min(now, b.Start(i+1))
		q.ageByBk[i] = max(q.ageByBk[i], (t - first).Seconds())
	}
	if t := min(now, q.w.To); t >= q.w.From && entered < q.w.To {
		q.maxAge = max(q.maxAge, t-first)
	}
}
