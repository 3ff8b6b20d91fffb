package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models/param"
)

// Structure-aware fuzzing (issue 11). The fuzzer's bytes do not go to the
// loader as they are: gen reads them as a sequence of choices and builds a
// scenario TOML and a list of --set overrides from them, so that most inputs
// get past the TOML parser and reach the decoder, the overrides and the
// models' validation. Run one target at a time:
//
//	go test -run '^$' -fuzz '^FuzzScenario$' -fuzztime 3m ./scenarios/
//	go test -run '^$' -fuzz '^FuzzScenarioSet$' -fuzztime 3m ./scenarios/
//
// testdata/fuzz/<FuzzName>/ holds the seed corpus and the inputs that once
// failed; `go test` runs them all as regression tests.

// gen draws choices from the fuzzer's bytes; past their end every choice is
// 0. level (0–7, the first byte) is how hostile the input is: at 0 every
// choice is a sensible one and most files load, so the round trip is
// exercised; at 7 most choices are odd.
type gen struct {
	data  []byte
	level int
	b     strings.Builder
}

// odd decides whether the next choice is a hostile one.
func (g *gen) odd() bool { return g.level > 0 && g.intn(8) < g.level }

func (g *gen) byte() byte {
	if len(g.data) == 0 {
		return 0
	}
	c := g.data[0]
	g.data = g.data[1:]
	return c
}

// intn is a choice in [0, n).
func (g *gen) intn(n int) int { return int(g.byte()) % n }

func (g *gen) pick(xs ...string) string { return xs[g.intn(len(xs))] }

// either picks from good, or, when the choice is an odd one, from bad.
func (g *gen) either(good, bad []string) string {
	if g.odd() {
		return g.pick(bad...)
	}
	return g.pick(good...)
}

// name is a table's name: ordinary ones (so that references between tables
// line up), long ones, and names with dots, spaces, quotes, control
// characters and non-ASCII letters.
func (g *gen) name() string {
	if !g.odd() {
		return g.pick("api", "worker", "orders", "traffic", "q")
	}
	switch g.intn(16) {
	case 0:
		return strings.Repeat("n", 1+g.intn(255)*4)
	case 1:
		return "a.b"
	case 2:
		return "with space"
	case 3:
		return "q\"uote'"
	case 4:
		return "ctl\x01\x1f\x7f"
	case 5:
		return "tab\there\nline"
	case 6:
		return "函数-ñ-é"
	case 7:
		return "😀"
	case 8:
		return ""
	case 9:
		return "\u200b\ufeff"
	case 10:
		return "x=y"
	}
	return g.pick("api", "worker", "orders", "traffic", "q")
}

// str is a TOML basic string holding s (control characters escaped).
func str(s string) string { return param.Quote(s) }

// duration is a duration as a string: good, odd, negative, huge or bad.
func (g *gen) duration() string {
	if !g.odd() {
		return str(g.pick("1s", "90s", "10ms", "15m", "2m", "1h"))
	}
	return str(g.pick("1s", "90s", "10ms", "300us", "15m", "2h", "7d", "0s", "-1s", "1e9h",
		"9223372036854775807ns", "1.5s", "s", "", "1 s", "NaN s", "inf", "100000000h", "1ns"))
}

// number is a TOML number of either type, with the edge values.
func (g *gen) number() string {
	if !g.odd() {
		return g.pick("1", "2", "10", "100", "0.5", "1500")
	}
	return g.pick("0", "1", "10", "2", "-1", "100", "1024", "10240", "1e300", "-1e300", "nan", "+inf", "-inf",
		"0.5", "1.5", "9223372036854775807", "-9223372036854775808", "3_000", "0x10", "1e-300", "-0.0")
}

