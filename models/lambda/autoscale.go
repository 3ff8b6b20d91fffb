package lambda

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// provisioning is one function's provisioned concurrency over time: its
// levels, the allocation of increases, the retirement of decreases, the
// requests-per-second ceiling of provisioned environments, scheduled
// actions and target tracking (ProvisionedScaling; docs/model.md
// "Provisioned concurrency over time"). It handles its own events.
//
// The levels, in environments:
//
//	level     the configured level, after the pools' caps: what is billed
//	allocated environments ready to serve (the Provisioned gauge)
//	pending   increases being prepared or allocated, oldest first:
//	          level = allocated + Σ pending
//	retiring  environments beyond the level still serving or re-initializing;
//	          each goes when it comes free
//
// The function's pool holds level + retiring units: an increase claims its
// units when it is requested (Lambda counts configured provisioned
// concurrency against the pool, sources.md [lambda-metrics]), so on-demand
// environments cannot take them while it is allocated.
type provisioning struct {
	f      *Function
	cfg    *ProvisionedScaling // nil: the level never changes
	acct   *Account
	shared bool // the function draws from the account's unreserved pool

	level, allocated, retiring int
	pending                    []pcRequest
	seq                        uint32 // the latest request's id
	min                        int    // target tracking's floor: cfg.Min, moved by scheduled actions
	busy                       int    // provisioned environments serving a request

	// Provisioned environments serve at most 10 × allocated requests a
	// second; the rest spill over to on-demand ones (sources.md
	// [lambda-concurrency]).
	rps *TokenBucket

	// Target tracking's metric, ProvisionedConcurrencyUtilization: the
	// integrals of busy and allocated over the current minute, whether the
	// function was invoked in it (Lambda emits the metric with
	// invocations), and the runs of consecutive datapoints above the target
	// and below 90% of it.
	busyArea, allocArea float64 // environments × ns
	last                sim.Time
	invoked             bool
	high, low           int

	next  int      // the next scheduled action's index
	cycle sim.Time // the start of its repeat cycle
	end   sim.Time // no scaling events from here on: the workloads have stopped
}

// pcRequest is an increase being prepared and allocated.
type pcRequest struct {
	n       int
	readyAt sim.Time
	id      uint32
}

// Event kinds of a provisioning.
const (
	evPCReady  int32 = iota // Ref.Gen: the request's id; stale when it was cancelled
	evPCAction              // the next scheduled action
	evPCTick                // a 1-minute datapoint of target tracking's metric
)

// newProvisioning sets up f's provisioned concurrency with its initial
// level allocated before t = 0.
func newProvisioning(f *Function, cfg *Config, acct *Account) *provisioning {
	p := &provisioning{f: f, cfg: cfg.ProvisionedScaling, acct: acct, shared: f.pool == acct.Unreserved,
		end: f.Stats.w.To, rps: NewTokenBucket(0, 0)}
	if p.cfg != nil {
		p.min = p.cfg.Min
	}
	n := cfg.ProvisionedConcurrency
	p.level = n
	f.pool.add(n)
	if p.shared {
		acct.pcShared += n
	}
	f.Stats.pcLevel(0, n)
	p.allocate(nil, 0, n)
	return p
}

// start puts the first scheduled action and target tracking's first
// datapoint on the calendar.
func (p *provisioning) start(s *sim.Sim) {
	if p.cfg == nil {
		return
	}
	p.scheduleAction(s)
	if p.cfg.Tracking() && pcMetricPeriod < p.end {
		s.Schedule(pcMetricPeriod, p, evPCTick, sim.Ref{})
	}
}

// Handle implements sim.Handler.
func (p *provisioning) Handle(s *sim.Sim, ev sim.Event) {
	switch ev.Kind {
	case evPCReady:
		if len(p.pending) == 0 || p.pending[0].id != uint32(ev.Ref.Gen) {
			return // cancelled by a decrease
		}
		r := p.pending[0]
		p.pending = p.pending[1:]
		p.allocate(s, s.Now(), r.n)
	case evPCAction:
		p.action(s)
	case evPCTick:
		p.tick(s)
	}
}

