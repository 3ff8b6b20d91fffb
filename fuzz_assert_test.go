package stampede_test

import (
	"math"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede"
	"github.com/stampede-sim/stampede/models"
)

// assertGen builds an --assert expression from the fuzzer's bytes: a path
// (a shortcut, a registry path with "*" filled by an ordinary, dotted,
// empty or odd name, or junk), an operator (one of the five, a doubled or
// missing one), and a value in every unit, with NaN and the infinities.
type assertGen struct{ data []byte }

func (g *assertGen) intn(n int) int {
	if len(g.data) == 0 {
		return 0
	}
	c := g.data[0]
	g.data = g.data[1:]
	return int(c) % n
}

func (g *assertGen) pick(xs ...string) string { return xs[g.intn(len(xs))] }

func (g *assertGen) expr() string {
	var path string
	metrics := models.Metrics()
	switch g.intn(4) {
	case 0:
		path = g.pick(append(models.Shortcuts(), "")...)
	case 1, 2:
		m := metrics[g.intn(len(metrics))]
		name := g.pick("api", "a.b", "", "函数", "x<y", "=", " ", "\x00", strings.Repeat("n", 300))
		path = strings.Replace(m.Path, "*", name, 1)
	default:
		path = g.pick("latency_ms", "functions..p99", "cost", "requests.", ".", "p99 p99", "nan", "inf")
	}
	op := g.pick("<", "<=", ">", ">=", "==", "=", "<<", "=>", "", "!=")
	num := g.pick("0", "1", "0.01", "-1", "1e308", "1e309", "-1e309", "NaN", "nan", "+Inf", "-inf", "Infinity",
		"0x1p-2", "1_000", "", ".", "5e-324", "1e-400")
	unit := g.pick("", "", "ms", "s", "us", "ns", "m", "h", "d", "%", "%%", "ms%", " ms", "µs")
	sp := g.pick("", " ", "\t")
	return sp + path + sp + op + sp + num + unit + sp
}

// FuzzParseAssertion: no expression makes the parser panic, and one it
// accepts has an operator of the five, a metric, and a finite value: NaN
// and ±Inf, however written, are refused.
//
//	go test -run '^$' -fuzz '^FuzzParseAssertion$' -fuzztime 3m .
func FuzzParseAssertion(f *testing.F) {
	for _, seed := range []string{"", "\x00\x00\x00\x07", "\x01\x05\x00\x01\x07\x02", "\x01\x00\x00\x01\x01\x00"} {
		f.Add([]byte(seed), "")
	}
	for _, seed := range []string{"p99<300ms", "throttle_rate<1%", "p99<NaN", "p99<+Inf", "error_rate<=1e400%", "functions.a.b.throttles>=0"} {
		f.Add([]byte(nil), seed)
	}
	f.Fuzz(func(t *testing.T, data []byte, raw string) {
		expr := raw
		if expr == "" {
			expr = (&assertGen{data: data}).expr()
		}
		a, err := stampede.ParseAssertion(expr)
		if err != nil {
			if !strings.Contains(err.Error(), "--assert") {
				t.Fatalf("%q: error does not name the assertion: %v", expr, err)
			}
			return
		}
		if math.IsNaN(a.Value) || math.IsInf(a.Value, 0) {
			t.Fatalf("%q: accepted a value that is not finite: %v", expr, a.Value)
		}
		switch a.Op {
		case "<", "<=", ">", ">=", "==":
		default:
			t.Fatalf("%q: operator %q", expr, a.Op)
		}
		if a.Key.Metric == nil || a.Path == "" || a.Expr != expr {
			t.Fatalf("%q: incomplete assertion %+v", expr, a)
		}
	})
}

// Assertions with values that are not finite are refused, however written.
func TestParseAssertionNotFinite(t *testing.T) {
	for _, expr := range []string{
		"p99<NaN",            // NaN
		"p99<nan",            // lower case
		"p99<+Inf",           // +Inf
		"p99>-inf",           // -Inf
		"p99<Infinity",       // spelt out
		"p99<1e309",          // overflows to +Inf
		"throttle_rate<inf%", // a percentage
		"error_rate<1e400%",  // an overflowing percentage
	} {
		if a, err := stampede.ParseAssertion(expr); err == nil {
			t.Errorf("%q: accepted, value %v", expr, a.Value)
		}
	}
}
