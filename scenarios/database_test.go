package scenarios

import (
	"testing"

	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/sim"
)

// Database defaults are filled in from the instance class and the engine.
func TestDatabaseDefaults(t *testing.T) {
	for _, tc := range []struct {
		name, extra string
		check       func(d rds.Config) bool
	}{
		// PostgreSQL on db.t3.medium: 413 connections, 3 reserved, no idle timeout, $0.072/h.
		{"postgres", "", func(d rds.Config) bool {
			return d.MaxConnections == 413 && *d.ReservedConnections == 3 && *d.IdleTimeout == 0 &&
				d.VCPUs == 2 && d.HourlyUSD == 0.072 && !d.Proxy.Enabled
		}},
		// MySQL: 313 connections, none reserved, wait_timeout 8 h, $0.068/h.
		{"mysql", "engine = \"mysql\"\n", func(d rds.Config) bool {
			return d.MaxConnections == 313 && *d.ReservedConnections == 0 && *d.IdleTimeout == 8*sim.Hour && d.HourlyUSD == 0.068
		}},
		// Overrides: max_connections, vCPUs, Multi-AZ doubles the price.
		{"overrides", "max_connections = 100\nvcpus = 8\nmulti_az = true\n", func(d rds.Config) bool {
			return d.MaxConnections == 100 && d.VCPUs == 8 && d.HourlyUSD == 0.144
		}},
		// A proxy table: RDS Proxy's defaults (100%, 50%, 120 s).
		{"proxy", "[database.proxy]\nenabled = true\n", func(d rds.Config) bool {
			p := d.Proxy
			return p.Enabled && p.MaxConnectionsPercent == 100 && *p.MaxIdleConnectionsPercent == 50 &&
				*p.BorrowTimeout == 120*sim.Second && p.PinningFraction == 0
		}},
		// The idle maximum follows a lower connection maximum.
		{"proxy idle follows max", "[database.proxy]\nmax_connections_percent = 30\n", func(d rds.Config) bool {
			return *d.Proxy.MaxIdleConnectionsPercent == 30
		}},
	} {
		text := base + "\n[[function.call]]\ndatabase = \"d\"\n" + // after [[workload]]: still the last function's
			"\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n" + tc.extra
		sc, err := LoadBytes("s.toml", []byte(text), nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if d := sc.Databases[0]; !tc.check(d) {
			t.Errorf("%s: %+v", tc.name, d)
		}
		if c := sc.Functions[0].Calls; len(c) != 1 || *c[0].Queries != 1 || c[0].Connection != rds.PerEnvironment {
			t.Errorf("%s: calls %+v, want one query per_environment", tc.name, c)
		}
	}
}

// --set reaches database and proxy keys by name, creating the proxy table.
func TestSetDatabase(t *testing.T) {
	text := base + "\n[[database]]\nname = \"d\"\ninstance = \"db.t3.medium\"\n"
	sc, err := LoadBytes("s.toml", []byte(text), []string{"database.d.proxy.enabled=true", "database.d.instance=db.r6g.large"})
	if err != nil {
		t.Fatal(err)
	}
	if d := sc.Databases[0]; !d.Proxy.Enabled || d.MaxConnections != 1738 {
		t.Errorf("%+v", d)
	}
}
