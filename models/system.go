package models

import (
	"fmt"

	"github.com/stampede-sim/stampede/models/apigw"
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/models/sqs"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// DefaultBuckets is the number of time-series buckets over a run's duration.
const DefaultBuckets = 600

// MaxBuckets bounds the time-series buckets: every series, and every
// function's and queue's, holds one value per bucket, so the buckets
// multiply the memory of a run; 100,000 is far finer than any plot.
const MaxBuckets = 100_000

// System is one replication of a scenario: it owns every piece of state of
// the simulation.
type System struct {
	touched sim.Time // a sink for Touch's reads
	sc      *Scenario
	rep     int
	sim     *sim.Sim
	window  stats.Window
	account *lambda.Account
	gateway *apigw.Bucket // the account's API Gateway throttle, shared by every API
	// gatewayThrottled: the account's throttle refused attempts (counted
	// requests' only): when, for the verdict (bottleneck.go).
	gatewayThrottled stats.Span
	functions        []*lambda.Function
	workloads        []*workload
	databases        []*rds.Database
	queues           []*sqs.Queue
	async            []*asyncQueue  // per function: its async queue, or nil without async workloads
	totals           *lambda.Totals // the functions' levels and counts per bucket, summed
	reqs             requestPool
	queued           int // requests that hold no record: SQS messages, async events in runs
	m                *metrics
}

// Build assembles replication rep of sc, which must be resolved and valid
// (Scenario.Resolved, Scenario.Validate). buckets is the number of
// time-series buckets (0: DefaultBuckets).
func Build(sc *Scenario, rep int, buckets int) (*System, error) {
	if buckets <= 0 {
		buckets = DefaultBuckets
	}
	if buckets > MaxBuckets {
		return nil, fmt.Errorf("%d buckets: at most %d", buckets, MaxBuckets)
	}
	width := (sc.Duration + sim.Time(buckets) - 1) / sim.Time(buckets)
	if width <= 0 {
		return nil, fmt.Errorf("duration %v is too short for %d buckets", sc.Duration, buckets)
	}
	b := stats.NewBuckets(0, width, buckets)
	sys := &System{
		sc:     sc,
		rep:    rep,
		sim:    sim.New(),
		window: stats.Window{From: sc.Warmup, To: sc.Duration, Buckets: b},
		reqs:   newRequestPool(),
	}
	streams := sim.NewStreams(sc.Seed, uint64(rep))
	reserved := 0
	for i := range sc.Functions {
		reserved += max(sc.Functions[i].Reserved(), 0)
	}
	sys.gateway = apigw.NewBucket(float64(sc.APIGateway.ThrottleRate), sc.APIGateway.ThrottleBurst)
	sys.account = lambda.NewAccount(sc.Account.ConcurrencyLimit, reserved, sc.Account.Scaling, sc.Account.Region)
	sys.account.UnreservedMinimum = sc.Account.Unreserved()
	byName := map[string]int{}
	if len(sc.Functions) > 1 {
		sys.totals = lambda.NewTotals(sys.window)
	}
	for i := range sc.Functions {
		st := lambda.NewStats(sys.window, sys.totals)
		sys.totals = st.Totals()
		f := lambda.NewFunction(&sc.Functions[i].Config, i, sys.account, streams, st)
		f.Start(sys.sim)
		sys.functions = append(sys.functions, f)
		byName[f.Name] = i
	}
	if err := sys.buildDatabases(streams); err != nil {
		return nil, err
	}
	sys.m = newMetrics(sys.window, len(sc.Workloads))
	sys.async = make([]*asyncQueue, len(sc.Functions))
	queues := map[string]*sqs.Queue{}
	for i := range sc.Queues {
		cfg := &sc.Queues[i]
		fi, ok := byName[cfg.Function]
		if !ok {
			return nil, fmt.Errorf("queue %q: no function %q", cfg.Name, cfg.Function)
		}
		q := sqs.New(cfg, sys.functions[fi], sc.Functions[fi].ErrorRate, sc.Account.Scaling == lambda.ScalingLegacy, sys, streams, sys.window)
		q.Start(sys.sim)
		sys.queues = append(sys.queues, q)
		queues[cfg.Name] = q
	}
	for i := range sc.Workloads {
		cfg := &sc.Workloads[i]
		target := cfg.Function
		if cfg.Queue != "" {
			q, ok := queues[cfg.Queue]
			if !ok {
				return nil, fmt.Errorf("workload %q: no queue %q", cfg.Name, cfg.Queue)
			}
			target = q.Cfg.Function
		}
		fi, ok := byName[target]
		if !ok {
			return nil, fmt.Errorf("workload %q: no function %q", cfg.Name, target)
		}
		w := newWorkload(cfg, int32(i), sys.functions[fi], &sc.Functions[fi], &sc.APIGateway, streams, sys.window.Buckets)
		w.queue = queues[cfg.Queue]
		sys.workloads = append(sys.workloads, w)
		if w.async && sys.async[fi] == nil {
			sys.async[fi] = newAsyncQueue(sys.window, sc.Functions[fi].AsyncMaxEventAge)
		}
		sys.scheduleArrival(w)
		sys.reserve(cfg, i, sys.functions[fi])
	}
	return sys, nil
}

// reserve sizes workload i's warm latency histogram and its function's
// duration histogram for the requests it is expected to count, so that
// each holds its exact values in one allocation rather than growing by
// doubling (issue 12: with 10,000 functions the growth was 40 MB of
// garbage and 12 MB of slack). Only a hint: bursts, retries and batches
// make the counts differ, and the histograms grow or bin as before.
func (sys *System) reserve(cfg *Workload, i int, f *lambda.Function) {
	n := int(min(cfg.Arrivals.ExpectedCount(sys.sc.Warmup, sys.sc.Duration), 1<<20))
	sys.m.perWorkload[i].warm.Reserve(n)
	f.Stats.Duration.Reserve(f.Stats.Duration.Reserved() + n)
}

// Event kinds of the System.
const (
	evArrival   int32 = iota // Ref.Index: workload
	evRetry                  // Ref.Index: request
	evAsyncRead              // Ref.Index: function; its async queue's reader wakes up
)

func (sys *System) scheduleArrival(w *workload) {
	if t := w.proc.Next(); t < sys.sc.Duration {
		sys.sim.ScheduleSource(t, sys, evArrival, sim.Ref{Index: w.index})
		if w.durs != nil {
			w.nextDur = w.durs.Duration()
		}
	}
}

// Handle implements sim.Handler.
func (sys *System) Handle(s *sim.Sim, ev sim.Event) {
	switch ev.Kind {
	case evArrival:
		w := sys.workloads[ev.Ref.Index]
		counted := s.Now() >= sys.sc.Warmup
		sys.m.arrival(s.Now(), counted, w.index)
		if w.queue != nil {
			// A queued message takes no request: the queue keeps what
			// its end needs (sqs.Msg), compactly, however long the
			// backlog (issue 11).
			sys.queued++
			w.queue.Send(s, w.index, counted)
		} else {
			i := sys.reqs.get()
			r := &sys.reqs.reqs[i]
			r.first, r.workload, r.counted, r.handler = s.Now(), w.index, counted, w.nextDur
			sys.attempt(s, i, w)
		}
		sys.scheduleArrival(w)
	case evRetry:
		r := &sys.reqs.reqs[ev.Ref.Index]
		w := sys.workloads[r.workload]
		if w.async {
			sys.asyncDue(s, ev.Ref.Index, w.fn.Index)
			return
		}
		sys.attempt(s, ev.Ref.Index, w)
	case evAsyncRead:
		fi := int(ev.Ref.Index)
		q := sys.async[fi]
		q.alarm.Ring(s.Now())
		q.wake(s.Now(), func(w waiter) {
			i := sys.revive(w)
			r := &sys.reqs.reqs[i]
			q.leave(s.Now(), r.queued, r.first)
			sys.finish(s, i, false, CauseExpired, false)
		}, func(w waiter) { sys.redeliver(s, sys.revive(w), q) })
		sys.wakeReader(s, fi)
	}
}

// asyncDue: async event i's wait in its function's queue (fi) is over;
// Lambda delivers it when its reader allows (asyncQueue).
func (sys *System) asyncDue(s *sim.Sim, i int32, fi int) {
	q := sys.async[fi]
	r := &sys.reqs.reqs[i]
	w := waiter{i: i, first: r.first, entered: r.queued,
		class: waitClass{workload: r.workload, attempts: r.attempts, throttle: r.throttle, counted: r.counted}}
	switch read, kept := q.ready(s.Now(), w); {
	case read:
		sys.redeliver(s, i, q)
	case !kept:
		// The event waits in a run (asyncwait.go): it keeps no record.
		sys.reqs.put(i)
		sys.queued++
	}
	sys.wakeReader(s, fi)
}

// revive gives an event leaving the async queue's line its request record:
// its own, or a new one made from its run.
func (sys *System) revive(w waiter) int32 {
	if w.i >= 0 {
		return w.i
	}
	sys.queued--
	i := sys.reqs.get()
	r := &sys.reqs.reqs[i]
	r.first, r.queued, r.workload, r.attempts, r.throttle, r.counted =
		w.first, w.entered, w.class.workload, w.class.attempts, w.class.throttle, w.class.counted
	return i
}

// redeliver: Lambda reads event i from its queue q and invokes the function.
func (sys *System) redeliver(s *sim.Sim, i int32, q *asyncQueue) {
	r := &sys.reqs.reqs[i]
	q.leave(s.Now(), r.queued, r.first)
	q.reads.Inc(s.Now())
	sys.attempt(s, i, sys.workloads[r.workload])
}

// wakeReader schedules function fi's async reader when it needs to wake
// before the wake-up already scheduled.
func (sys *System) wakeReader(s *sim.Sim, fi int) {
	q := sys.async[fi]
	q.alarm.SetRef(s, max(q.next(), s.Now()), sys, evAsyncRead, sim.Ref{Index: int32(fi)})
}

// attempt makes request i's next attempt: its workload w invokes its
// function, through the gateway if it has one. The caller passes w, which
// it has at hand: read again through the request, it was three dependent
// loads ahead of the invocation (issue 12).
func (sys *System) attempt(s *sim.Sim, i int32, w *workload) {
	r := &sys.reqs.reqs[i]
	r.attempts++
	if w.gateway != Direct {
		now := s.Now()
		sys.m.gatewayAttempts.Inc(now)
		if w.routeAttempts != nil {
			w.routeAttempts.Inc(now)
		}
		if !apigw.Admit(now, w.route, sys.gateway) {
			// API Gateway's throttle (sources.md [apigw-throttle]): a 429
			// that never reaches Lambda and is not billed; the client may
			// retry.
			if r.counted {
				if w.route != nil && w.route.Empty(now) {
					w.routeThrottled.Add(now)
				} else {
					sys.gatewayThrottled.Add(now)
				}
			}
			sys.failedAttempt(s, i, CauseAPIGatewayThrottled)
			return
		}
	}
	if r.counted {
		sys.m.gatewayCalls[w.gateway]++
	}
	deadline := sim.Forever
	if w.deadline != sim.Forever {
		deadline = s.Now() + w.deadline
	}
	// An async event's first attempt is the client's Invoke call and counts
	// against the requests-per-second limits; later ones are Lambda's own
	// deliveries from its internal queue and do not (lambda.Batch.Internal).
	internal := w.async && r.attempts > 1
	if w.async {
		sys.async[w.fn.Index].delivered()
	}
	if w.fn.InvokeBatch(s, i, sys, deadline, lambda.Batch{Internal: internal, Handler: r.handler}) != lambda.NotThrottled {
		sys.failedAttempt(s, i, CauseThrottled)
	}
}

// Prefetch implements sim.Prefetcher: an arrival reads its workload (both
// ends of its record), then the workload's counts and the slot its warm
// latency histogram records into next, its arrival process (dist.Peeker)
// and its function (Function.ReadAhead).
func (sys *System) Prefetch(evs []sim.Event, depth int) {
	var t sim.Time
	for _, ev := range evs {
		if ev.Kind != evArrival {
			continue
		}
		w := sys.workloads[ev.Ref.Index]
		if depth == 0 {
			t += w.nextDur + sim.Time(w.tokens) // both ends of the record
			continue
		}
		c := &sys.m.perWorkload[w.index]
		t += sim.Time(c.requests) + sim.Time(c.warm.Peek())
		if w.procPeek != nil {
			t += w.procPeek.Peek()
		}
		if w.fn != nil {
			w.fn.ReadAhead()
		}
	}
	sys.touched += t
}

var (
	_ sim.Handler    = (*System)(nil)
	_ sim.Prefetcher = (*System)(nil)
	_ lambda.Caller  = (*System)(nil)
	_ lambda.Toucher = (*System)(nil)
)

// Touch implements lambda.Toucher: Complete reads request i's record.
func (sys *System) Touch(i int32) {
	if int(i) < len(sys.reqs.reqs) {
		sys.touched += sys.reqs.reqs[i].first
	}
}

// Complete implements lambda.Caller.
func (sys *System) Complete(s *sim.Sim, i int32, o lambda.Outcome) {
	if o.Status == lambda.OK {
		if r := &sys.reqs.reqs[i]; !sys.workloads[r.workload].async {
			sys.workloads[r.workload].syncSucceeded(r)
		}
		sys.finish(s, i, true, 0, o.Cold)
		return
	}
	sys.failedAttempt(s, i, causeOf(o))
}

// failedAttempt applies the retry policy: the sync client's, or Lambda's own
// for async events.
func (sys *System) failedAttempt(s *sim.Sim, i int32, cause Cause) {
	r := &sys.reqs.reqs[i]
	w := sys.workloads[r.workload]
	now := s.Now()
	if !w.async {
		wait, ok, refused := w.syncRetry(r, cause)
		if ok {
			s.Schedule(now+wait, sys, evRetry, sim.Ref{Index: i})
			return
		}
		if refused && r.counted {
			sys.m.perWorkload[w.index].refused++
		}
		sys.finish(s, i, false, cause, false)
		return
	}
	var wait sim.Time
	if cause == CauseThrottled {
		wait = w.asyncThrottleBackoff(r.throttle)
		r.throttle++
		sys.async[w.fn.Index].throttled(now)
		sys.wakeReader(s, w.fn.Index)
	} else {
		errs := r.attempts - r.throttle // attempts that ran and failed, this one included
		if errs > w.retries {
			sys.finish(s, i, false, cause, false)
			return
		}
		wait = asyncErrorBackoff * sim.Time(errs)
	}
	if now+wait-r.first > w.maxAge {
		sys.finish(s, i, false, CauseExpired, false)
		return
	}
	r.queued = now
	sys.async[w.fn.Index].enter(now)
	s.Schedule(now+wait, sys, evRetry, sim.Ref{Index: i})
}

func (sys *System) finish(s *sim.Sim, i int32, ok bool, cause Cause, cold bool) {
	sys.m.finish(s.Now(), &sys.reqs.reqs[i], ok, cause, cold)
	sys.reqs.put(i)
}

// buildDatabases creates the databases and attaches each function's calls.
func (sys *System) buildDatabases(streams sim.Streams) error {
	byName := map[string]*rds.Database{}
	for i := range sys.sc.Databases {
		db := rds.NewDatabase(&sys.sc.Databases[i], streams, sys.window)
		db.Start(sys.sim)
		sys.databases = append(sys.databases, db)
		byName[db.Name] = db
	}
	for i, f := range sys.functions {
		cfg := &sys.sc.Functions[i]
		if len(cfg.Calls) == 0 {
			continue
		}
		calls := make([]rds.Call, len(cfg.Calls))
		for k, c := range cfg.Calls {
			db, ok := byName[c.Database]
			if !ok {
				return fmt.Errorf("function %q: no database %q", f.Name, c.Database)
			}
			calls[k] = rds.Call{DB: db, Queries: *c.Queries, QueriesPerMessage: c.QueriesPerMessage,
				PerEnv: c.Connection == rds.PerEnvironment, ConnectRetries: c.ConnectRetries, ConnectBackoff: c.ConnectBackoff}
		}
		f.SetDownstream(rds.NewClient(f, calls, streams))
	}
	return nil
}

// Processed implements sqs.Sink: a queued request's message (tagged with
// its workload) was processed.
func (sys *System) Processed(s *sim.Sim, m sqs.Msg, start sim.Time, cold bool) {
	sys.finishQueued(s, m, true, 0, cold)
}

// Failed implements sqs.Sink: a queued request's message went to the
// dead-letter queue or expired.
func (sys *System) Failed(s *sim.Sim, m sqs.Msg, deadLettered bool) {
	cause := CauseExpired
	if deadLettered {
		cause = CauseDeadLettered
	}
	sys.finishQueued(s, m, false, cause, false)
}

// finishQueued ends a queued request from what its message carried.
func (sys *System) finishQueued(s *sim.Sim, m sqs.Msg, ok bool, cause Cause, cold bool) {
	r := request{first: m.Sent, workload: m.ID, attempts: int32(m.Receives), counted: m.Counted}
	sys.m.finish(s.Now(), &r, ok, cause, cold)
	sys.queued--
}
