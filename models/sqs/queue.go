package sqs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/ring"
	"github.com/stampede-sim/stampede/sim/slab"
	"github.com/stampede-sim/stampede/sim/stats"
)

// Event source mapping scaling (sources.md [sqs-esm]): 5 concurrent
// invocations at first, then up to 300 more per minute (60 with the legacy
// scaling) while messages remain, up to 1,000 (the English page's figure;
// newer pages say 1,250: sources.md [sqs-esm], Disagreements 2). "When
// traffic is low, Lambda scales back the processing to five concurrent
// batches, and can optimize to as few as 2 … this optimization is not
// available when you enable the maximum concurrency setting."
const (
	esmStart       = 5
	esmLowTraffic  = 2
	esmMax         = 1000
	esmRatePerMin  = 300
	esmLegacyRate  = 60
	maxPayload     = 6 << 20 // the 6 MB synchronous invocation payload caps a batch
	requestChunk   = 64 << 10
	messagesPerAPI = 10 // ReceiveMessage and DeleteMessageBatch handle up to 10 messages
	emptyPollWait  = 20 * sim.Second
)

// Provisioned mode (sources.md [sqs-esm-provisioned]): each event poller
// takes "up to 1 MB/sec of throughput or up to 10 concurrent invokes or up
// to 10 SQS polling API calls per second"; Lambda scales the pollers between
// the minimum and the maximum, "quickly adding up to 1,000 concurrency per
// minute".
const (
	pollerInvokes     = 10
	pollerBytesPerS   = 1 << 20
	pollerCallsPerS   = 10
	provisionedPerMin = 1000
)

// Throttle retries (sources.md [sqs-esm-errors]): the poller keeps a
// throttled batch and retries it with back-off until the visibility timeout
// runs out. AWS gives no delays; we assume exponential back-off with "equal
// jitter", attempt k waiting uniformly in [d/2, d] with d = min(1 s·2^(k−1),
// 20 s).
const (
	retryBase = sim.Second
	retryCap  = 20 * sim.Second
)

// Sink is told how each message ended.
type Sink interface {
	Processed(s *sim.Sim, m Msg, start sim.Time, cold bool)
	Failed(s *sim.Sim, m Msg, deadLettered bool) // deadLettered false: expired
}

// Msg is what the queue tells its Sink of a message that ended. The queue
// keeps no request of the sender's: ID is the sender's tag from Send, and
// Sent and Counted come back with it.
type Msg struct {
	ID       int32
	Receives int
	Counted  bool
	Sent     sim.Time
}

// message is a received message: in an invocation, or visible again after
// one. There are at most the messages received within a visibility
// timeout, a number the concurrency and batch size bound, not the load.
type message struct {
	req      int32
	receives int32
	counted  bool
	sent     sim.Time
}

// run is a stretch of never-received messages, sent one after another,
// kept as one record so that a backlog's memory follows its runs, not its
// messages (issue 11). Message k (0 ≤ k < n) was sent at first +
// (last−first)·k/(n−1), and its tag is id + step·k. A message joins the
// back run exactly when it continues the run's even spacing (so periodic
// arrivals, and any two messages, are stored exactly), or, once the backlog
// holds sim.CompactAfter runs, when it came within 1/sim.AgeResolution of
// the oldest waiting message's age after the run's first: the send times
// of such a run are then interpolated, off by at most that fraction of
// their age.
type run struct {
	first, last sim.Time
	n, taken    int32 // messages in the run, of which taken from its front
	id          int32
	step        int8 // 0 or 1
	counted     bool
}

// at is the send time of the run's message k.
func (r *run) at(k int32) sim.Time { return sim.Spread(r.first, r.last, k, r.n) }