// take returns an idle provisioned environment for a request at now, or −1
// when the request spills over to on-demand: none is idle, or provisioned
// environments already serve their 10 × allocated requests a second.
func (p *provisioning) take(now sim.Time) int32 {
	f := p.f
	if f.idlePC.n == 0 || !p.rps.Take(now) {
		return -1
	}
	p.integrate(now)
	p.busy++
	p.invoked = true
	f.Stats.provisionedBusy(now, 1)
	return f.idlePC.popFront(f.envs)
}

// spill counts an invocation admitted on an on-demand environment: a
// spillover when provisioned environments are allocated
// (ProvisionedConcurrencySpilloverInvocations, sources.md
// [provisioned-concurrency]).
func (p *provisioning) spill(now sim.Time) {
	p.invoked = true
	if p.allocated > 0 {
		p.f.Stats.spilled(now)
	}
}

// release ends provisioned environment i's invocation. It reports whether
// the environment was retired: the level fell while it served.
func (p *provisioning) release(s *sim.Sim, i int32) bool {
	now := s.Now()
	p.integrate(now)
	p.busy--
	p.f.Stats.provisionedBusy(now, -1)
	return p.retireFreed(s, i)
}

// retireFreed retires provisioned environment i, just free (its invocation
// or its re-init over), when the level fell below the environments alive;
// it reports whether it did.
func (p *provisioning) retireFreed(s *sim.Sim, i int32) bool {
	if p.retiring == 0 {
		return false
	}
	p.retiring--
	p.retire(s, i, false)
	return true
}

// retire discards provisioned environment i and frees its pool unit.
func (p *provisioning) retire(s *sim.Sim, i int32, wasIdle bool) {
	f := p.f
	f.pool.give()
	f.discard(s, i, wasIdle)
	f.envs[i].provisioned = false // the record may come back as an on-demand environment
}

// allocate makes n new provisioned environments ready at now (s nil: before
// the run, where Function.Start schedules their ends of life).
func (p *provisioning) allocate(s *sim.Sim, now sim.Time, n int) {
	if n == 0 {
		return
	}
	f := p.f
	for range n {
		i := f.newEnv()
		e := &f.envs[i]
		e.provisioned, e.state = true, envIdle
		f.born(s, now, i)
		f.idlePC.pushFront(f.envs, i)
		f.Stats.idle(now, +1)
		f.Stats.instances(now, +1)
	}
	p.setAllocated(now, p.allocated+n)
}

// setAllocated changes the allocated level at now, and with it the
// provisioned environments' request-rate ceiling: a bucket holding one
// second of 10 requests per environment, the unit of Lambda's RPS limits.
// Environments added bring their second of allowance; removed ones take
// theirs away.
func (p *provisioning) setAllocated(now sim.Time, n int) {
	p.integrate(now)
	p.f.Stats.provisioned(now, float64(n-p.allocated))
	b := p.rps
	b.refill(now)
	r := float64(rpsPerConcurrency * n)
	b.tokens = math.Max(0, math.Min(r, b.tokens+r-b.Cap))
	b.resize(r, r)
	p.allocated = n
}

// integrate adds busy and allocated over [last, now) to the minute's areas.
func (p *provisioning) integrate(now sim.Time) {
	if dt := float64(now - p.last); dt > 0 {
		p.busyArea += float64(p.busy) * dt
		p.allocArea += float64(p.allocated) * dt
		p.last = now
	}
}

