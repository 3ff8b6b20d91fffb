package models

import (
	"errors"
	"strings"

	"github.com/stampede-sim/stampede/models/arrivals"
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/models/sqs"
)

// Validate checks a resolved scenario (see Resolved): every value in range,
// and the rules that span keys. Each error's Path names the key as in the
// scenario file ("function[api].memory_mb"). The result is nil or a
// param.Errors.
func (s *Scenario) Validate() error {
	errs := param.Check(Fields, s)
	if param.HasControl(s.Name) {
		errs.Add("name", s.Name, "holds a control or invisible character (allowed: printable text)")
	}
	if s.Duration > 0 && s.Warmup >= s.Duration {
		errs.Add("warmup", s.Warmup, "must be shorter than duration (%v)", s.Duration)
	}
	under(&errs, "account", s.Account.Validate())
	under(&errs, "api_gateway", s.APIGateway.Validate())
	errs = append(errs, s.validateFunctions()...)
	errs = append(errs, s.validateWorkloads()...)
	errs = append(errs, s.validateDatabases()...)
	errs = append(errs, s.validateQueues()...)
	under(&errs, "pricing", s.Pricing.Validate(names(s.Databases, dbName)))
	under(&errs, "month", s.Month.Validate((s.Duration-s.Warmup).Seconds(), cost.Default().HoursPerMonth))
	seen := map[string]bool{}
	for i := range s.Alternatives {
		a := &s.Alternatives[i]
		at := param.Elem("alternative", i, a.Name)
		under(&errs, at, a.Validate())
		dupName(&errs, seen, at, "alternative", a.Name, i)
	}
	return errs.Err()
}

func dbName(c *rds.Config) string { return c.Name }

// under appends err's errors below prefix.
func under(errs *param.Errors, prefix string, err error) {
	var pe param.Errors
	switch {
	case err == nil:
	case errors.As(err, &pe):
		*errs = append(*errs, pe.Under(prefix)...)
	default:
		*errs = append(*errs, param.Error{Path: prefix, Msg: err.Error()})
	}
}

func (s *Scenario) validateFunctions() param.Errors {
	var errs param.Errors
	if len(s.Functions) == 0 {
		errs.Add("function", nil, "at least one [[function]] is required")
	}
	acct := &s.Account
	reservable := acct.ConcurrencyLimit - acct.Unreserved()
	reserved := 0
	for i := range s.Functions {
		reserved += max(s.Functions[i].Reserved(), 0)
	}
	pool := acct.ConcurrencyLimit - reserved
	seen := map[string]bool{}
	// The totals are checked on the whole file and reported once, at the
	// largest contributor (ties: the first name in sort order), so that the
	// order of the functions in the file changes nothing.
	unreservedPC, anyOver := 0, false
	largestRes, largestPC := -1, -1
	for i := range s.Functions {
		f := &s.Functions[i]
		if res := f.Reserved(); res >= 0 {
			if largestRes < 0 || larger(res, f.Name, s.Functions[largestRes].Reserved(), s.Functions[largestRes].Name) {
				largestRes = i
			}
		} else if pc := f.ProvisionedConcurrency; pc > 0 {
			unreservedPC += pc
			if largestPC < 0 || larger(pc, f.Name, s.Functions[largestPC].ProvisionedConcurrency, s.Functions[largestPC].Name) {
				largestPC = i
			}
		}
	}
	for i := range s.Functions {
		f := &s.Functions[i]
		at := param.Elem("function", i, f.Name)
		under(&errs, at, f.Config.Validate())
		dupName(&errs, seen, at, "function", f.Name, i)
		for k := range f.Calls {
			under(&errs, param.Join(at, param.Elem("call", k, "")), f.Calls[k].Validate())
		}
		if res := f.Reserved(); res >= 0 {
			if reserved > reservable && i == largestRes {
				errs.Add(at+".reserved_concurrency", res,
					"reserved concurrency adds up to %d, more than concurrency_limit %d − unreserved_minimum %d = %d",
					reserved, acct.ConcurrencyLimit, acct.Unreserved(), reservable)
			}
			for _, l := range provisionedLevels(at, &f.Config) {
				if l.level > res {
					errs.Add(l.path, l.level, "more than reserved_concurrency %d (allowed: 0..%d)", res, res)
				}
			}
			continue
		}
		// Provisioned concurrency of a function without a reservation comes
		// from the unreserved pool and must leave unreserved_minimum of it.
		pcCap := pool - acct.Unreserved()
		for _, l := range provisionedLevels(at, &f.Config) {
			if l.level > pcCap {
				anyOver = true
				errs.Add(l.path, l.level, "more than the unreserved pool (%d) less unreserved_minimum (%d) = %d",
					pool, acct.Unreserved(), pcCap)
			}
		}
	}
	// The sum of the levels at t = 0, when no single level is already over.
	if pcCap := pool - acct.Unreserved(); unreservedPC > pcCap && !anyOver && largestPC >= 0 {
		f := &s.Functions[largestPC]
		at := param.Elem("function", largestPC, f.Name)
		errs.Add(provisionedLevels(at, &f.Config)[0].path, f.ProvisionedConcurrency,
			"provisioned concurrency of functions without a reservation adds up to %d at t = 0, more than the unreserved pool (%d) less unreserved_minimum (%d) = %d",
			unreservedPC, pool, acct.Unreserved(), pcCap)
	}
	return errs
}

// larger orders contributors to a total: the larger value, then the first
// name in sort order.
func larger(v int, name string, w int, other string) bool {
	return v > w || v == w && name < other
}

