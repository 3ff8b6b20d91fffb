package models

import (
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim/stats"
)

// Series is the run's time series: one value per fixed-width time bucket in
// each column. Counts are per bucket; levels are time averages over the
// bucket. Columns are fields, so a misspelt column does not compile; Columns
// lists them under their timeseries.csv names. Definitions are in
// docs/metrics.md.
type Series struct {
	WidthS float64 // bucket width in seconds

	TS          []float64            // t_s: bucket start, seconds
	Arrivals    []float64            // requests generated
	Completions []float64            // requests that succeeded
	Errors      []float64            // requests that failed, any cause
	Failed      [NumCauses][]float64 // failed.CAUSE: the same by cause
	Throttles   []float64            // throttled invocation attempts
	ColdStarts  []float64            // invocations that started a new environment

	// Environments, summed over functions (bucket means).
	Concurrency, Busy, Idle, Initializing, Provisioned, Instances []float64
	// ProvisionedUtilization: provisioned environments serving ÷ allocated
	// (ratio of the bucket means over all functions, at most 1; 0 with none
	// allocated).
	ProvisionedUtilization []float64

	P50MS, P99MS []float64 // latency of the requests that succeeded in the bucket

	Functions []FunctionSeries // per function; only with more than one function
	Async     []AsyncSeries    // per function with async workloads
	Databases []DatabaseSeries
	Queues    []QueueSeries
}

// FunctionSeries is one function's columns (concurrency.F).
type FunctionSeries struct {
	Name        string
	Concurrency []float64
}

// AsyncSeries is one function's async-queue columns (async.F.*): events
// waiting in Lambda's internal queue for a retry.
type AsyncSeries struct {
	Name       string
	PeakDepth  []float64 // most events waiting at once in the bucket
	OldestAgeS []float64 // the oldest waiting event's age in the bucket
	Reads      []float64 // events Lambda read from the queue (re-deliveries)
	ReadCap    []float64 // the reader's cap at the bucket's end, deliveries/s; 0: uncapped
}

// DatabaseSeries is one database's columns (db.D.*).
type DatabaseSeries struct {
	Name            string
	Connections     []float64 // open connections, bucket mean
	PeakConnections []float64
	InUse           []float64
	HeldIdle        []float64
	PoolIdle        []float64
	MaxConnections  []float64
	Refused         []float64 // connects refused in the bucket
	CPU             []float64 // utilization, 0..1 (Aurora Serverless v2: of the CPU at max_acu, as AWS's CPUUtilization)
	ACU             []float64 // Aurora Serverless v2: capacity allocated, bucket mean; nil for an instance class
}

// QueueSeries is one queue's columns (queue.Q.*).
type QueueSeries struct {
	Name           string
	Sent           []float64
	Processed      []float64
	Visible        []float64
	InFlight       []float64
	PeakDepth      []float64
	OldestAgeS     []float64
	ESMConcurrency []float64
}

// Column is one column of timeseries.csv: its name and its values (the
// Series' own slice, not a copy).
type Column struct {
	Name   string
	Values []float64
}

