package scenarios

import "strings"

// crossCheck applies the rules that span keys, reporting at the key that
// breaks them.
func crossCheck(root *node, sc *Scenario) {
	if sc.Duration > 0 && sc.Warmup >= sc.Duration {
		root.problem("warmup", sc.Warmup.String(), "must be shorter than duration (%v)", sc.Duration)
	}
	checkFunctions(root, sc)
	checkWorkloads(root, sc)
	checkDatabases(root, sc)
	checkQueues(root, sc)
}

func checkFunctions(root *node, sc *Scenario) {
	if len(sc.Functions) == 0 {
		root.problem("function", nil, "at least one [[function]] is required")
	}
	fns := root.tables("function")
	seen := map[string]bool{}
	reservable := sc.Account.ConcurrencyLimit - sc.Account.UnreservedMinimum
	reserved, unreservedPC := 0, 0
	for i, f := range sc.Functions {
		if i >= len(fns) {
			break
		}
		n := fns[i]
		if f.Name != "" && seen[f.Name] {
			n.problem("name", f.Name, "duplicate function name (names must be unique)")
		}
		seen[f.Name] = true
		if f.ReservedConcurrency >= 0 {
			reserved += f.ReservedConcurrency
			if reserved > reservable {
				n.problem("reserved_concurrency", f.ReservedConcurrency,
					"reserved concurrency adds up to %d, more than concurrency_limit %d − unreserved_minimum %d = %d",
					reserved, sc.Account.ConcurrencyLimit, sc.Account.UnreservedMinimum, reservable)
			}
			if f.ProvisionedConcurrency > f.ReservedConcurrency {
				n.problem("provisioned_concurrency", f.ProvisionedConcurrency,
					"more than reserved_concurrency %d (allowed: 0..%d)", f.ReservedConcurrency, f.ReservedConcurrency)
			}
			continue
		}
		unreservedPC += f.ProvisionedConcurrency
		if pool := sc.Account.ConcurrencyLimit - reserved; unreservedPC > pool && f.ProvisionedConcurrency > 0 {
			n.problem("provisioned_concurrency", f.ProvisionedConcurrency,
				"provisioned concurrency of functions without a reservation adds up to %d, more than the unreserved pool (%d)", unreservedPC, pool)
		}
	}
	if sc.Account.UnreservedMinimum > sc.Account.ConcurrencyLimit {
		if acct := root.table("account"); acct != nil {
			acct.problem("unreserved_minimum", sc.Account.UnreservedMinimum, "more than concurrency_limit (%d)", sc.Account.ConcurrencyLimit)
		}
	}
}

func checkWorkloads(root *node, sc *Scenario) {
	if len(sc.Workloads) == 0 {
		root.problem("workload", nil, "at least one [[workload]] is required")
	}
	names := make([]string, len(sc.Functions))
	for i, f := range sc.Functions {
		names[i] = f.Name
	}
	wls := root.tables("workload")
	seen := map[string]bool{}
	for i, w := range sc.Workloads {
		if i >= len(wls) {
			break
		}
		n := wls[i]
		if w.Name != "" && seen[w.Name] {
			n.problem("name", w.Name, "duplicate workload name (names must be unique)")
		}
		seen[w.Name] = true
		if w.Function != "" && sc.FunctionByName(w.Function) == nil {
			n.problem("function", w.Function, "no such function (defined: %s)", strings.Join(names, ", "))
		}
	}
}
