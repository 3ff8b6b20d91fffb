package instance

import (
	"math"
	"testing"
)

// Aurora MySQL's default max_connections against AWS's table by class
// (sources.md [aurora-max-connections]): exact, from the smallest class to
// the largest. Classes outside stampede's table are checked by memory.
func TestAuroraMySQLMaxConnections(t *testing.T) {
	for _, tc := range []struct {
		class  string
		memGiB float64 // for a class not in aurora.csv
		want   int
	}{
		{"db.t3.medium", 0, 90},
		{"db.t3.large", 0, 135},
		{"db.t4g.medium", 0, 90},
		{"db.t4g.large", 0, 135},
		{"db.r5.large", 0, 1000},
		{"db.r5.xlarge", 0, 2000},
		{"db.r5.2xlarge", 0, 3000},
		{"db.r5.4xlarge", 0, 4000},
		{"db.r6g.large", 0, 1000}, // AWS: "the formula calculates 1069.2, the system implements 1000"
		{"db.r6g.4xlarge", 0, 4000},
		{"db.r7g.large", 0, 1000},
		{"db.r7g.2xlarge", 0, 3000},
		{"db.t3.small", 2, 45},
		{"db.r6g.8xlarge", 256, 5000},
		{"db.r6g.12xlarge", 384, 6000}, // log₂ 5.6 rounds to 6: truncating would give 5,000
		{"db.r6g.16xlarge", 512, 6000},
		{"db.r5.24xlarge", 768, 7000},
		{"db.r6i.32xlarge", 1024, 7000},
		{"db.r8g.48xlarge", 1536, 8000},
		{"db.x2g.large", 32, 2000},
	} {
		mem := tc.memGiB
		if mem == 0 {
			c, ok := LookupAurora(tc.class)
			if !ok {
				t.Errorf("%s: not in aurora.csv", tc.class)
				continue
			}
			mem = c.MemoryGiB
		}
		if got := AuroraMaxConnections("aurora-mysql", mem); got != tc.want {
			t.Errorf("%s (%v GiB): %d, want %d", tc.class, mem, got, tc.want)
		}
	}
}

// Aurora Serverless v2's default max_connections against AWS's table by
// maximum ACUs, and AWS's worked examples of capacity ranges (sources.md
// [aurora-serverless-v2]): exact.
func TestServerlessMaxConnections(t *testing.T) {
	for _, tc := range []struct {
		name          string
		minACU        float64
		maxACU        float64
		mysql, postgr int
	}{
		// The table (a minimum above 0.5, where PostgreSQL has no cap).
		{"max 1", 1, 1, 90, 189},
		{"max 4", 1, 4, 135, 823},
		{"max 8", 1, 8, 1000, 1669},
		{"max 16", 1, 16, 2000, 3360},
		{"max 32", 1, 32, 3000, 5000},
		{"max 64", 1, 64, 4000, 5000},
		{"max 128", 1, 128, 5000, 5000},
		// The worked examples: MySQL 8–32, 12.5–80, 0.5–128; PostgreSQL
		// 0.5–1, 8–32, 12.5–80, and 0.5–128, where a minimum of 0.5 caps
		// PostgreSQL at 2,000.
		{"8-32", 8, 32, 3000, 5000},
		{"12.5-80", 12.5, 80, 4000, 5000},
		{"0.5-128", 0.5, 128, 5000, 2000},
		{"0.5-1", 0.5, 1, 90, 189},
	} {
		if got := ServerlessMaxConnections("aurora-mysql", tc.minACU, tc.maxACU); got != tc.mysql {
			t.Errorf("%s MySQL: %d, want %d", tc.name, got, tc.mysql)
		}
		if got := ServerlessMaxConnections("aurora-postgresql", tc.minACU, tc.maxACU); got != tc.postgr {
			t.Errorf("%s PostgreSQL: %d, want %d", tc.name, got, tc.postgr)
		}
	}
	// Aurora PostgreSQL's provisioned classes use the same formula on their
	// memory: db.r6g.large (16 GiB) as 8 ACUs, db.r5.xlarge (32 GiB) as 16.
	for _, c := range []struct {
		class string
		acu   float64
	}{{"db.r6g.large", 8}, {"db.r5.xlarge", 16}} {
		cl, _ := LookupAurora(c.class)
		if got, want := AuroraMaxConnections("aurora-postgresql", cl.MemoryGiB), ServerlessMaxConnections("aurora-postgresql", 1, c.acu); got != want {
			t.Errorf("%s: %d, Serverless v2 at %v ACUs %d", c.class, got, c.acu, want)
		}
	}
}

// Aurora's instance table: its classes, vCPUs, memory and prices, which are
// Aurora's, not RDS's.
func TestAuroraTable(t *testing.T) {
	for _, tc := range []struct {
		class  string
		vcpus  int
		mem    float64
		usd    float64 // Aurora MySQL and PostgreSQL alike
		rdsPG  float64 // the RDS price of the same class, 0 if RDS has no such class here
		absent bool
	}{
		{class: "db.r6g.large", vcpus: 2, mem: 16, usd: 0.26, rdsPG: 0.225},
		{class: "db.r7g.4xlarge", vcpus: 16, mem: 128, usd: 2.211, rdsPG: 1.998},
		{class: "db.t4g.medium", vcpus: 2, mem: 4, usd: 0.073, rdsPG: 0.065},
		{class: "db.t3.micro", absent: true},   // Aurora has no micro or small classes
		{class: "db.m6g.large", absent: true},  // nor db.m
		{class: "db.serverless", absent: true}, // no fixed size
	} {
		c, ok := LookupAurora(tc.class)
		if ok == tc.absent {
			t.Errorf("%s: in the Aurora table %v, want %v", tc.class, ok, !tc.absent)
			continue
		}
		if tc.absent {
			continue
		}
		if c.VCPUs != tc.vcpus || c.MemoryGiB != tc.mem || c.HourlyUSD("aurora-mysql", false) != tc.usd ||
			c.HourlyUSD("aurora-postgresql", false) != tc.usd || math.Abs(c.HourlyUSD("aurora-postgresql", true)-2*tc.usd) > 1e-12 {
			t.Errorf("%s: %+v", tc.class, c)
		}
		if r, _ := Lookup(tc.class); r.PGUSD != tc.rdsPG {
			t.Errorf("%s: RDS PostgreSQL $%v, want $%v", tc.class, r.PGUSD, tc.rdsPG)
		}
	}
	if n := len(auroraClasses); n != 4+3*4 {
		t.Errorf("%d Aurora classes, want t3/t4g medium and large + r5/r6g/r7g large–4xlarge", n)
	}
}
