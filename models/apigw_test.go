package models

import (
	"testing"

	"github.com/stampede-sim/stampede/models/arrivals"
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/sim"
)

// API Gateway's quotas (docs/model.md, sources.md [apigw-throttle],
// [apigw-timeout]): the account's token bucket, shared by every workload
// via API Gateway; a route's own limit; 429s and the client's retries; the
// REST integration timeout.

func constant(rate float64) arrivals.Spec {
	return arrivals.Spec{Process: arrivals.Constant, Rate: rate}
}

// gatewayWorkload is a workload via API Gateway without retries.
func gatewayWorkload(name string, via Gateway, rate float64) Workload {
	w := testWorkload(name, "f", constant(rate))
	w.Via = via
	return w
}

// TestAPIGatewayThrottle: a constant load through API Gateway for 10 s.
// The bucket starts full, so the gateway admits burst + rate × 10 s (±2
// for the arrivals' grid) and throttles the rest with 429s of their own
// cause; Lambda never sees them, and only admitted calls are billed.
func TestAPIGatewayThrottle(t *testing.T) {
	const secs = 10
	for _, tc := range []struct {
		name      string
		workloads []Workload
		rate      int // [api_gateway] throttle_rate; 0: the default 10,000/s
		burst     int // throttle_burst; 0: the default 5,000
		admitted  int64
		per       map[string]int64 // admitted per workload, when it is known
	}{
		// 15,000/s through an HTTP API: the default quota admits
		// 5,000 + 10,000 × 10 = 105,000 of 150,000.
		{name: "http over the default quota", workloads: []Workload{gatewayWorkload("w", GatewayHTTP, 15000)},
			admitted: 105_000},
		// The same through a REST API: the same account-level quota.
		{name: "rest over the default quota", workloads: []Workload{gatewayWorkload("w", GatewayREST, 15000)},
			admitted: 105_000},
		// A raised quota: 20,000/s, burst 5,000, admits every request.
		{name: "raised quota", workloads: []Workload{gatewayWorkload("w", GatewayHTTP, 15000)},
			rate: 20000, admitted: 150_000},
		// A smaller quota (newer Regions: 2,500/s, burst 1,250):
		// 1,250 + 25,000.
		{name: "small quota", workloads: []Workload{gatewayWorkload("w", GatewayHTTP, 15000)},
			rate: 2500, burst: 1250, admitted: 26_250},
		// Two workloads, an HTTP and a REST API, 7,500/s each, share the
		// account's bucket: together they get 105,000, not 2 × 75,000.
		{name: "two workloads share the account bucket", workloads: []Workload{
			gatewayWorkload("a", GatewayHTTP, 7500), gatewayWorkload("b", GatewayREST, 7500)},
			admitted: 105_000},
		// A direct workload is not behind API Gateway: only the gateway
		// workload's 15,000/s count against the quota.
		{name: "direct traffic does not count", workloads: []Workload{
			gatewayWorkload("gw", GatewayHTTP, 15000), testWorkload("direct", "g", constant(5000))},
			admitted: 105_000 + 50_000, per: map[string]int64{"direct": 50_000}},
		// A route limit of 2,000/s (burst 1,000) binds below the account's:
		// 1,000 + 2,000 × 10 = 21,000.
		{name: "route limit binds", workloads: []Workload{routeLimited(gatewayWorkload("w", GatewayHTTP, 15000), 2000, new(1000))},
			admitted: 21_000},
		// The route limit (burst defaults to the rate, 2,000) leaves the
		// account's bucket to the other route: 2,000 + 20,000 for the
		// limited one; the other, 10,000/s, has the account's bucket less
		// what the limited one took, 105,000 − 22,000 = 83,000.
		{name: "route limit and a second route", workloads: []Workload{
			routeLimited(gatewayWorkload("limited", GatewayHTTP, 5000), 2000, nil),
			onFunction(gatewayWorkload("open", GatewayHTTP, 10000), "g")},
			admitted: 105_000, per: map[string]int64{"limited": 22_000, "open": 83_000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fns := []Function{testFunction("f", fixed(sim.Millisecond)), testFunction("g", fixed(sim.Millisecond))}
			sc := testScenario(secs*sim.Second, fns, tc.workloads)
			sc.Account.ConcurrencyLimit = 10000 // Lambda's RPS limit (10 × concurrency) far above the load
			sc.APIGateway.ThrottleRate, sc.APIGateway.ThrottleBurst = tc.rate, tc.burst
			s := mustRun(t, sc)
			// Admitted by API Gateway: every request but its 429s (no
			// retries). What Lambda then does with them is Lambda's (its own
			// throttles, if any, are failures.throttled).
			total, gw := s.Requests.Total, s.Failures[CauseAPIGatewayThrottled]
			admitted := total - gw
			near := func(got, want int64) bool { return got >= want-2 && got <= want+2 }
			if !near(admitted, tc.admitted) {
				t.Errorf("admitted %d of %d, want %d ± 2", admitted, total, tc.admitted)
			}
			if s.Requests.Throttled != gw+s.Failures[CauseThrottled] {
				t.Errorf("requests.throttled %d, want API Gateway's %d + Lambda's %d", s.Requests.Throttled, gw, s.Failures[CauseThrottled])
			}
			var lambdaSaw int64
			for _, f := range s.Functions {
				lambdaSaw += f.Invocations + f.Throttles
			}
			if lambdaSaw != admitted {
				t.Errorf("Lambda saw %d attempts, want the admitted %d: a 429 never reaches it", lambdaSaw, admitted)
			}
			for name, want := range tc.per {
				w := s.Workloads[name]
				if got := w.Requests - gwFailed(s, name); !near(got, want) {
					t.Errorf("workload %s: admitted %d, want %d ± 2", name, got, want)
				}
			}
			// Only admitted calls are billed: the API Gateway line is the
			// price of the admitted calls, less than offered × price.
			var billedMax, offered float64
			for _, w := range tc.workloads {
				if w.Via != Direct {
					billedMax += float64(s.Workloads[w.Name].Requests - gwFailed(s, w.Name))
					offered += float64(s.Workloads[w.Name].Requests)
				}
			}
			bill := s.Cost.Breakdown[cost.APIGateway]
			if bill > 3.5*billedMax/1e6*1.0001 {
				t.Errorf("API Gateway bill $%g for %v admitted of %v: throttled calls billed?", bill, billedMax, offered)
			}
		})
	}
}

