package scenarios

import (
	"math"
	"strings"

	"github.com/stampede-sim/stampede/models/coldstart"
	"github.com/stampede-sim/stampede/sim"
)

var topKeys = []string{"name", "description", "seed", "duration", "warmup", "replications",
	"account", "function", "workload", "queue", "database", "pricing", "alternative"}

func (n *node) scenario() *Scenario {
	sc := &Scenario{
		Name:        n.str("name", "", true),
		Description: n.str("description", "", false),
	}
	seed, _ := n.integer("seed", defaultSeed, 0, math.MaxInt64, "")
	sc.Seed = uint64(seed)
	sc.Duration = n.duration("duration", 0, true, sim.Millisecond, 3650*sim.Day)
	sc.Warmup = n.duration("warmup", 0, false, 0, 0)
	reps, _ := n.integer("replications", defaultReplications, 1, 1000, "")
	sc.Replications = int(reps)
	sc.Account = n.account()
	for _, f := range n.tables("function") {
		sc.Functions = append(sc.Functions, f.function())
	}
	for _, w := range n.tables("workload") {
		sc.Workloads = append(sc.Workloads, w.workload())
	}
	for _, q := range n.tables("queue") {
		sc.Queues = append(sc.Queues, q.queue())
	}
	for _, d := range n.tables("database") {
		sc.Databases = append(sc.Databases, d.database())
	}
	dbNames := map[string]bool{}
	for _, d := range sc.Databases {
		dbNames[d.Name] = true
	}
	sc.Pricing = n.pricing(dbNames)
	for _, a := range n.tables("alternative") {
		sc.Alternatives = append(sc.Alternatives, a.alternative())
	}
	n.finish(topKeys...)
	return sc
}

func (n *node) account() Account {
	a := Account{
		ConcurrencyLimit:  defaultConcurrencyLimit,
		UnreservedMinimum: defaultUnreservedMinimum,
		Scaling:           defaultScaling,
		Region:            defaultRegion,
	}
	t := n.table("account")
	if t == nil {
		return a
	}
	lim, _ := t.integer("concurrency_limit", defaultConcurrencyLimit, 1, 10_000_000, "")
	unres, _ := t.integer("unreserved_minimum", defaultUnreservedMinimum, 0, 10_000_000, "")
	a.ConcurrencyLimit, a.UnreservedMinimum = int(lim), int(unres)
	a.Scaling = t.str("scaling", defaultScaling, false, "2023", "legacy")
	a.Region = t.str("region", defaultRegion, false)
	if !validRegion(a.Region) {
		t.problem("region", a.Region, "not a region name (allowed: e.g. us-east-1, eu-west-1, ap-northeast-1)")
	}
	t.finish("concurrency_limit", "unreserved_minimum", "scaling", "region")
	return a
}

// validRegion accepts AWS region names: letters-letters-digit, e.g. us-east-1.
func validRegion(r string) bool {
	parts := strings.Split(r, "-")
	if len(parts) < 3 {
		return false
	}
	for i, p := range parts {
		if p == "" {
			return false
		}
		for _, c := range p {
			digit := c >= '0' && c <= '9'
			if (i == len(parts)-1) != digit || (!digit && (c < 'a' || c > 'z')) {
				return false
			}
		}
	}
	return true
}

var functionKeys = []string{"name", "runtime", "memory_mb", "arch", "timeout", "duration", "cold_start",
	"keep_alive", "reserved_concurrency", "provisioned_concurrency", "error_rate", "per_message_time", "call",
	"async_max_retries", "async_max_event_age"}

