package models

// RunReplication runs replication rep of the resolved, valid scenario sc on
// its own: what RunScenario does for each replication, for callers that
// schedule replications themselves (a sweep runs every point's replications
// on one pool of workers). A Folder joins them as they finish; Combine,
// once all are done.
func RunReplication(sc *Scenario, rep int, opts RunOptions) (*Result, error) {
	sys, err := Build(sc, rep, opts.Buckets)
	if err != nil {
		return nil, err
	}
	return sys.Run(opts), nil
}

// Combine joins the results of replications 0, 1, … of one scenario, in
// that order, exactly as RunScenario does: one result is returned as it is;
// several give every summary, the estimates, the mean time series and the
// merged latency histogram.
func Combine(rs []*Result) *Result {
	f := NewFolder(len(rs), nil)
	for r, res := range rs {
		f.Done(r)(res, nil)
	}
	res, _ := f.Result() // no replication failed
	return res
}