// join adds the message (id, t, counted) to the run if it continues it (see
// run); tol is the inexactness allowed (0: exact only).
func (r *run) join(id int32, t sim.Time, counted bool, tol sim.Time) bool {
	if r.taken > 0 || counted != r.counted || r.n == math.MaxInt32 {
		return false
	}
	if r.n == 1 {
		if d := id - r.id; d != 0 && d != 1 {
			return false
		}
		r.step, r.last, r.n = int8(id-r.id), t, 2
		return true
	}
	if id != r.id+int32(r.step)*r.n {
		return false
	}
	span := r.last - r.first
	exact := span%sim.Time(r.n-1) == 0 && t-r.last == span/sim.Time(r.n-1)
	if !exact && t-r.first > tol {
		return false
	}
	r.last = t
	r.n++
	return true
}

type slot struct {
	msgs     []int32
	recvAt   sim.Time
	attempts int32 // invoke attempts the function throttled
}

// Queue is an SQS standard queue and the event source mapping that invokes
// fn with its messages.
type Queue struct {
	Name  string
	Cfg   *Config
	Stats *Stats

	fn      *lambda.Function
	sink    Sink
	errRate float64
	rng     *rand.Rand
	backoff *rand.Rand // throttle retries' jitter

	msgs      []message
	freeMsgs  []int32
	fresh     ring.Ring[run]   // visible, never received, in send order
	freshN    int              // messages in fresh
	returned  ring.Ring[int32] // visible again after a failed receive, in return order
	retMin    ring.Ring[int32] // monotone minimum of returned's send times (oldest age)
	slots     []slot
	freeSlots []int32
	busy      int // batches being invoked
	retrying  int // throttled batches a poller holds, waiting to retry
	maxBatch  int

	provisioned bool
	allowed     float64 // concurrency the ESM has scaled to
	allowedAt   sim.Time
	// start: the level the ESM starts at and scales back to when traffic
	// is low; lowest: the further step down (2 in standard mode without
	// max_concurrency, else start), also the floor of the throttle back-off.
	start, lowest, cap float64
	rate               float64 // per ns
	demand             bool
	scaleWake          sim.Alarm
	emptySince         sim.Time // no message has been visible since; -1: one is
	idleWake           sim.Alarm
	gatherSince        sim.Time // the batch window started; -1: not gathering
	emptyArea, areaAt  sim.Time // idle pollers × time, for empty receives

	// Provisioned mode's receive capacity, a token bucket in
	// poller-nanoseconds: each poller adds one per ns, holding at most one
	// second's worth; a batch takes the larger of its bytes at 1 MB/s and
	// its ReceiveMessage calls at 10/s. Negative: owed.
	tokens   sim.Time
	tokensAt sim.Time
	pollWake sim.Alarm
}

// Consumer is the function the queue's event source mapping invokes.
func (q *Queue) Consumer() *lambda.Function { return q.fn }

// New builds queue cfg feeding fn; legacy selects the old scaling rate (not
// provisioned mode's, which is newer).
func New(cfg *Config, fn *lambda.Function, errRate float64, legacy bool, sink Sink, streams sim.Streams, w stats.Window) *Queue {
	q := &Queue{
		Name: cfg.Name, Cfg: cfg, Stats: newStats(w),
		fn: fn, sink: sink, errRate: errRate,
		rng:         streams.Stream("queue/" + cfg.Name + "/item_failures"),
		backoff:     streams.Stream("queue/" + cfg.Name + "/throttle_backoff"),
		maxBatch:    max(1, min(cfg.BatchSize, maxPayload/cfg.MessageSize)),
		gatherSince: -1,
	}
	switch {
	case cfg.Provisioned():
		// The minimum pollers are always ready, 10 invokes each.
		q.provisioned = true
		q.start = float64(pollerInvokes * cfg.MinPollers)
		q.lowest, q.cap = q.start, float64(pollerInvokes*cfg.MaxPollers)
		q.rate = provisionedPerMin / float64(sim.Minute)
	default:
		limit, perMin := esmMax, esmRatePerMin
		if cfg.MaxConcurrency > 0 {
			limit = cfg.MaxConcurrency
		}
		if legacy {
			perMin = esmLegacyRate
		}
		q.start, q.cap = float64(min(esmStart, limit)), float64(limit)
		q.lowest = q.start
		if cfg.MaxConcurrency == 0 {
			q.lowest = esmLowTraffic
		}
		q.rate = float64(perMin) / float64(sim.Minute)
	}
	q.allowed = q.start
	q.tokens = q.tokenCap()
	q.Stats.Pollers.Set(0, float64(q.pollers()))
	return q
}

