package lambda

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
	"github.com/stampede-sim/stampede/sim/slab"
)

// Status is how an admitted invocation ended.
type Status uint8

// Invocation statuses.
const (
	OK            Status = iota
	FunctionError        // the handler failed (error_rate)
	Timeout              // the handler ran past the function timeout, or the caller's deadline passed
	// DownstreamFailed: the downstream (a database call, say) failed the
	// invocation; Outcome.Failure holds the downstream's own reason, which
	// only it and the caller interpret.
	DownstreamFailed
)

// Throttle says why an invocation attempt was refused (HTTP 429).
type Throttle uint8

// Throttle reasons; NotThrottled means the attempt was admitted.
const (
	NotThrottled        Throttle = iota
	ThrottleConcurrency          // the function's pool (reserved or unreserved) is full
	ThrottleScaling              // no scaling-rate token for a new environment
	ThrottleRPS                  // the requests-per-second limit
	NumThrottles
)

// ThrottleNames are the names used in outputs, indexed by Throttle.
var ThrottleNames = [NumThrottles]string{"", "concurrency", "scaling_rate", "rps"}

// Outcome reports an admitted invocation's end to its caller.
type Outcome struct {
	Status  Status
	Failure uint8    // with DownstreamFailed: the downstream's reason
	Cold    bool     // it started a new environment
	Start   sim.Time // when it was admitted
}

// Caller receives the outcomes of the invocations it started.
type Caller interface {
	Complete(s *sim.Sim, req int32, o Outcome)
}

// Function is one Lambda function: its configuration, its environments and
// its statistics.
type Function struct {
	Name    string
	Index   int
	Memory  int
	pool    *Pool
	scaling *TokenBucket // this function's bucket, or the account's legacy one
	rate    *RateScaler  // the request-rate half of 2023 scaling; nil with legacy scaling
	acctRPS *TokenBucket
	rps     *TokenBucket // reserved functions only
	timeout sim.Time
	// The buckets scaling and rate point to, when the function's own: held
	// in the Function rather than allocated apart, so that with thousands of
	// functions a request finds them near the rest of its function's state
	// instead of on cache lines of their own (issue 12).
	ownScaling TokenBucket
	ownRate    RateScaler

	envs           []env
	touched        sim.Time // a sink for Prefetch's reads
	free           []int32
	idlePC, idleOD idleList
	reclaim        reclaimQueue
	timeouts       timeouts // warm invocations' function timeouts (timeouts.go)

	coldStart, duration dist.Sampler
	overhead            dist.Sampler // platform overhead before a cold start's init
	lifetime            dist.Sampler // max_lifetime, drawn when an environment starts
	perMessage          dist.Sampler // nil: a batch's size does not matter
	errRate             float64
	errRng              *rand.Rand
	handlerFactor       float64 // Config.HandlerFactor: scales a trace's handler times (Batch.Handler)
	// durPeek is duration's read-ahead (ReadAhead), nil where it has none.
	durPeek dist.Peeker

	down Downstream // nil: invocations make no downstream calls

	pc *provisioning // provisioned concurrency over time (autoscale.go)
	// pcOn: the function has provisioned concurrency, now or by schedule
	// or tracking. Without it, an invocation need not touch pc at all,
	// which with thousands of functions is a cache line each (issue 12).
	pcOn bool

	Stats *Stats
}

// Downstream is the part of an invocation spent calling other services
// (databases), between init and the handler's own compute time. Function
// drives it per environment:
//   - Start(inv, batch) begins it: inv names the invocation (its
//     environment's index and generation), batch is the SQS batch's size,
//     or 0. The downstream answers with DownstreamDone(inv).
//   - Abort(env) stops it: the invocation timed out midway.
//   - End(env) says the invocation is over (the environment goes idle or away).
//   - Gone(env) says the environment was destroyed: its connections close.
type Downstream interface {
	Start(s *sim.Sim, inv sim.Ref, batch int)
	Abort(s *sim.Sim, env int32)
	End(s *sim.Sim, env int32)
	Gone(s *sim.Sim, env int32)
}

