package scenarios

import (
	"maps"
	"slices"
	"strconv"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/apigw"
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/models/sqs"
)

// The scenario file's tables: each decodes the keys its model declares
// (package param) and the sub-tables it holds. Defaults and rules are the
// models' own; this file only maps the file's shape onto their configs.

// keys lists a table's allowed keys: its fields', then its sub-tables.
func keys[C any](fs []param.Field[C], sub ...string) []string {
	return append(param.Keys(fs), sub...)
}

func (n *node) scenario() *models.Scenario {
	sc := &models.Scenario{}
	fields(n, models.Fields, sc)
	if t := n.table("account"); t != nil {
		fields(t, lambda.AccountFields, &sc.Account)
		t.finish(keys(lambda.AccountFields)...)
	}
	if t := n.table("api_gateway"); t != nil {
		fields(t, apigw.Fields, &sc.APIGateway)
		t.finish(keys(apigw.Fields)...)
	}
	sc.Functions = decodeAll(n.tables("function"), (*node).function)
	sc.Workloads = decodeAll(n.tables("workload"), (*node).workload)
	for _, q := range n.tables("queue") {
		var c sqs.Config
		fields(q, sqs.Fields, &c)
		q.finish(keys(sqs.Fields)...)
		sc.Queues = append(sc.Queues, c)
	}
	sc.Databases = decodeAll(n.tables("database"), (*node).database)
	sc.Pricing = n.pricing()
	if t := n.table("month"); t != nil {
		fields(t, cost.MonthFields, &sc.Month)
		t.finish(keys(cost.MonthFields)...)
	}
	for _, t := range n.tables("alternative") {
		var a cost.Alternative
		fields(t, cost.AlternativeFields, &a)
		t.finish(keys(cost.AlternativeFields)...)
		sc.Alternatives = append(sc.Alternatives, a)
	}
	n.finish(keys(models.Fields, "account", "api_gateway", "function", "workload", "queue", "database", "pricing", "month", "alternative")...)
	return sc
}

// decodeAll decodes each of tables, into a slice made to size (nil for
// none): a function's configuration is about 2 KB, and growing by doubling
// left as much again as garbage for 10,000 functions.
func decodeAll[T any](tables []*node, decode func(*node) T) []T {
	if len(tables) == 0 {
		return nil
	}
	out := make([]T, len(tables))
	for i, t := range tables {
		out[i] = decode(t)
	}
	return out
}

func (n *node) function() models.Function {
	var f models.Function
	n.provisioned(&f.Config)
	fields(n, lambda.Fields, &f.Config)
	for _, t := range n.tables("call") {
		var c rds.CallConfig
		fields(t, rds.CallFields, &c)
		t.finish(keys(rds.CallFields)...)
		f.Calls = append(f.Calls, c)
	}
	n.finish(keys(lambda.Fields, "call")...)
	return f
}

// provisioned decodes the table form of provisioned_concurrency, e.g.
// { initial = 20, min = 10, max = 500, target_utilization = 0.7,
// schedule = [["8h", 200], ["20h", 20]], repeat = "24h" }: `initial` is the
// integer form's level at t = 0, `schedule` a list of [time, level] pairs,
// the other keys lambda.ProvisionedFields. The integer form is left to
// lambda.Fields.
func (n *node) provisioned(c *lambda.Config) {
	const key = "provisioned_concurrency"
	if _, ok := n.m[key].(map[string]any); !ok {
		return
	}
	t := n.table(key)
	delete(n.m, key) // decoded here, not as the integer
	p := &lambda.ProvisionedScaling{}
	c.ProvisionedScaling = p
	if v, ok := t.get("initial"); ok {
		f, _ := param.Find(lambda.Fields, key)
		if decodeValue(t, "initial", "", &c.ProvisionedConcurrency, v) {
			if e := f.Check(c); e != nil {
				t.problem("initial", v, "%s", e.Msg)
			}
		}
	}
	fields(t, lambda.ProvisionedFields, p)
	p.Schedule = t.schedule("schedule")
	t.finish(keys(lambda.ProvisionedFields, "initial", "schedule")...)
}

