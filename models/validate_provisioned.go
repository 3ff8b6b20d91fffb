package models

import (
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/param"
)

// pcLevel is a provisioned concurrency level a function asks for, with the
// key path that states it.
type pcLevel struct {
	path  string
	level int
}

// provisionedLevels lists the provisioned levels function f (at path at)
// may ask for: its initial level, and with a schedule or target tracking
// the highest that may follow (`max`, or each scheduled action's level).
// The pool rules hold for each statically (validateFunctions); at run time
// a request beyond what the pool has left is cut to it.
func provisionedLevels(at string, f *lambda.Config) []pcLevel {
	pc := param.Join(at, "provisioned_concurrency")
	p := f.ProvisionedScaling
	if p == nil {
		return []pcLevel{{pc, f.ProvisionedConcurrency}}
	}
	out := []pcLevel{{param.Join(pc, "initial"), f.ProvisionedConcurrency}}
	paths, levels := p.Levels()
	for i := range paths {
		out = append(out, pcLevel{param.Join(pc, paths[i]), levels[i]})
	}
	return out
}