// Pool is the concurrency pool the function draws from: its reservation,
// or the account's unreserved concurrency.
func (f *Function) Pool() *Pool { return f.pool }

// SetDownstream attaches the function's downstream calls.
func (f *Function) SetDownstream(d Downstream) { f.down = d }

// DownstreamDone ends the downstream part of invocation inv (as Start named
// it): with failure 0 the handler computes on; otherwise the invocation fails
// at once with DownstreamFailed and that reason (Outcome.Failure). A stale
// inv (that invocation is over) is ignored.
func (f *Function) DownstreamDone(s *sim.Sim, inv sim.Ref, failure uint8) {
	e := &f.envs[inv.Index]
	if !inv.Live(e.gen) || e.phase != phaseDownstream {
		return
	}
	e.phase = phaseCompute
	now := s.Now()
	if failure != 0 {
		e.status, e.failure = DownstreamFailed, failure
		e.end = now
	} else {
		e.end = now + e.compute
		if e.end >= e.timeoutAt {
			e.end, e.status = e.timeoutAt, Timeout
		}
	}
	s.Schedule(e.end, f, evHandlerDone, inv)
}

// NewFunction builds function cfg (the index-th of the scenario) in account
// acct, drawing from streams, and initializes its provisioned concurrency
// before time zero. Statistics are collected per st.
func NewFunction(cfg *Config, index int, acct *Account, streams sim.Streams, st *Stats) *Function {
	prefix := "function/" + cfg.Name + "/"
	f := &Function{
		Name:          cfg.Name,
		Index:         index,
		Memory:        cfg.MemoryMB,
		pool:          acct.Unreserved,
		acctRPS:       acct.rps,
		timeout:       cfg.Timeout,
		idlePC:        newIdleList(),
		idleOD:        newIdleList(),
		reclaim:       newReclaimQueue(cfg.KeepAlive, cfg.KeepAlive.Own(streams.Source(prefix+"keep_alive"))),
		coldStart:     cfg.ColdStart.Own(streams.Source(prefix + "cold_start")),
		overhead:      cfg.PlatformOverhead.Own(streams.Source(prefix + "platform_overhead")),
		duration:      handlerSampler(cfg.Duration, streams.Source(prefix+"duration"), cfg.HandlerFactor()),
		lifetime:      cfg.MaxLifetime.Own(streams.Source(prefix + "max_lifetime")),
		errRate:       cfg.ErrorRate,
		handlerFactor: cfg.HandlerFactor(),
		errRng:        streams.Stream(prefix + "errors"),
		Stats:         st,
	}
	f.durPeek = peeker(f.duration)
	if cfg.PerMessageTime != nil {
		f.perMessage = handlerSampler(*cfg.PerMessageTime, streams.Source(prefix+"per_message_time"), cfg.HandlerFactor())
	}
	if res := cfg.Reserved(); res >= 0 {
		f.pool = &Pool{Cap: res}
		n := float64(rpsPerConcurrency * res)
		f.rps = NewTokenBucket(n, n)
	}
	if acct.legacy != nil {
		f.scaling = acct.legacy
	} else {
		f.ownScaling, f.ownRate = *NewTokenBucket(functionScalingBurst, functionScalingRate), *NewRateScaler()
		f.scaling, f.rate = &f.ownScaling, &f.ownRate
	}
	f.pc = newProvisioning(f, cfg, acct) // its initial environments: Start schedules their ends
	f.pcOn = cfg.ProvisionedConcurrency > 0 || cfg.ProvisionedScaling != nil
	return f
}