// gwFailed is workload name's requests refused by API Gateway: with one
// gateway workload, all of them; else its failures (the tests' only other
// failures are Lambda's, on workloads without a route limit).
func gwFailed(s *Summary, name string) int64 { return s.Workloads[name].Failed }

func onFunction(w Workload, fn string) Workload {
	w.Function = fn
	return w
}

func routeLimited(w Workload, rate int, burst *int) Workload {
	w.RateLimit, w.BurstLimit = new(rate), burst
	return w
}

// TestAPIGatewayRetries: a 429 from API Gateway is a throttled attempt, and
// the client's retry policy applies. Quota 1 request/s, burst 1; two
// requests at t = 0: the first takes the token, the second is refused.
func TestAPIGatewayRetries(t *testing.T) {
	for _, tc := range []struct {
		name      string
		client    Client
		succeeded int64
		attempts  int64 // exact; 0: between minAttempts and 2 + retries
		minWait   sim.Time
	}{
		// No retries: the second request fails at once with the new cause.
		{name: "no retries", client: Client{Retries: new(0)}, succeeded: 1, attempts: 2},
		// 3 retries within 1 ms each (backoff cap 1 ms): the bucket has
		// refilled a thousandth of a token; all four attempts are refused.
		{name: "retries too soon", client: Client{Retries: new(3), ThrottleBackoffBase: sim.Millisecond, BackoffBase: sim.Millisecond, BackoffCap: sim.Millisecond},
			succeeded: 1, attempts: 5},
		// 10 retries with waits uniform in [0, 30 s]: one comes after the
		// token refilled (1 s), and the request succeeds at least 1 s late.
		{name: "retry after the refill", client: Client{Retries: new(10), ThrottleBackoffBase: 30 * sim.Second, BackoffCap: 30 * sim.Second},
			succeeded: 2, minWait: sim.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := testWorkload("w", "f", burst(2, 0, 0))
			w.Via, w.Client = GatewayHTTP, tc.client
			sc := testScenario(10*sim.Second, []Function{testFunction("f", fixed(sim.Millisecond))}, []Workload{w})
			sc.APIGateway.ThrottleRate, sc.APIGateway.ThrottleBurst = 1, 1
			s := mustRun(t, sc)
			if s.Requests.Succeeded != tc.succeeded {
				t.Errorf("succeeded %d, want %d", s.Requests.Succeeded, tc.succeeded)
			}
			if got := s.Failures[CauseAPIGatewayThrottled]; got != 2-tc.succeeded {
				t.Errorf("api_gateway_throttled %d, want %d", got, 2-tc.succeeded)
			}
			if tc.attempts != 0 && s.Requests.Attempts != tc.attempts {
				t.Errorf("attempts %d, want %d", s.Requests.Attempts, tc.attempts)
			}
			if tc.attempts == 0 && (s.Requests.Attempts < 3 || s.Requests.Attempts > 2+int64(*tc.client.Retries)) {
				t.Errorf("attempts %d, want 3..%d", s.Requests.Attempts, 2+*tc.client.Retries)
			}
			if s.Functions["f"].Invocations != tc.succeeded {
				t.Errorf("invocations %d, want %d: a 429 never reaches Lambda", s.Functions["f"].Invocations, tc.succeeded)
			}
			if tc.minWait > 0 && s.LatencyMS.Max < tc.minWait.Seconds()*1000 {
				t.Errorf("max latency %v ms, want >= %v", s.LatencyMS.Max, tc.minWait)
			}
		})
	}
}