// Columns lists every column in timeseries.csv order under its CSV name.
func (s *Series) Columns() []Column {
	cols := []Column{
		{"t_s", s.TS}, {"arrivals", s.Arrivals}, {"completions", s.Completions}, {"errors", s.Errors},
	}
	for c, v := range s.Failed {
		cols = append(cols, Column{"failed." + Cause(c).String(), v})
	}
	cols = append(cols,
		Column{"throttles", s.Throttles}, Column{"cold_starts", s.ColdStarts},
		Column{"concurrency", s.Concurrency}, Column{"busy", s.Busy}, Column{"idle", s.Idle},
		Column{"initializing", s.Initializing}, Column{"provisioned", s.Provisioned},
		Column{"instances", s.Instances}, Column{"provisioned_utilization", s.ProvisionedUtilization},
		Column{"p50_ms", s.P50MS}, Column{"p99_ms", s.P99MS})
	for _, f := range s.Functions {
		cols = append(cols, Column{"concurrency." + f.Name, f.Concurrency})
	}
	for _, a := range s.Async {
		p := "async." + a.Name + "."
		cols = append(cols, Column{p + "peak_depth", a.PeakDepth}, Column{p + "oldest_age_s", a.OldestAgeS},
			Column{p + "reads", a.Reads}, Column{p + "read_cap", a.ReadCap})
	}
	for _, d := range s.Databases {
		p := "db." + d.Name + "."
		cols = append(cols,
			Column{p + "connections", d.Connections}, Column{p + "peak_connections", d.PeakConnections},
			Column{p + "in_use", d.InUse}, Column{p + "held_idle", d.HeldIdle}, Column{p + "pool_idle", d.PoolIdle},
			Column{p + "max_connections", d.MaxConnections}, Column{p + "refused", d.Refused}, Column{p + "cpu", d.CPU})
		if d.ACU != nil {
			cols = append(cols, Column{p + "acu", d.ACU})
		}
	}
	for _, q := range s.Queues {
		p := "queue." + q.Name + "."
		cols = append(cols,
			Column{p + "sent", q.Sent}, Column{p + "processed", q.Processed}, Column{p + "visible", q.Visible},
			Column{p + "in_flight", q.InFlight}, Column{p + "peak_depth", q.PeakDepth},
			Column{p + "oldest_age_s", q.OldestAgeS}, Column{p + "esm_concurrency", q.ESMConcurrency})
	}
	return cols
}

// Database returns database name's columns, or nil when the run has no
// such database.
func (s *Series) Database(name string) *DatabaseSeries {
	for i := range s.Databases {
		if s.Databases[i].Name == name {
			return &s.Databases[i]
		}
	}
	return nil
}

// Queue returns queue name's columns, or nil when the run has no such queue.
func (s *Series) Queue(name string) *QueueSeries {
	for i := range s.Queues {
		if s.Queues[i].Name == name {
			return &s.Queues[i]
		}
	}
	return nil
}

// clone returns a deep copy of s.
func (s *Series) clone() *Series {
	c := *s
	c.Functions = append([]FunctionSeries(nil), s.Functions...)
	c.Async = append([]AsyncSeries(nil), s.Async...)
	c.Databases = append([]DatabaseSeries(nil), s.Databases...)
	c.Queues = append([]QueueSeries(nil), s.Queues...)
	for _, p := range c.slices() {
		*p = append([]float64(nil), *p...)
	}
	return &c
}

// slices points at every column of s, in Columns order.
func (s *Series) slices() []*[]float64 {
	ps := []*[]float64{&s.TS, &s.Arrivals, &s.Completions, &s.Errors}
	for c := range s.Failed {
		ps = append(ps, &s.Failed[c])
	}
	ps = append(ps, &s.Throttles, &s.ColdStarts, &s.Concurrency, &s.Busy, &s.Idle, &s.Initializing,
		&s.Provisioned, &s.Instances, &s.ProvisionedUtilization, &s.P50MS, &s.P99MS)
	for i := range s.Functions {
		ps = append(ps, &s.Functions[i].Concurrency)
	}
	for i := range s.Async {
		ps = append(ps, &s.Async[i].PeakDepth, &s.Async[i].OldestAgeS, &s.Async[i].Reads, &s.Async[i].ReadCap)
	}
	for i := range s.Databases {
		d := &s.Databases[i]
		ps = append(ps, &d.Connections, &d.PeakConnections, &d.InUse, &d.HeldIdle, &d.PoolIdle,
			&d.MaxConnections, &d.Refused, &d.CPU)
		if d.ACU != nil {
			ps = append(ps, &d.ACU)
		}
	}
	for i := range s.Queues {
		q := &s.Queues[i]
		ps = append(ps, &q.Sent, &q.Processed, &q.Visible, &q.InFlight, &q.PeakDepth, &q.OldestAgeS, &q.ESMConcurrency)
	}
	return ps
}

