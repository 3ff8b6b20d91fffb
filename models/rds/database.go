package rds

import (
	"fmt"
	"math"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
	"github.com/stampede-sim/stampede/sim/ring"
	"github.com/stampede-sim/stampede/sim/slab"
	"github.com/stampede-sim/stampede/sim/stats"
)

// Database is one RDS instance: its connection slots, its CPU and, when
// enabled, the RDS Proxy in front of it.
type Database struct {
	Name   string
	Config *Config
	Stats  *Stats
	Proxy  *Proxy      // nil without a proxy
	sv     *serverless // Aurora Serverless v2's capacity; nil for an instance class

	usable      int      // max_connections − reserved: what applications may open
	idleTimeout sim.Time // 0: never
	open        int

	conns     []conn
	freeConns []int32
	idle      ring.Ring[idleEntry] // per_environment connections, for idle_timeout
	idleWake  sim.Alarm

	cpu                              cpu
	connectTime, connectCPU, queryTm dist.Sampler
}

type connState uint8

const (
	connFree     connState = iota
	connOpening            // handshake or its CPU in progress
	connActive             // held by a running invocation
	connHeldIdle           // held by an idle environment
	connPoolIdle           // in RDS Proxy's pool, idle
	connPoolBusy           // borrowed from the pool, or pinned to a running invocation
	connClosed             // closed by the server; the record waits for its owner
)

type conn struct {
	state     connState
	opened    sim.Time
	idleSince sim.Time
	useGen    sim.Gen // next when the connection leaves idle or closes: its pending idle timeout is stale
}

type idleEntry struct {
	conn sim.Ref  // the connection, in its useGen when it went idle
	at   sim.Time // idle since
}

// NewDatabase builds database cfg, drawing from streams, with statistics over w.
func NewDatabase(cfg *Config, streams sim.Streams, w stats.Window) *Database {
	prefix := "database/" + cfg.Name + "/"
	db := &Database{
		Name:        cfg.Name,
		Config:      cfg,
		Stats:       newStats(w),
		usable:      cfg.MaxConnections - *cfg.ReservedConnections,
		idleTimeout: *cfg.IdleTimeout,
		cpu:         cpu{c: cfg.VCPUs},
		connectTime: cfg.ConnectTime.Own(streams.Source(prefix + "connect_time")),
		connectCPU:  cfg.ConnectCPU.Own(streams.Source(prefix + "connect_cpu")),
		queryTm:     cfg.QueryTime.Own(streams.Source(prefix + "query_time")),
	}
	if cfg.Proxy.Enabled {
		db.Proxy = newProxy(db, streams)
	}
	if cfg.Serverless() {
		db.sv = newServerless(cfg)
		db.cpu.c = db.sv.servers
		db.Stats.serverless(*cfg.MinACU, *cfg.MaxACU)
	}
	return db
}

// Start schedules the database's own periodic work: Aurora Serverless v2's
// capacity decisions, once a second (serverless.go).
func (db *Database) Start(s *sim.Sim) {
	if db.sv != nil {
		s.Schedule(s.Now()+scaleTick, db, evScale, sim.Ref{})
	}
}

// Event kinds of a Database (its proxy's included).
const (
	evJobDone       int32 = iota // Ref.Index: CPU job slot
	evIdleWake                   // server idle timeout check
	evPoolConnected              // Ref.Index: pool connection whose handshake ended
	evBorrowWake                 // proxy borrow timeout check
	evPoolWake                   // proxy idle pool check
	evScale                      // Aurora Serverless v2's capacity decision
)

// Handle implements sim.Handler.
func (db *Database) Handle(s *sim.Sim, ev sim.Event) {
	switch ev.Kind {
	case evJobDone:
		j, next := db.cpu.finish(ev.Ref.Index)
		if next >= 0 {
			db.run(s, next, j.share)
		} else {
			db.busyAdd(s.Now(), -j.share)
		}
		j.owner.jobDone(s, j.ref)
	case evIdleWake:
		db.idleDue(s)
	case evPoolConnected:
		db.Proxy.handshakeDone(s, ev.Ref.Index)
	case evBorrowWake:
		db.Proxy.borrowDue(s)
	case evPoolWake:
		db.Proxy.poolDue(s)
	case evScale:
		db.scale(s)
	}
}

// submit puts a CPU job of the given service time on the database; owner
// hears of its end with ref.
func (db *Database) submit(s *sim.Sim, owner jobOwner, ref sim.Ref, service sim.Time) {
	if i := db.cpu.submit(job{owner: owner, ref: ref, service: service}); i >= 0 {
		db.run(s, i, 0)
	}
}

// run starts CPU job i on a server whose last job had share freed of a vCPU
// (0: an idle server). The job runs at its server's share: a whole vCPU on
// an instance class; on Aurora Serverless v2 the current capacity's, its
// CPU time stretched by 1/share. The busy gauge moves by the difference.
func (db *Database) run(s *sim.Sim, i int32, freed float64) {
	j := &db.cpu.jobs[i]
	j.share = 1
	d := j.service
	if db.sv != nil {
		j.share = db.sv.share
		d = sim.Time(math.Ceil(float64(d) / j.share))
	}
	if j.share != freed {
		db.busyAdd(s.Now(), j.share-freed)
	}
	s.After(d, db, evJobDone, sim.Ref{Index: i})
}

// busyAdd changes the busy vCPUs by dv at now.
func (db *Database) busyAdd(now sim.Time, dv float64) {
	db.Stats.CPUBusy.Add(now, dv)
	if db.sv != nil {
		db.sv.load(now, dv)
	}
}

