package scenarios

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

// distParams lists each distribution's parameter keys.
var distParams = map[dist.Kind][]string{
	dist.Fixed:       {"value"},
	dist.Exponential: {"mean"},
	dist.Uniform:     {"min", "max"},
	dist.LogNormal:   {"median", "p99", "mean", "stddev"},
	dist.Gamma:       {"mean", "cv"},
	dist.Weibull:     {"shape", "scale"},
	dist.Empirical:   {"values", "file"},
	dist.Sum:         {"terms"},
}

func (d *decoder) distValue(ip, dp string, v any) (dist.Spec, bool) {
	if s, ok := v.(string); ok {
		t, good := d.durationValue(ip, dp, s)
		return dist.Spec{Kind: dist.Fixed, Value: t}, good
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.report(ip, dp, v, "must be a duration string or a distribution table such as { dist = \"exponential\", mean = \"100ms\" }")
		return dist.Spec{}, false
	}
	n := &node{d: d, m: m, ipath: ip, dpath: dp, used: map[string]bool{}}
	before := len(d.problems)
	kindName := n.str("dist", "", true)
	kind := dist.Kind(kindName)
	params, known := distParams[kind]
	if !known {
		if kindName != "" {
			n.problem("dist", kindName, "unknown distribution (allowed: %s)", dist.Kinds)
		}
		return dist.Spec{}, false
	}
	spec := dist.Spec{Kind: kind}
	for _, p := range params {
		n.distParam(&spec, p)
	}
	n.finish(append([]string{"dist"}, params...)...)
	n.distRequired(kind)
	if len(d.problems) > before {
		return spec, false
	}
	if err := spec.Validate(); err != nil {
		d.report(ip, dp, nil, "%v", err)
		return spec, false
	}
	return spec, true
}

// distRequired lists each distribution's parameter sets: exactly one set
// must be given, whole (a missing parameter is never taken as 0).
var distRequired = map[dist.Kind][][]string{
	dist.Fixed:       {{"value"}},
	dist.Exponential: {{"mean"}},
	dist.Uniform:     {{"min", "max"}},
	dist.LogNormal:   {{"median", "p99"}, {"mean", "stddev"}},
	dist.Gamma:       {{"mean", "cv"}},
	dist.Weibull:     {{"shape", "scale"}},
	dist.Empirical:   {{"values"}, {"file"}},
	dist.Sum:         {{"terms"}},
}

// distRequired reports a missing parameter of a kind distribution, or two
// parametrisations given together.
func (n *node) distRequired(kind dist.Kind) {
	sets := distRequired[kind]
	var alts []string
	for _, set := range sets {
		alts = append(alts, strings.Join(set, " and "))
	}
	needs := fmt.Sprintf("%s needs %s", kind, strings.Join(alts, ", or "))
	var given [][]string // per set, its keys present
	for _, set := range sets {
		var have []string
		for _, k := range set {
			if _, ok := n.m[k]; ok {
				have = append(have, k)
			}
		}
		if len(have) > 0 {
			given = append(given, have)
		}
	}
	switch {
	case len(given) > 1:
		n.problem(given[1][0], nil, "%s given with %s (%s, not both)", given[1][0], given[0][0], needs)
	case len(given) == 0:
		n.problem(sets[0][0], nil, "missing (%s)", needs)
	default:
		for _, set := range sets {
			if !slices.Contains(set, given[0][0]) {
				continue
			}
			for _, k := range set {
				if !slices.Contains(given[0], k) {
					n.problem(k, nil, "missing (%s)", needs)
				}
			}
		}
	}
}

func (n *node) distParam(spec *dist.Spec, p string) {
	if _, ok := n.m[p]; !ok {
		return
	}
	dur := func() sim.Time { return n.duration(p, 0, false, 0, 0) }
	switch p {
	case "value":
		spec.Value = dur()
	case "mean":
		spec.Mean = dur()
	case "min":
		spec.Min = dur()
	case "max":
		spec.Max = dur()
	case "median":
		spec.Median = dur()
	case "p99":
		spec.P99 = dur()
	case "stddev":
		spec.Stddev = dur()
	case "scale":
		spec.Scale = dur()
	case "cv":
		spec.CV = n.float(p, 0, 0, 1e6)
	case "shape":
		spec.Shape = n.float(p, 0, 0, 1e6)
	case "values":
		spec.Values = n.millisArray(p)
	case "file":
		spec.File = n.str(p, "", true)
		n.loadEmpirical(spec)
	case "terms":
		spec.Terms = n.terms(p)
	}
}

func (n *node) millisArray(key string) []sim.Time {
	v, _ := n.get(key)
	arr, ok := v.([]any)
	if !ok {
		n.problem(key, v, "must be an array of milliseconds, e.g. [12.5, 14, 80]")
		return nil
	}
	out := make([]sim.Time, 0, len(arr))
	for _, e := range arr {
		f, isNum := number(e)
		if !isNum || f < 0 || f > 1e12 {
			n.problem(key, v, "must be an array of milliseconds >= 0")
			return nil
		}
		out = append(out, sim.FromSeconds(f/1000))
	}
	return out
}

func (n *node) loadEmpirical(spec *dist.Spec) {
	if spec.File == "" {
		return
	}
	path := spec.File
	if !filepath.IsAbs(path) && n.d.dir != "" {
		path = filepath.Join(n.d.dir, path)
	}
	vals, err := dist.LoadEmpiricalFile(path)
	if err != nil {
		n.problem("file", spec.File, "%s", strings.TrimPrefix(err.Error(), "open "))
		return
	}
	spec.Values = vals
}

func (n *node) terms(key string) []dist.Spec {
	v, _ := n.get(key)
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		n.problem(key, v, "must be a non-empty array of distributions")
		return nil
	}
	out := make([]dist.Spec, 0, len(arr))
	ip, dp := n.paths(key)
	for i, e := range arr {
		idx := "[" + itoa(i) + "]"
		s, good := n.d.distValue(ip+idx, dp+idx, e)
		if !good {
			return nil
		}
		out = append(out, s)
	}
	return out
}

func itoa(i int) string { return fmtInt(i) }
