package plots

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot"

	"github.com/stampede-sim/stampede/models"
)

const minutes = "time (minutes)"

// timePlot is a plot over the runs' simulated time, from 0 to the longest.
func timePlot(runs []Run, title, y string) *plot.Plot {
	p := newPlot(title, minutes, y)
	p.X.Min = 0
	for _, r := range runs {
		p.X.Max = max(p.X.Max, r.Result.Summary.DurationS/60)
	}
	return p
}

// Requests draws requests/s over time: arrivals, successes and each failure
// cause that occurred.
func Requests(runs []Run) *plot.Plot {
	p := timePlot(runs, "Requests per second by outcome", "requests/s")
	var ls []series
	for ri, r := range runs {
		s := r.Result.Series
		per := 1 / s.WidthS
		ls = append(ls, line(runs, ri, "arrived", column(r, s.Arrivals, per)),
			line(runs, ri, "succeeded", column(r, s.Completions, per)))
		for c := range models.NumCauses {
			xys := column(r, s.Failed[c], per)
			if total(xys) > 0 {
				ls = append(ls, line(runs, ri, c.String(), xys))
			}
		}
	}
	if !addLines(p, ls) {
		return nil
	}
	return p
}

// Concurrency draws execution environments over time: busy, idle,
// initializing, provisioned; the account limit and reserved concurrency as
// dashed lines.
func Concurrency(runs []Run) *plot.Plot {
	p := timePlot(runs, "Execution environments", "environments")
	var ls []series
	for ri, r := range runs {
		s := r.Result.Series
		for _, c := range []struct {
			name string
			ys   []float64
		}{{"busy", s.Busy}, {"idle", s.Idle}, {"initializing", s.Initializing}, {"provisioned", s.Provisioned}} {
			if xys := column(r, c.ys, 1); total(xys) > 0 {
				ls = append(ls, line(runs, ri, c.name, xys))
			}
		}
	}
	if len(ls) == 0 {
		return nil
	}
	// Limits are drawn when within twice the busiest series: a limit far
	// above the data would flatten it (the title says which were left out).
	top := 0.0
	for _, l := range ls {
		for _, pt := range l.xys {
			top = max(top, pt.Y)
		}
	}
	var off []string
	limit := func(ri int, name string, v int) {
		if float64(v) <= 2*top {
			ls = append(ls, limitLine(runs, ri, name, float64(v)))
		} else {
			off = append(off, fmt.Sprintf("%s %d", name, v))
		}
	}
	for ri, r := range runs {
		if sc := r.Scenario; sc != nil {
			limit(ri, "account limit", sc.Account.ConcurrencyLimit)
			for _, f := range sc.Functions {
				if res := f.Reserved(); res >= 0 {
					limit(ri, f.Name+" reserved", res)
				}
			}
		}
	}
	if len(off) > 0 {
		p.Title.Text += " (off scale: " + strings.Join(off, ", ") + ")"
	}
	addLines(p, ls)
	return p
}

// LatencyOverTime draws the windowed p50 and p99 of successful requests.
func LatencyOverTime(runs []Run) *plot.Plot {
	p := timePlot(runs, "Latency over time (requests succeeding in each interval)", "latency (ms)")
	var ls []series
	for ri, r := range runs {
		s := r.Result.Series
		ls = append(ls, line(runs, ri, "p50", column(r, s.P50MS, 1)),
			line(runs, ri, "p99", column(r, s.P99MS, 1)))
	}
	if !addLines(p, ls) {
		return nil
	}
	return p
}

// ColdStarts draws cold starts per second over time.
func ColdStarts(runs []Run) *plot.Plot {
	p := timePlot(runs, "Cold starts", "cold starts/s")
	var ls []series
	for ri, r := range runs {
		ls = append(ls, line(runs, ri, "cold starts", column(r, r.Result.Series.ColdStarts, 1/r.Result.Series.WidthS)))
	}
	if !addLines(p, ls) {
		return nil
	}
	return p
}

// Connections draws database db's connections: in use, idle in the proxy's
// pool, held by idle environments, and max_connections.
func Connections(runs []Run, db string) *plot.Plot {
	p := timePlot(runs, "Database connections: "+db, "connections")
	var ls []series
	for ri, r := range runs {
		d, ok := r.Result.Summary.Databases[db]
		if !ok {
			continue
		}
		ds := r.Result.Series.Database(db)
		if ds == nil {
			ds = &models.DatabaseSeries{}
		}
		for _, c := range []struct {
			ys   []float64
			name string
		}{
			{ds.InUse, "in use"}, {ds.PoolIdle, "idle in the proxy pool"}, {ds.HeldIdle, "held by idle environments"},
		} {
			if xys := column(r, c.ys, 1); total(xys) > 0 {
				ls = append(ls, line(runs, ri, c.name, xys))
			}
		}
		ls = append(ls, limitLine(runs, ri, "max_connections", float64(d.MaxConnections)))
	}
	if len(ls) == 0 {
		return nil
	}
	addLines(p, ls)
	return p
}

// QueueDepth draws queue q's messages waiting and in flight.
func QueueDepth(runs []Run, q string) *plot.Plot {
	p := timePlot(runs, "Queue depth: "+q, "messages")
	var ls []series
	for ri, r := range runs {
		qs := r.Result.Series.Queue(q)
		if _, ok := r.Result.Summary.Queues[q]; !ok || qs == nil {
			continue
		}
		ls = append(ls, line(runs, ri, "visible", column(r, qs.Visible, 1)),
			line(runs, ri, "in flight", column(r, qs.InFlight, 1)))
	}
	if !addLines(p, ls) {
		return nil
	}
	return p
}

// QueueAge draws the age of queue q's oldest message.
func QueueAge(runs []Run, q string) *plot.Plot {
	p := timePlot(runs, "Oldest message: "+q, "age (s)")
	var ls []series
	for ri, r := range runs {
		if qs := r.Result.Series.Queue(q); qs != nil {
			if _, ok := r.Result.Summary.Queues[q]; ok {
				ls = append(ls, line(runs, ri, "oldest message", column(r, qs.OldestAgeS, 1)))
			}
		}
	}
	if !addLines(p, ls) {
		return nil
	}
	return p
}
