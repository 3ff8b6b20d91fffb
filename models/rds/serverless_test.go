package rds

import (
	"math"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

// serverlessDB is Aurora PostgreSQL Serverless v2 from 0.5 to maxACU with
// the default scaling assumptions (doubling in 5 s, halving in a minute, a
// 70% target, a quarter vCPU per ACU).
func serverlessDB(maxACU float64) Config {
	return Config{Name: "db", Engine: AuroraPostgres, Instance: "db.serverless", MaxACU: new(maxACU),
		ConnectTime: fixed(0), QueryTime: fixed(ms)}
}

// Defaults and validation of Aurora's configurations.
func TestAuroraConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		// want, after Defaults
		maxConn, reserved, vcpus int
		hourly, memGiB           float64
	}{
		// Aurora MySQL db.r6g.large: AWS's table value 1,000 connections, none
		// reserved, $0.26/h (not RDS's $0.215).
		{"aurora-mysql r6g.large", Config{Name: "d", Engine: AuroraMySQL, Instance: "db.r6g.large"}, 1000, 0, 2, 0.26, 16},
		// Aurora PostgreSQL db.r6g.large: LEAST(DBInstanceClassMemory/9531392, 5000)
		// on 16 GiB, as Serverless v2 at 8 ACUs: 1,669; 3 reserved; Multi-AZ
		// (a reader in a second zone) doubles the price.
		{"aurora-postgresql r6g.large multi-az", Config{Name: "d", Engine: AuroraPostgres, Instance: "db.r6g.large", MultiAZ: true}, 1669, 3, 2, 0.52, 16},
		// Aurora MySQL db.t4g.medium: 90 connections (AWS's table).
		{"aurora-mysql t4g.medium", Config{Name: "d", Engine: AuroraMySQL, Instance: "db.t4g.medium"}, 90, 0, 2, 0.073, 4},
		// Serverless v2 PostgreSQL 0.5–16: the formula on 32 GiB gives 3,360,
		// capped at 2,000 by the 0.5-ACU minimum; 16 × 0.25 = 4 vCPUs at most;
		// no hourly price (billed per ACU-hour).
		{"serverless postgres 0.5-16", serverlessDB(16), 2000, 3, 4, 0, 32},
		// With a minimum of 1 ACU the cap is gone: AWS's 3,360.
		{"serverless postgres 1-16", func() Config { c := serverlessDB(16); c.MinACU = new(1.0); return c }(), 3360, 3, 4, 0, 32},
		// Serverless v2 MySQL 0.5–1: AWS's table gives 90; a quarter vCPU
		// rounds up to one CPU server.
		{"serverless mysql 0.5-1", func() Config { c := serverlessDB(1); c.Engine = AuroraMySQL; return c }(), 90, 0, 1, 0, 2},
	} {
		c := tc.cfg
		c.Defaults()
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if c.MaxConnections != tc.maxConn || *c.ReservedConnections != tc.reserved || c.VCPUs != tc.vcpus ||
			math.Abs(c.HourlyUSD-tc.hourly) > 1e-9 || c.MemoryGiB != tc.memGiB {
			t.Errorf("%s: max_connections %d reserved %d vcpus %d $%v/h %v GiB, want %d %d %d $%v %v", tc.name,
				c.MaxConnections, *c.ReservedConnections, c.VCPUs, c.HourlyUSD, c.MemoryGiB,
				tc.maxConn, tc.reserved, tc.vcpus, tc.hourly, tc.memGiB)
		}
	}
	// The serverless assumptions are filled in only for db.serverless.
	c := serverlessDB(8)
	c.Defaults()
	if *c.MinACU != 0.5 || *c.TargetUtilization != 0.7 || *c.VCPUsPerACU != 0.25 ||
		*c.DoublingTime != 5*sim.Second || *c.HalvingTime != sim.Minute {
		t.Errorf("serverless defaults: %+v", c)
	}
	p := Config{Name: "d", Engine: AuroraMySQL, Instance: "db.r6g.large"}
	p.Defaults()
	if p.MinACU != nil || p.MaxACU != nil || p.DoublingTime != nil {
		t.Errorf("a provisioned class got serverless keys: %+v", p)
	}
}