// pollers is the number of event pollers: in standard mode one per batch
// the ESM may process at once ("the number of processes that are reading
// batches"), in provisioned mode one per 10 concurrent invokes (of the
// whole invokes it has scaled to: the ramp is continuous).
func (q *Queue) pollers() int {
	if q.provisioned {
		return (int(q.allowed) + pollerInvokes - 1) / pollerInvokes
	}
	return int(q.allowed)
}

// held is the batches the pollers hold: being invoked or waiting to retry.
func (q *Queue) held() int { return q.busy + q.retrying }

// setAllowed sets the concurrency the ESM has scaled to, and the pollers.
func (q *Queue) setAllowed(now sim.Time, v float64) {
	p := q.pollers()
	q.allowed = v
	if d := q.pollers() - p; d != 0 {
		q.Stats.Pollers.Add(now, float64(d))
	}
}

// tokenCap is one second of the pollers' receive capacity.
func (q *Queue) tokenCap() sim.Time { return sim.Time(q.pollers()) * sim.Second }

// need is the receive capacity the next batch waits for: its cost, or a
// full bucket for a batch that costs more (it then runs the bucket into
// debt, so the rate still holds). 0 in standard mode.
func (q *Queue) need() sim.Time {
	if !q.provisioned {
		return 0
	}
	return min(q.receiveCost(min(q.maxBatch, q.visible())), q.tokenCap())
}

// receiveCost is the receive capacity a batch of n messages takes in
// provisioned mode, in poller-nanoseconds: the larger of its bytes at
// 1 MB/s and its ReceiveMessage calls at 10 per second. The 6 MB payload
// cap keeps n × size × 10⁹ within int64.
func (q *Queue) receiveCost(n int) sim.Time {
	bytes := sim.Time(n) * sim.Time(q.Cfg.MessageSize)
	byBytes := (bytes*sim.Second + pollerBytesPerS - 1) / pollerBytesPerS
	calls := sim.Time((n + messagesPerAPI - 1) / messagesPerAPI)
	return max(byBytes, calls*sim.Second/pollerCallsPerS)
}

// Event kinds of a Queue.
const (
	evReturn int32 = iota // Ref.Index: message
	evScale               // the ESM may add a poller
	evWindow              // the batch window may have closed
	evSample              // end of a time bucket (Ref.Index): sample the oldest message's age
	evRetry               // Ref.Index: a throttled slot's back-off ended
	evIdle                // the queue may have been empty long enough to scale back
	evPoll                // provisioned mode's receive capacity may have refilled
)

// Start schedules the age sampling at the end of each time bucket; the
// queue starts empty.
func (q *Queue) Start(s *sim.Sim) {
	b := q.Stats.w.Buckets
	for i := range b.N() {
		s.Schedule(b.Start(i+1)-1, q, evSample, sim.Ref{Index: int32(i)})
	}
	q.emptySince = s.Now()
	q.scaleBack(s)
}

func (q *Queue) visible() int { return q.freshN + q.returned.Len() }

// Send puts a message on the queue; tag comes back in the Sink's Msg.ID.
// Consecutive messages with equal or successive tags can share a record.
func (q *Queue) Send(s *sim.Sim, tag int32, counted bool) {
	now := s.Now()
	q.advance(now)
	q.push(tag, now, counted)
	q.Stats.Visible.Add(now, 1)
	q.Stats.Depth.Add(now, 1)
	q.Stats.SentSeries.Inc(now)
	if q.Stats.counts(now) {
		q.Stats.Requests += q.payloadChunks(1) // SendMessage
	}
	if counted {
		q.Stats.Sent++
	}
	q.pump(s)
}

