package stampede

import (
	"io"

	"github.com/stampede-sim/stampede/scenarios"
	"github.com/stampede-sim/stampede/scenarios/calibrate"
)

// Calibration from CloudWatch logs (scenarios/calibrate): a Report per
// REPORT line, and the scenario fitted to them.
type (
	Report           = calibrate.Report
	CalibrateOptions = calibrate.Options
	Calibration      = calibrate.Result
)

// ReadReports reads the REPORT lines of a Lambda function's CloudWatch
// logs: console text, the JSON of `aws logs filter-log-events`, or a Logs
// Insights CSV export (the form is recognised). name is for messages.
func ReadReports(name string, r io.Reader) ([]Report, error) { return calibrate.Read(name, r) }

// Calibrate fits a scenario to reports: the handler and init times
// (lognormal by maximum likelihood when a Kolmogorov–Smirnov test at 5%
// accepts it, else the samples), the memory, and the arrivals from the
// timestamps (or Poisson at opts.Rate). Calibration.TOML is the scenario,
// loaded back to check that it runs, its comments saying where each value
// came from.
func Calibrate(reports []Report, opts CalibrateOptions) (*Calibration, error) {
	return calibrate.Calibrate(reports, opts)
}

// Azure2019Options shape the scenario Azure2019Scenario writes.
type Azure2019Options = scenarios.Azure2019Options

// Azure2019Scenario writes a scenario replaying a folder of the Azure
// Functions Trace 2019 (invocations.csv, with durations.csv and
// memory.csv): a function and a workload per trace function (the Top most
// invoked, or all), each with its handler time and memory from the
// companion files and its row replayed. The scenario loads as written.
func Azure2019Scenario(dir string, opts Azure2019Options) ([]byte, error) {
	return scenarios.Azure2019(dir, opts)
}
