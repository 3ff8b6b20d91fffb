package calibrate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stampede-sim/stampede/scenarios"
)

// maxMS is the longest time a REPORT can state: Lambda's 15-minute
// timeout.
const maxMS = 15 * 60 * 1000

// Options shape the scenario Calibrate writes.
type Options struct {
	Name string  // the scenario's and the function's name (default "calibrated")
	Rate float64 // requests/s when the logs have no timestamps (default 10)
	// Sources names the logs read, for the comments.
	Sources []string
}

// Result is what Calibrate found and the scenario it wrote.
type Result struct {
	Reports  int
	Handler  Fit
	Init     *Fit // nil without cold starts in the logs
	MemoryMB int
	TOML     []byte
}

// Calibrate fits a scenario to reports. The handler time is each report's
// Duration (which excludes init); the init time each cold start's Init
// Duration; the memory the most common Memory Size. With timestamps the
// arrivals are a profile of the requests per interval over the logs' span
// (or Poisson at their mean rate when they span under two intervals);
// without, Poisson at opts.Rate. The scenario is loaded back before it is
// returned, so it runs as written.
func Calibrate(reports []Report, opts Options) (*Result, error) {
	if opts.Name == "" {
		opts.Name = "calibrated"
	}
	if opts.Rate <= 0 {
		opts.Rate = 10
	}
	var durs, inits []float64
	mem := map[int]int{}
	for _, r := range reports {
		// Lambda runs an invocation 15 minutes at most: a longer time is
		// not a REPORT's, and is left out.
		if r.DurationMS > 0 && r.DurationMS <= maxMS {
			durs = append(durs, r.DurationMS)
		}
		if r.InitMS > 0 && r.InitMS <= maxMS {
			inits = append(inits, r.InitMS)
		}
		if r.MemoryMB > 0 {
			mem[r.MemoryMB]++
		}
	}
	if len(reports) == 0 {
		return nil, ErrNoReports
	}
	if len(durs) < 2 {
		return nil, fmt.Errorf("%d REPORT lines with a Duration of at most 15 minutes: at least 2 are needed to fit a handler time", len(durs))
	}
	res := &Result{Reports: len(reports), Handler: fitLognormal(durs), MemoryMB: 128}
	best := 0
	for m, c := range mem {
		if c > best || c == best && m < res.MemoryMB {
			res.MemoryMB, best = m, c
		}
	}
	if len(inits) >= 2 {
		f := fitLognormal(inits)
		res.Init = &f
	}
	var b strings.Builder
	src := strings.Join(opts.Sources, ", ")
	if src == "" {
		src = "the logs given"
	}
	fmt.Fprintf(&b, "# Calibrated by stampede calibrate from %s REPORT lines of %s.\n", group(len(reports)), src)
	fmt.Fprintf(&b, "name = %s\n", strconv.Quote(opts.Name))
	fmt.Fprintf(&b, "description = %s\n", strconv.Quote("Calibrated from CloudWatch REPORT lines: handler and init times fitted, arrivals from the logs' timestamps or the stated rate."))
	arrivals, span := arrivalsOf(reports, opts.Rate)
	fmt.Fprintf(&b, "duration = %s\n\n", strconv.Quote(span))
	fmt.Fprintf(&b, "[[function]]\nname = %s\n", strconv.Quote(opts.Name))
	fmt.Fprintf(&b, "memory_mb = %d                     # the most common Memory Size (%s of %s reports)\n", res.MemoryMB, group(best), group(len(reports)))
	fmt.Fprintf(&b, "# Duration of %s reports: %s\n", group(res.Handler.N), judge(res.Handler))
	fmt.Fprintf(&b, "duration = %s\n", dist(res.Handler))
	if res.Init != nil {
		fmt.Fprintf(&b, "# Init Duration of %s cold starts: %s\n", group(res.Init.N), judge(*res.Init))
		fmt.Fprintf(&b, "cold_start = %s\n", dist(*res.Init))
	} else {
		b.WriteString("# no Init Duration in the logs: cold_start keeps the runtime's default\n")
	}
	fmt.Fprintf(&b, "\n[[workload]]\nname = \"requests\"\nfunction = %s\n%s", strconv.Quote(opts.Name), arrivals)
	res.TOML = []byte(b.String())
	if _, err := scenarios.LoadBytes(opts.Name+".toml", res.TOML, nil); err != nil {
		return nil, fmt.Errorf("the calibrated scenario does not load (a bug): %w", err)
	}
	return res, nil
}