// Start puts the function's own first events on the calendar: the end of
// life of its initial provisioned environments, and its provisioned
// concurrency's scheduled actions and target tracking.
func (f *Function) Start(s *sim.Sim) {
	f.pc.start(s)
	for i := range f.envs {
		if f.envs[i].provisioned && f.envs[i].state == envIdle {
			s.Schedule(f.envs[i].expireAt, f, evExpire, sim.Ref{Index: int32(i)})
		}
	}
}

// Invoke starts an invocation of request req for caller at Now, or refuses
// it. deadline is when the caller stops waiting for the response
// (sim.Forever: never); a response still pending then is a Timeout while the
// environment runs on until its handler ends.
func (f *Function) Invoke(s *sim.Sim, req int32, caller Caller, deadline sim.Time) Throttle {
	return f.InvokeBatch(s, req, caller, deadline, Batch{})
}

// Batch describes an invocation carrying an SQS batch.
type Batch struct {
	Messages     int  // the batch's size: per_message_time and queries_per_message apply per message
	ItemFailures bool // the caller draws per-message failures: error_rate does not fail the invocation
	// Internal: Lambda's own re-delivery of an async event from its internal
	// queue, not a client's Invoke request: the requests-per-second limits,
	// which count requests into Lambda, do not apply (sources.md
	// [lambda-quotas]: async execution is bounded by concurrency).
	Internal bool
	// Handler, when set, is the invocation's handler time (a trace's
	// recorded duration), scaled as the function's draws are, instead of
	// a draw.
	Handler sim.Time
}

// InvokeBatch is Invoke for an event source mapping's batch.
func (f *Function) InvokeBatch(s *sim.Sim, req int32, caller Caller, deadline sim.Time, b Batch) Throttle {
	now := s.Now()
	if !b.Internal && (!f.acctRPS.Take(now) || (f.rps != nil && !f.rps.Take(now))) {
		return f.throttle(now, ThrottleRPS)
	}
	// The request-rate scaling limit (RateScaler) counts every admission
	// but refuses only those that would scale on-demand capacity.
	rateOK := f.rate == nil || f.rate.Allow(now)
	if i := f.takePC(now); i >= 0 {
		f.admitRate()
		f.activate(s, i, req, caller, deadline, false, b) // counts it out of idle
		return NotThrottled
	}
	if f.idleOD.n > 0 {
		if !f.pool.tryTake() {
			return f.throttle(now, ThrottleConcurrency)
		}
		if !rateOK {
			f.pool.give()
			return f.throttle(now, ThrottleScaling)
		}
		f.admitRate()
		f.spillPC(now)
		i := f.idleOD.head
		f.unidle(i)
		f.activate(s, i, req, caller, deadline, false, b) // counts it out of idle
		return NotThrottled
	}
	if f.pool.InUse >= f.pool.Cap {
		return f.throttle(now, ThrottleConcurrency)
	}
	if !rateOK || !f.scaling.Take(now) {
		return f.throttle(now, ThrottleScaling)
	}
	f.admitRate()
	f.spillPC(now)
	f.pool.tryTake()
	i := f.newEnv()
	f.born(s, now, i)
	f.Stats.instances(now, +1)
	f.activate(s, i, req, caller, deadline, true, b)
	return NotThrottled
}

// takePC is pc.take, for a function with provisioned environments idle.
func (f *Function) takePC(now sim.Time) int32 {
	if f.idlePC.n == 0 {
		return -1
	}
	return f.pc.take(now)
}

// spillPC is pc.spill, for a function with provisioned concurrency: without
// any, spilling records nothing anyone reads.
func (f *Function) spillPC(now sim.Time) {
	if f.pcOn {
		f.pc.spill(now)
	}
}

func (f *Function) admitRate() {
	if f.rate != nil {
		f.rate.Admit()
	}
}

func (f *Function) throttle(now sim.Time, why Throttle) Throttle {
	f.Stats.throttled(now, why)
	return why
}

