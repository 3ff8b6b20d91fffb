package instance

import (
	"math"
	"testing"
)

// The default max_connections against the values people measured on RDS
// (sources.md [rds-max-connections-measured]): within 7%.
func TestDefaultMaxConnectionsMatchesMeasured(t *testing.T) {
	for _, tc := range []struct {
		name     string
		engine   string
		memGiB   float64
		measured float64
	}{
		{"PostgreSQL t2.small", "postgres", 2, 198},
		{"PostgreSQL t3.small, AWS's figure", "postgres", 2, 187},
		{"PostgreSQL t2.medium", "postgres", 4, 413},
		{"PostgreSQL m5.large", "postgres", 8, 823},
		{"PostgreSQL m4.large", "postgres", 8, 856},
		{"MySQL t2.micro", "mysql", 1, 66},
		{"MySQL t2.small", "mysql", 2, 150},
		{"MySQL t2.medium", "mysql", 4, 312},
		{"MySQL m4.large", "mysql", 8, 648},
		{"MySQL m4.xlarge", "mysql", 16, 1320},
	} {
		got := float64(DefaultMaxConnections(tc.engine, tc.memGiB))
		if math.Abs(got/tc.measured-1) > 0.07 {
			t.Errorf("%s: %v, measured %v", tc.name, got, tc.measured)
		}
	}
	// PostgreSQL's formula is capped at 5,000.
	if got := DefaultMaxConnections("postgres", 128); got != 5000 {
		t.Errorf("PostgreSQL 128 GiB: %d, want the 5,000 cap", got)
	}
}

func TestTable(t *testing.T) {
	for _, tc := range []struct {
		class       string
		vcpus       int
		mem, my, pg float64
	}{
		{"db.t3.medium", 2, 4, 0.068, 0.072},    // sources.md [rds-pricing]
		{"db.t4g.micro", 2, 1, 0.016, 0.016},    // sources.md [rds-pricing]
		{"db.m5.large", 2, 8, 0.171, 0.178},     // sources.md [rds-pricing]
		{"db.r6g.large", 2, 16, 0.215, 0.225},   // sources.md [rds-pricing]
		{"db.m6g.xlarge", 4, 16, 0.304, 0.318},  // doubles per size step (terraform-provider-aws lists MySQL 0.304)
		{"db.r7g.xlarge", 4, 32, 0.478, 0.4995}, // MySQL 0.478 listed; PostgreSQL × 1.045
		{"db.r5.4xlarge", 16, 128, 1.92, 2.0},
	} {
		c, ok := Lookup(tc.class)
		if !ok {
			t.Errorf("%s: not in the table", tc.class)
			continue
		}
		if c.VCPUs != tc.vcpus || c.MemoryGiB != tc.mem || math.Abs(c.MySQLUSD-tc.my) > 0.001 || math.Abs(c.PGUSD-tc.pg) > 0.001 {
			t.Errorf("%s: %+v, want %d vCPUs, %v GiB, $%v MySQL, $%v PostgreSQL", tc.class, c, tc.vcpus, tc.mem, tc.my, tc.pg)
		}
		if got := c.HourlyUSD("postgres", true); math.Abs(got-2*c.PGUSD) > 1e-12 {
			t.Errorf("%s Multi-AZ: $%v, want double", tc.class, got)
		}
	}
	if _, ok := Lookup("db.t3.4xlarge"); ok {
		t.Error("db.t3.4xlarge is not in the table's range (t classes: micro to large)")
	}
	if n := len(Names()); n != 2*4+6*4 {
		t.Errorf("%d classes, want t3/t4g × 4 sizes + 6 families × 4 sizes", n)
	}
}
