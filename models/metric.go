package models

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unsafe"

	"github.com/stampede-sim/stampede/models/cost"
)

// The metric registry: every number of summary.json is declared once below,
// in summary.json's order, with its dotted path, unit, kind, a one-line
// definition and how it combines over replications. Tables, report cards,
// --assert, replication estimates and docs/metrics.md's list of metrics all
// read it. Accessors read and write the typed Summary directly.

// Unit is what a metric's number is measured in.
type Unit uint8

// Units.
const (
	UnitCount        Unit = iota // events
	UnitRatio                    // a share, 0..1
	UnitMS                       // milliseconds
	UnitS                        // seconds
	UnitUSD                      // US dollars
	UnitEnvironments             // Lambda execution environments
	UnitConnections              // database or proxy connections
	UnitMessages                 // SQS messages
	UnitVCPUs                    // virtual CPUs
	UnitInstances                // instances of an always-on fleet
	UnitRPS                      // requests per second
	UnitPollers                  // event pollers of an SQS event source mapping
	UnitACUs                     // Aurora capacity units (≈ 2 GiB of memory and its CPU each)
	numUnits
)

var unitNames = [numUnits]string{"count", "ratio", "ms", "s", "usd", "environments", "connections", "messages", "vCPUs", "instances", "requests/s", "pollers", "ACUs"}

func (u Unit) String() string { return unitNames[u] }

// Kind is what sort of quantity a metric is. It decides how a metric is
// formatted and which --assert values fit it.
type Kind uint8

// Kinds.
const (
	KindCount    Kind = iota // events counted in the window: an int64 in a run's Summary
	KindRatio                // a share of something, 0..1
	KindDuration             // a time: latency, wait, age, lifetime (unit ms or s)
	KindMoney                // US dollars
	KindGauge                // a level, time-averaged or at its peak: environments, connections, messages
	KindSetting              // a configured size or limit, the same in every replication
	KindRate                 // per second
	numKinds
)

var kindNames = [numKinds]string{"count", "ratio", "duration", "money", "gauge", "setting", "rate"}

func (k Kind) String() string { return kindNames[k] }

// Agg is how a metric combines over replications. Every metric's estimate
// is the mean over replications with a 95% confidence half-width (Student's
// t with R − 1 degrees of freedom); Agg says what that mean means.
type Agg uint8

// Aggregations.
const (
	// AggMean: the mean over replications ± the 95% CI half-width.
	AggMean Agg = iota
	// AggMeanOfMax: each replication's maximum (a peak, a max latency or
	// age), averaged: the expected maximum of one run ± CI, not the largest
	// value seen in any replication.
	AggMeanOfMax
	// AggSame: the same in every replication (a setting); the CI is 0.
	AggSame
	numAggs
)

var aggNames = [numAggs]string{"mean ± CI", "mean of maxima ± CI", "same in every replication"}

func (a Agg) String() string { return aggNames[a] }

// Scope is where in summary.json a metric lives: once per run, or once per
// named function, workload, database, RDS Proxy, Aurora Serverless v2
// database, queue or alternative (the "*" of its path).
type Scope uint8

// Scopes.
const (
	ScopeRun         Scope = iota
	ScopeFunction          // functions.*
	ScopeWorkload          // workloads.*
	ScopeDatabase          // databases.*
	ScopeProxy             // databases.*.proxy: databases behind RDS Proxy
	ScopeServerless        // databases.*.serverless: Aurora Serverless v2 databases
	ScopeQueue             // queues.*
	ScopeAlternative       // cost.alternatives.*
	numScopes
)

var scopePrefixes = [numScopes]string{"", "functions.*.", "workloads.*.", "databases.*.", "databases.*.proxy.", "databases.*.serverless.", "queues.*.", "cost.alternatives.*."}

