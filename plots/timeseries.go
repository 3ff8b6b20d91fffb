package plots

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"

	"github.com/stampede-sim/stampede/models"
)

const minutes = "time (minutes)"

// shaded ends the title of a plot whose lines have their bucket maxima as
// bands above them.
const shaded = " (shaded up to the most at once in each interval)"

// shadedRange is shaded for a plot whose bands span each interval's least
// to its most.
const shadedRange = " (shaded: the least to the most at once in each interval)"

// timePlot is a plot over the runs' simulated time, from 0 to the longest.
func timePlot(runs []Run, title, y string) *plot.Plot {
	p := newPlot(title, minutes, y)
	p.X.Min = 0
	for _, r := range runs {
		p.X.Max = max(p.X.Max, r.Result.Summary.DurationS/60)
	}
	return p
}

// timeSpec is a time-series chart before it is drawn: its lines, which the
// static plot (plot) and the report's interactive chart (Chart.Lines)
// both draw, so the two show the same series.
type timeSpec struct {
	runs   []Run
	title  string
	y      string
	lines  []series
	always bool // drawn even when every point is 0 (it has a limit line)
}

// export is the spec's lines as the report's interactive charts take them.
func (sp *timeSpec) export() []Line {
	out := make([]Line, len(sp.lines))
	for i, l := range sp.lines {
		x, y := make([]float64, len(l.xys)), make([]float64, len(l.xys))
		for k, pt := range l.xys {
			x[k], y[k] = pt.X, pt.Y
		}
		out[i] = Line{Label: l.label, X: x, Y: y, Limit: l.dash, Colour: plotutil.Color(i)} // as addLines colours it
		out[i].Max, out[i].Min = ys(l.max, len(l.xys)), ys(l.min, len(l.xys))
	}
	return out
}

// ys is xys's values when it has n points, else nil.
func ys(xys plotter.XYs, n int) []float64 {
	if len(xys) != n || n == 0 {
		return nil
	}
	out := make([]float64, n)
	for k, pt := range xys {
		out[k] = pt.Y
	}
	return out
}

// plot draws the spec, or nil when it has nothing to show.
func (sp *timeSpec) plot() *plot.Plot {
	if sp == nil || len(sp.lines) == 0 {
		return nil
	}
	p := timePlot(sp.runs, sp.title, sp.y)
	if !addLines(p, sp.lines) && !sp.always {
		return nil
	}
	return p
}

// Requests draws requests/s over time: arrivals, successes and each failure
// cause that occurred.
func Requests(runs []Run) *plot.Plot { return requestsSpec(runs).plot() }

func requestsSpec(runs []Run) *timeSpec {
	sp := &timeSpec{runs: runs, title: "Requests per second by outcome", y: "requests/s"}
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
	// API Gateway's account throttle, when a workload goes through it
	// and the rate is within twice the busiest bucket (else it would
	// flatten the data).
	top := 0.0
	for _, l := range ls {
		for _, pt := range l.xys {
			top = max(top, pt.Y)
		}
	}
	for ri, r := range runs {
		if sc := r.Scenario; sc != nil && slices.ContainsFunc(sc.Workloads, func(w models.Workload) bool { return w.Via != models.Direct }) &&
			float64(sc.APIGateway.ThrottleRate) <= 2*top {
			ls = append(ls, limitLine(runs, ri, "API Gateway throttle", float64(sc.APIGateway.ThrottleRate)))
		}
	}
	sp.lines = ls
	return sp
}

// Concurrency draws execution environments over time: busy, idle,
// initializing, provisioned; the account limit and reserved concurrency as
// dashed lines.
func Concurrency(runs []Run) *plot.Plot { return concurrencySpec(runs).plot() }

