package rds

import (
	"math"

	"github.com/stampede-sim/stampede/sim"
)

// scaleTick is how often Aurora Serverless v2 decides its capacity. AWS
// computes its capacity metrics "every second" (sources.md
// [aurora-serverless-v2]); deciding once a second is an assumption.
const scaleTick = sim.Second

// serverless is Aurora Serverless v2's capacity (docs/model.md, "Aurora and
// Aurora Serverless v2"). Every scaleTick it measures the mean busy
// vCPU-equivalents u of the last tick and heads for the capacity that would
// run them at the target utilization ρ, as fast as the scaling rate lets it:
//
//	want  = clamp(u / (ρ · v), min, max)          ACUs; v = vCPUs per ACU
//	level = min(want, level · 2^(Δ/T₂))           if want > level (T₂: doubling time)
//	level = max(want, level · 2^(−Δ/T½))          if want < level (T½: halving time)
//	ACUs  = ⌈2 · level⌉ / 2                        allocated, in 0.5-ACU steps
//
// with Δ = scaleTick. Growth is proportional to the current capacity, as AWS
// describes it ("The higher the current capacity, the faster it can scale
// up", sources.md [aurora-serverless-v2]), and a saturated database
// (u = ACUs · v) wants ACUs/ρ, so it grows at the full rate. The CPU
// follows the allocated capacity: ACUs · v vCPU-equivalents, served by
// c = ⌈ACUs · v⌉ FCFS servers of ACUs · v / c of a vCPU each (a job's CPU
// time stretches by the inverse), so that a capacity below one vCPU still
// serves one query at a time, more slowly. Only CPU drives the capacity:
// memory, connections and the buffer pool do not.
type serverless struct {
	min, max     float64 // ACUs
	target       float64 // ρ
	perACU       float64 // v
	grow, shrink float64 // per tick
	level, acu   float64
	servers      int
	share        float64 // vCPUs of each server
	busy, area   float64 // busy vCPUs now, and ∫ busy dt since the last tick (vCPU·ns)
	since        sim.Time
}

func newServerless(cfg *Config) *serverless {
	tick := float64(scaleTick)
	sv := &serverless{
		min: *cfg.MinACU, max: *cfg.MaxACU, target: *cfg.TargetUtilization, perACU: *cfg.VCPUsPerACU,
		grow:   math.Exp2(tick / float64(*cfg.DoublingTime)),
		shrink: math.Exp2(-tick / float64(*cfg.HalvingTime)),
	}
	sv.level = sv.min
	sv.setACU(sv.min)
	return sv
}

// setACU allocates a ACUs and sizes the CPU servers to them.
func (sv *serverless) setACU(a float64) {
	sv.acu = a
	v := a * sv.perACU
	sv.servers = max(1, int(math.Ceil(v-1e-9)))
	sv.share = v / float64(sv.servers)
}

// load changes the busy vCPUs by dv at now.
func (sv *serverless) load(now sim.Time, dv float64) {
	sv.integrate(now)
	sv.busy += dv
}

func (sv *serverless) integrate(now sim.Time) {
	sv.area += sv.busy * float64(now-sv.since)
	sv.since = now
}

// decide takes one capacity decision at now and returns the ACUs to
// allocate.
func (sv *serverless) decide(now sim.Time) float64 {
	sv.integrate(now)
	used := sv.area / float64(scaleTick)
	sv.area = 0
	want := min(sv.max, max(sv.min, used/(sv.target*sv.perACU)))
	switch {
	case want > sv.level:
		sv.level = min(want, sv.level*sv.grow)
	case want < sv.level:
		sv.level = max(want, sv.level*sv.shrink)
	}
	return min(sv.max, math.Ceil(2*sv.level-1e-9)/2)
}

// scale takes a capacity decision and schedules the next, until the end of
// the statistics window (the drain after it keeps the last capacity).
func (db *Database) scale(s *sim.Sim) {
	now := s.Now()
	if a := db.sv.decide(now); a != db.sv.acu {
		db.sv.setACU(a)
		db.Stats.setACU(now, a)
		db.cpu.resize(db.sv.servers, func(i int32) { db.run(s, i, 0) })
	}
	if next := now + scaleTick; next < db.Stats.w.To {
		s.Schedule(next, db, evScale, sim.Ref{})
	}
}

// ACU is the capacity allocated now, in ACUs; 0 for an instance class.
func (db *Database) ACU() float64 {
	if db.sv == nil {
		return 0
	}
	return db.sv.acu
}

// CPUCapacity is the database's most vCPUs: its class's, or on Aurora
// Serverless v2 the vCPU-equivalents at max_acu, which AWS's CPUUtilization
// divides by (sources.md [aurora-serverless-v2]).
func (db *Database) CPUCapacity() float64 {
	if db.sv == nil {
		return float64(db.Config.VCPUs)
	}
	return db.sv.max * db.sv.perACU
}
