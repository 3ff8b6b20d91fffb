package rds

import (
	"testing"

	"github.com/stampede-sim/stampede/sim"
)

// A connection record reused after a close keeps its generation, so the
// idle timeout of its previous life is stale: it does not close the new
// connection. Idle timeout 60 s, keep-alive 40 s: the first connection
// idles from 1 ms and closes with its environment at 40.001 s; the second,
// on the same record, idles from 50.001 s and closes with its environment at
// 90.001 s, before its own timeout (110.001 s). The first life's timeout,
// due at 60.001 s, must not touch it.
func TestStaleIdleTimeoutAfterReuse(t *testing.T) {
	cfg := testDB(10)
	cfg.IdleTimeout = new(sim.Minute)
	fn := testFn(0)
	fn.KeepAlive = fixed(40 * sim.Second)
	r := newRig(t, cfg, fn)
	r.invoke(0, 0, 0)
	r.invoke(50*sim.Second, 1, 0)
	st := r.db.Stats
	r.run(61 * sim.Second)
	eq(t, "open at 61 s", st.Open.Value(), 1)
	r.run(10 * sim.Minute)
	r.expect(ok(ms), ok(50*sim.Second+ms))
	eq(t, "connects", st.Connects, 2)
	eq(t, "closed by the server", st.ServerClosed, 0)
	eq(t, "open", st.Open.Value(), 0)
}
