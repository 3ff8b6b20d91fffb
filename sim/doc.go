// Package sim is stampede's discrete-event engine. It owns simulated time, the
// event calendar and the per-component random streams, and knows nothing about
// AWS: models build on it.
//
// Time is an integer count of nanoseconds (Time). Events are plain values on a
// typed binary heap ordered by (time, sequence), so simultaneous events run in
// the order they were scheduled; past 4,096 pending events the heap becomes a
// calendar queue (Brown 1988: buckets of time, a small heap for the current
// one), whose cost does not grow with the count, delivering in exactly the
// same order. An event names a Handler and carries a kind
// and a Ref; handlers are long-lived model objects, so scheduling an event
// allocates nothing once the heap has grown to its working size. A source
// that always has exactly one event pending, rescheduled as it fires (an
// arrival process), schedules it with ScheduleSource: such events wait in a
// second heap, ordered with the first as one, so that the next arrival, nearly
// always the next event, does not sift through every pending completion.
//
// # Writing a model
//
// A model is one or a few long-lived objects that implement Handler: a
// function's environments, a database, a queue, the workloads. Handle
// receives every event the object scheduled for itself and switches on its
// kind. The model keeps its entities (environments, connections, messages)
// in tables of its own, indexed by int32, and reaches the engine only
// through the *Sim passed to it. A handler whose events read records that
// are out of cache when thousands are pending may implement Prefetcher: a
// calendar queue tells it of each bucket of events before delivering them,
// so that their records are read in loops whose misses overlap.
//
// An event is (time, kind, ref): Schedule(at, h, kind, ref) or After(d, h,
// kind, ref). Kind is one of the handler's own constants, saying what to do;
// Ref says to which entity: its Index in the handler's table, and a Gen.
// Events about no entity carry the zero Ref. Simultaneous events are
// delivered in scheduling order, so a run is a deterministic function of
// its seed.
//
// The engine cannot cancel an event. A model whose entities are recycled,
// or whose pending events may be overtaken (a timeout racing a completion),
// keeps a Gen per entity, schedules with gen.Ref(index), and calls
// gen.Next() whenever the entity changes life; an event whose ev.Ref.Live(gen)
// is false is stale and is dropped. The same Refs serve for callbacks between
// models (a database telling a client a query finished). A model that tracks
// many deadlines but needs waking only at the earliest uses an Alarm.
//
// Never schedule in the past: Schedule panics when at < Now, for that is a
// bug in the model (a deadline computed from a stale start). When a model
// means "at t, or now if t has passed", it says so: Schedule(max(t, s.Now()), …).
// After saturates a delay that would overflow the clock at Forever.
//
// Every random draw comes from the model's own streams, asked of Streams by
// a stable name that says whose and what ("function/api/duration"): a
// component then draws the same numbers whatever else the scenario holds,
// and two scenarios sharing component names share random numbers. Never use
// a global generator, and never let the order of draws depend on map
// iteration.
//
// A model accumulates while the run goes (counts, sums, histograms, time
// series, gauges) and finalizes after it, into plain values; the engine and
// the models never format: rendering text, JSON or plots belongs to the
// caller. See Example: an M/M/c queue as a model, checked against Erlang C.
package sim