// advance brings the ESM's scaling, the receive capacity and the
// empty-receive account to now.
func (q *Queue) advance(now sim.Time) {
	if q.visible() == 0 {
		from, to := max(q.areaAt, q.Stats.w.From), min(now, q.Stats.w.To)
		if to > from {
			q.emptyArea += sim.Time(q.idlePollers()) * (to - from)
		}
	}
	q.areaAt = now
	if q.provisioned {
		// The pollers in force since tokensAt (they change only at events).
		q.tokens = min(q.tokenCap(), q.tokens+sim.Time(q.pollers())*(now-q.tokensAt))
		q.tokensAt = now
	}
	if q.demand {
		q.setAllowed(now, min(q.cap, q.allowed+q.rate*float64(now-q.allowedAt)))
	}
	q.allowedAt = now
}

// idlePollers is the pollers long-polling the empty queue: in standard mode
// those holding no batch; in provisioned mode those with an invoke to spare.
func (q *Queue) idlePollers() int {
	if q.provisioned {
		return max(0, q.pollers()-q.held()/pollerInvokes)
	}
	return max(0, int(q.allowed)-q.held())
}

// EmptyReceives estimates the empty ReceiveMessage calls in the window:
// every idle poller long-polls for 20 s at a time while the queue is empty.
func (q *Queue) EmptyReceives() int64 { return int64(q.emptyArea / emptyPollWait) }

// EPUHours is provisioned mode's billed usage in the window, in Event Poller
// Unit hours: one SQS event poller for an hour is one EPU-hour, billed per
// second (sources.md [lambda-pricing], price item sqs_esm_epu); 0 in
// standard mode. Call it after Stats.Close.
func (q *Queue) EPUHours() float64 {
	if !q.provisioned {
		return 0
	}
	w := q.Stats.w
	return q.Stats.Pollers.Mean() * (w.To - w.From).Seconds() / 3600
}

// pump starts invocations while the ESM has concurrency to spare and
// messages are visible, honouring the batch window and, in provisioned
// mode, the pollers' receive capacity; it scales back when the queue stays
// empty.
func (q *Queue) pump(s *sim.Sim) {
	now := s.Now()
	starved := false // provisioned: messages wait for receive capacity
	for q.held() < int(q.allowed) && q.visible() > 0 {
		if w := q.Cfg.BatchWindow; w > 0 && q.visible() < q.maxBatch {
			if q.gatherSince < 0 {
				q.gatherSince = now
				s.Schedule(now+w, q, evWindow, sim.Ref{})
			}
			if now < q.gatherSince+w {
				break
			}
		}
		if need := q.need(); q.tokens < need {
			p := sim.Time(q.pollers())
			q.pollWake.Set(s, now+(need-q.tokens+p-1)/p, q, evPoll)
			starved = true
			break
		}
		q.gatherSince = -1
		q.dispatch(s)
	}
	if q.visible() == 0 {
		if q.emptySince < 0 {
			q.emptySince = now
		}
		q.scaleBack(s)
	} else {
		q.emptySince = -1
	}
	// More pollers help while every one is busy, or (provisioned) while
	// they cannot receive fast enough.
	q.demand = q.visible() > 0 && (q.held() >= int(q.allowed) || starved) && q.allowed < q.cap
	if q.demand {
		next := math.Floor(q.allowed) + 1
		q.scaleWake.Set(s, now+sim.Time(math.Ceil((next-q.allowed)/q.rate)), q, evScale)
	}
}

// push appends a never-received message to the backlog, in the back run
// when it continues it.
func (q *Queue) push(tag int32, now sim.Time, counted bool) {
	q.freshN++
	if q.fresh.Len() > 0 {
		var tol sim.Time
		if q.fresh.Len() >= sim.CompactAfter {
			tol = (now - q.freshSent()) / sim.AgeResolution
		}
		if q.fresh.Back().join(tag, now, counted, tol) {
			return
		}
	}
	q.fresh.Push(run{first: now, last: now, n: 1, id: tag, counted: counted})
}

// freshSent is the send time of the oldest never-received message (freshN > 0).
func (q *Queue) freshSent() sim.Time {
	r := q.fresh.Front()
	return r.at(r.taken)
}

