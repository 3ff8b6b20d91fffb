package rds

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// Defaults resolve the instance class (vCPUs, memory, price, the engine's
// max_connections formula) and the engine's and RDS Proxy's defaults;
// values that are set stay.
func TestConfigDefaults(t *testing.T) {
	type want struct {
		vcpus, maxConn, reserved int
		idle                     sim.Time
		memGiB, hourly           float64
	}
	for _, tc := range []struct {
		name string
		cfg  Config
		want want
	}{
		// PostgreSQL on a db.t3.medium (2 vCPUs, 4 GiB): 413 connections, 3
		// reserved, no idle timeout, $0.072/h.
		{"postgres t3.medium", Config{Name: "db", Instance: "db.t3.medium"},
			want{vcpus: 2, maxConn: 413, reserved: 3, idle: 0, memGiB: 4, hourly: 0.072}},
		// MySQL: 313 connections, none reserved, wait_timeout 8 h.
		{"mysql t3.medium", Config{Name: "db", Engine: MySQL, Instance: "db.t3.medium"},
			want{vcpus: 2, maxConn: 313, reserved: 0, idle: 8 * sim.Hour, memGiB: 4, hourly: 0.068}},
		// Multi-AZ doubles the price; MySQL on 16 GiB: 1,316 connections.
		{"multi-AZ", Config{Name: "db", Engine: MySQL, Instance: "db.r6g.large", MultiAZ: true},
			want{vcpus: 2, maxConn: 1316, reserved: 0, idle: 8 * sim.Hour, memGiB: 16, hourly: 0.43}},
		// Explicit values stay, zeros included where zero is a value.
		{"explicit", Config{Name: "db", Instance: "db.m5.xlarge", VCPUs: 3, MaxConnections: 50,
			ReservedConnections: new(0), IdleTimeout: new(sim.Minute)},
			want{vcpus: 3, maxConn: 50, reserved: 0, idle: sim.Minute, memGiB: 16, hourly: 0.356}},
		// An unknown class resolves nothing (Validate reports it).
		{"unknown class", Config{Name: "db", Instance: "db.x1.huge"},
			want{vcpus: 0, maxConn: 0, reserved: 3, idle: 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.cfg
			c.Defaults()
			got := want{c.VCPUs, c.MaxConnections, *c.ReservedConnections, *c.IdleTimeout, c.MemoryGiB, c.HourlyUSD}
			if got.hourly-tc.want.hourly > 1e-9 || tc.want.hourly-got.hourly > 1e-9 {
				t.Errorf("hourly $%v, want $%v", got.hourly, tc.want.hourly)
			}
			got.hourly = tc.want.hourly
			if got != tc.want {
				t.Errorf("resolved %+v, want %+v", got, tc.want)
			}
			eq(t, "connect_time", c.ConnectTime.String(), DefaultConnectTime.String())
			eq(t, "query_time", c.QueryTime.String(), DefaultQueryTime.String())
			eq(t, "connect_cpu", c.ConnectCPU.String(), fixed(0).String())
		})
	}
}

// RDS Proxy's defaults: 100% of max_connections, idle maximum 50% (at most
// the maximum), borrow timeout 120 s, 1–3 ms per query.
func TestProxyDefaults(t *testing.T) {
	for _, tc := range []struct {
		name              string
		proxy             ProxyConfig
		wantMax, wantIdle int
		wantTimeout       sim.Time
	}{
		{"AWS's defaults", ProxyConfig{Enabled: true}, 100, 50, 120 * sim.Second},
		// The idle maximum's default never exceeds the maximum.
		{"small pool", ProxyConfig{Enabled: true, MaxConnectionsPercent: 30}, 30, 30, 120 * sim.Second},
		// Set values stay, zeros included.
		{"explicit", ProxyConfig{MaxConnectionsPercent: 80, MaxIdleConnectionsPercent: new(0), BorrowTimeout: new(sim.Time(0))}, 80, 0, 0},
	} {
		p := tc.proxy
		p.Defaults()
		if p.MaxConnectionsPercent != tc.wantMax || *p.MaxIdleConnectionsPercent != tc.wantIdle || *p.BorrowTimeout != tc.wantTimeout {
			t.Errorf("%s: max %d%%, idle %d%%, borrow timeout %v; want %d%%, %d%%, %v", tc.name,
				p.MaxConnectionsPercent, *p.MaxIdleConnectionsPercent, *p.BorrowTimeout, tc.wantMax, tc.wantIdle, tc.wantTimeout)
		}
		eq(t, tc.name+": added latency", p.AddedLatency.String(), DefaultProxyLatency.String())
	}
}

