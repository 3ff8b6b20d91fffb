package rds

import (
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
	"github.com/stampede-sim/stampede/sim/ring"
)

// poolIdleAfter is when RDS Proxy counts a pooled connection as idle: "after
// 5 minutes without activity" (sources.md [rds-proxy], "MaxIdleConnectionsPercent").
const poolIdleAfter = 5 * sim.Minute

// borrower is told how its borrow ended when it had to wait; ref is what it
// borrowed with. granted reports whether the borrower took the connection.
type borrower interface {
	granted(s *sim.Sim, ref sim.Ref, conn int32) bool
	borrowFailed(s *sim.Sim, ref sim.Ref)
}

// Proxy is RDS Proxy in front of a database. Each transaction borrows a
// database connection from its pool: an idle one if any (the most recently
// returned), else a new one while the pool is below its maximum, else the
// borrow waits in FIFO order up to borrow_timeout. Pooled connections idle
// for 5 minutes are closed while more than the idle maximum are idle.
//
// With no new connections needed (the pool full and warm), the pool is the
// multi-server queue M/M/c with c = the pool's maximum: a borrow waits with
// probability Erlang C and for Erlang C's mean wait (tested).
type Proxy struct {
	db       *Database
	max      int // pool maximum: max_connections × max_connections_percent
	maxIdle  int // idle connections kept beyond 5 minutes
	poolOpen int // pool connections open or opening
	idle     ring.Ring[int32]
	waiters  ring.Ring[waiter]
	head     uint64 // ticket of waiters' front
	timeout  sim.Time
	latency  dist.Sampler

	borrowWake, poolWake sim.Alarm
}

type waiter struct {
	owner     borrower
	ref       sim.Ref
	since     sim.Time
	cancelled bool
}

func newProxy(db *Database, streams sim.Streams) *Proxy {
	cfg := db.Config
	return &Proxy{
		db:      db,
		max:     cfg.MaxConnections * cfg.Proxy.MaxConnectionsPercent / 100,
		maxIdle: cfg.MaxConnections * *cfg.Proxy.MaxIdleConnectionsPercent / 100,
		timeout: *cfg.Proxy.BorrowTimeout,
		latency: cfg.Proxy.AddedLatency.Own(streams.Source("database/" + cfg.Name + "/proxy_latency")),
	}
}

// MaxPool is the pool's maximum number of database connections.
func (p *Proxy) MaxPool() int { return p.max }

// borrow gives a connection now (conn >= 0), or queues the borrower and
// returns its ticket for cancel.
func (p *Proxy) borrow(s *sim.Sim, owner borrower, ref sim.Ref) (conn int32, ticket uint64) {
	now := s.Now()
	if p.idle.Len() > 0 && p.waiters.Len() == 0 {
		id := p.idle.PopBack()
		p.db.setState(now, id, connPoolBusy)
		p.granted(now, now)
		return id, 0
	}
	ticket = p.head + uint64(p.waiters.Len())
	p.waiters.Push(waiter{owner: owner, ref: ref, since: now})
	if p.poolOpen < p.max {
		p.openOne(s)
	}
	p.wakeBorrow(s)
	return -1, ticket
}

// cancel withdraws a queued borrow.
func (p *Proxy) cancel(ticket uint64) {
	if ticket >= p.head && ticket < p.head+uint64(p.waiters.Len()) {
		p.waiters.At(int(ticket - p.head)).cancelled = true
	}
}

func (p *Proxy) granted(now, since sim.Time) {
	st := p.db.Stats
	if !st.counts(now) {
		return
	}
	st.Borrows++
	if w := now - since; w > 0 {
		st.BorrowWaited.Add(now)
		st.BorrowWaitSum += w
		st.BorrowWait.Record(w)
	}
}

// openOne opens a pool connection; the database may refuse it, and the
// waiting borrows then wait for a release.
func (p *Proxy) openOne(s *sim.Sim) {
	id := p.db.openConn(s.Now())
	if id < 0 {
		return
	}
	p.poolOpen++
	s.After(p.db.connectTime.Sample(), p.db, evPoolConnected, sim.Ref{Index: id})
}

func (p *Proxy) handshakeDone(s *sim.Sim, id int32) {
	if c := p.db.connectCPU.Sample(); c > 0 {
		p.db.submit(s, p, sim.Ref{Index: id}, c)
		return
	}
	p.connected(s, id)
}

func (p *Proxy) jobDone(s *sim.Sim, ref sim.Ref) { p.connected(s, ref.Index) }

func (p *Proxy) connected(s *sim.Sim, id int32) {
	now := s.Now()
	if p.db.Stats.counts(now) {
		p.db.Stats.ConnectTime.Record(now - p.db.conns[id].opened)
	}
	p.release(s, id)
}

// release returns a borrowed (or new) connection: to the first live waiter,
// or to the idle pool.
func (p *Proxy) release(s *sim.Sim, id int32) {
	now := s.Now()
	for p.waiters.Len() > 0 {
		w := p.waiters.Pop()
		p.head++
		if w.cancelled {
			continue
		}
		if !w.owner.granted(s, w.ref, id) {
			continue
		}
		p.db.setState(now, id, connPoolBusy)
		p.granted(now, w.since)
		return
	}
	p.db.setState(now, id, connPoolIdle)
	p.db.conns[id].idleSince = now
	p.idle.Push(id)
	p.wakePool(s)
}

// borrowDue fails the borrows that waited borrow_timeout; they queue in
// time order and the timeout is fixed, so the front expires first.
func (p *Proxy) borrowDue(s *sim.Sim) {
	now := s.Now()
	p.borrowWake.Ring(now)
	for p.waiters.Len() > 0 {
		w := p.waiters.Front()
		if !w.cancelled && w.since+p.timeout > now {
			break
		}
		x := p.waiters.Pop()
		p.head++
		if x.cancelled {
			continue
		}
		if p.db.Stats.counts(now) {
			p.db.Stats.BorrowTimeout.Add(now)
		}
		x.owner.borrowFailed(s, x.ref)
	}
	p.wakeBorrow(s)
}

func (p *Proxy) wakeBorrow(s *sim.Sim) {
	if p.waiters.Len() == 0 {
		return
	}
	p.borrowWake.Set(s, p.waiters.Front().since+p.timeout, p.db, evBorrowWake)
}

// poolDue closes the longest-idle pooled connections, idle for 5 minutes,
// while more than the idle maximum are idle.
func (p *Proxy) poolDue(s *sim.Sim) {
	now := s.Now()
	p.poolWake.Ring(now)
	for p.idle.Len() > p.maxIdle {
		id := *p.idle.Front()
		if p.db.conns[id].idleSince+poolIdleAfter > now {
			break
		}
		p.idle.Pop()
		p.poolOpen--
		p.db.closeConn(now, id)
	}
	p.wakePool(s)
}

func (p *Proxy) wakePool(s *sim.Sim) {
	if p.idle.Len() <= p.maxIdle {
		return
	}
	p.poolWake.Set(s, p.db.conns[*p.idle.Front()].idleSince+poolIdleAfter, p.db, evPoolWake)
}