// newEnv returns a free environment record. A reused one keeps its
// generation, so events for its previous life stay stale; its links are
// already unset (it left the idle list and the reclaim queue when it died).
func (f *Function) newEnv() int32 {
	i := slab.Alloc(&f.envs, &f.free)
	e := &f.envs[i]
	e.prev, e.next, e.hpos = -1, -1, -1
	return i
}

// born starts environment i's life at now: it ends max_lifetime later. A
// provisioned environment's end is on the calendar from the start (the
// event finds it idle, or its invocation's end retires it); an on-demand
// one's is met by the reclaim queue or its invocation's end.
func (f *Function) born(s *sim.Sim, now sim.Time, i int32) {
	e := &f.envs[i]
	e.expireAt = now + f.lifetime.Sample()
	if e.provisioned && s != nil {
		s.Schedule(e.expireAt, f, evExpire, sim.Ref{Index: i})
	}
}

// activate draws the whole invocation at admission (init, handler time,
// error) and schedules its end, so a caller's deadline can be honoured
// without waiting for the handler.
func (f *Function) activate(s *sim.Sim, i, req int32, caller Caller, deadline sim.Time, cold bool, b Batch) {
	now := s.Now()
	e := &f.envs[i]
	e.gen.Next()
	e.req, e.caller, e.cold, e.start, e.responded = req, caller, cold, now, false
	initEnd := now
	var reinit sim.Time // a suppressed init re-run inside the invocation
	e.unbilled = 0
	if cold {
		// Platform overhead, then Init Duration: only the latter is billed
		// and held to the init limit.
		e.unbilled = f.overhead.Sample()
		in := f.coldStart.Sample()
		if in > InitLimit {
			reinit, in = in, InitLimit
		}
		initEnd = now + e.unbilled + in
		e.state = envInit
	} else {
		e.state = envBusy
	}
	var d sim.Time
	switch {
	case b.Handler > 0 && f.handlerFactor == 1:
		d = b.Handler
	case b.Handler > 0:
		d = sim.FromSeconds(b.Handler.Seconds() * f.handlerFactor)
	default:
		d = f.duration.Sample()
	}
	if f.perMessage != nil {
		for range b.Messages {
			d += f.perMessage.Sample()
		}
	}
	e.status, e.failure, e.batch = OK, 0, int32(b.Messages)
	if !b.ItemFailures && f.errRate > 0 && f.errRng.Float64() < f.errRate {
		e.status = FunctionError
	}
	// With a suppressed init the environment stays initializing until the
	// re-run ends, or the function timeout (counted from the end of the
	// first InitLimit) cuts it.
	initDone := initEnd + min(reinit, f.timeout)
	if cold {
		s.Schedule(initDone, f, evInitDone, e.gen.Ref(i))
	}
	f.Stats.activated(now, cold, initDone-now)
	if f.down != nil {
		f.activateDownstream(s, i, d, initEnd, deadline)
		return
	}
	if reinit+d > f.timeout {
		d, e.status = f.timeout-reinit, Timeout
	}
	e.end = initEnd + reinit + d
	s.Schedule(e.end, f, evHandlerDone, e.gen.Ref(i))
	if deadline < e.end {
		s.Schedule(deadline, f, evRespond, e.gen.Ref(i))
	}
}

// activateDownstream starts an invocation whose end depends on downstream
// calls: they begin after init, the handler's compute time d follows them,
// and the function timeout (counted from the end of init) may cut either.
func (f *Function) activateDownstream(s *sim.Sim, i int32, d, initEnd, deadline sim.Time) {
	e := &f.envs[i]
	e.compute, e.timeoutAt, e.phase = d, initEnd+f.timeout, phaseDownstream
	if initEnd == s.Now() {
		f.addTimeout(s, i)
	} else {
		s.Schedule(e.timeoutAt, f, evTimeout, e.gen.Ref(i))
	}
	// A deadline at or after the function timeout cannot fire first: the
	// timeout, scheduled before it, ends the invocation (issue 12: an
	// event per request that never did anything).
	if deadline < e.timeoutAt {
		s.Schedule(deadline, f, evRespond, e.gen.Ref(i))
	}
	if e.state == envBusy {
		f.down.Start(s, e.gen.Ref(i), int(e.batch))
	}
}