func (n *node) function() Function {
	f := Function{
		Name:     n.str("name", "", true),
		Runtime:  n.str("runtime", defaultRuntime, false),
		Arch:     n.str("arch", defaultArch, false, "x86_64", "arm64"),
		Timeout:  n.duration("timeout", defaultTimeout, false, sim.Second, 900*sim.Second),
		Duration: n.distribution("duration", nil),
	}
	mem, _ := n.integer("memory_mb", defaultMemoryMB, 128, 10240, "MB")
	f.MemoryMB = int(mem)
	if _, given := n.m["cold_start"]; given {
		f.ColdStart = n.distribution("cold_start", nil)
	} else if cs, ok := coldstart.Default(f.Runtime, f.Arch); ok {
		f.ColdStart = cs
	} else {
		n.problem("runtime", f.Runtime, "no default cold start for this runtime: set cold_start, or use one of %s",
			strings.Join(coldstart.Runtimes(), ", "))
	}
	ka := defaultKeepAlive
	f.KeepAlive = n.distribution("keep_alive", &ka)
	res, present := n.integer("reserved_concurrency", -1, 0, 10_000_000, "")
	if !present {
		res = -1
	}
	f.ReservedConcurrency = int(res)
	if v, ok := n.m["provisioned_concurrency"]; ok {
		if _, isTable := v.(map[string]any); isTable {
			n.get("provisioned_concurrency")
			n.problem("provisioned_concurrency", nil, "a schedule or auto scaling table is not supported yet (allowed now: an integer)")
		}
	}
	pc, _ := n.integer("provisioned_concurrency", 0, 0, 10_000_000, "")
	f.ProvisionedConcurrency = int(pc)
	f.ErrorRate = n.float("error_rate", 0, 0, 1)
	if _, ok := n.m["per_message_time"]; ok {
		pm := n.distribution("per_message_time", nil)
		f.PerMessageTime = &pm
	}
	retries, _ := n.integer("async_max_retries", defaultAsyncRetries, 0, 2, "")
	f.AsyncMaxRetries = int(retries)
	f.AsyncMaxEventAge = n.duration("async_max_event_age", defaultAsyncMaxAge, false, 60*sim.Second, 6*sim.Hour)
	for _, c := range n.tables("call") {
		f.Calls = append(f.Calls, c.call())
	}
	n.finish(functionKeys...)
	return f
}

var workloadKeys = []string{"name", "function", "queue", "invocation", "via", "arrivals", "client"}

func (n *node) workload() Workload {
	w := Workload{Name: n.str("name", "", true)}
	_, hasQueue := n.m["queue"]
	_, hasFunction := n.m["function"]
	if hasQueue {
		w.Queue = n.str("queue", "", true)
		if hasFunction {
			n.problem("function", nil, "a workload targets a function or a queue, not both")
		}
		for _, k := range []string{"invocation", "via", "client"} {
			if _, set := n.get(k); set {
				n.problem(k, nil, "not for a queue target (the producer sends to SQS; the event source mapping invokes the function)")
			}
		}
		w.Invocation, w.Via = "queue", "sqs"
	} else {
		w.Function = n.str("function", "", true)
		w.Invocation = n.str("invocation", defaultInvocation, false, "sync", "async")
		w.Via = n.str("via", defaultVia, false, "direct", "api-gateway-http", "api-gateway-rest")
		w.Client = n.client()
		if w.Invocation == "async" && w.Via != "direct" {
			n.problem("via", w.Via, "API Gateway integrations are synchronous (allowed with invocation = \"async\": direct)")
		}
	}
	w.Arrivals = n.arrivals("arrivals")
	n.finish(workloadKeys...)
	return w
}

func (n *node) client() Client {
	c := Client{Retries: defaultRetries, BackoffBase: defaultBackoffBase, BackoffCap: defaultBackoffCap}
	t := n.table("client")
	if t == nil {
		return c
	}
	r, _ := t.integer("retries", defaultRetries, 0, 10, "")
	c.Retries = int(r)
	c.BackoffBase = t.duration("backoff_base", defaultBackoffBase, false, sim.Millisecond, sim.Hour)
	c.BackoffCap = t.duration("backoff_cap", defaultBackoffCap, false, sim.Millisecond, 24*sim.Hour)
	if c.BackoffCap < c.BackoffBase {
		t.problem("backoff_cap", c.BackoffCap.String(), "must be >= backoff_base (%v)", c.BackoffBase)
	}
	t.finish("retries", "backoff_base", "backoff_cap")
	return c
}
