package lambda

import (
	"fmt"

	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/sim"
)

// ProvisionedScaling changes a function's provisioned concurrency during the
// run, as Application Auto Scaling does for a Lambda alias (sources.md
// [provisioned-concurrency], [pc-autoscaling]); Config.ProvisionedConcurrency
// stays the level allocated before t = 0. The zero value changes nothing: no
// schedule, no target tracking.
//
//   - Target tracking (Max > 0) keeps ProvisionedConcurrencyUtilization,
//     busy ÷ allocated provisioned environments in 1-minute averages, near
//     TargetUtilization, between Min and Max.
//   - Each scheduled action sets, at its time, the minimum (with target
//     tracking: the level rises to it if below, and target tracking may
//     lower it later) or, without target tracking, the level itself.
//
// An increase is allocated after Preparation, at 6,000 environments a
// minute, and none of its environments serves before all are ready; a
// decrease retires idle environments at once and busy ones as their
// invocations end (provisioning, autoscale.go).
type ProvisionedScaling struct {
	Min, Max int // target tracking's bounds; Max 0: no target tracking
	// TargetUtilization is target tracking's target (nil: 0.7).
	TargetUtilization *float64
	Schedule          []ScheduledAction // in time order
	// Repeat > 0 runs the schedule again every Repeat (every action's At is
	// then before Repeat); nil or 0: once.
	Repeat *sim.Time
	// Preparation is how long an increase waits before its environments
	// start to be allocated (nil: DefaultPreparation).
	Preparation *sim.Time
}

// ScheduledAction sets the provisioned level (with target tracking: its
// minimum) to Level at At, and at At + k·Repeat.
type ScheduledAction struct {
	At    sim.Time
	Level int
}

// Allocation of provisioned concurrency (sources.md [lambda-concurrency],
// "How Lambda allocates provisioned concurrency"): Lambda "starts
// allocating provisioned concurrency after a minute or two of preparation",
// then allocates up to 6,000 execution environments a minute per function.
// DefaultPreparation is the middle of "a minute or two" (an assumption).
const (
	DefaultPreparation     = 90 * sim.Second
	pcAllocationPerSecond  = 6000 / 60
	defaultTargetUtil      = 0.7 // AWS's example target ([provisioned-concurrency])
	pcScaleInFraction      = 0.9 // the scale-in alarm's threshold, × target
	pcScaleOutDatapoints   = 3   // consecutive 1-minute datapoints above target
	pcScaleInDatapoints    = 15  // consecutive 1-minute datapoints below 0.9 × target
	pcMetricPeriod         = sim.Minute
	provisionedBillingStep = 5 * sim.Minute // [pc-pricing]: "rounded up to the nearest 5 minutes"
)

// ProvisionedFields declares ProvisionedScaling's parameters, the keys of
// the table form of `provisioned_concurrency` besides `initial` (the level
// at t = 0, Config.ProvisionedConcurrency) and `schedule` (a list of
// [time, level] pairs), which the scenario file's decoder reads itself.
var ProvisionedFields = []param.Field[ProvisionedScaling]{
	{Key: "min", Lo: 0, Hi: 10_000_000, OmitZero: true, AllowedDoc: "0..`max`",
		Doc: "target tracking's floor; a scheduled action raises it to its level",
		Ptr: func(p *ProvisionedScaling) any { return &p.Min }},
	{Key: "max", Lo: 0, Hi: 10_000_000, OmitZero: true, DefaultDoc: "none: no target tracking",
		Doc: "turns on target tracking of utilization (busy ÷ allocated provisioned environments, 1-minute averages) between `min` and this",
		Ptr: func(p *ProvisionedScaling) any { return &p.Max }},
	{Key: "target_utilization", Lo: 0.01, Hi: 1.0, DefaultDoc: "`0.7` (with `max`)",
		Doc: "target tracking's target: scale out after 3 one-minute averages above it, in after 15 below 90% of it, to ⌈allocated × utilization ÷ target⌉",
		Ptr: func(p *ProvisionedScaling) any { return &p.TargetUtilization }},
	{Key: "repeat", Lo: sim.Minute, Hi: 3650 * sim.Day, DefaultDoc: "none: the schedule runs once",
		Doc: "runs the schedule again every `repeat` (e.g. \"24h\"); every action's time is then below it",
		Ptr: func(p *ProvisionedScaling) any { return &p.Repeat }},
	{Key: "preparation", Default: DefaultPreparation, Lo: sim.Time(0), Hi: sim.Hour,
		Doc: "an increase's wait before allocation, which then runs at 6,000 environments a minute; none of the increase serves before all of it is ready",
		Ptr: func(p *ProvisionedScaling) any { return &p.Preparation }},
}

