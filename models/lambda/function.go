package lambda

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/scenarios"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// Status is how an admitted invocation ended.
type Status uint8

// Invocation statuses.
const (
	OK            Status = iota
	FunctionError        // the handler failed (error_rate)
	Timeout              // the handler ran past the function timeout, or the caller's deadline passed
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
	Status Status
	Cold   bool     // it started a new environment
	Start  sim.Time // when it was admitted
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
	acctRPS *TokenBucket
	rps     *TokenBucket // reserved functions only
	timeout sim.Time

	envs           []env
	free           []int32
	idlePC, idleOD idleList
	reclaim        reclaimQueue

	coldStart, duration, keepAlive dist.Sampler
	errRate                        float64
	errRng                         *rand.Rand

	Stats *Stats
}

// NewFunction builds function cfg (the index-th of the scenario) in account
// acct, drawing from streams, and initializes its provisioned concurrency
// before time zero. Statistics are collected per st.
func NewFunction(cfg *scenarios.Function, index int, acct *Account, streams sim.Streams, st *Stats) *Function {
	prefix := "function/" + cfg.Name + "/"
	f := &Function{
		Name:      cfg.Name,
		Index:     index,
		Memory:    cfg.MemoryMB,
		pool:      acct.Unreserved,
		acctRPS:   acct.rps,
		timeout:   cfg.Timeout,
		idlePC:    newIdleList(),
		idleOD:    newIdleList(),
		reclaim:   newReclaimQueue(),
		coldStart: cfg.ColdStart.New(streams.Stream(prefix + "cold_start")),
		duration:  cfg.Duration.New(streams.Stream(prefix + "duration")),
		keepAlive: cfg.KeepAlive.New(streams.Stream(prefix + "keep_alive")),
		errRate:   cfg.ErrorRate,
		errRng:    streams.Stream(prefix + "errors"),
		Stats:     st,
	}
	if cfg.ReservedConcurrency >= 0 {
		f.pool = &Pool{Cap: cfg.ReservedConcurrency}
		n := float64(rpsPerConcurrency * cfg.ReservedConcurrency)
		f.rps = NewTokenBucket(n, n)
	}
	if acct.legacy != nil {
		f.scaling = acct.legacy
	} else {
		f.scaling = NewTokenBucket(functionScalingBurst, functionScalingRate)
	}
	for range cfg.ProvisionedConcurrency {
		f.pool.InUse++ // claimed for the whole run
		i := f.newEnv()
		f.envs[i].provisioned = true
		f.envs[i].state = envIdle
		f.idlePC.pushFront(f.envs, i)
	}
	st.start(cfg.ProvisionedConcurrency)
	return f
}

// Invoke starts an invocation of request req for caller at Now, or refuses
// it. deadline is when the caller stops waiting for the response
// (sim.Forever: never); a response still pending then is a Timeout while the
// environment runs on until its handler ends.
func (f *Function) Invoke(s *sim.Sim, req int32, caller Caller, deadline sim.Time) Throttle {
	now := s.Now()
	if !f.acctRPS.Take(now) || (f.rps != nil && !f.rps.Take(now)) {
		return f.throttle(now, ThrottleRPS)
	}
	if i := f.idlePC.popFront(f.envs); i >= 0 {
		f.Stats.idle(now, -1)
		f.activate(s, i, req, caller, deadline, false)
		return NotThrottled
	}
	if f.idleOD.n > 0 {
		if !f.pool.tryTake() {
			return f.throttle(now, ThrottleConcurrency)
		}
		i := f.idleOD.popFront(f.envs)
		f.reclaim.remove(f.envs, i)
		f.Stats.idle(now, -1)
		f.activate(s, i, req, caller, deadline, false)
		return NotThrottled
	}
	if f.pool.InUse >= f.pool.Cap {
		return f.throttle(now, ThrottleConcurrency)
	}
	if !f.scaling.Take(now) {
		return f.throttle(now, ThrottleScaling)
	}
	f.pool.tryTake()
	i := f.newEnv()
	f.Stats.instances(now, +1)
	f.activate(s, i, req, caller, deadline, true)
	return NotThrottled
}

func (f *Function) throttle(now sim.Time, why Throttle) Throttle {
	f.Stats.throttled(now, why)
	return why
}

func (f *Function) newEnv() int32 {
	if n := len(f.free); n > 0 {
		i := f.free[n-1]
		f.free = f.free[:n-1]
		return i
	}
	f.envs = append(f.envs, env{prev: -1, next: -1, hpos: -1})
	return int32(len(f.envs) - 1)
}

