package scenarios

import (
	"strings"

	"github.com/stampede-sim/stampede/models/rds/instance"
	"github.com/stampede-sim/stampede/sim"
)

var databaseKeys = []string{"name", "engine", "instance", "multi_az", "vcpus", "max_connections",
	"reserved_connections", "connect_time", "connect_cpu", "query_time", "idle_timeout", "proxy"}

func (n *node) database() Database {
	db := Database{
		Name:     n.str("name", "", true),
		Engine:   n.str("engine", defaultEngine, false, instance.Engines...),
		Instance: n.str("instance", "", true),
		MultiAZ:  n.boolean("multi_az", false),
	}
	class, ok := instance.Lookup(db.Instance)
	if !ok && db.Instance != "" {
		n.problem("instance", db.Instance, "unknown instance class (allowed: db.FAMILY.SIZE with family %s; sizes micro–large for t3/t4g, large–4xlarge otherwise)",
			instance.Families())
	}
	db.MemoryGiB = class.MemoryGiB
	db.HourlyUSD = class.HourlyUSD(db.Engine, db.MultiAZ)
	vcpus, _ := n.integer("vcpus", int64(class.VCPUs), 1, 1024, "")
	db.VCPUs = int(vcpus)
	maxc, _ := n.integer("max_connections", 0, 0, 262_142, "")
	if maxc == 0 {
		maxc = int64(instance.DefaultMaxConnections(db.Engine, class.MemoryGiB))
	}
	db.MaxConnections = int(maxc)
	res := int64(defaultMySQLReserved)
	if db.Engine == "postgres" {
		res = defaultPGReserved
	}
	res, _ = n.integer("reserved_connections", res, 0, 262_142, "")
	db.ReservedConnections = int(res)
	if ok && db.ReservedConnections >= db.MaxConnections {
		n.problem("reserved_connections", db.ReservedConnections, "must be below max_connections (%d)", db.MaxConnections)
	}
	ct, qt, cc := defaultConnectTime, defaultQueryTime, defaultConnectCPU
	db.ConnectTime = n.distribution("connect_time", &ct)
	db.ConnectCPU = n.distribution("connect_cpu", &cc)
	db.QueryTime = n.distribution("query_time", &qt)
	idle := sim.Time(0)
	if db.Engine == "mysql" {
		idle = defaultMySQLIdleTimeout
	}
	db.IdleTimeout = n.duration("idle_timeout", idle, false, 0, 365*sim.Day)
	db.Proxy = n.proxy()
	n.finish(databaseKeys...)
	return db
}

var proxyKeys = []string{"enabled", "max_connections_percent", "max_idle_connections_percent",
	"borrow_timeout", "pinning_fraction", "added_latency"}

func (n *node) proxy() Proxy {
	lat := defaultProxyLatency
	p := Proxy{
		MaxConnectionsPercent:     defaultProxyMaxPercent,
		MaxIdleConnectionsPercent: defaultProxyIdlePercent,
		BorrowTimeout:             defaultBorrowTimeout,
		AddedLatency:              lat,
	}
	t := n.table("proxy")
	if t == nil {
		return p
	}
	p.Enabled = t.boolean("enabled", false)
	maxp, _ := t.integer("max_connections_percent", defaultProxyMaxPercent, 1, 100, "%")
	p.MaxConnectionsPercent = int(maxp)
	idle := min(int64(defaultProxyIdlePercent), maxp)
	idle, _ = t.integer("max_idle_connections_percent", idle, 0, maxp, "% (at most max_connections_percent)")
	p.MaxIdleConnectionsPercent = int(idle)
	p.BorrowTimeout = t.duration("borrow_timeout", defaultBorrowTimeout, false, 0, 3600*sim.Second)
	p.PinningFraction = t.float("pinning_fraction", 0, 0, 1)
	p.AddedLatency = t.distribution("added_latency", &lat)
	t.finish(proxyKeys...)
	return p
}

var callKeys = []string{"database", "queries", "queries_per_message", "connection"}

func (n *node) call() Call {
	c := Call{
		Database:   n.str("database", "", true),
		Connection: n.str("connection", defaultConnection, false, "per_environment", "per_invocation"),
	}
	q, _ := n.integer("queries", defaultQueriesPerCall, 0, 10_000, "")
	c.Queries = int(q)
	qm, _ := n.integer("queries_per_message", 0, 0, 10_000, "")
	c.QueriesPerMessage = int(qm)
	n.finish(callKeys...)
	return c
}

// checkDatabases checks database names and the calls that reference them.
func checkDatabases(root *node, sc *Scenario) {
	dbs := root.tables("database")
	seen := map[string]bool{}
	var names []string
	for i, db := range sc.Databases {
		if i < len(dbs) && db.Name != "" && seen[db.Name] {
			dbs[i].problem("name", db.Name, "duplicate database name (names must be unique)")
		}
		seen[db.Name] = true
		names = append(names, db.Name)
	}
	defined := "none: add a [[database]]"
	if len(names) > 0 {
		defined = strings.Join(names, ", ")
	}
	fns := root.tables("function")
	for i, f := range sc.Functions {
		if i >= len(fns) {
			break
		}
		if len(f.Calls) == 0 {
			continue
		}
		calls := fns[i].tables("call")
		for j, c := range f.Calls {
			if j < len(calls) && c.Database != "" && !seen[c.Database] {
				calls[j].problem("database", c.Database, "no such database (defined: %s)", defined)
			}
		}
	}
}
