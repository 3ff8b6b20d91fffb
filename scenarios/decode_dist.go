package scenarios

import (
	"path/filepath"
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
	if len(d.problems) > before {
		return spec, false
	}
	if err := spec.Validate(); err != nil {
		d.report(ip, dp, nil, "%v", err)
		return spec, false
	}
	return spec, true
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
