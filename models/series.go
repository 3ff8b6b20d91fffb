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

	// Environments, summed over functions (bucket means), and each one's
	// highest level in the bucket (its envelope: a burst shorter than a
	// bucket shows in the maximum, not in the mean).
	Concurrency, Busy, Idle, Initializing, Provisioned, Instances                   []float64
	ConcurrencyMax, BusyMax, IdleMax, InitializingMax, ProvisionedMax, InstancesMax []float64
	// The lowest level in each bucket: the warm environments a burst could
	// count on (idle), the least alive, provisioned, busy or initializing.
	BusyMin, IdleMin, InitializingMin, ProvisionedMin, InstancesMin []float64
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
	// The highest level in each bucket of InUse, HeldIdle, PoolIdle and CPU.
	InUseMax, HeldIdleMax, PoolIdleMax, CPUMax []float64
	MaxConnections                             []float64
	Refused                                    []float64 // connects refused in the bucket
	CPU                                        []float64 // utilization, 0..1 (Aurora Serverless v2: of the CPU at max_acu, as AWS's CPUUtilization)
	ACU                                        []float64 // Aurora Serverless v2: capacity allocated, bucket mean; nil for an instance class
}

// QueueSeries is one queue's columns (queue.Q.*).
type QueueSeries struct {
	Name      string
	Sent      []float64
	Processed []float64
	Visible   []float64
	InFlight  []float64
	// The highest level in each bucket of Visible, InFlight and ESMConcurrency.
	VisibleMax, InFlightMax, ESMConcurrencyMax []float64
	PeakDepth                                  []float64
	OldestAgeS                                 []float64
	ESMConcurrency                             []float64
}

// Column is one column of timeseries.csv: its name and its values (the
// Series' own slice, not a copy).
type Column struct {
	Name   string
	Values []float64
}

// Columns lists every column in timeseries.csv order under its CSV name.
func (s *Series) Columns() []Column {
	cs := s.columns()
	out := make([]Column, len(cs))
	for i, c := range cs {
		out[i] = Column{c.name, *c.p}
	}
	return out
}

// column is a column's name and where its values are.
type column struct {
	name string
	p    *[]float64
}

