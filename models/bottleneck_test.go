package models_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/scenarios"
)

// kinds lists a verdict as "kind name" strings, in its order.
func kinds(bs []models.Bottleneck) []string {
	out := []string{}
	for _, b := range bs {
		out = append(out, strings.TrimSpace(b.Kind+" "+b.Name))
	}
	return out
}

// checkVerdict holds every bottleneck to what the summary says: inside the
// window, earliest first, peak within reach of the limit, a known kind.
func checkVerdict(t *testing.T, name string, s *models.Summary) {
	t.Helper()
	for i, b := range s.Bottlenecks {
		// Retries of the window's requests may run past its end.
		if b.FromS < s.WarmupS || b.FromS > s.DurationS || b.FromS > b.ToS {
			t.Errorf("%s: %s from %g s to %g s, not from inside the window [%g, %g]", name, b.Resource, b.FromS, b.ToS, s.WarmupS, s.DurationS)
		}
		if i > 0 && b.FromS < s.Bottlenecks[i-1].FromS {
			t.Errorf("%s: %s (from %g s) listed after %s (from %g s)", name, b.Resource, b.FromS, s.Bottlenecks[i-1].Resource, s.Bottlenecks[i-1].FromS)
		}
		if b.Limit <= 0 || b.Peak < 0 || b.Effect == "" || b.Unit == "" {
			t.Errorf("%s: %+v: want a positive limit, a peak, a unit and an effect", name, b)
		}
		if !slices.ContainsFunc(models.BottleneckKinds, func(k models.BottleneckKind) bool { return k.Name == b.Kind }) {
			t.Errorf("%s: unknown kind %q", name, b.Kind)
		}
	}
}

// Every built-in's verdict names the limits its description teaches, and
// nothing else; five bind nothing.
func TestBottlenecksOfBuiltins(t *testing.T) {
	t.Parallel()
	want := map[string][]string{
		"azure-functions-8h":     {},                           // real traffic far under every limit
		"azure-invocations-2021": {},                           // likewise
		"cold-start-runtimes":    {},                           // bursts well under every limit
		"provisioned":            {"reserved_concurrency api"}, // bursts hit the 300 reserved
		"rds-exhaustion":         {"connections orders", "account_concurrency"},
		"rds-per-invocation":     {}, // no held connections: none refused, CPU under 85%
		"rds-proxy":              {}, // the proxy's pool never fills
		"spike":                  {"reserved_concurrency api"},
		"sqs-leveling":           {"queue_backlog orders-queue"}, // the mapping's max_concurrency holds the backlog
		"steady-api":             {},
		"steady-high-throughput": {},
	}
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	slices.Sort(names)
	for i, res := range runBuiltins(t, names...) {
		s := res.Summary
		if got := kinds(s.Bottlenecks); !slices.Equal(got, want[names[i]]) {
			t.Errorf("%s: verdict %v, want %v", names[i], got, want[names[i]])
		}
		checkVerdict(t, names[i], s)
		for _, b := range s.Bottlenecks {
			switch b.Kind {
			case "reserved_concurrency", "account_concurrency":
				if b.Peak != b.Limit {
					t.Errorf("%s: %s peaked at %g of %g: a throttling pool is full", names[i], b.Resource, b.Peak, b.Limit)
				}
			case "connections":
				if d := s.Databases[b.Name]; b.Peak != float64(d.MaxConnections-d.ReservedConnections) ||
					!strings.HasPrefix(b.Effect, fmt.Sprintf("%s connection attempts refused", grouped(d.Refused))) {
					t.Errorf("%s: %+v, want the usable connections all open and %d refused", names[i], b, d.Refused)
				}
			}
		}
		if n := s.Functions["api"].ThrottleReasons.Concurrency; names[i] == "spike" && !strings.HasPrefix(s.Bottlenecks[0].Effect, grouped(n)+" ") {
			t.Errorf("spike: effect %q, want the %d throttles", s.Bottlenecks[0].Effect, n)
		}
	}
}

