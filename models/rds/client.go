package rds

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
)

// Client runs one function's [[function.call]]s for each of its execution
// environments, in order: for each call, a connection (kept by the
// environment with per_environment, opened and closed by the call with
// per_invocation), then its queries one after another. It implements
// lambda.Downstream.
type Client struct {
	fn     *lambda.Function
	calls  []callSpec
	envs   []envCalls
	pinRng *rand.Rand
	jitter *rand.Rand // connect-retry backoff
}

// Call is one [[function.call]] resolved to its database.
type Call struct {
	DB                *Database
	Queries           int
	QueriesPerMessage int      // more per message of an SQS batch
	PerEnv            bool     // per_environment; false: per_invocation
	ConnectRetries    int      // retries of a refused direct connect
	ConnectBackoff    sim.Time // their full-jitter base
}

type callSpec = Call

var (
	_ lambda.Downstream = (*Client)(nil)
	_ sim.Handler       = (*Client)(nil)
	_ jobOwner          = (*Client)(nil)
	_ borrower          = (*Client)(nil)
	_ jobOwner          = (*Proxy)(nil)
	_ sim.Handler       = (*Database)(nil)
)

type step uint8

const (
	stNone       step = iota
	stConnecting      // handshake of a direct connection, or of a client connection to the proxy
	stConnectCPU      // the database's CPU work for a new direct connection
	stBorrow          // waiting for a pooled connection
	stHop             // the proxy's added latency
	stQuery           // a query on the database's CPU
	stRefused         // a refused connect's handshake
	stRetryWait       // the code's wait before retrying a refused connect
)

// session is an environment's connection for one call.
type session struct {
	conn   int32 // direct: the database connection; proxy: the pinned one (-1: none)
	client bool  // proxy: a client connection to the proxy is open
	pinned bool  // proxy: this client session pins a database connection
}

type envCalls struct {
	gen      sim.Gen // the invocation's, as Start named it
	active   bool
	step     step
	call     int
	left     int
	tries    int   // refused connects of the current call
	batch    int   // the SQS batch's size, or 0
	borrowed int32 // proxy: the connection borrowed for the current query
	ticket   uint64
	issued   sim.Time
	sess     []session
}

// NewClient builds the calls of fn; streams give the pinning draws.
func NewClient(fn *lambda.Function, calls []Call, streams sim.Streams) *Client {
	return &Client{fn: fn, calls: calls, pinRng: streams.Stream("function/" + fn.Name + "/pinning"),
		jitter: streams.Stream("function/" + fn.Name + "/connect_retry")}
}

func (c *Client) env(i int32) *envCalls {
	for int(i) >= len(c.envs) {
		sess := make([]session, len(c.calls))
		for k := range sess {
			sess[k].conn = -1
		}
		c.envs = append(c.envs, envCalls{borrowed: -1, sess: sess})
	}
	return &c.envs[i]
}

// live returns the environment an event or callback names, or nil when it
// is stale (its invocation is over).
func (c *Client) live(ref sim.Ref) (int32, *envCalls) {
	i := ref.Index
	e := &c.envs[i]
	if !e.active || !ref.Live(e.gen) {
		return i, nil
	}
	return i, e
}

// Start implements lambda.Downstream.
func (c *Client) Start(s *sim.Sim, inv sim.Ref, batch int) {
	i := inv.Index
	e := c.env(i)
	e.gen, e.active, e.call, e.batch, e.tries = inv.Gen, true, 0, batch, 0
	now := s.Now()
	for k := range e.sess {
		ss, db := &e.sess[k], c.calls[k].DB
		if ss.conn < 0 {
			continue
		}
		if db.Proxy == nil {
			if !db.idleEnd(now, ss.conn) {
				ss.conn = -1 // closed by the server's idle timeout
			}
		} else {
			db.setState(now, ss.conn, connPoolBusy) // a pinned connection
		}
	}
	c.beginCall(s, i, e)
}