// take removes the visible message sent first and returns its record.
func (q *Queue) take(now sim.Time) int32 {
	if q.returned.Len() > 0 && (q.freshN == 0 || q.msgs[*q.returned.Front()].sent < q.freshSent()) {
		id := q.returned.Pop()
		if q.retMin.Len() > 0 && *q.retMin.Front() == id {
			q.retMin.Pop()
		}
		q.Stats.Visible.Add(now, -1)
		return id
	}
	q.Stats.Visible.Add(now, -1)
	r := q.fresh.Front()
	id := slab.Alloc(&q.msgs, &q.freeMsgs)
	q.msgs[id] = message{req: r.id + int32(r.step)*r.taken, counted: r.counted, sent: r.at(r.taken)}
	q.freshN--
	if r.taken++; r.taken == r.n {
		q.fresh.Pop()
	}
	return id
}

func (q *Queue) expired(m *message, now sim.Time) bool { return now-m.sent >= q.Cfg.RetentionPeriod }

// dispatch receives a batch and invokes the function with it.
func (q *Queue) dispatch(s *sim.Sim) {
	now := s.Now()
	si := slab.Alloc(&q.slots, &q.freeSlots)
	sl := &q.slots[si]
	sl.msgs, sl.recvAt = sl.msgs[:0], now
	for len(sl.msgs) < q.maxBatch && q.visible() > 0 {
		id := q.take(now)
		m := &q.msgs[id]
		q.Stats.age(now, now-m.sent)
		if q.expired(m, now) {
			q.failed(s, id, false)
			continue
		}
		m.receives++
		if m.counted {
			q.Stats.Receives++
		}
		sl.msgs = append(sl.msgs, id)
	}
	n := len(sl.msgs)
	if n == 0 {
		q.freeSlots = append(q.freeSlots, si)
		return
	}
	q.Stats.InFlight.Add(now, float64(n))
	if q.Stats.counts(now) {
		q.Stats.Requests += int64((n+messagesPerAPI-1)/messagesPerAPI) * q.payloadChunks(min(n, messagesPerAPI))
		q.Stats.Batches++
		q.Stats.BatchMessages += int64(n)
	}
	if q.provisioned {
		q.tokens -= q.receiveCost(n)
	}
	sl.attempts = 0
	q.invoke(s, si)
}

// invoke invokes the function with slot si's batch. On a throttle the
// poller keeps the batch, invisible, and retries it after a back-off, and
// the ESM backs off to the concurrency the function accepts (not below its
// lowest level): "Lambda gradually backs off retries by reducing the amount
// of concurrency allocated to your Amazon SQS event source mapping. Lambda
// continues to retry the message until the message's timestamp exceeds your
// queue's visibility timeout" (sources.md [sqs-esm-errors]). A retry is not
// a receive: the receive count does not change.
func (q *Queue) invoke(s *sim.Sim, si int32) {
	now := s.Now()
	sl := &q.slots[si]
	b := lambda.Batch{Messages: len(sl.msgs), ItemFailures: q.Cfg.ReportBatchItemFailures}
	if q.fn.InvokeBatch(s, si, q, sim.Forever, b) == lambda.NotThrottled {
		q.busy++
		q.Stats.ESM.Add(now, 1)
		return
	}
	if q.Stats.counts(now) {
		q.Stats.Throttled++
	}
	q.setAllowed(now, math.Min(q.allowed, math.Max(q.lowest, float64(q.busy))))
	sl.attempts++
	q.retrying++
	// The visibility timeout is at least the function's timeout, so it has
	// not run out at the receive; a retry that would come after it gives up
	// then.
	at := min(now+q.retryDelay(sl.attempts), sl.recvAt+q.Cfg.VisibilityTimeout)
	s.Schedule(max(at, now), q, evRetry, sim.Ref{Index: si})
}

// retryDelay is the back-off before the retry after throttled attempt k
// (1, 2, …): uniform in [d/2, d], d = min(retryBase·2^(k−1), retryCap).
func (q *Queue) retryDelay(k int32) sim.Time {
	d := sim.Backoff(retryBase, retryCap, k-1)
	return d/2 + sim.Time(q.backoff.Int64N(int64(d-d/2)+1))
}

