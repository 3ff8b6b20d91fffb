// Package sim is stampede's discrete-event engine. It owns simulated time, the
// event calendar and the per-component random streams, and knows nothing about
// AWS: models build on it.
//
// Time is an integer count of nanoseconds (Time). Events are plain values on a
// typed binary heap ordered by (time, sequence), so simultaneous events run in
// the order they were scheduled. An event names a Handler and carries two
// small integers; handlers are long-lived model objects, so scheduling an
// event allocates nothing once the heap has grown to its working size.
package sim