// TestAPIGatewayRESTTimeout: a 40 s handler behind a REST API times out at
// the default 29 s integration timeout (a 504, cause timeout) and succeeds
// once rest_timeout is raised above it; an HTTP API's 30 s cannot be raised.
func TestAPIGatewayRESTTimeout(t *testing.T) {
	for _, tc := range []struct {
		name    string
		via     Gateway
		timeout sim.Time // rest_timeout; 0: the default 29 s
		ok      bool
	}{
		// The default REST timeout, 29 s, cuts the 40 s handler.
		{name: "rest default", via: GatewayREST, ok: false},
		// Raised to 60 s by quota request: the handler's 40 s fit.
		{name: "rest raised", via: GatewayREST, timeout: 60 * sim.Second, ok: true},
		// Raised, but not enough: 39 s.
		{name: "rest raised too little", via: GatewayREST, timeout: 39 * sim.Second, ok: false},
		// rest_timeout does not apply to an HTTP API: 30 s.
		{name: "http ignores rest_timeout", via: GatewayHTTP, timeout: 60 * sim.Second, ok: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := testWorkload("w", "f", burst(1, 0, 0))
			w.Via = tc.via
			sc := testScenario(sim.Second, []Function{testFunction("f", fixed(40*sim.Second))}, []Workload{w})
			sc.APIGateway.RESTTimeout = tc.timeout
			s := run(t, sc, 0, RunOptions{}).Summary // the handler outlives the window: no Little's law
			if got := s.Requests.Succeeded == 1; got != tc.ok {
				t.Errorf("succeeded %v, want %v (failures %v)", got, tc.ok, s.Failures)
			}
			if !tc.ok && s.Failures[CauseTimeout] != 1 {
				t.Errorf("timeouts %d, want 1", s.Failures[CauseTimeout])
			}
		})
	}
}

// TestAPIGatewayValidate: the rules that span keys.
func TestAPIGatewayValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(w *Workload)
		want string // "" valid, else the error's path
	}{
		// A route limit through API Gateway, burst defaulted: valid.
		{name: "route limit", edit: func(w *Workload) { w.Via, w.RateLimit = GatewayHTTP, new(100) }},
		// A route limit of 0 blocks the route: valid, as in AWS.
		{name: "route blocked", edit: func(w *Workload) { w.Via, w.RateLimit, w.BurstLimit = GatewayREST, new(0), new(0) }},
		// No API Gateway, no route.
		{name: "route limit direct", edit: func(w *Workload) { w.RateLimit = new(100) },
			want: "workload[w].rate_limit"},
		// A burst without a rate.
		{name: "burst alone", edit: func(w *Workload) { w.Via, w.BurstLimit = GatewayHTTP, new(100) },
			want: "workload[w].burst_limit"},
		// Out of range.
		{name: "negative rate", edit: func(w *Workload) { w.Via, w.RateLimit = GatewayHTTP, new(-1) },
			want: "workload[w].rate_limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := testWorkload("w", "f", constant(1))
			tc.edit(&w)
			err := testScenario(sim.Second, []Function{testFunction("f", fixed(sim.Millisecond))}, []Workload{w}).Resolved().Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !containsPath(err.Error(), tc.want)):
				t.Errorf("error %v, want one at %s", err, tc.want)
			}
		})
	}
}

func containsPath(msg, path string) bool {
	return len(msg) >= len(path) && (msg[:len(path)] == path || containsPath(msg[1:], path))
}
