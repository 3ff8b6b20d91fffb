package apigw

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Defaults fills AWS's documented quotas; Validate checks the ranges.
func TestConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want Config // after Defaults
		err  string // "" valid, else the key in the error
	}{
		// The zero value is AWS's default: 10,000/s, burst 5,000, REST 29 s.
		{name: "defaults", want: Config{ThrottleRate: 10000, ThrottleBurst: 5000, RESTTimeout: 29 * sim.Second}},
		// A raised quota and timeout are kept.
		{name: "raised", cfg: Config{ThrottleRate: 20000, ThrottleBurst: 8000, RESTTimeout: 120 * sim.Second},
			want: Config{ThrottleRate: 20000, ThrottleBurst: 8000, RESTTimeout: 120 * sim.Second}},
		// The documented maximum REST timeout, 300 s.
		{name: "max timeout", cfg: Config{RESTTimeout: 300 * sim.Second},
			want: Config{ThrottleRate: 10000, ThrottleBurst: 5000, RESTTimeout: 300 * sim.Second}},
		// Beyond it.
		{name: "timeout too long", cfg: Config{RESTTimeout: 301 * sim.Second},
			want: Config{ThrottleRate: 10000, ThrottleBurst: 5000, RESTTimeout: 301 * sim.Second}, err: "rest_timeout"},
		// Below the 50 ms minimum.
		{name: "timeout too short", cfg: Config{RESTTimeout: 10 * sim.Millisecond},
			want: Config{ThrottleRate: 10000, ThrottleBurst: 5000, RESTTimeout: 10 * sim.Millisecond}, err: "rest_timeout"},
		// A negative rate is out of range (zero means unset).
		{name: "negative rate", cfg: Config{ThrottleRate: -1},
			want: Config{ThrottleRate: -1, ThrottleBurst: 5000, RESTTimeout: 29 * sim.Second}, err: "throttle_rate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.cfg
			c.Defaults()
			if c != tc.want {
				t.Errorf("Defaults: %+v, want %+v", c, tc.want)
			}
			err := c.Validate()
			if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
				t.Errorf("Validate: %v, want an error at %q", err, tc.err)
			}
		})
	}
}

// The bucket admits its burst at once, then its rate; a request refused by
// the route takes no account token.
func TestBucket(t *testing.T) {
	acct := NewBucket(10, 5)
	n := 0
	for range 100 {
		if Admit(0, nil, acct) {
			n++
		}
	}
	if n != 5 {
		t.Errorf("admitted %d at t=0, want the burst, 5", n)
	}
	n = 0
	for i := range 1000 { // one second, a request a millisecond
		if Admit(sim.Time(i+1)*sim.Millisecond, nil, acct) {
			n++
		}
	}
	if n != 10 {
		t.Errorf("admitted %d in 1 s, want the rate, 10", n)
	}
	route, acct := NewBucket(1, 1), NewBucket(1, 3)
	for i, want := range []bool{true, false, false} {
		if got := Admit(0, route, acct); got != want {
			t.Errorf("request %d: admitted %v, want %v", i, got, want)
		}
	}
	if acct.tokens != 2 {
		t.Errorf("account tokens %v, want 2: refused requests take none", acct.tokens)
	}
}