func (c *Client) beginCall(s *sim.Sim, i int32, e *envCalls) {
	if e.call == len(c.calls) {
		e.active, e.step = false, stNone
		c.fn.DownstreamDone(s, e.gen.Ref(i), 0)
		return
	}
	call, ss := &c.calls[e.call], &e.sess[e.call]
	e.left = call.Queries + call.QueriesPerMessage*e.batch
	db := call.DB
	switch {
	case db.Proxy == nil && ss.conn < 0:
		id := db.openConn(s.Now())
		if id < 0 {
			// The server says "too many connections" once the handshake is
			// done: the refusal costs a connect time.
			e.step = stRefused
			s.After(db.connectTime.Sample(), c, evRefused, e.gen.Ref(i))
			return
		}
		ss.conn, e.step = id, stConnecting
		s.After(db.connectTime.Sample(), c, evConnected, e.gen.Ref(i))
	case db.Proxy != nil && !ss.client:
		ss.client = true
		ss.pinned = c.pinRng.Float64() < db.Config.Proxy.PinningFraction
		db.Stats.ClientConns.Add(s.Now(), 1)
		e.step = stConnecting
		s.After(db.connectTime.Sample(), c, evConnected, e.gen.Ref(i))
	default:
		c.nextQuery(s, i, e)
	}
}

func (c *Client) fail(s *sim.Sim, i int32, e *envCalls, why Failure) {
	e.active, e.step = false, stNone
	c.fn.DownstreamDone(s, e.gen.Ref(i), uint8(why))
}

// Failure is why a database call failed its invocation; the function passes
// it to its caller as lambda.Outcome.Failure.
type Failure uint8

// Failures of a call.
const (
	_             Failure = iota // 0: none
	Refused                      // the database refused a new connection (too many connections)
	BorrowTimeout                // RDS Proxy found no pooled connection within its borrow timeout
)

func (f Failure) String() string {
	switch f {
	case Refused:
		return "refused"
	case BorrowTimeout:
		return "borrow-timeout"
	}
	return "none"
}

// Event kinds of a Client.
const (
	evConnected    int32 = iota // Ref: env and invocation
	evHop                       // Ref: env and invocation
	evRefused                   // Ref: env and invocation
	evRetryConnect              // Ref: env and invocation
)

// Handle implements sim.Handler.
func (c *Client) Handle(s *sim.Sim, ev sim.Event) {
	i, e := c.live(ev.Ref)
	if e == nil {
		return
	}
	db := c.calls[e.call].DB
	switch ev.Kind {
	case evConnected:
		if db.Proxy != nil {
			c.nextQuery(s, i, e)
			return
		}
		if cpu := db.connectCPU.Sample(); cpu > 0 {
			e.step = stConnectCPU
			db.submit(s, c, e.gen.Ref(i), cpu)
			return
		}
		c.connected(s, i, e)
	case evRefused:
		call := &c.calls[e.call]
		if e.tries >= call.ConnectRetries {
			c.fail(s, i, e, Refused)
			return
		}
		e.tries++
		e.step = stRetryWait
		limit := sim.Backoff(call.ConnectBackoff, MaxConnectBackoff, int32(e.tries-1))
		s.After(sim.Time(c.jitter.Float64()*float64(limit)), c, evRetryConnect, e.gen.Ref(i))
	case evRetryConnect:
		c.beginCall(s, i, e)
	case evHop:
		e.step = stQuery
		db.submit(s, c, e.gen.Ref(i), db.queryTm.Sample())
	}
}

func (c *Client) connected(s *sim.Sim, i int32, e *envCalls) {
	now := s.Now()
	db, id := c.calls[e.call].DB, e.sess[e.call].conn
	if db.Stats.counts(now) {
		db.Stats.ConnectTime.Record(now - db.conns[id].opened)
	}
	db.setState(now, id, connActive)
	c.nextQuery(s, i, e)
}

func (c *Client) nextQuery(s *sim.Sim, i int32, e *envCalls) {
	call, ss := &c.calls[e.call], &e.sess[e.call]
	if e.left == 0 {
		c.endCall(s, e, e.call)
		e.call, e.tries = e.call+1, 0
		c.beginCall(s, i, e)
		return
	}
	e.left--
	db := call.DB
	if db.Proxy == nil {
		e.step, e.issued = stQuery, s.Now()
		db.submit(s, c, e.gen.Ref(i), db.queryTm.Sample())
		return
	}
	if ss.pinned && ss.conn >= 0 {
		c.hop(s, i, e)
		return
	}
	conn, ticket := db.Proxy.borrow(s, c, e.gen.Ref(i))
	if conn >= 0 {
		c.gotConn(s, i, e, conn)
		return
	}
	e.step, e.ticket = stBorrow, ticket
}

