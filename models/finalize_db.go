package models

import (
	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/sim"
)

func databaseSummary(db *rds.Database, window sim.Time) DatabaseSummary {
	st, cfg := db.Stats, db.Config
	lifetime := 0.0
	if st.Closed > 0 {
		lifetime = st.LifetimeSum.Seconds() / float64(st.Closed)
	}
	cpu := 0.0
	if window > 0 {
		cpu = st.CPUBusy.Integral() / (db.CPUCapacity() * window.Seconds())
	}
	d := DatabaseSummary{
		MaxConnections:      int64(cfg.MaxConnections),
		ReservedConnections: int64(*cfg.ReservedConnections),
		VCPUs:               int64(cfg.VCPUs),
		PeakConnections:     st.Open.Peak(),
		MeanConnections:     st.Open.Mean(),
		MeanInUse:           st.InUse.Mean(),
		MeanHeldIdle:        st.HeldIdle.Mean(),
		PeakHeldIdle:        st.HeldIdle.Peak(),
		MeanPoolIdle:        st.PoolIdle.Mean(),
		Connects:            st.Connects,
		Refused:             st.Refused.N,
		ServerClosed:        st.ServerClosed,
		ConnectionLifetimeS: lifetime,
		MaxLifetimeS:        st.LifetimeMax.Seconds(),
		CPUUtilization:      cpu,
		Queries:             st.Queries,
		QueryMS:             latencyOf(st.QueryLatency),
		ConnectMS:           latencyOf(st.ConnectTime),
	}
	if st.ACU != nil {
		d.Serverless = &ServerlessSummary{MinACU: *cfg.MinACU, MaxACU: *cfg.MaxACU, MeanACU: st.ACU.Mean(), PeakACU: st.ACU.Peak()}
	}
	if p := db.Proxy; p != nil {
		mean := 0.0
		if st.Borrows > 0 {
			mean = st.BorrowWaitSum.Millis() / float64(st.Borrows)
		}
		d.Proxy = &ProxySummary{
			MaxPool:        int64(p.MaxPool()),
			Borrows:        st.Borrows,
			BorrowWaited:   st.BorrowWaited.N,
			BorrowTimeouts: st.BorrowTimeout.N,
			BorrowWaitMS: Waits{
				Mean: mean,
				P50:  st.BorrowWaitQuantile(0.50).Millis(),
				P99:  st.BorrowWaitQuantile(0.99).Millis(),
			},
			PinnedSessions:        st.PinnedTotal,
			PeakPinned:            st.Pinned.Peak(),
			PeakClientConnections: st.ClientConns.Peak(),
			MeanClientConnections: st.ClientConns.Mean(),
		}
	}
	return d
}