// activate draws the whole invocation at admission (init, handler time,
// error) and schedules its end, so a caller's deadline can be honoured
// without waiting for the handler.
func (f *Function) activate(s *sim.Sim, i, req int32, caller Caller, deadline sim.Time, cold bool) {
	now := s.Now()
	e := &f.envs[i]
	e.gen++
	e.req, e.caller, e.cold, e.start, e.responded = req, caller, cold, now, false
	initEnd := now
	if cold {
		initEnd = now + f.coldStart.Sample()
		e.state = envInit
		s.Schedule(initEnd, f, evInitDone, i, int64(e.gen))
	} else {
		e.state = envBusy
	}
	d := f.duration.Sample()
	e.status = OK
	if f.errRate > 0 && f.errRng.Float64() < f.errRate {
		e.status = FunctionError
	}
	if d > f.timeout {
		d, e.status = f.timeout, Timeout
	}
	e.end = initEnd + d
	s.Schedule(e.end, f, evHandlerDone, i, int64(e.gen))
	if deadline < e.end {
		s.Schedule(deadline, f, evRespond, i, int64(e.gen))
	}
	f.Stats.activated(now, cold, initEnd-now)
}

// Event kinds of a Function.
const (
	evInitDone int32 = iota
	evHandlerDone
	evRespond
	evReclaim
	evReinitDone
)

// Handle implements sim.Handler.
func (f *Function) Handle(s *sim.Sim, ev sim.Event) {
	e := &f.envs[ev.A]
	now := s.Now()
	switch ev.Kind {
	case evInitDone:
		e.state = envBusy
		f.Stats.initDone(now)
	case evHandlerDone:
		f.handlerDone(s, ev.A, e)
	case evRespond:
		if uint32(ev.B) == e.gen && !e.responded {
			e.responded = true
			e.caller.Complete(s, e.req, Outcome{Status: Timeout, Cold: e.cold, Start: e.start})
		}
	case evReclaim:
		f.reclaimDue(s)
	case evReinitDone:
		e.state = envIdle
		f.Stats.reinit(now, -1)
		f.Stats.idle(now, +1)
		f.idlePC.pushFront(f.envs, ev.A)
	}
}

func (f *Function) handlerDone(s *sim.Sim, i int32, e *env) {
	now := s.Now()
	f.Stats.released(now, e.status, now-e.start)
	if !e.provisioned {
		f.pool.give()
	}
	caller, req, out := e.caller, e.req, Outcome{Status: e.status, Cold: e.cold, Start: e.start}
	responded := e.responded
	e.caller = nil
	switch {
	case e.status == Timeout && e.provisioned:
		// A reset provisioned environment initializes again before serving.
		e.state = envReinit
		f.Stats.reinit(now, +1)
		s.After(f.coldStart.Sample(), f, evReinitDone, i, int64(e.gen))
	case e.status == Timeout:
		f.discard(now, i, false)
	case e.provisioned:
		e.state = envIdle
		f.Stats.idle(now, +1)
		f.idlePC.pushFront(f.envs, i)
	default:
		e.state = envIdle
		f.Stats.idle(now, +1)
		f.idleOD.pushFront(f.envs, i)
		e.reclaimAt = now + f.keepAlive.Sample()
		f.reclaim.push(f.envs, i)
		f.wake(s)
	}
	if !responded {
		caller.Complete(s, req, out)
	}
}

// discard frees environment i; wasIdle says whether it was counted idle.
func (f *Function) discard(now sim.Time, i int32, wasIdle bool) {
	e := &f.envs[i]
	e.state = envDead
	e.gen++
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
	if now >= f.reclaim.wakeAt {
		f.reclaim.wakeAt = sim.Forever
	}
	for i := f.reclaim.min(); i >= 0 && f.envs[i].reclaimAt <= now; i = f.reclaim.min() {
		f.reclaim.remove(f.envs, i)
		f.idleOD.remove(f.envs, i)
		f.discard(now, i, true)
	}
	f.wake(s)
}

// wake puts a reclaim event on the calendar for the earliest deadline unless
// one at or before it is already there.
func (f *Function) wake(s *sim.Sim) {
	i := f.reclaim.min()
	if i < 0 {
		return
	}
	if at := f.envs[i].reclaimAt; at < f.reclaim.wakeAt {
		f.reclaim.wakeAt = at
		s.Schedule(at, f, evReclaim, 0, 0)
	}
}