// judge says how a fit was judged, for the scenario's comment.
func judge(f Fit) string {
	verdict := "passes, so the lognormal"
	if !f.Lognormal {
		verdict = "fails, so the samples themselves (empirical"
		if len(f.Quantiles) < f.N {
			verdict += fmt.Sprintf(", %d quantiles", len(f.Quantiles))
		}
		verdict += ")"
	}
	return fmt.Sprintf("lognormal by maximum likelihood (median %s ms, p99 %s ms); Kolmogorov–Smirnov D = %.4f against %.4f at 5%%: %s",
		ms(f.Median), ms(f.P99), f.D, f.Critical, verdict)
}

// dist writes a fit as a scenario distribution.
func dist(f Fit) string {
	if f.Lognormal {
		return fmt.Sprintf(`{ dist = "lognormal", median = "%sms", p99 = "%sms" }`, ms(f.Median), ms(f.P99))
	}
	vals := make([]string, len(f.Quantiles))
	for i, v := range f.Quantiles {
		vals[i] = strconv.FormatFloat(v, 'g', 6, 64)
	}
	return `{ dist = "empirical", values = [` + strings.Join(vals, ", ") + `] }`
}

// arrivalsOf estimates the arrivals from the reports' timestamps, or
// states opts' rate; it returns the workload's arrivals line (with its
// comment) and the scenario's duration.
func arrivalsOf(reports []Report, rate float64) (string, string) {
	var ts []time.Time
	for _, r := range reports {
		if !r.At.IsZero() {
			ts = append(ts, r.At)
		}
	}
	if len(ts) < 2 {
		return fmt.Sprintf("# the logs have no timestamps: Poisson at --rate, %s requests/s\narrivals = { process = \"poisson\", rate = %s }\n",
			num(rate), num(rate)), "10m"
	}
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	span := ts[len(ts)-1].Sub(ts[0])
	if span <= 0 {
		span = time.Second
	}
	step := max(time.Minute, (span / 20).Round(time.Minute))
	buckets := int(span/step) + 1
	if buckets < 2 {
		r := float64(len(ts)) / span.Seconds()
		return fmt.Sprintf("# %s requests over %s of timestamps: Poisson at their mean rate\narrivals = { process = \"poisson\", rate = %s }\n",
			group(len(ts)), span.Round(time.Second), num(r)), dur(max(span, time.Minute))
	}
	counts := make([]int, buckets)
	for _, t := range ts {
		counts[min(int(t.Sub(ts[0])/step), buckets-1)]++
	}
	// The logs end with their last request plus the mean gap: the last
	// step covers only that much.
	end := (span + span/time.Duration(len(ts)-1)).Round(time.Second)
	pts := make([]string, buckets)
	for i, c := range counts {
		width := min(step, end-time.Duration(i)*step)
		pts[i] = fmt.Sprintf("[%q, %s]", dur(time.Duration(i)*step), num(float64(c)/max(width, time.Second).Seconds()))
	}
	return fmt.Sprintf("# %s requests from %s to %s, counted per %s: a step profile of their rate (Poisson within each step)\narrivals = { process = \"profile\", shape = \"step\", points = [%s] }\n",
		group(len(ts)), ts[0].Format(time.RFC3339), ts[len(ts)-1].Format(time.RFC3339), step, strings.Join(pts, ", ")), dur(end)
}

// ms writes milliseconds with four significant digits.
func ms(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// num writes a rate.
func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// dur writes a duration as a scenario does ("90s", "5m").
func dur(d time.Duration) string {
	if d%time.Minute == 0 {
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s"
}

// group writes a count with thousands separators.
func group(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ErrNoReports is Calibrate's error for logs without a REPORT line.
var ErrNoReports = errors.New("no REPORT lines found (Lambda writes one after each invocation: \"REPORT RequestId: … Duration: … ms …\")")