// value is any TOML value, nested up to depth.
func (g *gen) value(depth int) string {
	switch k := g.intn(9); {
	case k == 0:
		return g.number()
	case k == 1:
		return g.duration()
	case k == 2:
		return g.pick("true", "false")
	case k == 3:
		return str(g.name())
	case k == 4:
		return g.pick("1979-05-27T07:32:00Z", "07:32:00", "1979-05-27")
	case k == 5 && depth > 0:
		var parts []string
		for range g.intn(4) {
			parts = append(parts, g.value(depth-1))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case k == 6 && depth > 0:
		var parts []string
		for range g.intn(4) {
			parts = append(parts, g.key()+" = "+g.value(depth-1))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case k == 7:
		return g.dist()
	case k == 8:
		return g.arrivals()
	}
	return g.number()
}

// key is a key as written: bare, quoted, dotted or odd.
func (g *gen) key() string {
	switch g.intn(6) {
	case 0:
		return str(g.name())
	case 1:
		return g.pick("a.b", "x.y.z", `"a.b".c`)
	}
	return g.pick("name", "rate", "duration", "process", "dist", "value", "memory_mb", "timeout", "function",
		"database", "queries", "enabled", "unknown_key", "mean", "median", "p99", "count", "at", "over")
}

// dist is a distribution, well or badly formed.
func (g *gen) dist() string {
	if !g.odd() {
		return g.pick("{ dist = \"fixed\", value = \"20ms\" }", "{ dist = \"exponential\", mean = \"50ms\" }",
			"{ dist = \"lognormal\", median = \"50ms\", p99 = \"200ms\" }")
	}
	switch g.intn(6) {
	case 0:
		return "{ dist = \"fixed\", value = " + g.duration() + " }"
	case 1:
		return "{ dist = \"exponential\", mean = " + g.duration() + " }"
	case 2:
		return "{ dist = \"lognormal\", median = " + g.duration() + ", p99 = " + g.duration() + " }"
	case 3:
		return "{ dist = " + str(g.name()) + " }"
	case 4:
		return g.duration()
	}
	return "{ dist = \"lognormal\", median = \"50ms\", p99 = \"200ms\" }"
}

// arrivals is an arrival process of every kind, with odd parameters.
func (g *gen) arrivals() string {
	if !g.odd() {
		return g.pick("{ process = \"poisson\", rate = 20 }", "{ process = \"constant\", rate = 5 }",
			"{ process = \"burst\", count = 100, at = \"1ms\", over = \"1s\" }",
			"{ process = \"sinusoid\", mean = 10, amplitude = 5, period = \"1m\" }",
			"{ process = \"profile\", points = [[\"0s\", 1], [\"30s\", 20]], repeat = \"1m\" }",
			"{ process = \"mmpp\", states = [{ rate = 1, mean_dwell = \"10s\" }, { rate = 50, mean_dwell = \"2s\" }] }")
	}
	switch g.intn(8) {
	case 0:
		return "{ process = \"poisson\", rate = " + g.number() + " }"
	case 1:
		return "{ process = \"constant\", rate = " + g.number() + " }"
	case 2:
		return "{ process = \"burst\", count = " + g.number() + ", at = " + g.duration() + ", over = " + g.duration() + " }"
	case 3:
		return "{ process = \"sinusoid\", mean = " + g.number() + ", amplitude = " + g.number() + ", period = " + g.duration() + " }"
	case 4:
		var pts []string
		for range g.intn(5) {
			pts = append(pts, "["+g.duration()+", "+g.number()+"]")
		}
		rep := ""
		if g.intn(2) == 0 {
			rep = ", repeat = " + g.duration()
		}
		return "{ process = \"profile\", points = [" + strings.Join(pts, ", ") + "]" + rep + " }"
	case 5:
		var sts []string
		for range g.intn(4) {
			sts = append(sts, "{ rate = "+g.number()+", mean_dwell = "+g.duration()+" }")
		}
		return "{ process = \"mmpp\", states = [" + strings.Join(sts, ", ") + "] }"
	case 6:
		return "{ process = " + str(g.name()) + " }"
	}
	return "{ process = \"poisson\", rate = 5 }"
}

func (g *gen) line(format string, a ...any) { fmt.Fprintf(&g.b, format+"\n", a...) }

// maybe writes key = value with the usual value most of the time.
func (g *gen) maybe(key, usual string) {
	if !g.odd() {
		g.line("%s = %s", key, usual)
		return
	}
	switch g.intn(8) {
	case 0: // absent
	case 1:
		g.line("%s = %s", key, g.value(2))
	default:
		g.line("%s = %s", key, usual)
	}
}

// nest writes a table nested depth levels deep, or an inline one.
func (g *gen) nest(depth int) {
	if g.intn(2) == 0 {
		path := make([]string, depth)
		for i := range path {
			path[i] = g.pick("a", "b", `"c.d"`, "function", "x")
		}
		g.line("[%s]", strings.Join(path, "."))
		g.line("%s = %s", g.key(), g.value(3))
		return
	}
	g.line("deep = %s%s", strings.Repeat("[", depth), strings.Repeat("]", depth))
}

// scenario builds a scenario file from the choices.
func (g *gen) scenario() string {
	g.maybe("name", str(g.name()))
	g.maybe("description", str(g.name()))
	g.maybe("duration", g.either([]string{`"1m"`, `"15m"`, `"2m"`, `"1h"`}, []string{g.duration()}))
	g.maybe("seed", g.either([]string{"1", "7", "42"}, []string{"0", "18446744073709551615", "-1"}))
	if g.intn(3) == 0 {
		g.maybe("warmup", g.either([]string{`"0s"`, `"1ms"`}, []string{g.duration()}))
		g.maybe("replications", g.either([]string{"1", "2", "3"}, []string{"0", "-1", "1000000"}))
	}
	if g.intn(4) == 0 {
		g.line("\n[account]")
		g.maybe("concurrency_limit", g.either([]string{"1000", "3000"}, []string{g.number()}))
	}
	calls := false
	fnNames := []string{"api", "worker", "cron"}
	fns := 1 + g.intn(3)
	for i := range fns {
		g.line("\n[[function]]")
		g.maybe("name", str(fnNames[i]))
		g.maybe("runtime", str(g.pick("python3.12", "nodejs20.x", "java21", "provided.al2023")))
		g.maybe("memory_mb", g.either([]string{"128", "1024", "10240", "3008"}, []string{"64", "10241", g.number()}))
		g.maybe("timeout", str(g.pick("30s", "5s", "1m", "15m")))
		g.maybe("duration", g.dist())
		if g.intn(4) == 0 {
			g.maybe("provisioned_concurrency", g.either([]string{"0", "5", "10"}, []string{"1000000", g.number()}))
		}
		for range g.intn(3) {
			calls = true
			g.line("\n[[function.call]]")
			g.maybe("database", str("orders"))
			g.maybe("queries", g.either([]string{"0", "1", "2"}, []string{"10001", g.number()}))
			g.maybe("connection", str(g.pick("per_environment", "per_invocation", "per_environment")))
		}
	}
	queue := false
	for i := range 1 + g.intn(3) {
		g.line("\n[[workload]]")
		g.maybe("name", str(fmt.Sprintf("w%d", i)))
		toQueue := g.intn(4) == 0
		if toQueue {
			g.maybe("queue", str("q"))
			queue = true
		} else {
			g.maybe("function", str(fnNames[g.intn(fns)]))
		}
		if !toQueue && g.intn(3) == 0 || g.odd() {
			g.maybe("invocation", str(g.pick("sync", "async")))
			g.maybe("via", str(g.pick("direct", "api-gateway-http", "api-gateway-rest")))
		}
		g.maybe("arrivals", g.arrivals())
	}
	if queue || g.odd() {
		g.line("\n[[queue]]")
		g.maybe("name", str("q"))
		g.maybe("function", str(fnNames[g.intn(fns)]))
		g.maybe("batch_size", g.either([]string{"1", "5", "10"}, []string{"10001", g.number()}))
	}
	if calls || g.odd() {
		g.line("\n[[database]]")
		g.maybe("name", str("orders"))
		g.maybe("engine", str(g.pick("postgres", "mysql")))
		g.maybe("instance", str(g.pick("db.t3.medium", "db.r6g.large", "db.t3.micro")))
		g.maybe("query_time", g.dist())
		if g.intn(2) == 0 {
			g.line("\n[database.proxy]")
			g.maybe("enabled", g.pick("true", "false"))
		}
	}
	for range g.intn(3) {
		if g.odd() {
			g.line("")
			g.nest(1 + g.intn(40))
		}
	}
	return g.b.String()
}

// set is one --set override: every form of path (top level, dotted,
// array-of-tables elements by name, calls by database, missing parts) with
// a value of every type, or a malformed one.
func (g *gen) set() string {
	if !g.odd() {
		return g.pick("duration=30s", "seed=3", "replications=2", "function.api.memory_mb=2048",
			"function.api.timeout=5s", "function.api.call.orders.queries=3", "workload.w0.arrivals.rate=7",
			"database.orders.proxy.enabled=true", "queue.q.batch_size=5", `name="x y"`,
			`workload.w0.arrivals={ process = "poisson", rate = 3 }`,
			`function.api.duration={ dist = "fixed", value = "5ms" }`)
	}
	var key string
	switch g.intn(10) {
	case 0:
		key = g.pick("duration", "seed", "replications", "name", "warmup")
	case 1:
		key = "function." + g.name() + "." + g.pick("memory_mb", "timeout", "duration", "runtime", "nope")
	case 2:
		key = "function." + g.pick("api", "worker") + ".call." + g.pick("orders", "d", "x") + "." + g.pick("queries", "connection")
	case 3:
		key = "workload." + g.name() + ".arrivals" + g.pick("", ".rate", ".process", ".points")
	case 4:
		key = "database." + g.pick("orders", "d") + g.pick(".proxy.enabled", ".instance", ".query_time", ".proxy")
	case 5:
		key = g.pick("function", "workload", "database", "queue", "account", "function.api")
	case 6:
		key = g.pick("", ".", "a..b", " ", "x.", ".x", "a.b.c.d.e.f.g.h")
	case 7:
		key = "queue." + g.pick("q", "orders-queue") + ".batch_size"
	default:
		key = g.key()
	}
	sep := g.pick("=", "=", " = ", "")
	return key + sep + g.value(3)
}

// genInput is what the fuzzer's bytes build: a file and overrides.
func genInput(data []byte) (string, []string) {
	g := &gen{data: data}
	g.level = g.intn(8)
	var sets []string
	n := g.intn(4)
	text := g.scenario()
	for range n {
		sets = append(sets, g.set())
	}
	return text, sets
}

// checkLoad is the loader's contract on any input: no panic; a refusal is a
// *Error whose every problem has a position, a key path or the --set it
// came from, and a message; an accepted scenario validates and prints as
// TOML that loads again and prints the same.
func checkLoad(t *testing.T, data []byte, sets []string) {
	t.Helper()
	sc, err := LoadBytes("fuzz.toml", data, sets)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error is a %T, not a *scenarios.Error: %v", err, err)
		}
		if len(e.Problems) == 0 {
			t.Fatalf("*scenarios.Error with no problem")
		}
		for _, p := range e.Problems {
			if p.Msg == "" || (p.Line == 0 && p.Path == "" && !p.FromSet) {
				t.Fatalf("problem without a position, key or message: %#v", p)
			}
		}
		return
	}
	if err := sc.Validate(); err != nil {
		t.Fatalf("loaded scenario fails validation: %v", err)
	}
	printed := TOML(sc)
	again, err := LoadBytes("printed.toml", printed, nil)
	if err != nil {
		t.Fatalf("accepted scenario prints as TOML that fails: %v\n%s", err, printed)
	}
	if reprinted := TOML(again); !bytes.Equal(printed, reprinted) {
		t.Fatalf("printing is not stable:\n--- first\n%s\n--- second\n%s", printed, reprinted)
	}
}