func concurrencySpec(runs []Run) *timeSpec {
	sp := &timeSpec{runs: runs, title: "Execution environments" + shadedRange, y: "environments"}
	var ls []series
	for ri, r := range runs {
		s := r.Result.Series
		for _, c := range []struct {
			name           string
			ys, mins, maxs []float64
		}{{"busy", s.Busy, s.BusyMin, s.BusyMax}, {"idle", s.Idle, s.IdleMin, s.IdleMax},
			{"initializing", s.Initializing, s.InitializingMin, s.InitializingMax}, {"provisioned", s.Provisioned, s.ProvisionedMin, s.ProvisionedMax}} {
			if xys := column(r, c.ys, 1); total(xys) > 0 {
				ls = append(ls, withEnvelope(line(runs, ri, c.name, xys), column(r, c.mins, 1), column(r, c.maxs, 1)))
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
		sp.title += " (off scale: " + strings.Join(off, ", ") + ")"
	}
	sp.lines, sp.always = ls, true
	return sp
}

// LatencyOverTime draws the windowed p50 and p99 of successful requests.
func LatencyOverTime(runs []Run) *plot.Plot { return latencyOverTimeSpec(runs).plot() }

func latencyOverTimeSpec(runs []Run) *timeSpec {
	top := 0.0
	for _, r := range runs {
		for _, v := range r.Result.Series.P99MS {
			top = max(top, v)
		}
	}
	unit, per := latencyUnit(top)
	sp := &timeSpec{runs: runs, title: "Latency over time (requests succeeding in each interval)", y: "latency (" + unit + ")"}
	var ls []series
	for ri, r := range runs {
		s := r.Result.Series
		ls = append(ls, line(runs, ri, "p50", column(r, s.P50MS, 1/per)),
			line(runs, ri, "p99", column(r, s.P99MS, 1/per)))
	}
	sp.lines = ls
	return sp
}

// ColdStarts draws cold starts per second over time.
func ColdStarts(runs []Run) *plot.Plot { return coldStartsSpec(runs).plot() }

func coldStartsSpec(runs []Run) *timeSpec {
	sp := &timeSpec{runs: runs, title: "Cold starts", y: "cold starts/s"}
	var ls []series
	for ri, r := range runs {
		ls = append(ls, line(runs, ri, "cold starts", column(r, r.Result.Series.ColdStarts, 1/r.Result.Series.WidthS)))
	}
	sp.lines = ls
	return sp
}

// Connections draws database db's connections: in use, idle in the proxy's
// pool, held by idle environments, and max_connections.
func Connections(runs []Run, db string) *plot.Plot { return connectionsSpec(runs, db).plot() }

func connectionsSpec(runs []Run, db string) *timeSpec {
	sp := &timeSpec{runs: runs, title: "Database connections: " + db + shaded, y: "connections"}
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
			ys, maxs []float64
			name     string
		}{
			{ds.InUse, ds.InUseMax, "in use"}, {ds.PoolIdle, ds.PoolIdleMax, "idle in the proxy pool"},
			{ds.HeldIdle, ds.HeldIdleMax, "held by idle environments"},
		} {
			if xys := column(r, c.ys, 1); total(xys) > 0 {
				ls = append(ls, withMax(line(runs, ri, c.name, xys), column(r, c.maxs, 1)))
			}
		}
		ls = append(ls, limitLine(runs, ri, "max_connections", float64(d.MaxConnections)))
		if d.Proxy != nil && d.Proxy.MaxPool < d.MaxConnections {
			ls = append(ls, limitLine(runs, ri, "proxy pool max", float64(d.Proxy.MaxPool)))
		}
	}
	sp.lines, sp.always = ls, true
	return sp
}

// DatabaseCPU draws database db's CPU utilization (% of its vCPUs, or of
// the CPU at max_acu), shaded up to each interval's busiest moment,
// against 100%.
func DatabaseCPU(runs []Run, db string) *plot.Plot { return databaseCPUSpec(runs, db).plot() }

func databaseCPUSpec(runs []Run, db string) *timeSpec {
	sp := &timeSpec{runs: runs, title: "Database CPU: " + db + shaded, y: "CPU utilization (%)"}
	var ls []series
	for ri, r := range runs {
		ds := r.Result.Series.Database(db)
		if _, ok := r.Result.Summary.Databases[db]; !ok || ds == nil {
			continue
		}
		ls = append(ls, withMax(line(runs, ri, "CPU", column(r, ds.CPU, 100)), column(r, ds.CPUMax, 100)),
			limitLine(runs, ri, "100%", 100))
	}
	sp.lines = ls
	return sp
}

// QueueDepth draws queue q's messages waiting and in flight.
func QueueDepth(runs []Run, q string) *plot.Plot { return queueDepthSpec(runs, q).plot() }

func queueDepthSpec(runs []Run, q string) *timeSpec {
	sp := &timeSpec{runs: runs, title: "Queue depth: " + q + shaded, y: "messages"}
	var ls []series
	for ri, r := range runs {
		qs := r.Result.Series.Queue(q)
		if _, ok := r.Result.Summary.Queues[q]; !ok || qs == nil {
			continue
		}
		ls = append(ls, withMax(line(runs, ri, "visible", column(r, qs.Visible, 1)), column(r, qs.VisibleMax, 1)),
			withMax(line(runs, ri, "in flight", column(r, qs.InFlight, 1)), column(r, qs.InFlightMax, 1)))
	}
	sp.lines = ls
	return sp
}

// QueueESM draws the concurrency of queue q's event source mapping against
// its max_concurrency.
func QueueESM(runs []Run, q string) *plot.Plot { return queueESMSpec(runs, q).plot() }

func queueESMSpec(runs []Run, q string) *timeSpec {
	sp := &timeSpec{runs: runs, title: "Event source mapping: " + q + shaded, y: "concurrent invocations"}
	var ls []series
	for ri, r := range runs {
		qs := r.Result.Series.Queue(q)
		if _, ok := r.Result.Summary.Queues[q]; !ok || qs == nil {
			continue
		}
		ls = append(ls, withMax(line(runs, ri, "concurrency", column(r, qs.ESMConcurrency, 1)), column(r, qs.ESMConcurrencyMax, 1)))
		if sc := r.Scenario; sc != nil {
			for _, c := range sc.Queues {
				if c.Name == q && c.MaxConcurrency > 0 {
					ls = append(ls, limitLine(runs, ri, "max_concurrency", float64(c.MaxConcurrency)))
				}
			}
		}
	}
	sp.lines = ls
	return sp
}

// QueueAge draws the age of queue q's oldest message.
func QueueAge(runs []Run, q string) *plot.Plot { return queueAgeSpec(runs, q).plot() }

func queueAgeSpec(runs []Run, q string) *timeSpec {
	sp := &timeSpec{runs: runs, title: "Oldest message: " + q, y: "age (s)"}
	var ls []series
	for ri, r := range runs {
		if qs := r.Result.Series.Queue(q); qs != nil {
			if _, ok := r.Result.Summary.Queues[q]; ok {
				ls = append(ls, line(runs, ri, "oldest message", column(r, qs.OldestAgeS, 1)))
			}
		}
	}
	sp.lines = ls
	return sp
}