// retry ends slot si's back-off: it invokes again, or, past the visibility
// timeout, drops the batch, whose messages are then visible again.
func (q *Queue) retry(s *sim.Sim, si int32) {
	q.retrying--
	if s.Now() >= q.slots[si].recvAt+q.Cfg.VisibilityTimeout {
		q.returnLater(s, si)
		return
	}
	q.invoke(s, si)
}

// scaleBack scales the ESM back while the queue stays empty. AWS says when
// traffic is low, not how soon; we take a long poll (20 s) that finds the
// queue empty as the sign: after one the ESM goes back to its start (5, or
// provisioned mode's minimum pollers), after a second to its lowest level
// (2 without max_concurrency), never below the batches its pollers hold.
func (q *Queue) scaleBack(s *sim.Sim) {
	now := s.Now()
	quiet := now - q.emptySince
	level, next := math.Inf(1), q.emptySince+emptyPollWait
	switch {
	case quiet >= 2*emptyPollWait || (quiet >= emptyPollWait && q.lowest == q.start):
		level, next = q.lowest, sim.Forever
	case quiet >= emptyPollWait:
		level, next = q.start, q.emptySince+2*emptyPollWait
	}
	if target := math.Max(level, float64(q.held())); target < q.allowed {
		q.setAllowed(now, target)
	}
	q.idleWake.Set(s, next, q, evIdle)
}

// payloadChunks is the billed requests of one call carrying k messages.
func (q *Queue) payloadChunks(k int) int64 {
	return max(1, (int64(k)*int64(q.Cfg.MessageSize)+requestChunk-1)/requestChunk)
}

// returnLater makes slot si's remaining messages visible again at the end
// of their visibility timeout, or now if the invocation outlasted it, and
// frees the slot.
func (q *Queue) returnLater(s *sim.Sim, si int32) {
	sl := &q.slots[si]
	at := sl.recvAt + q.Cfg.VisibilityTimeout
	// The timeout may already have passed: it is at least the function's
	// timeout, but a cold start's init comes on top of that. The messages
	// then return now (the engine rejects times in the past).
	at = max(at, s.Now())
	for _, id := range sl.msgs {
		s.Schedule(at, q, evReturn, sim.Ref{Index: id})
	}
	sl.msgs = sl.msgs[:0]
	q.freeSlots = append(q.freeSlots, si)
}

// release ends slot si's invocation.
func (q *Queue) release(s *sim.Sim, si int32) {
	q.returnLater(s, si)
	q.busy--
	q.Stats.ESM.Add(s.Now(), -1)
}

// Complete implements lambda.Caller: a batch's invocation ended.
func (q *Queue) Complete(s *sim.Sim, si int32, o lambda.Outcome) {
	now := s.Now()
	q.advance(now)
	sl := &q.slots[si]
	if o.Status == lambda.OK {
		kept := sl.msgs[:0]
		deleted := 0
		for _, id := range sl.msgs {
			if q.Cfg.ReportBatchItemFailures && q.errRate > 0 && q.rng.Float64() < q.errRate {
				kept = append(kept, id) // reported as a batch item failure
				continue
			}
			m := q.msgs[id]
			if m.counted {
				q.Stats.Processed++
				q.Stats.Wait.Record(o.Start - m.sent)
				q.Stats.Latency.Record(now - m.sent)
			}
			q.Stats.ProcessedSeries.Inc(now)
			deleted++
			q.Stats.InFlight.Add(now, -1)
			q.processed(s, id, o.Start, o.Cold)
		}
		sl.msgs = kept
		if q.Stats.counts(now) {
			q.Stats.Requests += int64((deleted + messagesPerAPI - 1) / messagesPerAPI) // DeleteMessageBatch
		}
	}
	q.release(s, si)
	q.pump(s)
}

// processed finishes message id successfully.
func (q *Queue) processed(s *sim.Sim, id int32, start sim.Time, cold bool) {
	m := q.msgs[id]
	q.Stats.Depth.Add(s.Now(), -1)
	q.freeMsgs = append(q.freeMsgs, id)
	q.sink.Processed(s, Msg{ID: m.req, Receives: int(m.receives), Counted: m.counted, Sent: m.sent}, start, cold)
}

