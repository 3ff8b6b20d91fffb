package plots

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
)

// sweepFixture is a hand-made sweep over the given axes: every point's p99
// and cost depend on its coordinates; requests are the same everywhere.
// skip drops points (a stopped sweep).
func sweepFixture(axes []SweepAxis, skip map[int]bool) Sweep {
	s := Sweep{Axes: axes}
	n := 1
	for _, a := range axes {
		n *= len(a.Values)
	}
	for p := range n {
		coord := make([]int, len(axes))
		rest := p
		for i := len(axes) - 1; i >= 0; i-- {
			coord[i] = rest % len(axes[i].Values)
			rest /= len(axes[i].Values)
		}
		if skip[p] {
			continue
		}
		sum := 0
		for _, c := range coord {
			sum += c
		}
		p99 := 600 - 100*float64(sum)
		s.Points = append(s.Points, SweepPoint{Index: p, Coord: coord, OK: p99 < 300, Picked: p == n-1,
			Metrics: map[string]float64{"latency_ms.p99": p99, "cost.monthly_usd": 100 + 50*float64(sum),
				"requests.total": 1000, "requests.error_rate": 0.01 * float64(len(axes[0].Values)-coord[0])}})
	}
	if a, err := models.ParseAssertion("p99<300ms"); err == nil {
		s.Asserts = append(s.Asserts, a)
	}
	return s
}

func sweepKeys(paths ...string) []models.Key {
	var out []models.Key
	for _, p := range paths {
		out = append(out, models.Key{Metric: models.MustMetric(p)})
	}
	return out
}

// One varied key gives lines, two a heat map, three lines over each key;
// the frontier comes first; a metric the sweep does not move is not drawn;
// every chart renders, numbers, durations and names alike, and so does a
// sweep with points missing.
func TestSweepCharts(t *testing.T) {
	keys := sweepKeys("requests.total", "requests.error_rate", "latency_ms.p99", "cost.monthly_usd")
	num := SweepAxis{Key: "function.api.provisioned_concurrency", Values: []string{"0", "50", "100", "150"}}
	dur := SweepAxis{Key: "function.api.timeout", Values: []string{"500ms", "1s", "2s"}}
	names := SweepAxis{Key: "function.api.runtime", Values: []string{"python3.12", "java21"}}
	for _, tc := range []struct {
		name string
		s    Sweep
		want string
	}{
		{"one key", sweepFixture([]SweepAxis{num}, nil),
			"frontier lines_requests_error_rate lines_latency_ms_p99 lines_cost_monthly_usd"},
		{"two keys", sweepFixture([]SweepAxis{num, dur}, nil),
			"frontier heat_requests_error_rate heat_latency_ms_p99 heat_cost_monthly_usd"},
		{"two keys, points missing", sweepFixture([]SweepAxis{num, dur}, map[int]bool{5: true, 11: true}),
			"frontier heat_requests_error_rate heat_latency_ms_p99 heat_cost_monthly_usd"},
		{"three keys", sweepFixture([]SweepAxis{names, num, dur}, nil),
			"frontier " +
				"lines_requests_error_rate_by_function_api_runtime lines_requests_error_rate_by_function_api_provisioned_concurrency lines_requests_error_rate_by_function_api_timeout " +
				"lines_latency_ms_p99_by_function_api_runtime lines_latency_ms_p99_by_function_api_provisioned_concurrency lines_latency_ms_p99_by_function_api_timeout " +
				"lines_cost_monthly_usd_by_function_api_runtime lines_cost_monthly_usd_by_function_api_provisioned_concurrency lines_cost_monthly_usd_by_function_api_timeout"},
	} {
		charts := SweepCharts(tc.s, keys)
		var names []string
		for _, c := range charts {
			names = append(names, c.Name)
			for _, format := range []string{"svg", "png"} {
				if b, err := c.Render(format); err != nil || len(b) == 0 {
					t.Errorf("%s: %s as %s: %v", tc.name, c.Name, format, err)
				}
			}
		}
		if got := strings.Join(names, " "); got != tc.want {
			t.Errorf("%s: charts\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}

// Axis values: numbers as numbers, durations in milliseconds, anything else
// in order.
func TestSweepAxisScale(t *testing.T) {
	for _, tc := range []struct {
		values  []string
		x       []float64
		unit    string
		nominal bool
	}{
		{[]string{"0", "25", "0.5"}, []float64{0, 25, 0.5}, "", false},
		{[]string{"100ms", "1s", "1m"}, []float64{100, 1000, 60000}, "ms", false},
		{[]string{"true", "false"}, []float64{0, 1}, "", true},
		{[]string{"10", "x"}, []float64{0, 1}, "", true},
	} {
		sc := scaleOf(SweepAxis{Key: "k", Values: tc.values})
		if sc.unit != tc.unit || sc.nominal != tc.nominal || len(sc.x) != len(tc.x) {
			t.Errorf("%v: %+v", tc.values, sc)
			continue
		}
		for i := range sc.x {
			if sc.x[i] != tc.x[i] {
				t.Errorf("%v: x %v, want %v", tc.values, sc.x, tc.x)
				break
			}
		}
	}
}

// Nothing to draw: no point has the frontier's metrics.
func TestSweepChartsEmpty(t *testing.T) {
	s := Sweep{Axes: []SweepAxis{{Key: "k", Values: []string{"1", "2"}}}}
	if charts := SweepCharts(s, sweepKeys("latency_ms.p99")); len(charts) != 0 {
		t.Errorf("%d charts of an empty sweep", len(charts))
	}
}