// Validate reports every bad value with its key.
func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(c *Config)
		want   []string // substrings of the error; none: valid
	}{
		{"valid", func(c *Config) {}, nil},
		{"missing name", func(c *Config) { c.Name = "" }, []string{"name: missing"}},
		{"missing instance", func(c *Config) { c.Instance = "" }, []string{"instance: missing"}},
		{"unknown instance", func(c *Config) { c.Instance = "db.t3.huge" }, []string{`instance = "db.t3.huge": unknown instance class`}},
		// PostgreSQL's 3 reserved slots leave none of 3.
		{"reserved ≥ max", func(c *Config) { c.MaxConnections = 3 }, []string{"reserved_connections = 3: must be below max_connections (3)"}},
		{"vcpus", func(c *Config) { c.VCPUs = 2000 }, []string{"vcpus = 2000: out of range"}},
		{"negative idle timeout", func(c *Config) { c.IdleTimeout = new(-sim.Second) }, []string{"idle_timeout"}},
		{"bad distribution", func(c *Config) { c.QueryTime = fixed(-ms) }, []string{"query_time"}},
		{"proxy percent", func(c *Config) { c.Proxy.MaxConnectionsPercent = 101 }, []string{"proxy.max_connections_percent = 101"}},
		{"proxy idle above max", func(c *Config) {
			c.Proxy.MaxConnectionsPercent, c.Proxy.MaxIdleConnectionsPercent = 40, new(60)
		}, []string{"proxy.max_idle_connections_percent = 60: out of range (allowed: 0..40"}},
		{"pinning", func(c *Config) { c.Proxy.PinningFraction = 1.5 }, []string{"proxy.pinning_fraction = 1.5"}},
		{"several", func(c *Config) { c.Name, c.VCPUs = "", -1 }, []string{"name: missing", "vcpus = -1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Config{Name: "db", Instance: "db.t3.medium", Proxy: ProxyConfig{Enabled: true}}
			c.Defaults()
			tc.change(&c)
			err := c.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Errorf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// A call's queries default to one; its database is required.
func TestCallConfig(t *testing.T) {
	c := CallConfig{Database: "db"}
	c.Defaults()
	if c.Queries == nil || *c.Queries != 1 {
		t.Errorf("queries %v, want 1", c.Queries)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	c = CallConfig{Queries: new(0), Connection: PerInvocation}
	c.Defaults()
	eq(t, "queries set to 0", *c.Queries, 0)
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "database: missing") {
		t.Errorf("Validate() = %v, want the missing database", err)
	}
	eq(t, "connection names", PerInvocation.String(), "per_invocation")
	var m ConnectionMode
	if !m.Set("per_invocation") || m != PerInvocation || m.Set("pooled") {
		t.Error("ConnectionMode.Set")
	}
	var e Engine
	if !e.Set("mysql") || e != MySQL || e.String() != "mysql" || len(e.Names()) != 4 || len(m.Names()) != 2 {
		t.Error("Engine names")
	}
	// Aurora's engines are named as AWS's API names them.
	if !e.Set("aurora-postgresql") || e != AuroraPostgres || !e.Aurora() || MySQL.Aurora() {
		t.Error("Aurora engine names")
	}
}