// FuzzScenario: generated scenario files, without overrides.
func FuzzScenario(f *testing.F) {
	for _, seed := range []string{"", "\x00\x01\x02\x03", "\x02\x02\x02\x02\x02\x02\x02\x02", "\xff\xfe\xfd\xfc\xfb"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, _ := genInput(data)
		checkLoad(t, []byte(text), nil)
	})
}

// FuzzScenarioSet: generated scenario files with generated --set overrides.
func FuzzScenarioSet(f *testing.F) {
	for _, seed := range []string{"\x01", "\x03\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02", "\x02\x01\x01\x01"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, sets := genInput(data)
		checkLoad(t, []byte(text), sets)
	})
}

// The generator's own checks.
func TestGenInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string // a substring of the file
		load bool   // the file loads
	}{
		// No bytes: level 0 and every choice the first sensible one.
		{"empty", nil, "[[function]]", true},
		// Level 0, choice 2 everywhere: still sensible.
		{"sensible", append([]byte{0}, bytes.Repeat([]byte{2}, 64)...), "[[workload]]", true},
		// Level 7: a long name reaches the file as it is.
		{"long name", append([]byte{7, 0, 0, 0, 200}, bytes.Repeat([]byte{7}, 32)...), strings.Repeat("n", 801), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, _ := genInput(tc.data)
			if !strings.Contains(text, tc.want) {
				t.Errorf("generated file lacks %q:\n%s", tc.want, text)
			}
			if _, err := LoadBytes("gen.toml", []byte(text), nil); (err == nil) != tc.load {
				t.Errorf("loads: %v, want %v (error %v)", err == nil, tc.load, err)
			}
			checkLoad(t, []byte(text), nil)
		})
	}
}

// A syntax error at the end of the input has a line (FuzzLoadBytes found
// the TOML parser's line 0).
func TestSyntaxErrorAtEOF(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
	}{
		// The fuzzer's input: a multi-line string cut after a backslash.
		{"one line", `00= """0\`, 1},
		// The same on the third line.
		{"third line", "a = 1\nb = 2\nc = \"\"\"x\\", 3},
		// A positioned error keeps its line.
		{"positioned", "a = 1\nb = = 2\n", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadBytes("eof.toml", []byte(tc.text), nil)
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) != 1 {
				t.Fatalf("error %v, want one problem", err)
			}
			if p := e.Problems[0]; p.Line != tc.line {
				t.Errorf("line %d, want %d: %v", p.Line, tc.line, p)
			}
		})
	}
}