func (c *Client) gotConn(s *sim.Sim, i int32, e *envCalls, conn int32) {
	ss, db := &e.sess[e.call], c.calls[e.call].DB
	if ss.pinned {
		ss.conn = conn
		db.Stats.Pinned.Add(s.Now(), 1)
		if db.Stats.counts(s.Now()) {
			db.Stats.PinnedTotal++
		}
	} else {
		e.borrowed = conn
	}
	c.hop(s, i, e)
}

func (c *Client) hop(s *sim.Sim, i int32, e *envCalls) {
	e.step, e.issued = stHop, s.Now()
	s.After(c.calls[e.call].DB.Proxy.latency.Sample(), c, evHop, e.gen.Ref(i))
}

// jobDone implements jobOwner: a query or a connection's CPU work finished.
func (c *Client) jobDone(s *sim.Sim, ref sim.Ref) {
	i, e := c.live(ref)
	if e == nil {
		return
	}
	if e.step == stConnectCPU {
		c.connected(s, i, e)
		return
	}
	db := c.calls[e.call].DB
	db.queryDone(s.Now(), e.issued)
	if e.borrowed >= 0 {
		conn := e.borrowed
		e.borrowed = -1
		db.Proxy.release(s, conn)
	}
	c.nextQuery(s, i, e)
}

// granted implements borrower; a borrow no longer waited for (it was
// cancelled when its invocation ended) declines the connection.
func (c *Client) granted(s *sim.Sim, ref sim.Ref, conn int32) bool {
	i, e := c.live(ref)
	if e == nil || e.step != stBorrow {
		return false
	}
	c.gotConn(s, i, e, conn)
	return true
}

// borrowFailed implements borrower.
func (c *Client) borrowFailed(s *sim.Sim, ref sim.Ref) {
	if i, e := c.live(ref); e != nil {
		c.fail(s, i, e, BorrowTimeout)
	}
}

// Abort implements lambda.Downstream: the invocation timed out. End, which
// follows, releases what it held.
func (c *Client) Abort(s *sim.Sim, i int32) {
	e := c.env(i)
	e.active = false
}

// End implements lambda.Downstream: the invocation is over. A pending borrow
// is withdrawn and a borrowed connection returned; per_invocation calls
// close their connections; per_environment ones stay with the idle
// environment (a handshake cut short by a timeout is closed).
func (c *Client) End(s *sim.Sim, i int32) {
	e := c.env(i)
	now := s.Now()
	if e.step == stBorrow {
		c.calls[e.call].DB.Proxy.cancel(e.ticket)
	}
	if e.borrowed >= 0 {
		c.calls[e.call].DB.Proxy.release(s, e.borrowed)
		e.borrowed = -1
	}
	e.active, e.step = false, stNone
	for k := range e.sess {
		call, ss := &c.calls[k], &e.sess[k]
		if !call.PerEnv {
			c.endCall(s, e, k)
			continue
		}
		if ss.conn < 0 {
			continue
		}
		db := call.DB
		switch st := db.conns[ss.conn].state; {
		case db.Proxy != nil:
			db.setState(now, ss.conn, connHeldIdle)
		case st == connActive:
			db.idleStart(s, ss.conn)
		case st == connOpening:
			db.closeConn(now, ss.conn)
			ss.conn = -1
		}
	}
}

// endCall closes what a per_invocation call opened.
func (c *Client) endCall(s *sim.Sim, e *envCalls, k int) {
	if c.calls[k].PerEnv {
		return
	}
	c.closeSession(s, k, &e.sess[k])
}

func (c *Client) closeSession(s *sim.Sim, k int, ss *session) {
	db, now := c.calls[k].DB, s.Now()
	if db.Proxy == nil {
		if ss.conn >= 0 {
			db.closeConn(now, ss.conn)
		}
	} else {
		if ss.conn >= 0 {
			db.Stats.Pinned.Add(now, -1)
			db.Proxy.release(s, ss.conn)
		}
		if ss.client {
			db.Stats.ClientConns.Add(now, -1)
		}
	}
	*ss = session{conn: -1}
}

// Gone implements lambda.Downstream: the environment is destroyed and its
// connections close.
func (c *Client) Gone(s *sim.Sim, i int32) {
	e := c.env(i)
	for k := range e.sess {
		c.closeSession(s, k, &e.sess[k])
	}
}