// Names lists the instances of sc in s, sorted: the function names for
// ScopeFunction, the databases that have a proxy for ScopeProxy, the Aurora
// Serverless v2 ones for ScopeServerless, and one empty name for ScopeRun.
func (sc Scope) Names(s *Summary) []string {
	var names []string
	switch sc {
	case ScopeRun:
		return []string{""}
	case ScopeFunction:
		names = keys(s.Functions)
	case ScopeWorkload:
		names = keys(s.Workloads)
	case ScopeDatabase:
		names = keys(s.Databases)
	case ScopeProxy:
		for n, d := range s.Databases {
			if d.Proxy != nil {
				names = append(names, n)
			}
		}
	case ScopeServerless:
		for n, d := range s.Databases {
			if d.Serverless != nil {
				names = append(names, n)
			}
		}
	case ScopeQueue:
		names = keys(s.Queues)
	case ScopeAlternative:
		names = keys(s.Cost.Alternatives)
	}
	sort.Strings(names)
	return names
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Metric is one number of summary.json.
type Metric struct {
	// Path is the dotted path in summary.json; "*" stands for the name of
	// the function, workload, database, queue or alternative.
	Path  string
	Label string // short name for people: "p99 latency", "peak concurrency"
	Unit  Unit
	Kind  Kind
	Agg   Agg
	Scope Scope
	Doc   string // one-line definition; docs/metrics.md has the long ones
	// Headline is the metric's place among the headline metrics, which
	// report cards (and comparisons) show first: 1, 2, …; 0: not one.
	Headline int
	// Shortcut is the metric's --assert shortcut ("p99"), if any.
	Shortcut string
	// Limit is the path of the setting a headline shows this metric
	// against (peak_connections against max_connections), if any.
	Limit string

	integer bool
	get     func(s *Summary, name string) (float64, bool)
	set     func(s *Summary, name string, v float64) error
}

// Get reads the metric of instance name ("" for ScopeRun) from s; false
// when s has no such instance.
func (m *Metric) Get(s *Summary, name string) (float64, bool) { return m.get(s, name) }

// Set writes the metric of instance name into s. A count takes only whole
// numbers; an absent instance is an error.
func (m *Metric) Set(s *Summary, name string, v float64) error { return m.set(s, name, v) }

// Integer reports whether the metric is an int64 in a Summary (counts and
// integer settings); the others are float64.
func (m *Metric) Integer() bool { return m.integer }

// Key names one metric of one instance: Metric functions.*.p99 with Name "api".
type Key struct {
	Metric *Metric
	Name   string // "" for ScopeRun
}

// Path is the key's dotted path in summary.json: functions.api.cold_start_fraction.
func (k Key) Path() string {
	if k.Metric.Scope == ScopeRun {
		return k.Metric.Path
	}
	return strings.Replace(k.Metric.Path, "*", k.Name, 1)
}

// Get reads the key's value from s.
func (k Key) Get(s *Summary) (float64, bool) { return k.Metric.get(s, k.Name) }

// Keys lists the metric's keys present in s, by name.
func (m *Metric) Keys(s *Summary) []Key {
	var out []Key
	for _, n := range m.Scope.Names(s) {
		out = append(out, Key{m, n})
	}
	return out
}

// Metrics lists every metric in summary.json order.
func Metrics() []*Metric { return slices.Clone(registry) }

// Headlines lists the headline metrics in their order.
func Headlines() []*Metric {
	var out []*Metric
	for _, m := range registry {
		if m.Headline > 0 {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Headline < out[j].Headline })
	return out
}

// MetricAt returns the metric with the given path pattern
// ("functions.*.cold_start_fraction"), or nil.
func MetricAt(pattern string) *Metric { return byPath[pattern] }

// MustMetric is MetricAt for paths known when the program is written: it
// panics on a path that is not in the registry.
func MustMetric(pattern string) *Metric {
	m := byPath[pattern]
	if m == nil {
		panic("models: no metric " + pattern)
	}
	return m
}

// Lookup resolves a concrete dotted path ("functions.api.latency_ms.p99",
// or a shortcut such as "p99") to its key. The name is not checked against
// a run. When a name contains dots and several metrics fit, the one with
// the longest fixed part after the name wins.
func Lookup(path string) (Key, error) {
	if m := byShortcut[path]; m != nil {
		return Key{Metric: m}, nil
	}
	if m := byPath[path]; m != nil && m.Scope == ScopeRun {
		return Key{Metric: m}, nil
	}
	var best Key
	bestPost := -1
	for _, m := range registry {
		pre, post, wild := strings.Cut(m.Path, "*")
		if !wild || len(path) <= len(pre)+len(post) || !strings.HasPrefix(path, pre) || !strings.HasSuffix(path, post) {
			continue
		}
		if len(post) > bestPost {
			best, bestPost = Key{m, path[len(pre) : len(path)-len(post)]}, len(post)
		}
	}
	if best.Metric == nil {
		return Key{}, fmt.Errorf("%q is not a metric of summary.json (see docs/metrics.md; shortcuts: %s)",
			path, strings.Join(Shortcuts(), ", "))
	}
	return best, nil
}

// Shortcuts lists the --assert shortcuts in registry order.
func Shortcuts() []string {
	var out []string
	for _, m := range registry {
		if m.Shortcut != "" {
			out = append(out, m.Shortcut)
		}
	}
	return out
}

// Accessors: a locator finds the struct of a scope's instance, a field
// picks a number in it.

type number interface{ ~int64 | ~float64 }

// A locator finds the struct of a scope's instance in a Summary: find
// for writing (with a commit that stores a map entry back) and for reading
// where the struct is in place; entry, for a map scope, the map entry by
// value, so that reading one of its fields allocates nothing (see at).
type locator[T any] struct {
	find  func(s *Summary, name string) (t *T, commit func())
	entry func(s *Summary, name string) (T, bool)
}

func inMap[T any](m func(*Summary) map[string]T) locator[T] {
	return locator[T]{
		find: func(s *Summary, name string) (*T, func()) {
			mp := m(s)
			v, ok := mp[name]
			if !ok {
				return nil, nil
			}
			return &v, func() { mp[name] = v }
		},
		entry: func(s *Summary, name string) (T, bool) {
			v, ok := m(s)[name]
			return v, ok
		},
	}
}

var (
	inFunction   = inMap(func(s *Summary) map[string]FunctionSummary { return s.Functions })
	inWorkload   = inMap(func(s *Summary) map[string]WorkloadSummary { return s.Workloads })
	inDatabase   = inMap(func(s *Summary) map[string]DatabaseSummary { return s.Databases })
	inQueue      = inMap(func(s *Summary) map[string]QueueSummary { return s.Queues })
	inAlt        = inMap(func(s *Summary) map[string]cost.Comparison { return s.Cost.Alternatives })
	inRun        = locator[Summary]{find: findRun}
	inProxy      = locator[ProxySummary]{find: findProxy}
	inServerless = locator[ServerlessSummary]{find: findServerless}
)

func findRun(s *Summary, name string) (*Summary, func()) {
	if name != "" {
		return nil, nil
	}
	return s, func() {}
}

func findProxy(s *Summary, name string) (*ProxySummary, func()) {
	if d, ok := s.Databases[name]; ok && d.Proxy != nil {
		return d.Proxy, func() {}
	}
	return nil, nil
}

func findServerless(s *Summary, name string) (*ServerlessSummary, func()) {
	if d, ok := s.Databases[name]; ok && d.Serverless != nil {
		return d.Serverless, func() {}
	}
	return nil, nil
}

// fieldOffset is where field finds its number inside a T: reading a
// map entry's field through field would make the entry's copy escape to
// the heap (a call through a func value), and a text summary of 10,000
// functions made 300,000 such copies, 86 MB at the peak of a run's end
// (issue 12). field must address memory inside its argument, never
// through a pointer; a declaration that does not panics here, at start-up.
func fieldOffset[T any, N number](field func(*T) *N) uintptr {
	t := new(T)
	base, p := uintptr(unsafe.Pointer(t)), uintptr(unsafe.Pointer(field(t)))
	if p < base || p+unsafe.Sizeof(*new(N)) > base+unsafe.Sizeof(*t) {
		panic("models: a metric's field lies outside its struct")
	}
	return p - base
}

// access is a metric's reader and writer, its scope and number type erased.
type access struct {
	get     func(*Summary, string) (float64, bool)
	set     func(*Summary, string, float64) error
	integer bool
}

func at[T any, N number](loc locator[T], field func(*T) *N) access {
	var zero N
	_, integer := any(zero).(int64)
	get := func(s *Summary, name string) (float64, bool) {
		t, _ := loc.find(s, name)
		if t == nil {
			return 0, false
		}
		return float64(*field(t)), true
	}
	if loc.entry != nil {
		off := fieldOffset(field)
		get = func(s *Summary, name string) (float64, bool) {
			t, ok := loc.entry(s, name)
			if !ok {
				return 0, false
			}
			return float64(*(*N)(unsafe.Add(unsafe.Pointer(&t), off))), true
		}
	}
	return access{
		integer: integer,
		get:     get,
		set: func(s *Summary, name string, v float64) error {
			t, commit := loc.find(s, name)
			if t == nil {
				return fmt.Errorf("no %q in the summary", name)
			}
			if integer && (v != math.Trunc(v) || math.Abs(v) > 1<<53) {
				return fmt.Errorf("%g is not a whole number", v)
			}
			*field(t) = N(v)
			commit()
			return nil
		},
	}
}

// Declaring the registry.

type option func(*Metric)

func headline(n int) option    { return func(m *Metric) { m.Headline = n } }
func shortcut(s string) option { return func(m *Metric) { m.Shortcut = s } }
func maxima() option           { return func(m *Metric) { m.Agg = AggMeanOfMax } }
func limit(path string) option { return func(m *Metric) { m.Limit = path } }

var (
	registry   []*Metric
	byPath     = map[string]*Metric{}
	byShortcut = map[string]*Metric{}
)

func declare(path, label string, kind Kind, unit Unit, doc string, a access, opts ...option) {
	m := &Metric{Path: path, Label: label, Kind: kind, Unit: unit, Doc: doc, integer: a.integer, get: a.get, set: a.set}
	if kind == KindSetting {
		m.Agg = AggSame
	}
	for sc := numScopes - 1; sc > ScopeRun; sc-- {
		if strings.HasPrefix(path, scopePrefixes[sc]) {
			m.Scope = sc
			break
		}
	}
	for _, o := range opts {
		o(m)
	}
	if byPath[path] != nil || strings.Count(path, "*") != min(int(m.Scope), 1) || kind == KindCount && !a.integer ||
		kind == KindDuration && unit != UnitMS && unit != UnitS || kind == KindCount && unit != UnitCount {
		panic("models: bad metric declaration " + path)
	}
	registry = append(registry, m)
	byPath[path] = m
	if m.Shortcut != "" {
		byShortcut[m.Shortcut] = m
	}
}

func declCount(path, label, doc string, a access, o ...option) {
	declare(path, label, KindCount, UnitCount, doc, a, o...)
}
func declRatio(path, label, doc string, a access, o ...option) {
	declare(path, label, KindRatio, UnitRatio, doc, a, o...)
}
func declMS(path, label, doc string, a access, o ...option) {
	declare(path, label, KindDuration, UnitMS, doc, a, o...)
}
func declS(path, label, doc string, a access, o ...option) {
	declare(path, label, KindDuration, UnitS, doc, a, o...)
}
func declUSD(path, label, doc string, a access, o ...option) {
	declare(path, label, KindMoney, UnitUSD, doc, a, o...)
}
func declGauge(path, label string, u Unit, doc string, a access, o ...option) {
	declare(path, label, KindGauge, u, doc, a, o...)
}
func declSetting(path, label string, u Unit, doc string, a access, o ...option) {
	declare(path, label, KindSetting, u, doc, a, o...)
}

// latencyStats are the milliseconds of a Latency after its count, in
// summary.json order.
var latencyStats = []struct {
	key, label, doc string
	field           func(*Latency) *float64
}{
	{"mean", "mean", "mean", func(l *Latency) *float64 { return &l.Mean }},
	{"p50", "p50", "median", func(l *Latency) *float64 { return &l.P50 }},
	{"p90", "p90", "90th percentile", func(l *Latency) *float64 { return &l.P90 }},
	{"p95", "p95", "95th percentile", func(l *Latency) *float64 { return &l.P95 }},
	{"p99", "p99", "99th percentile", func(l *Latency) *float64 { return &l.P99 }},
	{"p999", "p99.9", "99.9th percentile", func(l *Latency) *float64 { return &l.P999 }},
	{"max", "max", "maximum", func(l *Latency) *float64 { return &l.Max }},
}

// latency declares the eight numbers of a Latency at prefix: its count and
// milliseconds. label names the distribution ("latency", "query"), of says
// what it is, counted what its count counts; with shortcuts, the
// milliseconds get --assert shortcuts named by their key (p99).
func latency[T any](loc locator[T], lat func(*T) *Latency, prefix, label, of, counted string, shortcuts bool) {
	declCount(prefix+".count", label+" count", counted,
		at(loc, func(t *T) *int64 { return &lat(t).Count }))
	for _, st := range latencyStats {
		var o []option
		if shortcuts {
			o = append(o, shortcut(st.key))
		}
		if st.key == "max" {
			o = append(o, maxima())
		}
		declMS(prefix+"."+st.key, st.label+" "+label, st.doc+" of the "+of+", ms",
			at(loc, func(t *T) *float64 { return st.field(lat(t)) }), o...)
	}
}

func init() {
	// Run-wide.
	declS("duration_s", "simulated duration", "simulated duration (statistics window plus warm-up)", at(inRun, func(s *Summary) *float64 { return &s.DurationS }), func(m *Metric) { m.Agg = AggSame })
	declS("warmup_s", "warm-up", "warm-up excluded from the statistics", at(inRun, func(s *Summary) *float64 { return &s.WarmupS }), func(m *Metric) { m.Agg = AggSame })

	declCount("requests.total", "requests", "requests the workloads generated in the window (a client retry is not a new request)",
		at(inRun, func(s *Summary) *int64 { return &s.Requests.Total }), headline(1))
	declCount("requests.succeeded", "succeeded", "requests whose final outcome was a successful response",
		at(inRun, func(s *Summary) *int64 { return &s.Requests.Succeeded }))
	declCount("requests.failed", "failed", "requests whose final outcome was a failure, any cause",
		at(inRun, func(s *Summary) *int64 { return &s.Requests.Failed }), headline(2))
	declCount("requests.throttled", "throttled", "requests whose final outcome was a throttle (HTTP 429), by Lambda or by API Gateway",
		at(inRun, func(s *Summary) *int64 { return &s.Requests.Throttled }))
	declRatio("requests.error_rate", "error rate", "failed / total",
		at(inRun, func(s *Summary) *float64 { return &s.Requests.ErrorRate }), headline(3), shortcut("error_rate"))
	declRatio("requests.throttle_rate", "throttle rate", "throttled / total",
		at(inRun, func(s *Summary) *float64 { return &s.Requests.ThrottleRate }), headline(4), shortcut("throttle_rate"))
	declCount("requests.attempts", "attempts", "invocation attempts for the window's requests, retries included",
		at(inRun, func(s *Summary) *int64 { return &s.Requests.Attempts }))
	declCount("requests.retries", "retries", "attempts − requests that made at least one attempt",
		at(inRun, func(s *Summary) *int64 { return &s.Requests.Retries }))

	for c := range NumCauses {
		declCount("failures."+c.String(), c.String(), "requests that failed in the end with "+c.Doc(),
			at(inRun, func(s *Summary) *int64 { return &s.Failures[c] }))
	}

	latency(inRun, func(s *Summary) *Latency { return &s.LatencyMS }, "latency_ms", "latency",
		"end-to-end latency of succeeded requests", "succeeded requests", true)
	latency(inRun, func(s *Summary) *Latency { return &s.ColdLatency }, "latency_cold_ms", "cold latency",
		"end-to-end latency of succeeded requests whose successful attempt started a new environment", "succeeded requests whose successful attempt started a new environment", false)
	latency(inRun, func(s *Summary) *Latency { return &s.WarmLatency }, "latency_warm_ms", "warm latency",
		"end-to-end latency of succeeded requests whose successful attempt found a warm environment", "succeeded requests whose successful attempt found a warm environment", false)
	MustMetric("latency_ms.p50").Headline = 5
	MustMetric("latency_ms.p99").Headline = 6

	declCount("cold_starts.count", "cold starts", "invocations that started on a new environment, all functions",
		at(inRun, func(s *Summary) *int64 { return &s.ColdStarts.Count }))
	declRatio("cold_starts.fraction", "cold-start fraction", "cold starts / invocations, all functions",
		at(inRun, func(s *Summary) *float64 { return &s.ColdStarts.Fraction }), headline(7))
	declRatio("cold_starts.p75_function_fraction", "p75 of functions' cold-start fractions",
		"the 75th percentile (nearest rank) over the functions invoked in the window of each one's cold-start fraction: the cold-start metric of \"Serverless in the Wild\" (Shahrad et al., ATC 2020), there over applications; 0 with one function or none invoked",
		at(inRun, func(s *Summary) *float64 { return &s.ColdStarts.P75FunctionFraction }))

	// Functions.
	fn := func(f func(*FunctionSummary) *int64) access { return at(inFunction, f) }
	fnf := func(f func(*FunctionSummary) *float64) access { return at(inFunction, f) }
	declCount("functions.*.invocations", "invocations", "attempts admitted by the function (throttled attempts are not invocations)",
		fn(func(f *FunctionSummary) *int64 { return &f.Invocations }))
	declCount("functions.*.cold_starts", "cold starts", "invocations that started on a new environment",
		fn(func(f *FunctionSummary) *int64 { return &f.ColdStarts }))
	declRatio("functions.*.cold_start_fraction", "cold-start fraction", "cold starts / invocations",
		fnf(func(f *FunctionSummary) *float64 { return &f.ColdStartFraction }))
	declCount("functions.*.throttles", "throttles", "throttled invocation attempts (every retry counts)",
		fn(func(f *FunctionSummary) *int64 { return &f.Throttles }))
	declCount("functions.*.throttle_reasons.concurrency", "concurrency throttles", "throttles because the reserved or unreserved pool was full",
		fn(func(f *FunctionSummary) *int64 { return &f.ThrottleReasons.Concurrency }))
	declCount("functions.*.throttle_reasons.scaling_rate", "scaling-rate throttles", "throttles by the scaling rate: no scaling token for a new environment, or the function's request rate rising faster than it allows",
		fn(func(f *FunctionSummary) *int64 { return &f.ThrottleReasons.ScalingRate }))
	declCount("functions.*.throttle_reasons.rps", "rps throttles", "throttles by the requests-per-second limit",
		fn(func(f *FunctionSummary) *int64 { return &f.ThrottleReasons.RPS }))
	declCount("functions.*.errors", "errors", "invocations whose handler failed (database failures included)",
		fn(func(f *FunctionSummary) *int64 { return &f.Errors }))
	declCount("functions.*.timeouts", "timeouts", "handlers stopped at the function timeout",
		fn(func(f *FunctionSummary) *int64 { return &f.Timeouts }))
	declGauge("functions.*.peak_concurrency", "peak concurrency", UnitEnvironments, "most environments serving a request at once (init included)",
		fnf(func(f *FunctionSummary) *float64 { return &f.PeakConcurrency }), maxima(), headline(9))
	declGauge("functions.*.mean_concurrency", "mean concurrency", UnitEnvironments, "time-averaged environments serving a request (init included)",
		fnf(func(f *FunctionSummary) *float64 { return &f.MeanConcurrency }))
	declGauge("functions.*.mean_instances", "mean instances", UnitEnvironments, "time-averaged environments alive: serving, initializing or idle",
		fnf(func(f *FunctionSummary) *float64 { return &f.MeanInstances }))
	declGauge("functions.*.mean_idle", "mean idle", UnitEnvironments, "mean_instances − mean_concurrency",
		fnf(func(f *FunctionSummary) *float64 { return &f.MeanIdle }))
	declGauge("functions.*.mean_initializing", "mean initializing", UnitEnvironments, "time-averaged environments in init",
		fnf(func(f *FunctionSummary) *float64 { return &f.MeanInitializing }))
	declGauge("functions.*.peak_instances", "peak instances", UnitEnvironments, "most environments alive at once",
		fnf(func(f *FunctionSummary) *float64 { return &f.PeakInstances }), maxima())
	declGauge("functions.*.provisioned", "provisioned", UnitEnvironments, "provisioned environments allocated, ready to serve (its peak; an increase counts once allocated)",
		fnf(func(f *FunctionSummary) *float64 { return &f.Provisioned }), maxima())
	declCount("functions.*.spillovers", "spillovers", "invocations run on on-demand environments while provisioned ones were allocated: all busy, or past their 10 requests/s each (ProvisionedConcurrencySpilloverInvocations)",
		fn(func(f *FunctionSummary) *int64 { return &f.Spillovers }))
	latency(inFunction, func(f *FunctionSummary) *Latency { return &f.LatencyMS }, "functions.*.latency_ms", "latency",
		"end-to-end latency of succeeded requests aimed at the function", "succeeded requests aimed at the function", false)
	latency(inFunction, func(f *FunctionSummary) *Latency { return &f.DurationMS }, "functions.*.duration_ms", "duration",
		"time each invocation held its environment (platform overhead, init and handler; the bill leaves out the overhead)", "invocations that ended in the window", false)
	latency(inFunction, func(f *FunctionSummary) *Latency { return &f.ColdStartMS }, "functions.*.cold_start_ms", "init",
		"what each cold start added: platform overhead and Init Duration", "cold starts", false)
	declGauge("functions.*.async_peak_depth", "async queue peak", UnitCount, "most async events waiting at once in Lambda's internal queue for a retry (throttled or failed); 0 without async workloads",
		fnf(func(f *FunctionSummary) *float64 { return &f.AsyncPeakDepth }), maxima())
	declS("functions.*.async_max_age_s", "async queue oldest age", "the oldest an async event got while waiting in Lambda's internal queue (since its first arrival)",
		fnf(func(f *FunctionSummary) *float64 { return &f.AsyncMaxAgeS }), maxima())

	// Workloads.
	wl := func(f func(*WorkloadSummary) *int64) access { return at(inWorkload, f) }
	declCount("workloads.*.requests", "requests", "requests the workload generated in the window",
		wl(func(w *WorkloadSummary) *int64 { return &w.Requests }))
	declCount("workloads.*.succeeded", "succeeded", "of which succeeded",
		wl(func(w *WorkloadSummary) *int64 { return &w.Succeeded }))
	declCount("workloads.*.failed", "failed", "of which failed",
		wl(func(w *WorkloadSummary) *int64 { return &w.Failed }))
	declCount("workloads.*.retries", "retries", "attempts beyond each request's first (the client's, or Lambda's own for async events, or SQS receives)",
		wl(func(w *WorkloadSummary) *int64 { return &w.Retries }))
	declCount("workloads.*.retries_refused", "retries refused", "sync: requests that failed because the client's retry quota was too low for the retry it would have made",
		wl(func(w *WorkloadSummary) *int64 { return &w.Refused }))
	latency(inWorkload, func(w *WorkloadSummary) *Latency { return &w.LatencyMS }, "workloads.*.latency_ms", "latency",
		"end-to-end latency of the workload's succeeded requests", "the workload's succeeded requests", false)

	// Databases.
	db := func(f func(*DatabaseSummary) *int64) access { return at(inDatabase, f) }
	dbf := func(f func(*DatabaseSummary) *float64) access { return at(inDatabase, f) }
	declSetting("databases.*.max_connections", "max connections", UnitConnections, "max_connections: set, or the engine's formula for the instance",
		db(func(d *DatabaseSummary) *int64 { return &d.MaxConnections }))
	declSetting("databases.*.reserved_connections", "reserved connections", UnitConnections, "connection slots applications cannot use",
		db(func(d *DatabaseSummary) *int64 { return &d.ReservedConnections }))
	declSetting("databases.*.vcpus", "vCPUs", UnitVCPUs, "the instance's vCPUs: the CPU queue's servers (Aurora Serverless v2: the most, at max_acu)",
		db(func(d *DatabaseSummary) *int64 { return &d.VCPUs }))
	declGauge("databases.*.peak_connections", "peak connections", UnitConnections, "most database connections open at once (opening ones included)",
		dbf(func(d *DatabaseSummary) *float64 { return &d.PeakConnections }), maxima(), headline(10),
		limit("databases.*.max_connections"))
	declGauge("databases.*.mean_connections", "mean connections", UnitConnections, "time-averaged open database connections",
		dbf(func(d *DatabaseSummary) *float64 { return &d.MeanConnections }))
	declGauge("databases.*.mean_in_use", "mean in use", UnitConnections, "time-averaged connections held by running invocations, borrowed, or opening",
		dbf(func(d *DatabaseSummary) *float64 { return &d.MeanInUse }))
	declGauge("databases.*.mean_held_idle", "mean held idle", UnitConnections, "time-averaged connections held by idle environments",
		dbf(func(d *DatabaseSummary) *float64 { return &d.MeanHeldIdle }))
	declGauge("databases.*.peak_held_idle", "peak held idle", UnitConnections, "most connections held by idle environments at once",
		dbf(func(d *DatabaseSummary) *float64 { return &d.PeakHeldIdle }), maxima())
	declGauge("databases.*.mean_pool_idle", "mean pool idle", UnitConnections, "time-averaged connections idle in RDS Proxy's pool",
		dbf(func(d *DatabaseSummary) *float64 { return &d.MeanPoolIdle }))
	declCount("databases.*.connects", "connects", "database connections opened",
		db(func(d *DatabaseSummary) *int64 { return &d.Connects }))
	declCount("databases.*.refused", "refused", "connects refused: every usable connection slot taken",
		db(func(d *DatabaseSummary) *int64 { return &d.Refused }))
	declCount("databases.*.server_closed", "closed idle", "connections the server closed after idle_timeout",
		db(func(d *DatabaseSummary) *int64 { return &d.ServerClosed }))
	declS("databases.*.mean_lifetime_s", "mean connection lifetime", "mean lifetime of the connections opened and closed in the window",
		dbf(func(d *DatabaseSummary) *float64 { return &d.ConnectionLifetimeS }))
	declS("databases.*.max_lifetime_s", "max connection lifetime", "longest lifetime of those connections",
		dbf(func(d *DatabaseSummary) *float64 { return &d.MaxLifetimeS }), maxima())
	declRatio("databases.*.cpu_utilization", "CPU utilization", "busy vCPU-seconds / (vCPUs × window); Aurora Serverless v2: of the CPU at max_acu, as AWS's CPUUtilization",
		dbf(func(d *DatabaseSummary) *float64 { return &d.CPUUtilization }))
	declCount("databases.*.queries", "queries", "queries completed",
		db(func(d *DatabaseSummary) *int64 { return &d.Queries }))
	latency(inDatabase, func(d *DatabaseSummary) *Latency { return &d.QueryMS }, "databases.*.query_ms", "query",
		"query latency from being issued on a connection to its result", "queries measured", false)
	latency(inDatabase, func(d *DatabaseSummary) *Latency { return &d.ConnectMS }, "databases.*.connect_ms", "connect",
		"time to open a connection (handshake and its CPU work)", "connections opened", false)

	// RDS Proxy.
	px := func(f func(*ProxySummary) *int64) access { return at(inProxy, f) }
	pxf := func(f func(*ProxySummary) *float64) access { return at(inProxy, f) }
	declSetting("databases.*.proxy.max_pool", "pool max", UnitConnections, "the pool's maximum: max_connections × max_connections_percent / 100",
		px(func(p *ProxySummary) *int64 { return &p.MaxPool }))
	declCount("databases.*.proxy.borrows", "borrows", "pool connections borrowed (one per query; a pinned session's first)",
		px(func(p *ProxySummary) *int64 { return &p.Borrows }))
	declCount("databases.*.proxy.borrow_waited", "borrows waited", "borrows that had to wait",
		px(func(p *ProxySummary) *int64 { return &p.BorrowWaited }))
	declCount("databases.*.proxy.borrow_timeouts", "borrow timeouts", "borrows that gave up after borrow_timeout",
		px(func(p *ProxySummary) *int64 { return &p.BorrowTimeouts }))
	for _, w := range []struct {
		key, doc string
		f        func(*Waits) *float64
	}{
		{"mean", "mean", func(w *Waits) *float64 { return &w.Mean }},
		{"p50", "median", func(w *Waits) *float64 { return &w.P50 }},
		{"p99", "99th percentile", func(w *Waits) *float64 { return &w.P99 }},
	} {
		declMS("databases.*.proxy.borrow_wait_ms."+w.key, w.key+" borrow wait",
			w.doc+" wait for a pooled connection over all granted borrows, zero waits included, ms",
			pxf(func(p *ProxySummary) *float64 { return w.f(&p.BorrowWaitMS) }))
	}
	declCount("databases.*.proxy.pinned_sessions", "pinned sessions", "client sessions that pinned a database connection",
		px(func(p *ProxySummary) *int64 { return &p.PinnedSessions }))
	declGauge("databases.*.proxy.peak_pinned", "peak pinned", UnitConnections, "most pinned connections at once",
		pxf(func(p *ProxySummary) *float64 { return &p.PeakPinned }), maxima())
	declGauge("databases.*.proxy.peak_client_connections", "peak client connections", UnitConnections, "most client connections to the proxy at once",
		pxf(func(p *ProxySummary) *float64 { return &p.PeakClientConnections }), maxima())
	declGauge("databases.*.proxy.mean_client_connections", "mean client connections", UnitConnections, "time-averaged client connections to the proxy",
		pxf(func(p *ProxySummary) *float64 { return &p.MeanClientConnections }))

	// Aurora Serverless v2.
	sv := func(f func(*ServerlessSummary) *float64) access { return at(inServerless, f) }
	declSetting("databases.*.serverless.min_acu", "min ACUs", UnitACUs, "min_acu: the capacity it never scales below",
		sv(func(v *ServerlessSummary) *float64 { return &v.MinACU }))
	declSetting("databases.*.serverless.max_acu", "max ACUs", UnitACUs, "max_acu: the capacity it never scales above (max_connections follows it)",
		sv(func(v *ServerlessSummary) *float64 { return &v.MaxACU }))
	declGauge("databases.*.serverless.mean_acu", "mean ACUs", UnitACUs, "time-averaged capacity allocated; × window hours × the ACU-hour price is its bill",
		sv(func(v *ServerlessSummary) *float64 { return &v.MeanACU }))
	declGauge("databases.*.serverless.peak_acu", "peak ACUs", UnitACUs, "the most capacity allocated at once",
		sv(func(v *ServerlessSummary) *float64 { return &v.PeakACU }), maxima(), limit("databases.*.serverless.max_acu"))

	// Queues.
	q := func(f func(*QueueSummary) *int64) access { return at(inQueue, f) }
	qf := func(f func(*QueueSummary) *float64) access { return at(inQueue, f) }
	declCount("queues.*.sent", "sent", "messages sent in the window",
		q(func(q *QueueSummary) *int64 { return &q.Sent }))
	declCount("queues.*.processed", "processed", "of those, processed by a successful invocation",
		q(func(q *QueueSummary) *int64 { return &q.Processed }))
	declCount("queues.*.dead_lettered", "dead-lettered", "of those, moved to the dead-letter queue after max_receive_count receives",
		q(func(q *QueueSummary) *int64 { return &q.DeadLettered }))
	declCount("queues.*.expired", "expired", "of those, older than the retention period",
		q(func(q *QueueSummary) *int64 { return &q.Expired }))
	declCount("queues.*.still_queued", "still queued", "of those, not finished when the run ended (only when stopped early)",
		q(func(q *QueueSummary) *int64 { return &q.StillQueued }))
	declGauge("queues.*.peak_depth", "peak depth", UnitMessages, "most messages in the queue at once, visible and in flight",
		qf(func(q *QueueSummary) *float64 { return &q.PeakDepth }), maxima())
	declGauge("queues.*.peak_visible", "peak visible", UnitMessages, "most messages waiting to be received at once",
		qf(func(q *QueueSummary) *float64 { return &q.PeakVisible }), maxima())
	declGauge("queues.*.mean_visible", "mean visible", UnitMessages, "time-averaged messages waiting to be received",
		qf(func(q *QueueSummary) *float64 { return &q.MeanVisible }))
	declS("queues.*.max_age_s", "oldest message age", "the oldest any message got while queued",
		qf(func(q *QueueSummary) *float64 { return &q.MaxAgeS }), maxima(), headline(11))
	latency(inQueue, func(q *QueueSummary) *Latency { return &q.WaitMS }, "queues.*.wait_ms", "wait",
		"time from send to the start of the invocation that processed the message", "messages processed", false)
	latency(inQueue, func(q *QueueSummary) *Latency { return &q.LatencyMS }, "queues.*.latency_ms", "latency",
		"time from send to the end of the invocation that processed the message", "messages processed", false)
	declCount("queues.*.receives", "receives", "receives of the window's messages (a redelivery counts again)",
		q(func(q *QueueSummary) *int64 { return &q.Receives }))
	declCount("queues.*.batches", "batches", "batches received for an invocation (a throttled one is retried, and dropped if its visibility timeout runs out)",
		q(func(q *QueueSummary) *int64 { return &q.Batches }))
	declGauge("queues.*.mean_batch", "mean batch", UnitMessages, "mean messages per batch",
		qf(func(q *QueueSummary) *float64 { return &q.MeanBatch }))
	declCount("queues.*.throttled_batches", "throttled batches", "invoke attempts the function throttled: the poller retries a throttled batch with back-off, and each attempt counts",
		q(func(q *QueueSummary) *int64 { return &q.ThrottledBatches }))
	declGauge("queues.*.peak_esm_concurrency", "ESM peak concurrency", UnitEnvironments, "most concurrent invocations of the event source mapping",
		qf(func(q *QueueSummary) *float64 { return &q.PeakESMConcurrency }), maxima())
	declGauge("queues.*.mean_esm_concurrency", "ESM mean concurrency", UnitEnvironments, "time-averaged concurrent invocations of the event source mapping",
		qf(func(q *QueueSummary) *float64 { return &q.MeanESMConcurrency }))
	declGauge("queues.*.peak_pollers", "peak pollers", UnitPollers, "most event pollers at once: in standard mode the batches the mapping may process at once, in provisioned mode one per 10 concurrent invokes",
		qf(func(q *QueueSummary) *float64 { return &q.PeakPollers }), maxima())
	declGauge("queues.*.mean_pollers", "mean pollers", UnitPollers, "time-averaged event pollers; in provisioned mode × the window's hours is the EPU-hours AWS bills",
		qf(func(q *QueueSummary) *float64 { return &q.MeanPollers }))
	declCount("queues.*.sqs_requests", "SQS requests", "billed SQS requests: sends, receives (empty ones included), deletes; per 64 KB",
		q(func(q *QueueSummary) *int64 { return &q.SQSRequests }))

	// Cost.
	declUSD("cost.total_usd", "cost", "the window's bill: the sum of the breakdown",
		at(inRun, func(s *Summary) *float64 { return &s.Cost.TotalUSD }))
	declUSD("cost.monthly_usd", "cost per month", "windows_per_month × total_usd + baseline_usd: by default the window's rate over 730 h; with [month] windows, that many windows and the baseline for the rest of the month (month_basis says which)",
		at(inRun, func(s *Summary) *float64 { return &s.Cost.MonthlyUSD }), headline(8))
	declSetting("cost.windows_per_month", "windows a month", UnitCount, "the windows a month counts: [month] windows, or 730 h ÷ the window when the window repeats all month",
		at(inRun, func(s *Summary) *float64 { return &s.Cost.WindowsPerMonth }))
	declUSD("cost.baseline_usd", "rest of the month", "with [month] windows: baseline_usd for the share of the month the windows leave; 0 otherwise",
		at(inRun, func(s *Summary) *float64 { return &s.Cost.BaselineUSD }))
	declUSD("cost.per_million_requests", "cost per million requests", "total_usd / requests.total × 10⁶",
		at(inRun, func(s *Summary) *float64 { return &s.Cost.PerMillionRequests }))
	for l := range cost.NumLines {
		declUSD("cost.breakdown."+l.Key(), l.Label(), l.Label()+" for the window: "+cost.Lines[l].Doc,
			at(inRun, func(s *Summary) *float64 { return &s.Cost.Breakdown[l] }))
	}
	alt := func(f func(*cost.Comparison) *float64) access { return at(inAlt, f) }
	declGauge("cost.alternatives.*.instances_peak", "instances for peak", UnitInstances, "fleet instances for the window's peak arrival rate",
		alt(func(c *cost.Comparison) *float64 { return &c.InstancesPeak }), maxima())
	declGauge("cost.alternatives.*.instances_mean", "instances for mean", UnitInstances, "fleet instances for the window's mean arrival rate",
		alt(func(c *cost.Comparison) *float64 { return &c.InstancesMean }))
	declUSD("cost.alternatives.*.monthly_usd", "fleet per month", "the fleet sized for the peak, always on, per month",
		alt(func(c *cost.Comparison) *float64 { return &c.MonthlyUSD }))
	declUSD("cost.alternatives.*.monthly_mean_usd", "fleet for mean per month", "the fleet sized for the mean, per month (a lower bound)",
		alt(func(c *cost.Comparison) *float64 { return &c.MonthlyMeanUSD }))
	declUSD("cost.alternatives.*.lambda_monthly_usd", "Lambda per month", "what the fleet replaces: Lambda and API Gateway, per month",
		alt(func(c *cost.Comparison) *float64 { return &c.LambdaMonthly }))
	declUSD("cost.alternatives.*.saving_monthly_usd", "saving per month", "lambda_monthly_usd − monthly_usd: positive when the fleet is cheaper",
		alt(func(c *cost.Comparison) *float64 { return &c.SavingMonthly }))
	declare("cost.alternatives.*.break_even_rps", "break-even rate", KindRate, UnitRPS,
		"sustained request rate above which the fleet is cheaper than Lambda; 0: never",
		alt(func(c *cost.Comparison) *float64 { return &c.BreakEvenRPS }))
}