// failed finishes message id: moved to the dead-letter queue, or expired.
func (q *Queue) failed(s *sim.Sim, id int32, dead bool) {
	now := s.Now()
	m := q.msgs[id]
	q.freeMsgs = append(q.freeMsgs, id)
	q.Stats.Depth.Add(now, -1)
	q.Stats.age(now, now-m.sent)
	if m.counted {
		if dead {
			q.Stats.DeadLettered++
		} else {
			q.Stats.Expired++
		}
	}
	q.sink.Failed(s, Msg{ID: m.req, Receives: int(m.receives), Counted: m.counted, Sent: m.sent}, dead)
}

// returnMessage makes message id visible again at the end of its visibility
// timeout, or moves it to the dead-letter queue after max_receive_count
// receives, or expires it past the retention period.
func (q *Queue) returnMessage(s *sim.Sim, id int32) {
	now := s.Now()
	q.Stats.InFlight.Add(now, -1)
	m := &q.msgs[id]
	switch {
	case int(m.receives) >= q.Cfg.MaxReceiveCount:
		q.failed(s, id, true)
	case q.expired(m, now):
		q.failed(s, id, false)
	default:
		q.returned.Push(id)
		for q.retMin.Len() > 0 && q.msgs[*q.retMin.Back()].sent >= m.sent {
			q.retMin.PopBack()
		}
		q.retMin.Push(id)
		q.Stats.Visible.Add(now, 1)
	}
}

// sampleAge records the age of the oldest visible message.
func (q *Queue) sampleAge(now sim.Time) {
	oldest := sim.Forever
	if q.freshN > 0 {
		oldest = q.freshSent()
	}
	if q.retMin.Len() > 0 {
		oldest = min(oldest, q.msgs[*q.retMin.Front()].sent)
	}
	if oldest != sim.Forever {
		q.Stats.age(now, now-oldest)
	}
}

// Handle implements sim.Handler.
func (q *Queue) Handle(s *sim.Sim, ev sim.Event) {
	now := s.Now()
	q.advance(now)
	switch ev.Kind {
	case evReturn:
		q.returnMessage(s, ev.Ref.Index)
	case evScale:
		q.scaleWake.Ring(now)
	case evRetry:
		q.retry(s, ev.Ref.Index)
	case evIdle:
		q.idleWake.Ring(now)
	case evPoll:
		q.pollWake.Ring(now)
	case evSample:
		q.sampleAge(now)
		return
	}
	q.pump(s)
}

// Check verifies the bookkeeping: gauges agree with the queues and slots.
// Tests call it after runs.
func (q *Queue) Check() error {
	inSlots := 0
	for _, sl := range q.slots {
		inSlots += len(sl.msgs)
	}
	st := q.Stats
	switch {
	case float64(q.visible()) != st.Visible.Value():
		return fmt.Errorf("queue %s: %d visible, gauge %v", q.Name, q.visible(), st.Visible.Value())
	case float64(q.busy) != st.ESM.Value():
		return fmt.Errorf("queue %s: %d busy, gauge %v", q.Name, q.busy, st.ESM.Value())
	case st.Depth.Value() != st.Visible.Value()+st.InFlight.Value():
		return fmt.Errorf("queue %s: depth %v ≠ visible %v + in flight %v", q.Name, st.Depth.Value(), st.Visible.Value(), st.InFlight.Value())
	case float64(inSlots) > st.InFlight.Value():
		return fmt.Errorf("queue %s: %d messages in invocations, in-flight gauge %v", q.Name, inSlots, st.InFlight.Value())
	case q.allowed > q.cap || q.allowed < q.lowest:
		return fmt.Errorf("queue %s: concurrency %v outside [%v, %v]", q.Name, q.allowed, q.lowest, q.cap)
	case float64(q.pollers()) != st.Pollers.Value():
		return fmt.Errorf("queue %s: %d pollers, gauge %v", q.Name, q.pollers(), st.Pollers.Value())
	}
	return nil
}
