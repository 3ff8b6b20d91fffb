package stampede

import "github.com/stampede-sim/stampede/models"

// Work is what a run will cost, estimated from the scenario before it
// starts: the requests its workloads are expected to send (the arrival
// processes' expected counts over the duration; client retries are not new
// requests), the engine events they take (about two per request, plus one
// per query, per connection opened for an invocation, per RDS Proxy hop and
// per SQS message), and the simulations, over every replication. Time is
// the CPU time at models.EventsPerSecond; Large reports whether the work
// passes 50 million requests or 30 s, past which the command line prints
// the estimate before the run and shows its progress.
type Work = models.Work

// EstimateWork is the expected work of running sc; nothing is simulated.
// For the built-ins it is within 1% of the requests a run sends
// (docs/model.md). (Estimate, the type, is a metric's mean and confidence
// interval over replications.)
func EstimateWork(sc *Scenario) Work { return models.EstimateWork(sc.Resolved()) }

// EstimateWork is the expected work of the plan's points (the shard's, when the
// sweep is sharded), each with its replications.
func (pl *SweepPlan) EstimateWork() Work {
	var w Work
	for _, sc := range pl.scens {
		w = w.Add(EstimateWork(sc))
	}
	return w
}

// EstimateCompareWork is the expected work of Compare(ctx, entries, opts):
// every scenario with the comparison's common number of replications. Bad
// entries give the *CompareError that Compare would.
func EstimateCompareWork(entries []Entry, opts CompareOptions) (Work, error) {
	plan, err := planCompare(entries, opts)
	if err != nil {
		return Work{}, err
	}
	var w Work
	for _, sc := range plan.scens {
		w = w.Add(EstimateWork(sc))
	}
	return w, nil
}