// dupName reports a second element named name.
// A duplicate is named by its index (alternative[1].name), which tells it
// from the first and finds its line.
func dupName(errs *param.Errors, seen map[string]bool, at, what, name string, i int) {
	if param.HasControl(name) {
		errs.Add(at+".name", name, "holds a control or invisible character (allowed: printable text)")
	}
	if name != "" && seen[name] {
		errs.Add(param.Elem(what, i, "")+".name", name, "duplicate %s name (names must be unique)", what)
	}
	seen[name] = true
}

func (s *Scenario) validateWorkloads() param.Errors {
	var errs param.Errors
	if len(s.Workloads) == 0 {
		errs.Add("workload", nil, "at least one [[workload]] is required")
	}
	fns := names(s.Functions, func(f *Function) string { return f.Name })
	qs := names(s.Queues, func(q *sqs.Config) string { return q.Name })
	isFn, isQ := setOf(fns), setOf(qs) // thousands of workloads look up by name
	seen := map[string]bool{}
	for i := range s.Workloads {
		w := &s.Workloads[i]
		at := param.Elem("workload", i, w.Name)
		under(&errs, at, param.Check(WorkloadFields, w).Err())
		under(&errs, at+".client", param.Check(ClientFields, &w.Client).Err())
		under(&errs, at+".arrivals", w.Arrivals.Validate())
		if a := w.Arrivals; a.Process == arrivals.Trace && a.Trace.Durations && (w.Queue != "" || w.Invocation == Async) {
			errs.Add(at+".arrivals.durations", true, "a trace's durations are handler times of synchronous invocations only (this workload is %s)", map[bool]string{true: "sent to a queue", false: "asynchronous"}[w.Queue != ""])
		}
		if a := w.Arrivals; a.Process == arrivals.Burst && s.Duration > 0 && a.At >= s.Duration {
			errs.Add(at+".arrivals.at", a.At, "at or after the end of the run (duration %v): the burst would never fire (allowed: 0 <= at < duration)", s.Duration)
		}
		dupName(&errs, seen, at, "workload", w.Name, i)
		switch {
		case w.Queue != "" && w.Function != "":
			errs.Add(at+".function", nil, "a workload targets a function or a queue, not both")
		case w.Queue != "":
			if !isQ[w.Queue] {
				errs.Add(at+".queue", w.Queue, "no such queue (defined: %s)", defined(qs, "queue"))
			}
		case w.Function == "":
			errs.Add(at+".function", nil, "missing (required)")
		case !isFn[w.Function]:
			errs.Add(at+".function", w.Function, "no such function (defined: %s)", strings.Join(fns, ", "))
		case w.Invocation == Async && w.Via != Direct:
			errs.Add(at+".via", w.Via.String(), "API Gateway integrations are synchronous (allowed with invocation = \"async\": direct)")
		}
		if w.Via == Direct && w.RateLimit != nil {
			errs.Add(at+".rate_limit", *w.RateLimit, "a route throttle needs via = \"api-gateway-http\" or \"api-gateway-rest\"")
		}
		if w.BurstLimit != nil && w.RateLimit == nil {
			errs.Add(at+".burst_limit", *w.BurstLimit, "needs rate_limit")
		}
		if c := w.Client; c.BackoffCap < max(c.BackoffBase, c.ThrottleBackoffBase) {
			errs.Add(at+".client.backoff_cap", c.BackoffCap, "must be >= backoff_base (%v) and throttle_backoff_base (%v)", c.BackoffBase, c.ThrottleBackoffBase)
		}
	}
	return errs
}

func (s *Scenario) validateDatabases() param.Errors {
	var errs param.Errors
	seen := map[string]bool{}
	for i := range s.Databases {
		db := &s.Databases[i]
		at := param.Elem("database", i, db.Name)
		under(&errs, at, db.Validate())
		dupName(&errs, seen, at, "database", db.Name, i)
		if v, ok := s.Pricing.RDSHourly[db.Name]; ok && db.Serverless() {
			errs.Add("pricing.rds_instance_hourly."+db.Name, v, "not for db.serverless, which is billed per ACU-hour (set aurora_serverless_v2_acu_hour)")
		}
	}
	dbs := names(s.Databases, dbName)
	isDB := setOf(dbs)
	for i := range s.Functions {
		f := &s.Functions[i]
		for k, c := range f.Calls {
			if c.Database != "" && !isDB[c.Database] {
				at := param.Join(param.Elem("function", i, f.Name), param.Elem("call", k, ""))
				errs.Add(at+".database", c.Database, "no such database (defined: %s)", defined(dbs, "database"))
			}
		}
	}
	return errs
}

func (s *Scenario) validateQueues() param.Errors {
	var errs param.Errors
	seen := map[string]bool{}
	fns := names(s.Functions, func(f *Function) string { return f.Name })
	for i := range s.Queues {
		q := &s.Queues[i]
		at := param.Elem("queue", i, q.Name)
		dupName(&errs, seen, at, "queue", q.Name, i)
		f := s.FunctionByName(q.Function)
		if f == nil {
			under(&errs, at, param.Check(sqs.Fields, q).Err())
			if q.Function != "" {
				errs.Add(at+".function", q.Function, "no such function (defined: %s)", strings.Join(fns, ", "))
			}
			continue
		}
		under(&errs, at, q.Validate(f.Timeout))
	}
	return errs
}

// setOf is the set of names.
func setOf(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