// set moves the configured level to want at Now, capped by the pools'
// rules (cap).
func (p *provisioning) set(s *sim.Sim, want int) {
	now := s.Now()
	want = max(0, min(want, p.cap()))
	switch {
	case want > p.level:
		p.increase(s, now, want-p.level)
	case want < p.level:
		p.decrease(s, now, p.level-want)
	default:
		return
	}
	p.f.Stats.pcLevel(now, p.level)
}

// cap is the highest level the pools allow the function: its reserved
// concurrency, or for a function without one what the unreserved pool can
// give while keeping unreserved_minimum free of provisioned concurrency
// (sources.md [provisioned-concurrency]). A request above is cut to it.
func (p *provisioning) cap() int {
	if !p.shared {
		return p.f.pool.Cap
	}
	return p.level + max(0, p.acct.Unreserved.Cap-p.acct.UnreservedMinimum-p.acct.pcShared)
}

// increase raises the level by n. Environments still retiring serve again
// at once; the rest is a request that starts allocating after the
// preparation, or when the requests before it are allocated, at 6,000
// environments a minute, and whose environments all become ready together
// when the last is allocated (sources.md [lambda-concurrency]):
//
//	ready = max(now + preparation, ready of the previous request) + n / 100 s
func (p *provisioning) increase(s *sim.Sim, now sim.Time, n int) {
	p.level += n
	if p.shared {
		p.acct.pcShared += n
	}
	back := min(n, p.retiring)
	p.retiring -= back
	p.setAllocated(now, p.allocated+back)
	if n -= back; n == 0 {
		return
	}
	p.f.pool.add(n)
	start := now + p.cfg.Prep()
	if k := len(p.pending); k > 0 {
		start = max(start, p.pending[k-1].readyAt)
	}
	ready := start + sim.Time(n)*(sim.Second/pcAllocationPerSecond)
	p.seq++
	p.pending = append(p.pending, pcRequest{n: n, readyAt: ready, id: p.seq})
	s.Schedule(ready, p, evPCReady, sim.Ref{Gen: sim.Gen(p.seq)})
}

// decrease lowers the level by n: pending increases are cut, newest first;
// then idle environments are retired at once, the least recently used
// first, and busy or re-initializing ones as they come free.
func (p *provisioning) decrease(s *sim.Sim, now sim.Time, n int) {
	f := p.f
	p.level -= n
	if p.shared {
		p.acct.pcShared -= n
	}
	for n > 0 && len(p.pending) > 0 {
		r := &p.pending[len(p.pending)-1]
		k := min(n, r.n)
		r.n, n = r.n-k, n-k
		f.pool.InUse -= k
		if r.n == 0 {
			p.pending = p.pending[:len(p.pending)-1] // its event is now stale
		}
	}
	if n == 0 {
		return
	}
	p.setAllocated(now, p.allocated-n)
	for ; n > 0 && f.idlePC.n > 0; n-- {
		i := f.idlePC.tail
		f.idlePC.remove(f.envs, i)
		p.retire(s, i, true)
	}
	p.retiring += n
}

// scheduleAction puts the next scheduled action on the calendar, unless it
// falls after the workloads stop.
func (p *provisioning) scheduleAction(s *sim.Sim) {
	if p.next >= len(p.cfg.Schedule) {
		return
	}
	if at := p.cycle + p.cfg.Schedule[p.next].At; at < p.end {
		s.Schedule(at, p, evPCAction, sim.Ref{})
	}
}

// action runs the next scheduled action (sources.md [pc-autoscaling]):
// with target tracking it sets the minimum and scales out to it when the
// level is below; without, it sets the level.
func (p *provisioning) action(s *sim.Sim) {
	a := p.cfg.Schedule[p.next]
	if p.next++; p.next == len(p.cfg.Schedule) && p.cfg.Period() > 0 {
		p.next, p.cycle = 0, p.cycle+p.cfg.Period()
	}
	switch {
	case !p.cfg.Tracking():
		p.set(s, a.Level)
	case p.level < a.Level:
		p.min = a.Level
		p.set(s, a.Level)
	default:
		p.min = a.Level
	}
	p.scheduleAction(s)
}