// schedule reads [["8h", 200], ["20h", 20]]: scheduled actions as [time, level] pairs.
func (n *node) schedule(key string) []lambda.ScheduledAction {
	v, ok := n.get(key)
	if !ok {
		return nil
	}
	const example = `[["8h", 200], ["20h", 20]]`
	arr, isArr := v.([]any)
	if !isArr {
		n.problem(key, v, "must be an array of [time, level] pairs, e.g. %s", example)
		return nil
	}
	ip, dp := n.paths(key)
	out := make([]lambda.ScheduledAction, 0, len(arr))
	for i, e := range arr {
		idx := "[" + strconv.Itoa(i) + "]"
		pair, isPair := e.([]any)
		if !isPair || len(pair) != 2 {
			n.d.report(ip+idx, dp+idx, e, `must be a [time, level] pair such as ["8h", 200]`)
			return nil
		}
		at, good := n.d.durationValue(ip+idx, dp+idx, pair[0])
		if !good {
			return nil
		}
		level, isInt := pair[1].(int64)
		if !isInt || level < 0 || level > 10_000_000 {
			n.d.report(ip+idx, dp+idx, e, "the level must be an integer 0..10000000 (environments)")
			return nil
		}
		out = append(out, lambda.ScheduledAction{At: at, Level: int(level)})
	}
	return out
}

func (n *node) workload() models.Workload {
	var w models.Workload
	fields(n, models.WorkloadFields, &w)
	if _, hasQueue := n.m["queue"]; hasQueue {
		for _, k := range []string{"invocation", "via", "client", "rate_limit", "burst_limit"} {
			if _, set := n.get(k); set {
				n.problem(k, nil, "not for a queue target (the producer sends to SQS; the event source mapping invokes the function)")
			}
		}
	} else if t := n.table("client"); t != nil {
		fields(t, models.ClientFields, &w.Client)
		t.finish(keys(models.ClientFields)...)
	}
	w.Arrivals = n.arrivals("arrivals")
	n.finish(keys(models.WorkloadFields, "arrivals", "client")...)
	return w
}

func (n *node) database() rds.Config {
	var c rds.Config
	fields(n, rds.Fields, &c)
	if t := n.table("proxy"); t != nil {
		fields(t, rds.ProxyFields, &c.Proxy)
		t.finish(keys(rds.ProxyFields)...)
	}
	n.finish(keys(rds.Fields, "proxy")...)
	return c
}

// pricing decodes [pricing]: free_tier, flat overrides of the price
// table's items, and [pricing.rds_instance_hourly].
func (n *node) pricing() cost.Pricing {
	var p cost.Pricing
	t := n.table("pricing")
	if t == nil {
		return p
	}
	priceKeys := cost.Default().Keys()
	priceRange := "0.." + param.Show(cost.MaxPrice)
	allowed := append([]string{"free_tier", "rds_instance_hourly"}, priceKeys...)
	for _, k := range slices.Sorted(maps.Keys(t.m)) {
		v, _ := t.get(k)
		switch {
		case k == "free_tier":
			decodeValue(t, k, "", &p.FreeTier, v)
		case k == "rds_instance_hourly":
			r := t.table(k)
			if r == nil {
				continue
			}
			p.RDSHourly = map[string]float64{}
			for _, db := range slices.Sorted(maps.Keys(r.m)) {
				x, _ := r.get(db)
				var f float64
				if decodeValue(r, db, priceRange, &f, x) {
					p.RDSHourly[db] = f
				}
			}
		case slices.Contains(priceKeys, k):
			var f float64
			if decodeValue(t, k, priceRange, &f, v) {
				if p.Overrides == nil {
					p.Overrides = map[string]float64{}
				}
				p.Overrides[k] = f
			}
		default:
			t.used[k] = false
		}
	}
	t.finish(allowed...)
	return p
}