// InitLimit is how long an on-demand environment's Init phase may run. An
// init drawn longer is cut there and re-run in full inside the first
// invocation, under the function timeout ("suppressed init", sources.md
// [lambda-lifecycle]). Provisioned environments, initialized ahead of time,
// are not subject to it.
const InitLimit = 10 * sim.Second

// Event kinds of a Function.
const (
	evInitDone int32 = iota
	evHandlerDone
	evRespond
	evReclaim
	evReinitDone
	evTimeout  // the function timeout of an invocation with downstream calls
	evExpire   // an idle provisioned environment may have reached its max_lifetime
	evTimeouts // the first of the warm invocations' timeouts (timeouts.go)
)

// Handle implements sim.Handler.
func (f *Function) Handle(s *sim.Sim, ev sim.Event) {
	i := ev.Ref.Index
	e := &f.envs[i]
	now := s.Now()
	switch ev.Kind {
	case evInitDone:
		e.state = envBusy
		f.Stats.initDone(now)
		// Not when a suppressed init ran into the function timeout.
		if f.down != nil && ev.Ref.Live(e.gen) && now < e.timeoutAt {
			f.down.Start(s, ev.Ref, int(e.batch))
		}
	case evHandlerDone:
		f.handlerDone(s, i, e)
	case evTimeout:
		if ev.Ref.Live(e.gen) && e.phase == phaseDownstream {
			f.cut(s, i)
		}
	case evTimeouts:
		f.timeoutsDue(s)
	case evRespond:
		if ev.Ref.Live(e.gen) && !e.responded {
			e.responded = true
			e.caller.Complete(s, e.req, Outcome{Status: Timeout, Cold: e.cold, Start: e.start})
		}
	case evReclaim:
		f.reclaimDue(s)
	case evReinitDone:
		e.state = envIdle
		f.Stats.reinit(now, -1)
		if f.pc.retireFreed(s, i) {
			break // the provisioned level fell while it re-initialized
		}
		f.Stats.idle(now, +1)
		f.idlePC.pushFront(f.envs, i)
	case evExpire:
		// The event carries no generation (it may follow several
		// invocations); the state and the deadline tell a stale one.
		if e.provisioned && e.state == envIdle && e.expireAt <= now {
			f.idlePC.remove(f.envs, i)
			f.Stats.idle(now, -1)
			f.reinit(s, i)
		}
	}
}

// cut ends environment i's invocation at its function timeout, while it
// waits on its downstream calls.
func (f *Function) cut(s *sim.Sim, i int32) {
	e := &f.envs[i]
	f.down.Abort(s, i)
	e.phase, e.status = phaseCompute, Timeout
	f.handlerDone(s, i, e)
}

// Prefetch implements sim.Prefetcher: an invocation's end reads its
// environment, then its caller's record of the request (Toucher).
func (f *Function) Prefetch(evs []sim.Event, depth int) {
	if depth == 0 {
		var t sim.Time
		for _, ev := range evs {
			if ev.Kind == evHandlerDone {
				t += f.envs[ev.Ref.Index].start
			}
		}
		f.touched += t
		return
	}
	for _, ev := range evs {
		if ev.Kind != evHandlerDone {
			continue
		}
		e := &f.envs[ev.Ref.Index]
		if t, ok := e.caller.(Toucher); ok {
			t.Touch(e.req)
		}
	}
}

// ReadAhead reads ahead what an invocation of f reads first: f's own scaling
// state, the environment an invocation would take, f's statistics, the
// handler time's sampler and where its duration histogram records. A
// caller that knows an invocation is coming (System.Prefetch, for an
// arrival) calls it; it changes nothing.
func (f *Function) ReadAhead() {
	t := f.ownRate.end + f.Stats.peek()
	if i := f.idleOD.head; i >= 0 {
		t += f.envs[i].idleAt
	}
	if f.durPeek != nil {
		t += f.durPeek.Peek()
	}
	f.touched += t
}

