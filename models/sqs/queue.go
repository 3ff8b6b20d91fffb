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
// newer pages say 1,250: sources.md [sqs-esm], Disagreements 2).
const (
	esmStart       = 5
	esmMax         = 1000
	esmRatePerMin  = 300
	esmLegacyRate  = 60
	maxPayload     = 6 << 20 // the 6 MB synchronous invocation payload caps a batch
	requestChunk   = 64 << 10
	messagesPerAPI = 10 // ReceiveMessage and DeleteMessageBatch handle up to 10 messages
	emptyPollWait  = 20 * sim.Second
)

// Sink is told how each message ended.
type Sink interface {
	Processed(s *sim.Sim, req int32, receives int, start sim.Time, cold bool)
	Failed(s *sim.Sim, req int32, receives int, deadLettered bool) // deadLettered false: expired
}

type message struct {
	req      int32
	receives int32
	counted  bool
	sent     sim.Time
}

type slot struct {
	msgs   []int32
	recvAt sim.Time
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

	msgs      []message
	freeMsgs  []int32
	fresh     ring.Ring[int32] // visible, never received, in send order
	returned  ring.Ring[int32] // visible again after a failed receive, in return order
	retMin    ring.Ring[int32] // monotone minimum of returned's send times (oldest age)
	slots     []slot
	freeSlots []int32
	busy      int
	maxBatch  int

	allowed           float64 // concurrency the ESM has scaled to
	allowedAt         sim.Time
	floor, cap        float64
	rate              float64 // per ns
	demand            bool
	scaleWake         sim.Alarm
	gatherSince       sim.Time // the batch window started; -1: not gathering
	emptyArea, areaAt sim.Time // idle pollers × time, for empty receives
}

// New builds queue cfg feeding fn; legacy selects the old scaling rate.
func New(cfg *Config, fn *lambda.Function, errRate float64, legacy bool, sink Sink, streams sim.Streams, w stats.Window) *Queue {
	limit := esmMax
	if cfg.MaxConcurrency > 0 {
		limit = cfg.MaxConcurrency
	}
	perMin := esmRatePerMin
	if legacy {
		perMin = esmLegacyRate
	}
	q := &Queue{
		Name: cfg.Name, Cfg: cfg, Stats: newStats(w),
		fn: fn, sink: sink, errRate: errRate,
		rng:         streams.Stream("queue/" + cfg.Name + "/item_failures"),
		maxBatch:    max(1, min(cfg.BatchSize, maxPayload/cfg.MessageSize)),
		floor:       float64(min(esmStart, limit)),
		cap:         float64(limit),
		rate:        float64(perMin) / float64(sim.Minute),
		gatherSince: -1,
	}
	q.allowed = q.floor
	return q
}

// Event kinds of a Queue.
const (
	evReturn int32 = iota // Ref.Index: message
	evScale               // the ESM may add a poller
	evWindow              // the batch window may have closed
	evSample              // end of a time bucket (Ref.Index): sample the oldest message's age
)

// Start schedules the age sampling at the end of each time bucket.
func (q *Queue) Start(s *sim.Sim) {
	b := q.Stats.w.Buckets
	for i := range b.N() {
		s.Schedule(b.Start(i+1)-1, q, evSample, sim.Ref{Index: int32(i)})
	}
}

func (q *Queue) visible() int { return q.fresh.Len() + q.returned.Len() }

// Send puts a message for request req on the queue.
func (q *Queue) Send(s *sim.Sim, req int32, counted bool) {
	now := s.Now()
	q.advance(now)
	id := slab.Alloc(&q.msgs, &q.freeMsgs)
	q.msgs[id] = message{req: req, counted: counted, sent: now}
	q.fresh.Push(id)
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

// advance brings the ESM's scaling and the empty-receive account to now.
func (q *Queue) advance(now sim.Time) {
	if q.visible() == 0 {
		from, to := max(q.areaAt, q.Stats.w.From), min(now, q.Stats.w.To)
		if to > from {
			q.emptyArea += sim.Time(max(0, int(q.allowed)-q.busy)) * (to - from)
		}
	}
	q.areaAt = now
	if q.demand {
		q.allowed = math.Min(q.cap, q.allowed+q.rate*float64(now-q.allowedAt))
	}
	q.allowedAt = now
}

// EmptyReceives estimates the empty ReceiveMessage calls in the window:
// every idle poller long-polls for 20 s at a time while the queue is empty.
func (q *Queue) EmptyReceives() int64 { return int64(q.emptyArea / emptyPollWait) }

// pump starts invocations while the ESM has concurrency to spare and
// messages are visible, honouring the batch window.
func (q *Queue) pump(s *sim.Sim) {
	now := s.Now()
	for q.busy < int(q.allowed) && q.visible() > 0 {
		if w := q.Cfg.BatchWindow; w > 0 && q.visible() < q.maxBatch {
			if q.gatherSince < 0 {
				q.gatherSince = now
				s.Schedule(now+w, q, evWindow, sim.Ref{})
			}
			if now < q.gatherSince+w {
				break
			}
		}
		q.gatherSince = -1
		q.dispatch(s)
	}
	if q.visible() == 0 && q.Cfg.MaxConcurrency == 0 {
		// Nothing left: scale back. With max_concurrency set the ESM keeps
		// its pollers (sources.md [sqs-esm]: "scales back to 5 … except when max
		// concurrency is set").
		q.allowed = math.Max(q.floor, float64(q.busy))
	}
	q.demand = q.visible() > 0 && q.busy >= int(q.allowed) && q.allowed < q.cap
	if q.demand {
		next := math.Floor(q.allowed) + 1
		q.scaleWake.Set(s, now+sim.Time(math.Ceil((next-q.allowed)/q.rate)), q, evScale)
	}
}

// take removes the visible message sent first.
func (q *Queue) take(now sim.Time) int32 {
	if q.returned.Len() > 0 && (q.fresh.Len() == 0 || q.msgs[*q.returned.Front()].sent < q.msgs[*q.fresh.Front()].sent) {
		id := q.returned.Pop()
		if q.retMin.Len() > 0 && *q.retMin.Front() == id {
			q.retMin.Pop()
		}
		q.Stats.Visible.Add(now, -1)
		return id
	}
	q.Stats.Visible.Add(now, -1)
	return q.fresh.Pop()
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
	b := lambda.Batch{Messages: n, ItemFailures: q.Cfg.ReportBatchItemFailures}
	if q.fn.InvokeBatch(s, si, q, sim.Forever, b) != lambda.NotThrottled {
		// The ESM backs off to the concurrency it has in use; the messages
		// stay invisible until their visibility timeout.
		if q.Stats.counts(now) {
			q.Stats.Throttled++
		}
		q.returnLater(s, si)
		q.allowed = math.Max(q.floor, float64(q.busy))
		return
	}
	q.busy++
	q.Stats.ESM.Add(now, 1)
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
	q.sink.Processed(s, m.req, int(m.receives), start, cold)
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
	q.sink.Failed(s, m.req, int(m.receives), dead)
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
	if q.fresh.Len() > 0 {
		oldest = q.msgs[*q.fresh.Front()].sent
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
	case q.allowed > q.cap || q.allowed < q.floor:
		return fmt.Errorf("queue %s: concurrency %v outside [%v, %v]", q.Name, q.allowed, q.floor, q.cap)
	}
	return nil
}