// Tracking reports whether target tracking is on.
func (p *ProvisionedScaling) Tracking() bool { return p != nil && p.Max > 0 }

// Target is target tracking's target utilization, its default when unset.
func (p *ProvisionedScaling) Target() float64 {
	if p.TargetUtilization == nil {
		return defaultTargetUtil
	}
	return *p.TargetUtilization
}

// Prep is the preparation before an increase is allocated, its default
// when unset.
func (p *ProvisionedScaling) Prep() sim.Time {
	if p.Preparation == nil {
		return DefaultPreparation
	}
	return *p.Preparation
}

// Period is the schedule's repeat period, 0 when it runs once.
func (p *ProvisionedScaling) Period() sim.Time {
	if p.Repeat == nil {
		return 0
	}
	return *p.Repeat
}

// Levels lists every level p may ask for with its key path (under
// `provisioned_concurrency`): `max` with target tracking (which bounds
// `min` and the schedule), else each scheduled action's. The pool rules
// check them (models.Scenario.Validate).
func (p *ProvisionedScaling) Levels() (paths []string, levels []int) {
	if p.Tracking() {
		return []string{"max"}, []int{p.Max}
	}
	for i, a := range p.Schedule {
		paths, levels = append(paths, fmt.Sprintf("schedule[%d]", i)), append(levels, a.Level)
	}
	return paths, levels
}

// defaults fills p's unset fields: the preparation, and with target
// tracking its target.
func (p *ProvisionedScaling) defaults() {
	param.Fill(ProvisionedFields, p)
	if p.Tracking() && p.TargetUtilization == nil {
		p.TargetUtilization = new(float64(defaultTargetUtil))
	}
}

// validate checks p after defaults, with initial the level at t = 0. Paths
// are relative to `provisioned_concurrency`.
func (p *ProvisionedScaling) validate(initial int) param.Errors {
	errs := param.Check(ProvisionedFields, p)
	if p.Tracking() {
		if p.Min > p.Max {
			errs.Add("min", p.Min, "more than max (%d)", p.Max)
		}
		if initial < p.Min || initial > p.Max {
			errs.Add("initial", initial, "outside min..max (%d..%d)", p.Min, p.Max)
		}
	} else {
		if p.Min > 0 {
			errs.Add("min", p.Min, "needs max (target tracking)")
		}
		if p.TargetUtilization != nil {
			errs.Add("target_utilization", *p.TargetUtilization, "needs max (target tracking)")
		}
	}
	period := p.Period()
	if period > 0 && len(p.Schedule) == 0 {
		errs.Add("repeat", period, "needs a schedule")
	}
	for i, a := range p.Schedule {
		at := fmt.Sprintf("schedule[%d]", i)
		switch {
		case a.At < 0:
			errs.Add(at, a.At, "the time must not be negative")
		case i > 0 && a.At <= p.Schedule[i-1].At:
			errs.Add(at, a.At, "not after the previous action (%v): actions go in time order", p.Schedule[i-1].At)
		case period > 0 && a.At >= period:
			errs.Add(at, a.At, "not before repeat (%v)", period)
		case a.Level < 0 || a.Level > 10_000_000:
			errs.Add(at, a.Level, "level out of range (allowed: 0..10000000)")
		case p.Tracking() && a.Level > p.Max:
			errs.Add(at, a.Level, "level more than max (%d): a scheduled action sets target tracking's minimum", p.Max)
		}
	}
	return errs
}
