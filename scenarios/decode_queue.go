package scenarios

import (
	"strings"

	"github.com/stampede-sim/stampede/sim"
)

var queueKeys = []string{"name", "function", "batch_size", "batch_window", "max_concurrency", "visibility_timeout",
	"max_receive_count", "report_batch_item_failures", "retention_period", "message_size"}

// queue decodes a [[queue]]; the visibility timeout's default needs the
// function's timeout, filled in by checkQueues.
func (n *node) queue() Queue {
	q := Queue{
		Name:     n.str("name", "", true),
		Function: n.str("function", "", true),
	}
	bs, _ := n.integer("batch_size", defaultBatchSize, 1, 10_000, "")
	q.BatchSize = int(bs)
	q.BatchWindow = n.duration("batch_window", 0, false, 0, 300*sim.Second)
	if q.BatchSize > 10 && q.BatchWindow < sim.Second {
		n.problem("batch_size", q.BatchSize, "above 10 needs batch_window of at least 1s (it is %v)", q.BatchWindow)
	}
	mc, _ := n.integer("max_concurrency", 0, 2, 1000, "")
	q.MaxConcurrency = int(mc)
	q.VisibilityTimeout = n.duration("visibility_timeout", 0, false, 0, 12*sim.Hour)
	mr, _ := n.integer("max_receive_count", defaultMaxReceiveCount, 1, 1000, "")
	q.MaxReceiveCount = int(mr)
	q.ReportBatchItemFailures = n.boolean("report_batch_item_failures", false)
	q.RetentionPeriod = n.duration("retention_period", defaultRetention, false, 60*sim.Second, 14*sim.Day)
	ms, _ := n.integer("message_size", defaultMessageSize, 1, 1<<20, "bytes")
	q.MessageSize = int(ms)
	n.finish(queueKeys...)
	return q
}

// checkQueues checks queue names and targets, and fills in the visibility
// timeout: by default 6 × the function's timeout plus the batch window; a
// set one must be at least the function's timeout (AWS rejects the event
// source mapping otherwise).
func checkQueues(root *node, sc *Scenario) {
	qs := root.tables("queue")
	seen := map[string]bool{}
	var names []string
	for i := range sc.Queues {
		q := &sc.Queues[i]
		if i >= len(qs) {
			break
		}
		n := qs[i]
		if q.Name != "" && seen[q.Name] {
			n.problem("name", q.Name, "duplicate queue name (names must be unique)")
		}
		seen[q.Name] = true
		names = append(names, q.Name)
		f := sc.FunctionByName(q.Function)
		if f == nil {
			if q.Function != "" {
				n.problem("function", q.Function, "no such function (defined: %s)", functionNames(sc))
			}
			continue
		}
		if _, set := n.m["visibility_timeout"]; !set {
			q.VisibilityTimeout = visibilityTimeoutFactor*f.Timeout + q.BatchWindow
		} else if q.VisibilityTimeout < f.Timeout {
			n.problem("visibility_timeout", q.VisibilityTimeout.String(),
				"shorter than function %s's timeout (%v): AWS rejects the event source mapping (at least %v; 6 × timeout recommended)",
				f.Name, f.Timeout, f.Timeout)
		}
	}
	wls := root.tables("workload")
	for i, w := range sc.Workloads {
		if i < len(wls) && w.Queue != "" && !seen[w.Queue] {
			defined := "none: add a [[queue]]"
			if len(names) > 0 {
				defined = strings.Join(names, ", ")
			}
			wls[i].problem("queue", w.Queue, "no such queue (defined: %s)", defined)
		}
	}
}

func functionNames(sc *Scenario) string {
	names := make([]string, len(sc.Functions))
	for i, f := range sc.Functions {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}
