package models

import (
	"math"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// defaultClient is the resolved default client: the SDKs' standard mode.
func defaultClient() Client {
	w := Workload{}
	sc := testScenario(sim.Second, nil, []Workload{w})
	return sc.Resolved().Workloads[0].Client
}

// TestClientDefaults: the default client is the standard retry mode's
// (sources.md [sdk-retry]): 3 attempts, full jitter on 50 ms (transient) or
// 1 s (throttle) doubling to a 20 s cap, a 500-token quota.
func TestClientDefaults(t *testing.T) {
	c := defaultClient()
	if *c.Retries != 2 || c.BackoffBase != 50*sim.Millisecond || c.ThrottleBackoffBase != sim.Second ||
		c.BackoffCap != 20*sim.Second || *c.RetryQuota != 500 {
		t.Errorf("default client %+v (retries %d, quota %d)", c, *c.Retries, *c.RetryQuota)
	}
}

// TestClientBackoffDistribution: the wait before retry n is uniform on
// [0, d_n], d_n = min(cap, base·2^(n−1)), so its mean is d_n/2 with standard
// error d_n/√(12N) over N draws. Every draw also stays inside [0, d_n].
func TestClientBackoffDistribution(t *testing.T) {
	c := defaultClient()
	w := &workload{client: c, jitter: sim.NewStreams(shortSeed(), 0).Stream("workload/w/client")}
	n := 40000
	if testing.Short() {
		n = 4000
	}
	for _, tc := range []struct {
		name  string
		base  sim.Time
		retry int32
		bound sim.Time // d_n
	}{
		// A throttle's first retry: up to the 1 s throttle base.
		{"throttle retry 1", c.ThrottleBackoffBase, 1, sim.Second},
		// Its second retry (the last of the default three attempts): up to 2 s.
		{"throttle retry 2", c.ThrottleBackoffBase, 2, 2 * sim.Second},
		// Retry 5 would reach 16 s, still under the cap.
		{"throttle retry 5", c.ThrottleBackoffBase, 5, 16 * sim.Second},
		// Retry 6: 32 s, truncated to the 20 s cap.
		{"throttle retry 6 (capped)", c.ThrottleBackoffBase, 6, 20 * sim.Second},
		// A 5xx's first and second retries: 50 ms, then 100 ms.
		{"transient retry 1", c.BackoffBase, 1, 50 * sim.Millisecond},
		{"transient retry 2", c.BackoffBase, 2, 100 * sim.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sum float64
			for range n {
				d := w.syncBackoff(tc.base, tc.retry)
				if d < 0 || d > tc.bound {
					t.Fatalf("wait %v outside [0, %v]", d, tc.bound)
				}
				sum += d.Seconds()
			}
			b := tc.bound.Seconds()
			within(t, "mean wait (s)", sum/float64(n), b/2, b/math.Sqrt(12*float64(n)), 4)
		})
	}
}

// TestClientRetryQuota replays the token arithmetic of the cross-SDK
// standard-mode cases (a 500-token bucket; 14 tokens per transient retry, 5
// per throttle retry; a success returns its retry's tokens, or 1, up to the
// initial 500).
func TestClientRetryQuota(t *testing.T) {
	type step struct {
		cause   Cause // the attempt's failure; -1: it succeeded
		retry   bool  // the client retries
		refused bool  // only the quota stopped it
		tokens  int32 // left afterwards
	}
	const ok = Cause(-1)
	for _, tc := range []struct {
		name  string
		via   Gateway
		quota int
		steps []step
	}{
		// Two 5xx (behind API Gateway, a function error is a 502), then a
		// success: 500 → 486 → 472, and the success returns 14.
		{name: "5xx retried then succeeds", via: GatewayHTTP, quota: 500, steps: []step{
			{CauseFunctionError, true, false, 486}, {CauseTimeout, true, false, 472}, {ok, false, false, 486}}},
		// Three 5xx: the third attempt is the last (max attempts), nothing
		// is returned.
		{name: "max attempts", via: GatewayREST, quota: 500, steps: []step{
			{CauseFunctionError, true, false, 486}, {CauseFunctionError, true, false, 472}, {CauseFunctionError, false, false, 472}}},
		// A throttle costs 5; the success returns them.
		{name: "throttle then success", quota: 500, steps: []step{
			{CauseThrottled, true, false, 495}, {ok, false, false, 500}}},
		// A first-attempt success adds 1, never beyond the initial tokens.
		{name: "success on a full bucket", quota: 500, steps: []step{{ok, false, false, 500}}},
		// 14 tokens: one transient retry, then the quota refuses the next.
		{name: "quota exhausted", via: GatewayHTTP, quota: 14, steps: []step{
			{CauseFunctionError, true, false, 0}, {CauseFunctionError, false, true, 0}}},
		// An empty quota: no retries at all.
		{name: "no tokens", quota: 0, steps: []step{{CauseThrottled, false, true, 0}}},
		// A direct invocation's function error or timeout is an HTTP 200
		// with X-Amz-Function-Error: not retried, no tokens taken.
		{name: "direct function error", quota: 500, steps: []step{{CauseFunctionError, false, false, 500}}},
		{name: "direct timeout", quota: 500, steps: []step{{CauseTimeout, false, false, 500}}},
		// API Gateway's own 429 is a throttle.
		{name: "API Gateway 429", via: GatewayHTTP, quota: 500, steps: []step{
			{CauseAPIGatewayThrottled, true, false, 495}}},
		// Lambda's 429 behind API Gateway reaches the client as a 500: a
		// transient error, 14 tokens.
		{name: "Lambda 429 behind API Gateway", via: GatewayREST, quota: 500, steps: []step{
			{CauseThrottled, true, false, 486}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultClient()
			c.RetryQuota = new(tc.quota)
			w := &workload{client: c, gateway: tc.via, tokens: int32(tc.quota), quota: int32(tc.quota),
				jitter: sim.NewStreams(1, 0).Stream("workload/w/client")}
			r := &request{}
			for k, st := range tc.steps {
				r.attempts++
				if st.cause == ok {
					w.syncSucceeded(r)
				} else {
					_, retry, refused := w.syncRetry(r, st.cause)
					if retry != st.retry || refused != st.refused {
						t.Errorf("step %d: retry %v refused %v, want %v %v", k, retry, refused, st.retry, st.refused)
					}
				}
				if w.tokens != st.tokens {
					t.Errorf("step %d: %d tokens, want %d", k, w.tokens, st.tokens)
				}
			}
		})
	}
}