// Toucher is a Caller that reads a record of request req at its
// Complete, and can read it ahead (Prefetch).
type Toucher interface{ Touch(req int32) }

var (
	_ sim.Handler    = (*Function)(nil)
	_ sim.Prefetcher = (*Function)(nil)
)

func (f *Function) handlerDone(s *sim.Sim, i int32, e *env) {
	now := s.Now()
	// A timed-out environment is reset, one past its max_lifetime ends; an
	// on-demand one that is neither goes idle (the switch's default).
	ended := e.status == Timeout || now >= e.expireAt
	f.Stats.released(now, e.status, now-e.start, e.unbilled, e.provisioned, !e.provisioned && !ended)
	if !e.provisioned {
		f.pool.give()
	}
	caller, req, out := e.caller, e.req, Outcome{Status: e.status, Failure: e.failure, Cold: e.cold, Start: e.start}
	responded := e.responded
	e.caller, e.responded, e.phase = nil, true, phaseNone
	if f.down != nil {
		f.down.End(s, i)
	}
	retired := e.provisioned && f.pc.release(s, i)
	switch {
	case retired:
		// The provisioned level fell while it served (autoscale.go).
	case e.provisioned && ended:
		// A reset or expired provisioned environment initializes again
		// before serving; Lambda keeps the provisioned count.
		f.reinit(s, i)
	case ended:
		f.discard(s, i, false)
	case e.provisioned:
		e.state = envIdle
		f.Stats.idle(now, +1)
		f.idlePC.pushFront(f.envs, i)
	default:
		e.state = envIdle // counted idle by released
		f.idleOD.pushFront(f.envs, i)
		if f.reclaim.idle(f.envs, i, now) {
			f.wake(s)
		}
	}
	if !responded {
		caller.Complete(s, req, out)
	}
}

// reinit re-initializes provisioned environment i in the background (after
// a reset or at the end of its life) and starts a new life.
func (f *Function) reinit(s *sim.Sim, i int32) {
	e := &f.envs[i]
	now := s.Now()
	e.state = envReinit
	f.Stats.reinit(now, +1)
	f.born(s, now, i)
	s.After(f.coldStart.Sample(), f, evReinitDone, e.gen.Ref(i))
}

// discard frees environment i; wasIdle says whether it was counted idle.
func (f *Function) discard(s *sim.Sim, i int32, wasIdle bool) {
	now := s.Now()
	if f.down != nil {
		f.down.Gone(s, i)
	}
	e := &f.envs[i]
	e.state = envDead
	e.gen.Next()
	f.free = append(f.free, i)
	if wasIdle {
		f.Stats.idle(now, -1)
	}
	f.Stats.instances(now, -1)
}

// reclaimDue discards the idle environments whose keep-alive has run out,
// then arranges the next wake-up.
func (f *Function) reclaimDue(s *sim.Sim) {
	now := s.Now()
	f.reclaim.alarm.Ring(now)
	f.reclaim.join(f.envs, now)
	for i := f.reclaim.min(); i >= 0 && f.envs[i].reclaimAt <= now; i = f.reclaim.min() {
		f.unidle(i)
		f.discard(s, i, true)
	}
	f.wake(s)
}

// unidle takes on-demand environment i off the idle list and out of the
// reclaim queue, which reads its place in the list first.
func (f *Function) unidle(i int32) {
	f.reclaim.leave(f.envs, i)
	f.idleOD.remove(f.envs, i)
}

// wake puts a reclaim event on the calendar for the reclaim queue's next
// need unless one at or before it is already there.
func (f *Function) wake(s *sim.Sim) {
	f.reclaim.alarm.Set(s, f.reclaim.next(f.envs), f, evReclaim)
}