// openConn takes a connection slot for a new connection, in state opening,
// or refuses (-1) when all usable slots are taken.
func (db *Database) openConn(now sim.Time) int32 {
	if db.open >= db.usable {
		if db.Stats.counts(now) {
			db.Stats.Refused.Add(now)
		}
		db.Stats.RefusedSeries.Inc(now)
		return -1
	}
	db.open++
	id := slab.Alloc(&db.conns, &db.freeConns)
	// A reused record keeps its generation: an idle timeout queued in its
	// previous life stays stale.
	db.conns[id] = conn{opened: now, useGen: db.conns[id].useGen}
	db.setState(now, id, connOpening)
	if db.Stats.counts(now) {
		db.Stats.Connects++
	}
	return id
}

// setState moves connection id to state st, keeping the gauges in step.
func (db *Database) setState(now sim.Time, id int32, st connState) {
	c := &db.conns[id]
	if g := db.gaugeOf(c.state); g != nil {
		g.Add(now, -1)
	} else if c.state == connFree {
		db.Stats.Open.Add(now, 1)
	}
	if g := db.gaugeOf(st); g != nil {
		g.Add(now, 1)
	} else {
		db.Stats.Open.Add(now, -1)
	}
	c.state = st
}

func (db *Database) gaugeOf(st connState) interface{ Add(sim.Time, float64) } {
	switch st {
	case connOpening, connActive, connPoolBusy:
		return db.Stats.InUse
	case connHeldIdle:
		return db.Stats.HeldIdle
	case connPoolIdle:
		return db.Stats.PoolIdle
	}
	return nil
}

// closeConn closes connection id and frees its record.
func (db *Database) closeConn(now sim.Time, id int32) {
	c := &db.conns[id]
	if c.state != connClosed {
		db.endConn(now, id)
	}
	c.state = connFree
	c.useGen.Next()
	db.freeConns = append(db.freeConns, id)
}

// endConn releases the slot of connection id (its record stays).
func (db *Database) endConn(now sim.Time, id int32) {
	c := &db.conns[id]
	db.setState(now, id, connClosed)
	db.open--
	if c.opened >= db.Stats.w.From && db.Stats.counts(now) {
		db.Stats.Closed++
		db.Stats.LifetimeSum += now - c.opened
		db.Stats.LifetimeMax = max(db.Stats.LifetimeMax, now-c.opened)
	}
}

// idleStart marks a direct connection held by an environment that went idle;
// the server closes it after idle_timeout unless it is used first.
func (db *Database) idleStart(s *sim.Sim, id int32) {
	now := s.Now()
	c := &db.conns[id]
	db.setState(now, id, connHeldIdle)
	c.idleSince = now
	if db.idleTimeout <= 0 {
		return
	}
	db.idle.Push(idleEntry{conn: c.useGen.Ref(id), at: now})
	db.wakeIdle(s)
}

// idleEnd takes an idle held connection back into use; false when the
// server closed it meanwhile (the record is then freed).
func (db *Database) idleEnd(now sim.Time, id int32) bool {
	c := &db.conns[id]
	if c.state == connClosed {
		db.closeConn(now, id)
		return false
	}
	c.useGen.Next()
	db.setState(now, id, connActive)
	return true
}

// idleDue closes the held connections idle for idle_timeout. Entries go in
// in time order and the timeout is fixed, so the front expires first.
func (db *Database) idleDue(s *sim.Sim) {
	now := s.Now()
	db.idleWake.Ring(now)
	for db.idle.Len() > 0 {
		e := db.idle.Front()
		c := &db.conns[e.conn.Index]
		if !e.conn.Live(c.useGen) || c.state != connHeldIdle {
			db.idle.Pop()
			continue
		}
		if e.at+db.idleTimeout > now {
			break
		}
		x := db.idle.Pop()
		db.endConn(now, x.conn.Index)
		if db.Stats.counts(now) {
			db.Stats.ServerClosed++
		}
	}
	db.wakeIdle(s)
}

func (db *Database) wakeIdle(s *sim.Sim) {
	if db.idle.Len() == 0 {
		return
	}
	db.idleWake.Set(s, db.idle.Front().at+db.idleTimeout, db, evIdleWake)
}

// queryDone records a query's latency.
func (db *Database) queryDone(now, issued sim.Time) {
	if db.Stats.counts(now) {
		db.Stats.Queries++
		db.Stats.QueryLatency.Record(now - issued)
	}
}

// Check verifies the connection bookkeeping: the open count, the records'
// states and the gauges agree. Tests call it after runs.
func (db *Database) Check() error {
	var inUse, held, pool, open int
	for _, c := range db.conns {
		switch c.state {
		case connOpening, connActive, connPoolBusy:
			inUse++
		case connHeldIdle:
			held++
		case connPoolIdle:
			pool++
		}
	}
	open = inUse + held + pool
	st := db.Stats
	switch {
	case open != db.open:
		return fmt.Errorf("database %s: %d connection records open, count says %d", db.Name, open, db.open)
	case db.open > db.usable:
		return fmt.Errorf("database %s: %d open, more than the %d usable", db.Name, db.open, db.usable)
	case float64(open) != st.Open.Value() || float64(inUse) != st.InUse.Value() ||
		float64(held) != st.HeldIdle.Value() || float64(pool) != st.PoolIdle.Value():
		return fmt.Errorf("database %s: gauges open %v in use %v held %v pool %v, records %d %d %d %d", db.Name,
			st.Open.Value(), st.InUse.Value(), st.HeldIdle.Value(), st.PoolIdle.Value(), open, inUse, held, pool)
	case db.Proxy != nil && db.Proxy.poolOpen > db.Proxy.max:
		return fmt.Errorf("database %s: proxy pool %d above its maximum %d", db.Name, db.Proxy.poolOpen, db.Proxy.max)
	}
	return nil
}