// TestDefaultClientRetriesThrottles: with reserved concurrency 0 every
// attempt is throttled, so the default client makes exactly 3 attempts per
// request (2 retries, 5 tokens each) and the request fails "throttled". The
// quota (500 tokens) allows 100 throttle retries in all: 40 requests take
// 80; 400 requests exhaust it after 100 retries and the rest are refused.
func TestDefaultClientRetriesThrottles(t *testing.T) {
	for _, tc := range []struct {
		name             string
		n                int
		attempts         int64
		refusedAtLeast   int64
		wantRefusedExact bool
	}{
		// Within the quota: 3 attempts each.
		{name: "within the quota", n: 40, attempts: 120, wantRefusedExact: true},
		// 400 requests: 100 retries in all, then every retry is refused.
		// At most 100 requests got a retry, so at least 300 were refused
		// at their first failure.
		{name: "quota exhausted", n: 400, attempts: 500, refusedAtLeast: 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := testFunction("f", fixed(100*sim.Millisecond))
			fn.ReservedConcurrency = new(0)
			wl := Workload{Name: "w", Function: "f", Arrivals: burst(tc.n, 0, sim.Second)} // the default client
			s := mustRun(t, testScenario(sim.Minute, []Function{fn}, []Workload{wl}))
			w := s.Workloads["w"]
			t.Logf("%d requests: %d attempts, %d retries, %d refused by the quota", tc.n, s.Requests.Attempts, w.Retries, w.Refused)
			if s.Requests.Attempts != tc.attempts || s.Failures[CauseThrottled] != int64(tc.n) ||
				s.Functions["f"].Throttles != tc.attempts || w.Retries != tc.attempts-int64(tc.n) {
				t.Errorf("attempts %d (throttles %d, retries %d), throttled %d; want %d attempts, %d throttled",
					s.Requests.Attempts, s.Functions["f"].Throttles, w.Retries, s.Failures[CauseThrottled], tc.attempts, tc.n)
			}
			if tc.wantRefusedExact && w.Refused != 0 || w.Refused < tc.refusedAtLeast || w.Refused > int64(tc.n) {
				t.Errorf("retries refused %d, want %d..%d", w.Refused, tc.refusedAtLeast, tc.n)
			}
		})
	}
}

// TestDefaultClientRetryOutcomes: which failures the default client
// retries, end to end. One request per case, 3 attempts at most.
func TestDefaultClientRetryOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		via      Gateway
		errRate  float64
		timeout  sim.Time // function timeout; 0: 15 min
		attempts int64
		cause    Cause
	}{
		// Direct: a function error is an HTTP 200 with X-Amz-Function-Error;
		// the SDK returns it without retrying.
		{name: "direct function error", errRate: 1, attempts: 1, cause: CauseFunctionError},
		// Direct: a function timeout likewise.
		{name: "direct timeout", timeout: sim.Second, attempts: 1, cause: CauseTimeout},
		// Through API Gateway the function error is a 502: retried twice.
		{name: "502 through API Gateway", via: GatewayHTTP, errRate: 1, attempts: 3, cause: CauseFunctionError},
		// A function timeout through API Gateway is a 502 too.
		{name: "timeout through API Gateway", via: GatewayREST, timeout: sim.Second, attempts: 3, cause: CauseTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := testFunction("f", fixed(2*sim.Second))
			fn.ErrorRate = tc.errRate
			if tc.timeout > 0 {
				fn.Timeout = tc.timeout
			}
			wl := Workload{Name: "w", Function: "f", Via: tc.via, Arrivals: burst(1, 0, 0)}
			s := mustRun(t, testScenario(sim.Minute, []Function{fn}, []Workload{wl}))
			if s.Requests.Attempts != tc.attempts || s.Failures[tc.cause] != 1 {
				t.Errorf("attempts %d, %s %d; want %d and 1", s.Requests.Attempts, tc.cause, s.Failures[tc.cause], tc.attempts)
			}
		})
	}
}