// columns is the one list of s's columns, in timeseries.csv order, that
// Columns and slices (copies, folds) are made from. A gauge's bucket mean
// is followed by its bucket maximum, NAME.max, where the run keeps one.
func (s *Series) columns() []column {
	cs := []column{{"t_s", &s.TS}, {"arrivals", &s.Arrivals}, {"completions", &s.Completions}, {"errors", &s.Errors}}
	for c := range s.Failed {
		cs = append(cs, column{"failed." + Cause(c).String(), &s.Failed[c]})
	}
	cs = append(cs, column{"throttles", &s.Throttles}, column{"cold_starts", &s.ColdStarts},
		column{"concurrency", &s.Concurrency}, column{"concurrency.max", &s.ConcurrencyMax},
		column{"busy", &s.Busy}, column{"busy.min", &s.BusyMin}, column{"busy.max", &s.BusyMax},
		column{"idle", &s.Idle}, column{"idle.min", &s.IdleMin}, column{"idle.max", &s.IdleMax},
		column{"initializing", &s.Initializing}, column{"initializing.min", &s.InitializingMin}, column{"initializing.max", &s.InitializingMax},
		column{"provisioned", &s.Provisioned}, column{"provisioned.min", &s.ProvisionedMin}, column{"provisioned.max", &s.ProvisionedMax},
		column{"instances", &s.Instances}, column{"instances.min", &s.InstancesMin}, column{"instances.max", &s.InstancesMax},
		column{"provisioned_utilization", &s.ProvisionedUtilization}, column{"p50_ms", &s.P50MS}, column{"p99_ms", &s.P99MS})
	for i := range s.Functions {
		cs = append(cs, column{"concurrency." + s.Functions[i].Name, &s.Functions[i].Concurrency})
	}
	for i := range s.Async {
		a, p := &s.Async[i], "async."+s.Async[i].Name+"."
		cs = append(cs, column{p + "peak_depth", &a.PeakDepth}, column{p + "oldest_age_s", &a.OldestAgeS},
			column{p + "reads", &a.Reads}, column{p + "read_cap", &a.ReadCap})
	}
	for i := range s.Databases {
		d, p := &s.Databases[i], "db."+s.Databases[i].Name+"."
		cs = append(cs, column{p + "connections", &d.Connections}, column{p + "peak_connections", &d.PeakConnections},
			column{p + "in_use", &d.InUse}, column{p + "in_use.max", &d.InUseMax},
			column{p + "held_idle", &d.HeldIdle}, column{p + "held_idle.max", &d.HeldIdleMax},
			column{p + "pool_idle", &d.PoolIdle}, column{p + "pool_idle.max", &d.PoolIdleMax},
			column{p + "max_connections", &d.MaxConnections}, column{p + "refused", &d.Refused},
			column{p + "cpu", &d.CPU}, column{p + "cpu.max", &d.CPUMax})
		if d.ACU != nil {
			cs = append(cs, column{p + "acu", &d.ACU})
		}
	}
	for i := range s.Queues {
		q, p := &s.Queues[i], "queue."+s.Queues[i].Name+"."
		cs = append(cs, column{p + "sent", &q.Sent}, column{p + "processed", &q.Processed},
			column{p + "visible", &q.Visible}, column{p + "visible.max", &q.VisibleMax},
			column{p + "in_flight", &q.InFlight}, column{p + "in_flight.max", &q.InFlightMax},
			column{p + "peak_depth", &q.PeakDepth}, column{p + "oldest_age_s", &q.OldestAgeS},
			column{p + "esm_concurrency", &q.ESMConcurrency}, column{p + "esm_concurrency.max", &q.ESMConcurrencyMax})
	}
	return cs
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
	cs := s.columns()
	ps := make([]*[]float64, len(cs))
	for i, c := range cs {
		ps[i] = c.p
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
	s.Completions = m.completions()
	s.Errors = make([]float64, n)
	for c := range s.Failed {
		s.Failed[c] = counts(m.failedBy[c])
		for i, v := range s.Failed[c] {
			s.Errors[i] += v
		}
	}
	t := sys.totals
	s.Throttles, s.ColdStarts = counts(t.Throttles), counts(t.ColdStarts)
	lv := t.Levels
	s.Concurrency, s.Busy, s.Idle = lv.BucketMeans(lambda.LevelConcurrency), lv.BucketMeans(lambda.LevelBusy), lv.BucketMeans(lambda.LevelIdle)
	s.Initializing, s.Provisioned = lv.BucketMeans(lambda.LevelInit), lv.BucketMeans(lambda.LevelProvisioned)
	s.Instances = lv.BucketMeans(lambda.LevelInstances)
	s.ConcurrencyMax, s.BusyMax, s.IdleMax = lv.BucketPeaks(lambda.LevelConcurrency), lv.BucketPeaks(lambda.LevelBusy), lv.BucketPeaks(lambda.LevelIdle)
	s.InitializingMax, s.ProvisionedMax = lv.BucketPeaks(lambda.LevelInit), lv.BucketPeaks(lambda.LevelProvisioned)
	s.InstancesMax = lv.BucketPeaks(lambda.LevelInstances)
	s.IdleMin, s.InstancesMin = lv.BucketMins(lambda.LevelIdle), lv.BucketMins(lambda.LevelInstances)
	s.ProvisionedMin = lv.BucketMins(lambda.LevelProvisioned)
	s.BusyMin, s.InitializingMin = lv.BucketMins(lambda.LevelBusy), lv.BucketMins(lambda.LevelInit)
	pcBusy := lv.BucketMeans(lambda.LevelProvisionedBusy)
	s.ProvisionedUtilization = make([]float64, n)
	for i, busy := range pcBusy {
		if s.Provisioned[i] > 0 {
			s.ProvisionedUtilization[i] = min(1, busy/s.Provisioned[i]) // environments retiring after a decrease still serve
		}
	}
	s.P50MS, s.P99MS = make([]float64, n), make([]float64, n)
	for i := range n {
		s.P50MS[i], s.P99MS[i] = m.windowed.Quantile(i, 0).Millis(), m.windowed.Quantile(i, 1).Millis()
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
		cpu, cpuMax := st.CPUBusy.BucketMeans(), st.CPUBusy.BucketPeaks()
		for i := range cpu {
			cpu[i] /= db.CPUCapacity()
			cpuMax[i] /= db.CPUCapacity()
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
			InUseMax:        st.InUse.BucketPeaks(),
			HeldIdleMax:     st.HeldIdle.BucketPeaks(),
			PoolIdleMax:     st.PoolIdle.BucketPeaks(),
			CPUMax:          cpuMax,
			MaxConnections:  maxc,
			Refused:         counts(st.RefusedSeries),
			CPU:             cpu,
			ACU:             acu,
		})
	}
	for _, q := range sys.queues {
		st := q.Stats
		s.Queues = append(s.Queues, QueueSeries{
			Name:              q.Name,
			Sent:              counts(st.SentSeries),
			Processed:         counts(st.ProcessedSeries),
			Visible:           st.Visible.BucketMeans(),
			InFlight:          st.InFlight.BucketMeans(),
			VisibleMax:        st.Visible.BucketPeaks(),
			InFlightMax:       st.InFlight.BucketPeaks(),
			PeakDepth:         st.Depth.BucketPeaks(),
			OldestAgeS:        st.AgeByBk,
			ESMConcurrency:    st.ESM.BucketMeans(),
			ESMConcurrencyMax: st.ESM.BucketPeaks(),
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
