package models

import (
	"fmt"
	"math"
	"time"

	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/sim"
)

// Work is what a run will cost before it starts, from the scenario alone
// (issue 11): the requests its workloads are expected to send over the
// duration (each arrival process's expected count, client retries not
// counted) and the engine events they are expected to take, over every
// replication. Sums of Works (sweeps, comparisons) add up.
type Work struct {
	Requests float64 // expected requests, all runs together
	Events   float64 // expected engine events, all runs together
	Runs     int     // simulations: replications (× points, × scenarios)
}

// Measured speeds of the engine (bench/README.md): 3.4–5.6 M events/s and
// 2.3–2.6 M requests/s on the reference machine, one run per core.
const (
	// EventsPerSecond is the engine's speed that Work.Time assumes.
	EventsPerSecond = 4e6
	// LargeRequests and LargeTime are the sizes past which a run is large:
	// the command line then says so before it starts and shows its progress.
	LargeRequests = 50e6
	LargeTime     = 30 * time.Second
)

// Events per request, measured on the built-ins at low and high load
// (docs/model.md): an arrival and a completion; a query 1.6 more (its turn
// on the database's CPU, its end, and under contention a wait); a connection
// opened and closed by every invocation two more; RDS Proxy one more per
// query (the borrow). A message through SQS costs one more per query of
// its own (queries_per_message) and a share of its batch's work, which is
// larger when batches are small.
const (
	eventsBase         = 2
	eventsQuery        = 1.6
	eventsConnect      = 2
	eventsProxyHop     = 1
	eventsBatchedQuery = 1
	eventsMessage      = 0.5
)

// EstimateWork is the expected work of running sc, a resolved scenario.
func EstimateWork(sc *Scenario) Work {
	reps := max(sc.Replications, 1)
	var w Work
	ix := newNameIndex(sc)
	for i := range sc.Workloads {
		wl := &sc.Workloads[i]
		n := wl.Arrivals.ExpectedCount(0, sc.Duration)
		if math.IsNaN(n) || n < 0 {
			n = 0
		}
		w.Requests += n
		w.Events += n * (ix.eventsPerRequest(wl) + ix.coldEvents(wl, n, sc.Duration))
	}
	w.Requests *= float64(reps)
	w.Events *= float64(reps)
	w.Runs = reps
	return w
}

// nameIndex finds a scenario's functions, queues and databases by name,
// so that estimating thousands of workloads stays linear (issue 12).
type nameIndex struct {
	fn      map[string]*Function
	queueFn map[string]string
	proxied map[string]bool
}

func newNameIndex(sc *Scenario) nameIndex {
	ix := nameIndex{fn: map[string]*Function{}, queueFn: map[string]string{}, proxied: map[string]bool{}}
	for i := range sc.Functions {
		ix.fn[sc.Functions[i].Name] = &sc.Functions[i]
	}
	for _, q := range sc.Queues {
		ix.queueFn[q.Name] = q.Function
	}
	for _, d := range sc.Databases {
		ix.proxied[d.Name] = ix.proxied[d.Name] || d.Proxy.Enabled
	}
	return ix
}

// eventsCold are a cold start's own events: its init's end and, later,
// its environment's reclaim.
const eventsCold = 2

// coldEvents is the expected cold-start events per request of wl's n
// requests over duration: the first request is cold, and each later one
// with probability e^(−λT), λ its workload's mean rate and T its
// function's mean keep-alive (Poisson arrivals at one environment): the
// whole story for sparse functions (a replayed trace's most), nothing for
// busy ones.
func (ix nameIndex) coldEvents(wl *Workload, n float64, duration sim.Time) float64 {
	f := ix.fn[wl.Function]
	if f == nil || n <= 0 || duration <= 0 {
		return 0
	}
	lambda := n / duration.Seconds()
	cold := min(n, 1+(n-1)*math.Exp(-lambda*f.KeepAlive.MeanSeconds()))
	return eventsCold * cold / n
}

// eventsPerRequest is the expected events of one of wl's requests.
func (ix nameIndex) eventsPerRequest(wl *Workload) float64 {
	fn, batched := wl.Function, wl.Queue != ""
	e := float64(eventsBase)
	if batched {
		e += eventsMessage
		if f, ok := ix.queueFn[wl.Queue]; ok {
			fn = f
		}
	}
	f := ix.fn[fn]
	if f == nil {
		return e
	}
	for _, c := range f.Calls {
		if batched {
			e += float64(c.QueriesPerMessage * eventsBatchedQuery)
			continue
		}
		q, per := 1, float64(eventsQuery)
		if c.Queries != nil {
			q = *c.Queries
		}
		if ix.proxied[c.Database] {
			per += eventsProxyHop
		}
		e += float64(q) * per
		if c.Connection == rds.PerInvocation {
			e += eventsConnect
		}
	}
	return e
}

// Add is the work of both runs.
func (w Work) Add(o Work) Work {
	return Work{Requests: w.Requests + o.Requests, Events: w.Events + o.Events, Runs: w.Runs + o.Runs}
}

// Time is how long the work takes on one core at EventsPerSecond.
// Replications and sweep points run in parallel, so the wall time is up to
// a core count shorter.
func (w Work) Time() time.Duration {
	s := w.Events / EventsPerSecond
	if s >= math.MaxInt64/float64(time.Second) {
		return math.MaxInt64
	}
	return time.Duration(s * float64(time.Second))
}

// Large reports whether the work passes LargeRequests or LargeTime.
func (w Work) Large() bool {
	return w.Requests >= LargeRequests || w.Time() >= LargeTime
}

// String is the estimate as the command line prints it: "about 10 billion
// requests, 20 billion events; roughly 1h23m of CPU at 4M events/s".
func (w Work) String() string {
	return fmt.Sprintf("about %s requests, %s events; roughly %s of CPU at %s events/s",
		count(w.Requests), count(w.Events), roughly(w.Time()), count(EventsPerSecond))
}

// count writes n with two significant figures and a word for its size.
func count(n float64) string {
	if n >= 1e15 {
		return fmt.Sprintf("%.1e", n)
	}
	for _, u := range []struct {
		v    float64
		name string
	}{{1e12, " trillion"}, {1e9, " billion"}, {1e6, " million"}, {1e3, " thousand"}} {
		if x := n / u.v; x >= 100 {
			return fmt.Sprintf("%.0f%s", x, u.name)
		} else if x >= 1 {
			return fmt.Sprintf("%.2g%s", x, u.name)
		}
	}
	return fmt.Sprintf("%.0f", n)
}

// roughly rounds d to two significant units.
func roughly(d time.Duration) string {
	switch {
	case d == math.MaxInt64:
		return "centuries"
	case d >= 24*time.Hour:
		return fmt.Sprintf("%.1f days", d.Hours()/24)
	case d >= time.Hour:
		m := int(d.Round(time.Minute).Minutes())
		return fmt.Sprintf("%dh%02dm", m/60, m%60)
	case d >= 10*time.Minute:
		return fmt.Sprintf("%dm", int(d.Round(time.Minute).Minutes()))
	case d >= time.Minute:
		sec := int(d.Round(time.Second).Seconds())
		return fmt.Sprintf("%dm%02ds", sec/60, sec%60)
	case d >= time.Second:
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Millisecond).String()
}