// grouped writes n as the verdict does: 43,356.
func grouped(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Each kind the built-ins do not show is named by a scenario made to hit
// it, and only by it.
func TestBottleneckKinds(t *testing.T) {
	t.Parallel()
	const fn = `
[[function]]
name = "f"
timeout = "30s"
duration = { dist = "lognormal", median = "%s", p99 = "%s" }
`
	// A function making one 20 ms query per request at %d requests/s, on
	// a db.t3.medium with %s added to its table.
	queries := `name = "q"
duration = "30s"` + fmt.Sprintf(fn, "10ms", "20ms") + `
[[function.call]]
database = "db"
queries = 1
connection = "per_environment"
[[workload]]
name = "w"
function = "f"
arrivals = { process = "poisson", rate = %d }
[[database]]
name = "db"
engine = "postgres"
instance = "db.t3.medium"
query_time = { dist = "lognormal", median = "20ms", p99 = "21ms" }
%s`
	cases := []struct {
		name, toml string
		want       []string
	}{
		// 3,000 requests in a second, each holding its environment for a
		// few seconds: past the 1,000 new environments per 10 s.
		{"scaling rate", `name = "s"
duration = "2m"
[account]
concurrency_limit = 20000` + fmt.Sprintf(fn, "5s", "6s") + `
[[workload]]
name = "w"
function = "f"
arrivals = { process = "burst", at = "10s", count = 3000, over = "1s" }
`, []string{"scaling_rate f"}},
		// 2,000 requests/s through an account throttle of 500/s.
		{"API Gateway account", `name = "g"
duration = "1m"
[api_gateway]
throttle_rate = 500
throttle_burst = 500` + fmt.Sprintf(fn, "10ms", "20ms") + `
[[workload]]
name = "w"
function = "f"
via = "api-gateway-http"
arrivals = { process = "poisson", rate = 2000 }
`, []string{"api_gateway_throttle"}},
		// A route limited to 100/s under the account's 10,000/s.
		{"API Gateway route", `name = "r"
duration = "1m"` + fmt.Sprintf(fn, "10ms", "20ms") + `
[[workload]]
name = "w"
function = "f"
via = "api-gateway-http"
rate_limit = 100
arrivals = { process = "poisson", rate = 300 }
`, []string{"api_gateway_throttle w"}},
		// Lambda's 10 requests/s per unit of reservation: 5 reserved (and
		// provisioned, so no cold start fills them), 200/s.
		{"invocation rate", `name = "i"
duration = "1m"` + fmt.Sprintf(fn, "1ms", "2ms") + `reserved_concurrency = 5
provisioned_concurrency = 5
[[workload]]
name = "w"
function = "f"
arrivals = { process = "poisson", rate = 200 }
`, []string{"invocation_rate f"}},
		// 2 vCPUs and 20 ms of CPU a query at 110 queries/s: 110% of
		// the CPU, so it saturates; over 30 s the backlog stays short
		// of filling the database's connections.
		{"database CPU", fmt.Sprintf(queries, 110, ""), []string{"database_cpu db"}},
		// A proxy pool of 1% of 413 connections (4) for 180 queries/s of
		// 20 ms (3.6 at once, on 16 vCPUs): at times every pooled
		// connection is borrowed, and borrows wait.
		{"proxy pool", fmt.Sprintf(queries, 180, `vcpus = 16
[database.proxy]
enabled = true
max_connections_percent = 1
`), []string{"proxy_borrow db"}},
	}
	for _, tc := range cases {
		sc, err := scenarios.LoadBytes(tc.name+".toml", []byte(tc.toml), nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		res, err := models.RunScenario(sc, 1, models.RunOptions{Buckets: 30})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := kinds(res.Summary.Bottlenecks); !slices.Equal(got, tc.want) {
			t.Errorf("%s: verdict %v, want %v", tc.name, got, tc.want)
		}
		checkVerdict(t, tc.name, res.Summary)
	}
}