// Bad Aurora configurations name the key at fault.
func TestAuroraValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  func(c *Config)
		want string
	}{
		// Serverless v2 exists only on the Aurora engines.
		{"serverless on RDS", func(c *Config) { c.Engine = Postgres }, `engine = "postgres": db.serverless is Aurora Serverless v2: needs engine "aurora-postgresql" or "aurora-mysql"`},
		// The capacity range must be in order.
		{"min above max", func(c *Config) { c.MinACU = new(4.0); c.MaxACU = new(2.0) }, `min_acu = 4: must be at most max_acu (2)`},
		// ACUs come in half steps.
		{"half steps", func(c *Config) { c.MaxACU = new(2.25) }, `max_acu = 2.25: must be a multiple of 0.5 ACU`},
		// The maximum is required: it sets max_connections.
		{"no max", func(c *Config) { c.MaxACU = nil }, `max_acu: missing (required with instance = "db.serverless")`},
		// Scale to zero (auto-pause) is not modelled.
		{"min zero", func(c *Config) { c.MinACU = new(0.0) }, `min_acu = 0: must be a number in 0.5..256`},
		// Beyond AWS's 256.
		{"max too high", func(c *Config) { c.MaxACU = new(300.0) }, `max_acu = 300: must be a number in 1..256`},
		// The CPU of db.serverless follows its capacity.
		{"vcpus", func(c *Config) { c.VCPUs = 8 }, `vcpus = 8: not for db.serverless`},
		// Serverless keys on a provisioned class.
		{"keys on a class", func(c *Config) { c.Instance = "db.r6g.large" }, `max_acu = 4: only for instance = "db.serverless"`},
		// Aurora has no db.t3.micro nor db.m classes.
		{"not an Aurora class", func(c *Config) { c.Instance = "db.m5.large"; c.MaxACU = nil },
			`instance = "db.m5.large": not an Aurora instance class (allowed: db.serverless, or db.FAMILY.SIZE with family t3, t4g, r5, r6g, r7g`},
	} {
		c := serverlessDB(4)
		tc.cfg(&c)
		c.Defaults()
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// The CPU follows the capacity: ⌈ACUs · v⌉ servers of ACUs · v / servers of
// a vCPU each (v = 0.25 vCPU per ACU).
func TestServerlessServers(t *testing.T) {
	c := serverlessDB(16)
	c.Defaults()
	sv := newServerless(&c)
	for _, tc := range []struct {
		acu     float64
		servers int
		share   float64
	}{
		{0.5, 1, 0.125}, // an eighth of a vCPU: a 1 ms query takes 8 ms
		{4, 1, 1},       // one whole vCPU
		{8, 2, 1},       // two
		{9, 3, 0.75},    // 2.25 vCPUs: three servers at three quarters
		{16, 4, 1},
	} {
		sv.setACU(tc.acu)
		if sv.servers != tc.servers || math.Abs(sv.share-tc.share) > 1e-12 {
			t.Errorf("%v ACUs: %d servers of %v vCPU, want %d of %v", tc.acu, sv.servers, sv.share, tc.servers, tc.share)
		}
	}
}

// loadGen submits a CPU job of service every gap during [from, to) and
// counts completions.
type loadGen struct {
	db                 *Database
	from, to, gap, job sim.Time
	done               int
}

func (g *loadGen) Handle(s *sim.Sim, ev sim.Event) {
	g.db.submit(s, g, sim.Ref{}, g.job)
	if next := s.Now() + g.gap; next < g.to {
		s.Schedule(next, g, 0, sim.Ref{})
	}
}

func (g *loadGen) jobDone(*sim.Sim, sim.Ref) { g.done++ }

// acuProbe records the allocated capacity half a second after each
// decision.
type acuProbe struct {
	db  *Database
	acu map[sim.Time]float64
}

func (p *acuProbe) Handle(s *sim.Sim, ev sim.Event) {
	p.acu[s.Now()] = p.db.ACU()
	s.After(sim.Second, p, 0, sim.Ref{})
}

// A load step makes the capacity rise and fall at the assumed speed. 3 ms
// jobs every 1 ms (3 vCPUs of demand) from 10 s to 100 s on 0.5–16 ACUs
// (0.125–4 vCPUs): the CPU is saturated while the capacity grows, so each
// second's decision wants ACUs/0.7, more than the rate allows, and the
// level doubles every 5 s from the first decision that saw the load (11 s):
// 0.5·2^(k/5) ACUs at 10 + k s, allocated in 0.5 steps rounded up; it
// reaches 16 at k = 25 (35 s). At 16 ACUs the 4 vCPUs
// serve the 3 of demand and the backlog of the ramp; after 100 s nothing
// runs and the level halves every 60 s from 101 s: 16·2^(−k/60) at 100 + k s,
// down to 0.5 at k = 300 (400 s).
func TestServerlessLoadStep(t *testing.T) {
	cfg := serverlessDB(16)
	cfg.Defaults()
	w := stats.Window{From: 0, To: 600 * sim.Second, Buckets: stats.NewBuckets(0, 10*sim.Second, 60)}
	db := NewDatabase(&cfg, sim.NewStreams(1, 0), w)
	s := sim.New()
	db.Start(s)
	g := &loadGen{db: db, from: 10 * sim.Second, to: 100 * sim.Second, gap: ms, job: 3 * ms}
	s.Schedule(g.from, g, 0, sim.Ref{})
	p := &acuProbe{db: db, acu: map[sim.Time]float64{}}
	s.Schedule(sim.Second/2, p, 0, sim.Ref{})
	s.RunUntil(w.To)
	db.Stats.Close(w.To)

	at := func(sec float64) float64 { return p.acu[sim.Time(sec*float64(sim.Second))] }
	for _, tc := range []struct {
		t, want float64
	}{
		{9.5, 0.5},   // idle: the minimum
		{11.5, 1},    // 0.574 rounds up to 1
		{15.5, 1},    // k = 5: level 1
		{20.5, 2},    // k = 10: 2
		{30.5, 8},    // k = 20: 8
		{34.5, 14},   // k = 24: 13.93
		{35.5, 16},   // k = 25: 16 (capped)
		{99.5, 16},   // steady: 3 vCPUs / 0.7 would be 17.1 ACUs
		{160.5, 8},   // k = 60: halved
		{220.5, 4},   // k = 120: quartered
		{399.5, 1},   // k = 299: 0.5058 rounds up to 1
		{400.5, 0.5}, // k = 300: the minimum again
	} {
		if got := at(tc.t); got != tc.want {
			t.Errorf("at %vs: %v ACUs, want %v", tc.t, got, tc.want)
		}
	}
	// Every job ran; the peak is the maximum.
	eq(t, "jobs done", g.done, 90_000)
	eq(t, "peak ACUs", db.Stats.ACU.Peak(), 16.0)
	// The time at each capacity adds up to the window, and prices the same
	// integral as the gauge.
	var secs, acuS float64
	for i, d := range db.Stats.ACUTime {
		secs += d.Seconds()
		acuS += float64(i) / 2 * d.Seconds()
	}
	if math.Abs(secs-600) > 1e-9 || math.Abs(acuS-db.Stats.ACU.Integral()) > 1e-6 {
		t.Errorf("ACU time %v s (want 600), ∫ACU %v vs gauge %v", secs, acuS, db.Stats.ACU.Integral())
	}
	if err := db.Check(); err != nil {
		t.Error(err)
	}
}
