package models

import (
	"github.com/stampede-sim/stampede/sim/stats"
)

// Series is the run's time series: one value per column per fixed-width time
// bucket. Counts are per bucket; levels are time averages over the bucket.
// Column definitions are in docs/metrics.md.
type Series struct {
	WidthS  float64     // bucket width in seconds
	Columns []string    // column names, "t_s" first
	Values  [][]float64 // Values[column][bucket]
}

// Column returns the values of the named column, or nil.
func (s *Series) Column(name string) []float64 {
	for i, c := range s.Columns {
		if c == name {
			return s.Values[i]
		}
	}
	return nil
}

func (s *Series) add(name string, v []float64) {
	s.Columns = append(s.Columns, name)
	s.Values = append(s.Values, v)
}

func (sys *System) series() *Series {
	b := sys.window.Buckets
	n := b.N()
	s := &Series{WidthS: b.Width().Seconds()}
	t := make([]float64, n)
	for i := range t {
		t[i] = b.Start(i).Seconds()
	}
	s.add("t_s", t)
	m := sys.m
	s.add("arrivals", counts(m.arrivals))
	s.add("completions", counts(m.completions))
	s.add("errors", counts(m.failures))
	for c, name := range CauseNames {
		s.add("failed."+name, counts(m.failedBy[c]))
	}
	throttles, cold := make([]float64, n), make([]float64, n)
	levels := map[string][]float64{}
	names := []string{"concurrency", "busy", "idle", "initializing", "provisioned", "instances"}
	for _, name := range names {
		levels[name] = make([]float64, n)
	}
	for _, f := range sys.functions {
		st := f.Stats
		addInto(throttles, counts(st.ThrottleSeries))
		addInto(cold, counts(st.ColdSeries))
		for name, g := range map[string]*stats.Gauge{
			"concurrency": st.Concurrency, "busy": st.Busy, "idle": st.Idle,
			"initializing": st.Init, "provisioned": st.Provisioned, "instances": st.Instances,
		} {
			addInto(levels[name], g.BucketMeans())
		}
	}
	s.add("throttles", throttles)
	s.add("cold_starts", cold)
	for _, name := range names {
		s.add(name, levels[name])
	}
	p50, p99 := make([]float64, n), make([]float64, n)
	for i, h := range m.windowed {
		if h != nil && h.Count() > 0 {
			p50[i], p99[i] = h.Quantile(0.50).Millis(), h.Quantile(0.99).Millis()
		}
	}
	s.add("p50_ms", p50)
	s.add("p99_ms", p99)
	if len(sys.functions) > 1 {
		for _, f := range sys.functions {
			s.add("concurrency."+f.Name, f.Stats.Concurrency.BucketMeans())
		}
	}
	for _, db := range sys.databases {
		st, p := db.Stats, "db."+db.Name+"."
		s.add(p+"connections", st.Open.BucketMeans())
		s.add(p+"peak_connections", st.Open.BucketPeaks())
		s.add(p+"in_use", st.InUse.BucketMeans())
		s.add(p+"held_idle", st.HeldIdle.BucketMeans())
		s.add(p+"pool_idle", st.PoolIdle.BucketMeans())
		maxc := make([]float64, n)
		for i := range maxc {
			maxc[i] = float64(db.Config.MaxConnections)
		}
		s.add(p+"max_connections", maxc)
		s.add(p+"refused", counts(st.RefusedSeries))
		cpu := st.CPUBusy.BucketMeans()
		for i := range cpu {
			cpu[i] /= float64(db.Config.VCPUs)
		}
		s.add(p+"cpu", cpu)
	}
	for _, q := range sys.queues {
		st, p := q.Stats, "queue."+q.Name+"."
		s.add(p+"sent", counts(st.SentSeries))
		s.add(p+"processed", counts(st.ProcessedSeries))
		s.add(p+"visible", st.Visible.BucketMeans())
		s.add(p+"in_flight", st.InFlight.BucketMeans())
		s.add(p+"peak_depth", st.Depth.BucketPeaks())
		s.add(p+"oldest_age_s", st.AgeByBk)
		s.add(p+"esm_concurrency", st.ESM.BucketMeans())
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

func addInto(dst, src []float64) {
	for i := range dst {
		dst[i] += src[i]
	}
}