// tick closes a minute of target tracking's metric and acts on it
// (sources.md [provisioned-concurrency], [pc-autoscaling]). The datapoint is
//
//	u = ∫ busy dt ÷ ∫ allocated dt over the minute (at most 1),
//
// none in a minute without invocations or without allocated environments.
// Three consecutive datapoints above the target set off the scale-out
// alarm, fifteen below 90% of it the scale-in alarm; a missing datapoint
// breaks both runs (assumption: AWS does not scale in on
// INSUFFICIENT_DATA). While an alarm holds, Application Auto Scaling acts
// every minute (no cooldown: Lambda's default is 0 s), setting
//
//	level = ⌈mean busy ÷ target⌉ = ⌈mean allocated × u ÷ target⌉, within [min, max],
//
// if that is above the level (scale-out) or below it (scale-in).
func (p *provisioning) tick(s *sim.Sim) {
	now := s.Now()
	p.integrate(now)
	busy, alloc, invoked := p.busyArea, p.allocArea, p.invoked
	p.busyArea, p.allocArea, p.invoked = 0, 0, false
	if next := now + pcMetricPeriod; next < p.end {
		s.Schedule(next, p, evPCTick, sim.Ref{})
	}
	if !invoked || alloc == 0 {
		p.high, p.low = 0, 0
		return
	}
	target := p.cfg.Target()
	u := math.Min(1, busy/alloc)
	switch {
	case u > target:
		p.high, p.low = p.high+1, 0
	case u < pcScaleInFraction*target:
		p.high, p.low = 0, p.low+1
	default:
		p.high, p.low = 0, 0
	}
	want := int(math.Ceil(math.Min(busy, alloc)/float64(pcMetricPeriod)/target - 1e-9))
	want = max(p.min, min(want, p.cfg.Max))
	if (p.high >= pcScaleOutDatapoints && want > p.level) || (p.low >= pcScaleInDatapoints && want < p.level) {
		p.set(s, want)
	}
}

// pcBill accumulates provisioned concurrency's billed environment-seconds.
// The window [From, To) is cut into 5-minute blocks from its start (the
// last one may be short and is billed whole), and each block is billed at
// the highest level configured at any moment of it ("rounded up to the
// nearest 5 minutes", sources.md [pc-pricing]):
//
//	environment-seconds = Σ_blocks max{level(t) : t in block} × 300 s
//
// Levels arrive in time order, so one open block is kept at a time.
type pcBill struct {
	level int
	since sim.Time // the level holds from since
	block int      // the open block
	peak  int      // the highest level seen in it
	envS  float64
}

// set changes the level at now.
func (b *pcBill) set(w stats.Window, now sim.Time, level int) {
	b.span(w, b.since, now)
	b.level, b.since = level, now
}

// span bills the current level over [a, c) within the window. The spans
// are contiguous, so the first block they touch is the open one or the
// next.
func (b *pcBill) span(w stats.Window, a, c sim.Time) {
	a, c = max(a, w.From), min(c, w.To)
	if a >= c {
		return
	}
	secs := provisionedBillingStep.Seconds()
	first, last := int((a-w.From)/provisionedBillingStep), int((c-1-w.From)/provisionedBillingStep)
	if first > b.block {
		b.envS += float64(b.peak) * secs
		b.block, b.peak = first, 0
	}
	b.peak = max(b.peak, b.level)
	if last > first {
		b.envS += float64(b.peak)*secs + float64(last-first-1)*float64(b.level)*secs
		b.block, b.peak = last, b.level
	}
}

// close bills the level up to the window's end and the open block.
func (b *pcBill) close(w stats.Window) float64 {
	b.span(w, b.since, w.To)
	if w.To > w.From {
		b.envS += float64(b.peak) * provisionedBillingStep.Seconds()
	}
	return b.envS
}
