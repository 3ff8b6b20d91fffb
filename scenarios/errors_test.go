package scenarios

import (
	"errors"
	"strings"
	"testing"
)

// base is a valid scenario that cases break one key at a time.
const base = `name = "t"
duration = "1m"

[[function]]
name = "api"
duration = "10ms"

[[workload]]
name = "w"
function = "api"
arrivals = { process = "poisson", rate = 1 }
`

func loadErr(t *testing.T, text string, sets ...string) string {
	t.Helper()
	_, err := LoadBytes("s.toml", []byte(text), sets)
	if err == nil {
		t.Fatalf("no error for:\n%s", text)
	}
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("error is %T, not *Error: %v", err, err)
	}
	return err.Error()
}

func TestBaseIsValid(t *testing.T) {
	if _, err := LoadBytes("s.toml", []byte(base), nil); err != nil {
		t.Fatal(err)
	}
}

// Every rule, with the message it gives. Full messages (with file:line:col)
// where the position matters, substrings elsewhere.
func TestValidationMessages(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		sets       []string
		want       string
	}{
		// Memory out of range: file, line, column, key path by name, value, allowed.
		{"memory", strings.Replace(base, `name = "api"`, "name = \"api\"\nmemory_mb = 20000", 1), nil,
			`s.toml:6:1: function[api].memory_mb = 20000: out of range (allowed: 128..10240 MB)`},
		// A TOML syntax error is located.
		{"syntax", "name = \"t\nduration = 1", nil, "s.toml:1:"},
		// Unknown key, with the keys allowed there.
		{"unknown key", strings.Replace(base, `name = "api"`, "name = \"api\"\nmemroy_mb = 1", 1), nil,
			`s.toml:6:1: function[api].memroy_mb: unknown key (allowed here: name, runtime, memory_mb`},
		// Required keys.
		{"no name", strings.Replace(base, `name = "t"`, ``, 1), nil, `name: missing (required)`},
		{"no duration", strings.Replace(base, `duration = "1m"`, ``, 1), nil, `duration: missing (required`},
		{"no handler duration", strings.Replace(base, `duration = "10ms"`, ``, 1), nil, `function[api].duration: missing (required`},
		// A bad duration string names the allowed units.
		{"bad duration", strings.Replace(base, `"1m"`, `"1 minute"`, 1), nil, `duration = "1 minute"`},
		// Timeout range.
		{"timeout", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\ntimeout = \"901s\"", 1), nil,
			`function[api].timeout = "901s": out of range (allowed: 1s..15m)`},
		// Enumerations list what is allowed.
		{"arch", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\narch = \"sparc\"", 1), nil,
			`function[api].arch = "sparc": not allowed (allowed: x86_64, arm64)`},
		{"scaling", base + "[account]\nscaling = \"fast\"\n", nil, `account.scaling = "fast": not allowed (allowed: 2023, legacy)`},
		{"region", base + "[account]\nregion = \"mars\"\n", nil, `account.region = "mars": not a region name`},
		{"invocation", strings.Replace(base, `function = "api"`, "function = \"api\"\ninvocation = \"later\"", 1), nil,
			`workload[w].invocation = "later": not allowed (allowed: sync, async)`},
		{"async via gateway", strings.Replace(base, `function = "api"`, "function = \"api\"\ninvocation = \"async\"\nvia = \"api-gateway-rest\"", 1), nil,
			`workload[w].via = "api-gateway-rest": API Gateway integrations are synchronous`},
		// Unknown runtime without an explicit cold_start.
		{"runtime", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nruntime = \"cobol\"", 1), nil,
			`function[api].runtime = "cobol": no default cold start for this runtime: set cold_start, or use one of`},
		// Distribution problems: unknown family, unknown parameter, invalid parameters.
		{"dist kind", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "pareto", mean = "1s" }`, 1), nil,
			`function[api].duration.dist = "pareto": unknown distribution (allowed: fixed, exponential`},
		{"dist param", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "exponential", median = "1s" }`, 1), nil,
			`s.toml:6:36: function[api].duration.median: unknown key (allowed here: dist, mean)`},
		{"lognormal order", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "lognormal", median = "1s", p99 = "10ms" }`, 1), nil,
			`function[api].duration: lognormal needs 0 < median < p99`},
		// Arrival problems.
		{"process", strings.Replace(base, `process = "poisson", rate = 1`, `process = "bursty", rate = 1`, 1), nil,
			`workload[w].arrivals.process = "bursty": unknown process (allowed: poisson`},
		{"negative rate", strings.Replace(base, `rate = 1`, `rate = -5`, 1), nil,
			`workload[w].arrivals.rate = -5: must be a number in 0..1000000000`},
		{"sinusoid", strings.Replace(base, `{ process = "poisson", rate = 1 }`, `{ process = "sinusoid", mean = 10, amplitude = 20, period = "1m" }`, 1), nil,
			`amplitude 20 is larger than mean 10`},
		{"profile order", strings.Replace(base, `{ process = "poisson", rate = 1 }`, `{ process = "profile", points = [["0s", 1], ["5m", 2], ["1m", 3]] }`, 1), nil,
			`points must be in strictly increasing time`},
		// Cross-field rules.
		{"reserved sum", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nreserved_concurrency = 950", 1), nil,
			`function[api].reserved_concurrency = 950: reserved concurrency adds up to 950, more than concurrency_limit 1000 − unreserved_minimum 100 = 900`},
		{"provisioned > reserved", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nreserved_concurrency = 10\nprovisioned_concurrency = 20", 1), nil,
			`function[api].provisioned_concurrency = 20: more than reserved_concurrency 10`},
		{"warmup", strings.Replace(base, `duration = "1m"`, "duration = \"1m\"\nwarmup = \"2m\"", 1), nil,
			`warmup = "2m": must be shorter than duration`},
		{"no workload", base[:strings.Index(base, "[[workload]]")], nil, `at least one [[workload]] is required`},
		{"missing function", strings.Replace(base, `function = "api"`, `function = "web"`, 1), nil,
			`workload[w].function = "web": no such function (defined: api)`},
		{"duplicate", base + "\n[[function]]\nname = \"api\"\nduration = \"1ms\"\n", nil, `duplicate function name`},
		// Keys of the interface that no model implements yet.
		// Queues: their function must exist, their keys are range-checked.
		{"queue function", base + "\n[[queue]]\nname = \"q\"\nfunction = \"web\"\n", nil,
			`queue[q].function = "web": no such function (defined: api)`},
		{"queue batch size", base + "\n[[queue]]\nname = \"q\"\nfunction = \"api\"\n" + "batch_size = 100\n", nil,
			`queue[q].batch_size = 100: above 10 needs batch_window of at least 1s (it is 0s)`},
		{"queue max concurrency", base + "\n[[queue]]\nname = \"q\"\nfunction = \"api\"\n" + "max_concurrency = 1\n", nil, `queue[q].max_concurrency = 1: out of range (allowed: 2..1000)`},
		// Provisioned mode and max_concurrency are mutually exclusive (AWS).
		{"queue provisioned and max concurrency", base + "\n[[queue]]\nname = \"q\"\nfunction = \"api\"\n" + "max_concurrency = 10\nprovisioned_max_pollers = 5\n", nil,
			`queue[q].max_concurrency = 10: cannot be combined with provisioned mode`},
		{"queue provisioned pollers", base + "\n[[queue]]\nname = \"q\"\nfunction = \"api\"\n" + "provisioned_min_pollers = 1\n", nil,
			`queue[q].provisioned_min_pollers = 1: out of range (allowed: 2..200)`},
		{"queue visibility", base + "\n[[queue]]\nname = \"q\"\nfunction = \"api\"\n" + "visibility_timeout = \"1s\"\n", nil,
			`queue[q].visibility_timeout = "1s": shorter than function api's timeout (3s)`},
		{"queue window", base + "\n[[queue]]\nname = \"q\"\nfunction = \"api\"\n" + "batch_window = \"10m\"\n", nil, `queue[q].batch_window = "10m": out of range`},
		{"queue unknown key", base + "\n[[queue]]\nname = \"q\"\nfunction = \"api\"\n" + "batchsize = 5\n", nil, `queue[q].batchsize: unknown key`},
		{"queue workload target", strings.Replace(base, `function = "api"`, `queue = "nope"`, 1), nil,
			`workload[w].queue = "nope": no such queue (defined: none: add a [[queue]])`},
		{"queue and function", strings.Replace(base, `function = "api"`, "function = \"api\"\nqueue = \"q\"", 1) + "\n[[queue]]\nname = \"q\"\nfunction = \"api\"\n", nil,
			`workload[w].function: a workload targets a function or a queue, not both`},
		{"queue workload via", strings.Replace(base, `function = "api"`, "queue = \"q\"\nvia = \"api-gateway-http\"", 1) + "\n[[queue]]\nname = \"q\"\nfunction = \"api\"\n", nil,
			`workload[w].via: not for a queue target`},
		// A database needs an instance class, from the table.
		{"database instance missing", base + "\n[[database]]\nname = \"d\"\n", nil, `database[d].instance: missing (required)`},
		{"database instance unknown", base + "\n[[database]]\nname = \"d\"\ninstance = \"db.z9.huge\"\n", nil,
			`s.toml:15:1: database[d].instance = "db.z9.huge": unknown instance class (allowed: db.FAMILY.SIZE with family t3, t4g, m5`},
		{"database engine", strings.Replace(base+"\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n", `name = "d"`, "name = \"d\"\nengine = \"oracle\"", 1), nil,
			`database[d].engine = "oracle": not allowed (allowed: postgres, mysql, aurora-postgresql, aurora-mysql)`},
		{"database reserved", base + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n" + "reserved_connections = 500\n", nil,
			`database[d].reserved_connections = 500: must be below max_connections (413)`},
		{"database multi_az type", base + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n" + "multi_az = \"yes\"\n", nil, `database[d].multi_az = "yes": must be true or false`},
		{"database unknown key", base + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n" + "max_conections = 5\n", nil, `database[d].max_conections: unknown key`},
		// Proxy settings are range-checked against each other.
		{"proxy idle > max", base + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n" + "[database.proxy]\nmax_connections_percent = 40\nmax_idle_connections_percent = 60\n", nil,
			`database[d].proxy.max_idle_connections_percent = 60: out of range (allowed: 0..40 % (at most max_connections_percent))`},
		{"proxy pinning", base + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n" + "[database.proxy]\npinning_fraction = 1.5\n", nil,
			`database[d].proxy.pinning_fraction = 1.5: must be a number in 0..1`},
		{"proxy unknown key", base + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n" + "[database.proxy]\nborow_timeout = \"1s\"\n", nil, `database[d].proxy.borow_timeout: unknown key`},
		{"duplicate database", base + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n" + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n", nil, `s.toml:18:1: database[1].name = "d": duplicate database name`},
		// A call must name a database that exists.
		{"call without database", base + "\n[[function.call]]\ndatabase = \"d\"\n", nil,
			`function[api].call[0].database = "d": no such database (defined: none: add a [[database]])`},
		{"call connection", base + "\n[[function.call]]\ndatabase = \"d\"\nconnection = \"pooled\"\n" + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n", nil,
			`function[api].call[0].connection = "pooled": not allowed (allowed: per_environment, per_invocation)`},
		{"call queries", base + "\n[[function.call]]\ndatabase = \"d\"\nqueries = -1\n" + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n", nil,
			`function[api].call[0].queries = -1: out of range`},
		// [pricing]: known price keys only, non-negative; database names must exist.
		{"pricing key", base + "\n[pricing]\nlambda_requests = 1\n", nil, `pricing.lambda_requests: unknown key (allowed here: free_tier, rds_instance_hourly, api_gateway_http`},
		{"pricing value", base + "\n[pricing]\nlambda_request = -1\n", nil, `pricing.lambda_request = -1: must be a number in 0..1000000`},
		{"pricing database", base + "\n[pricing.rds_instance_hourly]\norders = 0.1\n", nil, `pricing.rds_instance_hourly.orders: no such database`},
		{"alternative capacity", base + "\n[[alternative]]\nname = \"fleet\"\nhourly_usd = 0.1\n", nil, `alternative[fleet].capacity_rps: missing (required)`},
		{"alternative utilization", base + "\n[[alternative]]\nname = \"fleet\"\nhourly_usd = 0.1\ncapacity_rps = 10\ntarget_utilization = 2\n", nil,
			`alternative[fleet].target_utilization = 2: must be a number in 0.01..1`},
		// A trace's file must exist (relative to the scenario's folder), and
		// an unknown format names the allowed ones.
		{"trace file", strings.Replace(base, `{ process = "poisson", rate = 1 }`, `{ process = "trace", file = "x" }`, 1), nil,
			`workload[w].arrivals.file = "x": x: no such file or directory`},
		{"trace format", strings.Replace(base, `{ process = "poisson", rate = 1 }`, `{ process = "trace", file = "errors_test.go", format = "csv" }`, 1), nil,
			`trace format "csv" (allowed: timestamps, azure-2019, azure-2021)`},
		// Provisioned concurrency as a table: its own keys, the schedule's form and order,
		// target tracking's bounds, and the pools' rules at each level it may ask for.
		{"pc schedule pair", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nprovisioned_concurrency = { schedule = [[\"5m\"]] }", 1), nil,
			`s.toml:7:41: function[api].provisioned_concurrency.schedule[0] = ["5m"]: must be a [time, level] pair`},
		{"pc schedule order", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nprovisioned_concurrency = { schedule = [[\"8h\", 5], [\"2h\", 1]] }", 1), nil,
			`function[api].provisioned_concurrency.schedule[1] = "2h": not after the previous action (8h)`},
		{"pc unknown key", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nprovisioned_concurrency = { maximum = 5 }", 1), nil,
			`function[api].provisioned_concurrency.maximum: unknown key (allowed here: min, max, target_utilization, repeat, preparation, initial, schedule)`},
		{"pc min without max", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nprovisioned_concurrency = { min = 5 }", 1), nil,
			`function[api].provisioned_concurrency.min = 5: needs max (target tracking)`},
		{"pc initial outside", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nprovisioned_concurrency = { initial = 50, min = 1, max = 20 }", 1), nil,
			`function[api].provisioned_concurrency.initial = 50: outside min..max (1..20)`},
		{"pc max > reserved", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nreserved_concurrency = 100\nprovisioned_concurrency = { min = 10, max = 500 }", 1), nil,
			`function[api].provisioned_concurrency.max = 500: more than reserved_concurrency 100`},
		{"pc schedule > unreserved", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nprovisioned_concurrency = { schedule = [[\"1h\", 950]] }", 1), nil,
			`function[api].provisioned_concurrency.schedule[0] = 950: more than the unreserved pool (1000) less unreserved_minimum (100) = 900`},
		{"pc unreserved minimum", strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nprovisioned_concurrency = 901", 1), nil,
			`function[api].provisioned_concurrency = 901: more than the unreserved pool (1000) less unreserved_minimum (100) = 900`},
		// --set: values it writes are reported as coming from --set.
		{"set value", base, []string{"function.api.memory_mb=5"}, `(--set) function[api].memory_mb = 5: out of range`},
		{"set unknown element", base, []string{"function.web.memory_mb=512"}, `no function named "web" (there are: "api"; or an index from 0 to 0)`},
		{"set through a value", base, []string{"name.x=1"}, `name is not a table`},
		// Issue 11, hostile input. A distribution never takes a missing parameter as 0:
		// the message names it and the parametrisations allowed.
		{"lognormal without p99", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "lognormal", median = "80ms" }`, 1), nil,
			`s.toml:6:1: function[api].duration.p99: missing (lognormal needs median and p99, or mean and stddev)`},
		// Only min of a uniform: max is missing.
		{"uniform without max", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "uniform", min = "1s" }`, 1), nil,
			`function[api].duration.max: missing (uniform needs min and max)`},
		// No parameter at all: the first one is named.
		{"gamma without parameters", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "gamma" }`, 1), nil,
			`function[api].duration.mean: missing (gamma needs mean and cv)`},
		// Two parametrisations at once.
		{"lognormal both ways", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "lognormal", median = "80ms", p99 = "1s", mean = "1s" }`, 1), nil,
			`function[api].duration.mean: mean given with median (lognormal needs median and p99, or mean and stddev, not both)`},
		// values and file of an empirical distribution together.
		{"empirical values and file", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "empirical", values = [1.0], file = "x.csv" }`, 1), nil,
			`function[api].duration.file: file given with values (empirical needs values, or file, not both)`},
		// A sum whose terms overflow a time.
		{"sum overflow", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "sum", terms = ["1200000h", "1200000h", "1200000h"] }`, 1), nil,
			`function[api].duration: sum: the terms add up to 1281023h or more, too long`},
		// A parameter missing under a --set is reported as from --set, not at the file's key.
		{"set dist missing", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "lognormal", median = "8ms", p99 = "40ms" }`, 1),
			[]string{`function.api.duration={ dist = "lognormal", median = "80ms" }`}, `(--set) function[api].duration.p99: missing`},
		// A burst after the end of the run would never fire.
		{"burst after the end", strings.Replace(base, `{ process = "poisson", rate = 1 }`, `{ process = "burst", count = 5, at = "2m" }`, 1), nil,
			`s.toml:11:44: workload[w].arrivals.at = "2m": at or after the end of the run (duration 1m): the burst would never fire`},
		// Duplicate alternative names.
		{"duplicate alternative", base + "\n[[alternative]]\nname = \"a\"\nhourly_usd = 1\ncapacity_rps = 1\n[[alternative]]\nname = \"a\"\nhourly_usd = 2\ncapacity_rps = 2\n", nil,
			`s.toml:18:1: alternative[1].name = "a": duplicate alternative name`},
		// Control characters in names are refused, and escaped in the message (no raw ESC).
		{"control character in a name", strings.Replace(base, `name = "api"`, `name = "a\u001b[31mb"`, 1), nil,
			`s.toml:5:1: function[a\x1b[31mb].name = "a\u001B[31mb": holds a control or invisible character (allowed: printable text)`},
		// [database.proxy] without [[database]] has a line and says what to write.
		{"table for an array of tables", base + "\n[database.proxy]\nenabled = true\n", nil,
			`s.toml:13:1: database: a single table here (a [database] or [database.…] header with no [[database]] before it); must be an array of tables: start each element with [[database]]`},
		// --set addresses a name with a dot by quoting or brackets; an unterminated quote says so.
		{"set quoted key", strings.ReplaceAll(base, `"api"`, `"my.api"`), []string{`function."my.api".memory_mb=5`}, `(--set) function[my.api].memory_mb = 5: out of range`},
		{"set bracket key", strings.ReplaceAll(base, `"api"`, `"my.api"`), []string{`function[my.api].memory_mb=5`}, `(--set) function[my.api].memory_mb = 5: out of range`},
		{"set unterminated quote", base, []string{`function."api.memory_mb=5`}, `unterminated quote in key`},
		// Elements of an inline array of tables, by index.
		{"set inline array element", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "sum", terms = [{ dist = "fixed", value = "5ms" }, { dist = "fixed", value = "1ms" }] }`, 1),
			[]string{`function.api.duration.terms[1].value=-1s`}, `(--set) function[api].duration.terms[1].value = "-1s"`},
		// An inline array that holds a value that is not a table is set whole.
		{"set inline array of values", strings.Replace(base, `duration = "10ms"`, `duration = { dist = "sum", terms = ["5ms", "1ms"] }`, 1),
			[]string{`function.api.duration.terms[1].value=1s`}, `function.api.duration.terms is an array of values, not of tables: set it whole`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := loadErr(t, tc.text, tc.sets...); !strings.Contains(got, tc.want) {
				t.Errorf("got:\n%s\nwant it to contain:\n%s", got, tc.want)
			}
		})
	}
}

// All problems are reported at once, in file order.
func TestAllProblemsReported(t *testing.T) {
	text := strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\nmemory_mb = 1\narch = \"z\"", 1)
	got := loadErr(t, text)
	if !strings.Contains(got, "2 problems") || strings.Index(got, "memory_mb") > strings.Index(got, "arch") {
		t.Errorf("want both problems in file order:\n%s", got)
	}
}

// The account's pool rules do not depend on the order of the functions in
// the file: the same problems, at the same functions, either way.
func TestPoolRulesOrderIndependent(t *testing.T) {
	fn := func(name, extra string) string {
		return "\n[[function]]\nname = \"" + name + "\"\nduration = \"10ms\"\n" + extra + "\n"
	}
	head := "name = \"t\"\nduration = \"1m\"\n[[workload]]\nname = \"w\"\nfunction = \"a\"\narrivals = { process = \"poisson\", rate = 1 }\n"
	for _, tc := range []struct {
		name string
		a, b string // the two functions' extra keys
		want string
	}{
		// One level over the pool by itself, another small: one problem, at the big one.
		{"one over", "provisioned_concurrency = 950", "provisioned_concurrency = 10", "function[a].provisioned_concurrency = 950: more than the unreserved pool"},
		// Two levels that fit alone and not together: one problem, at the larger.
		{"sum over", "provisioned_concurrency = 400", "provisioned_concurrency = 600", "function[b].provisioned_concurrency = 600: provisioned concurrency of functions without a reservation adds up to 1000"},
		// Equal levels: at the first name in sort order.
		{"sum over, tie", "provisioned_concurrency = 500", "provisioned_concurrency = 500", "function[a].provisioned_concurrency = 500: provisioned concurrency of functions without a reservation adds up to 1000"},
		// Reservations over what may be reserved: once, at the larger.
		{"reserved over", "reserved_concurrency = 300", "reserved_concurrency = 800", "function[b].reserved_concurrency = 800: reserved concurrency adds up to 1100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ab := loadErr(t, head+fn("a", tc.a)+fn("b", tc.b))
			ba := loadErr(t, head+fn("b", tc.b)+fn("a", tc.a))
			strip := func(s string) string { // drop the file positions
				var out []string
				for _, l := range strings.Split(s, "\n") {
					if i := strings.Index(l, ": function["); i >= 0 {
						l = l[i+2:]
					}
					out = append(out, l)
				}
				return strings.Join(out, "\n")
			}
			if strip(ab) != strip(ba) || !strings.Contains(ab, tc.want) || strings.Count(ab, "function[") != 1 {
				t.Errorf("a then b:\n%s\nb then a:\n%s\nwant the same one problem: %s", ab, ba, tc.want)
			}
		})
	}
}