func (sys *System) series() *Series {
	b := sys.window.Buckets
	n := b.N()
	s := &Series{WidthS: b.Width().Seconds()}
	s.TS = make([]float64, n)
	for i := range s.TS {
		s.TS[i] = b.Start(i).Seconds()
	}
	m := sys.m
	s.Arrivals = counts(m.arrivals)
	s.Completions = counts(m.completions)
	s.Errors = counts(m.failures)
	for c := range s.Failed {
		s.Failed[c] = counts(m.failedBy[c])
	}
	t := sys.totals
	s.Throttles, s.ColdStarts = counts(t.Throttles), counts(t.ColdStarts)
	lv := t.Levels
	s.Concurrency, s.Busy, s.Idle = lv.BucketMeans(lambda.LevelConcurrency), lv.BucketMeans(lambda.LevelBusy), lv.BucketMeans(lambda.LevelIdle)
	s.Initializing, s.Provisioned = lv.BucketMeans(lambda.LevelInit), lv.BucketMeans(lambda.LevelProvisioned)
	s.Instances = lv.BucketMeans(lambda.LevelInstances)
	pcBusy := lv.BucketMeans(lambda.LevelProvisionedBusy)
	s.ProvisionedUtilization = make([]float64, n)
	for i, busy := range pcBusy {
		if s.Provisioned[i] > 0 {
			s.ProvisionedUtilization[i] = min(1, busy/s.Provisioned[i]) // environments retiring after a decrease still serve
		}
	}
	s.P50MS, s.P99MS = make([]float64, n), make([]float64, n)
	for i, h := range m.windowed {
		if h != nil && h.Count() > 0 {
			s.P50MS[i], s.P99MS[i] = h.Quantile(0.50).Millis(), h.Quantile(0.99).Millis()
		}
	}
	if len(sys.functions) > 1 {
		for _, f := range sys.functions {
			s.Functions = append(s.Functions, FunctionSeries{Name: f.Name, Concurrency: f.Stats.ConcurrencySeries.TakeBucketMeans()})
		}
	}
	for i, q := range sys.async {
		if q != nil {
			s.Async = append(s.Async, AsyncSeries{Name: sys.functions[i].Name, PeakDepth: q.depth.BucketPeaks(),
				OldestAgeS: append([]float64(nil), q.ageByBk...), Reads: counts(q.reads), ReadCap: q.readCaps()})
		}
	}
	for _, db := range sys.databases {
		st := db.Stats
		maxc := make([]float64, n)
		for i := range maxc {
			maxc[i] = float64(db.Config.MaxConnections)
		}
		cpu := st.CPUBusy.BucketMeans()
		for i := range cpu {
			cpu[i] /= db.CPUCapacity()
		}
		var acu []float64
		if st.ACU != nil {
			acu = st.ACU.BucketMeans()
		}
		s.Databases = append(s.Databases, DatabaseSeries{
			Name:            db.Name,
			Connections:     st.Open.BucketMeans(),
			PeakConnections: st.Open.BucketPeaks(),
			InUse:           st.InUse.BucketMeans(),
			HeldIdle:        st.HeldIdle.BucketMeans(),
			PoolIdle:        st.PoolIdle.BucketMeans(),
			MaxConnections:  maxc,
			Refused:         counts(st.RefusedSeries),
			CPU:             cpu,
			ACU:             acu,
		})
	}
	for _, q := range sys.queues {
		st := q.Stats
		s.Queues = append(s.Queues, QueueSeries{
			Name:           q.Name,
			Sent:           counts(st.SentSeries),
			Processed:      counts(st.ProcessedSeries),
			Visible:        st.Visible.BucketMeans(),
			InFlight:       st.InFlight.BucketMeans(),
			PeakDepth:      st.Depth.BucketPeaks(),
			OldestAgeS:     st.AgeByBk,
			ESMConcurrency: st.ESM.BucketMeans(),
		})
	}
	return s
}

func counts(c *stats.Counter) []float64 {
	raw := c.Counts()
	out := make([]float64, len(raw))
	for i, v := range raw {
		out[i] = float64(v)
	}
	return out
}
