package scenarios

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/cost"
)

// aurora is a function calling Aurora PostgreSQL Serverless v2 (0.5–16
// ACUs) through RDS Proxy, with a minute of 20 times the load in the
// middle: 400 requests/s of two ~4 ms queries want about 3.2 vCPUs, more
// than the 4 of 16 ACUs at the 70% target.
const aurora = `name = "aurora"
duration = "3m"

[[function]]
name = "api"
duration = "5ms"

[[function.call]]
database = "ledger"
queries = 2

[[workload]]
name = "w"
function = "api"
arrivals = { process = "profile", points = [["0s", 20], ["1m", 400], ["2m", 20]] }

[[database]]
name = "ledger"
engine = "aurora-postgresql"
instance = "db.serverless"
max_acu = 16

[database.proxy]
enabled = true
`

// Aurora Serverless v2 behind RDS Proxy runs end to end from a scenario
// file: its defaults, its capacity following the load, and its bill.
func TestAuroraServerlessScenario(t *testing.T) {
	sc, err := LoadBytes("aurora.toml", []byte(aurora), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Defaults: PostgreSQL with a 0.5-ACU minimum is capped at 2,000
	// connections; 16 ACUs are 32 GiB and 4 vCPU-equivalents.
	d := sc.Databases[0]
	if d.MaxConnections != 2000 || d.VCPUs != 4 || d.MemoryGiB != 32 || *d.MinACU != 0.5 || d.HourlyUSD != 0 {
		t.Errorf("defaults: %+v", d)
	}
	// The resolved scenario prints and loads back unchanged.
	again, err := LoadBytes("printed.toml", TOML(sc), nil)
	if err != nil {
		t.Fatalf("printed TOML does not load: %v\n%s", err, TOML(sc))
	}
	if !reflect.DeepEqual(sc, again) {
		t.Errorf("round trip changed the scenario:\n%+v\n%+v", sc, again)
	}

	res, err := models.RunScenario(sc, 1, models.RunOptions{Buckets: 18})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	db := s.Databases["ledger"]
	v := db.Serverless
	if v == nil || db.Proxy == nil {
		t.Fatalf("ledger: %+v", db)
	}
	// The step drives the capacity to its maximum; the quiet minutes keep
	// it lower, so the mean is well below.
	if v.MinACU != 0.5 || v.MaxACU != 16 || v.PeakACU != 16 || v.MeanACU < 4 || v.MeanACU > 12 {
		t.Errorf("capacity: %+v", v)
	}
	ser := res.Series.Database("ledger")
	var quiet, busy float64
	for i, ts := range res.Series.TS {
		if ts < 60 {
			quiet = max(quiet, ser.ACU[i])
		} else if ts < 120 {
			busy = max(busy, ser.ACU[i])
		}
	}
	// After the step the capacity halves every minute from 16 at about
	// 121 s: 16·2^(−(t − 121)/60) is 9.1 to 8.1 over the last bucket.
	last := ser.ACU[len(ser.ACU)-1]
	if quiet >= 4 || busy < 15 || last < 8 || last > 9.5 {
		t.Errorf("db.ledger.acu: at most %v before the step, %v during it, %v in the last bucket: %v", quiet, busy, last, ser.ACU)
	}
	// The bill: the ACU-hours allocated × $0.12, and RDS Proxy on at least 8
	// ACUs × $0.015 (here the capacity is below 8 most of the time).
	hours := (s.DurationS - s.WarmupS) / 3600
	rds, proxy := s.Cost.Breakdown[cost.RDS], s.Cost.Breakdown[cost.RDSProxy]
	if want := v.MeanACU * hours * 0.12; math.Abs(rds-want) > 1e-9*want {
		t.Errorf("rds $%v, want mean ACUs × hours × $0.12 = $%v", rds, want)
	}
	if lo, hi := max(8, v.MeanACU)*hours*0.015, (8+v.MeanACU)*hours*0.015; proxy < lo || proxy > hi {
		t.Errorf("rds_proxy $%v, want within [$%v, $%v]", proxy, lo, hi)
	}
}

// Aurora's bad values are reported at their key paths.
func TestAuroraScenarioValidation(t *testing.T) {
	dbAt := strings.Index(aurora, "[[database]]")
	withDB := func(db string) string { return aurora[:dbAt] + db }
	for _, tc := range []struct {
		name, text, want string
	}{
		// The capacity range out of order.
		{"min above max", strings.Replace(aurora, "max_acu = 16", "min_acu = 4\nmax_acu = 2", 1),
			`database[ledger].min_acu = 4: must be at most max_acu (2)`},
		// db.serverless without its maximum.
		{"no max", strings.Replace(aurora, "max_acu = 16\n", "", 1),
			`database[ledger].max_acu: missing (required with instance = "db.serverless")`},
		// Not in half steps.
		{"half steps", strings.Replace(aurora, "max_acu = 16", "max_acu = 16.2", 1),
			`database[ledger].max_acu = 16.2: must be a multiple of 0.5 ACU`},
		// Scale to zero is not modelled.
		{"min zero", strings.Replace(aurora, "max_acu = 16", "min_acu = 0\nmax_acu = 16", 1),
			`database[ledger].min_acu = 0: must be a number in 0.5..256`},
		// db.serverless on RDS for PostgreSQL.
		{"rds engine", strings.Replace(aurora, `"aurora-postgresql"`, `"postgres"`, 1),
			`database[ledger].engine = "postgres": db.serverless is Aurora Serverless v2`},
		// ACU keys on a provisioned class.
		{"keys on a class", strings.Replace(aurora, `"db.serverless"`, `"db.r6g.large"`, 1),
			`database[ledger].max_acu = 16: only for instance = "db.serverless"`},
		// A class Aurora does not have.
		{"no such Aurora class", withDB("[[database]]\nname = \"ledger\"\nengine = \"aurora-mysql\"\ninstance = \"db.t3.micro\"\n"),
			`database[ledger].instance = "db.t3.micro": not an Aurora instance class`},
		// An hourly price for a database billed per ACU-hour.
		{"hourly price", aurora + "\n[pricing.rds_instance_hourly]\nledger = 1.5\n",
			`pricing.rds_instance_hourly.ledger = 1.5: not for db.serverless`},
	} {
		if got := loadErr(t, tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("%s:\n%s\nwant %s", tc.name, got, tc.want)
		}
	}
}
