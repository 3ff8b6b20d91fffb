package cost

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/models/param"
)

// Month says how a run's window relates to a month, for the monthly bill
// ([month]). Its zero value is the default: the window repeats back to
// back for the whole month, so a 30-minute window with a 5-minute spike
// is a month of spikes every half hour. A scenario whose window is an
// event (a launch, a weekly batch) says how often it happens and what the
// rest of the month costs instead.
type Month struct {
	Windows     float64 // windows a month; 0: the window repeats all month
	BaselineUSD float64 // with Windows: the rest of the month's cost, as a monthly rate
}

// MonthFields declare [month]'s keys.
var MonthFields = []param.Field[Month]{
	{Key: "windows", Lo: 0.0, Hi: 1e6, DefaultDoc: "0: the window repeats back to back all month",
		Doc: "how many times a month the simulated window (the statistics window, warm-up excluded) happens, e.g. 4 for a weekly spike; the month's bill is that many windows plus `baseline_usd` for the hours they leave",
		Ptr: func(m *Month) any { return &m.Windows }},
	{Key: "baseline_usd", Lo: 0.0, Hi: 1e9, Unit: "USD a month",
		Doc: "with `windows`: what the month costs outside the windows, as a monthly rate (for example `cost.monthly_usd` of a run of the normal load, the database included), counted for the hours the windows leave",
		Ptr: func(m *Month) any { return &m.BaselineUSD }},
}

// Defaults fills in [month]'s defaults (none but zero).
func (m *Month) Defaults() { param.Fill(MonthFields, m) }

// Validate checks m against a window of windowS seconds and a month of
// hoursPerMonth: the windows must fit in the month, and a baseline needs
// windows.
func (m *Month) Validate(windowS, hoursPerMonth float64) error {
	errs := param.Check(MonthFields, m)
	if m.Windows*windowS > hoursPerMonth*3600 {
		errs.Add("windows", m.Windows, "%g windows of %g s are more than a month (%g h)", m.Windows, windowS, hoursPerMonth)
	}
	if m.BaselineUSD > 0 && m.Windows == 0 {
		errs.Add("baseline_usd", m.BaselineUSD, "needs windows: a window that repeats all month leaves no rest of the month")
	}
	return errs.Err()
}

// Of is how a month is made of windows of windowS seconds: how many
// windows it counts (Windows, or hoursPerMonth ÷ the window when it
// repeats) and the share of the month the baseline covers.
//
//	monthly = windows × window cost + baseline_usd × rest
func (m Month) Of(windowS, hoursPerMonth float64) (windows, rest float64) {
	if windowS <= 0 {
		return 0, 0
	}
	if m.Windows == 0 {
		return hoursPerMonth * 3600 / windowS, 0
	}
	return m.Windows, max(0, 1-m.Windows*windowS/(hoursPerMonth*3600))
}

// Basis says in words what a month is made of: for the outputs, beside
// every monthly figure.
func (m Month) Basis(windowS, hoursPerMonth float64) string {
	w, rest := m.Of(windowS, hoursPerMonth)
	if m.Windows == 0 {
		return fmt.Sprintf("a month is this window repeated back to back for %g h (%s windows): set [month] windows when it is an event", hoursPerMonth, param.Show(roundTo(w, 2)))
	}
	return fmt.Sprintf("a month is %s windows (%s h) plus the baseline's %s a month for the other %s h",
		param.Show(w), param.Show(roundTo(w*windowS/3600, 2)), dollars(m.BaselineUSD), param.Show(roundTo(rest*hoursPerMonth, 2)))
}

// dollars writes a monthly amount: $1,234.50.
func dollars(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	whole, cents, _ := strings.Cut(s, ".")
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return "$" + whole + "." + cents
}

func roundTo(x float64, decimals int) float64 {
	p := 1.0
	for range decimals {
		p *= 10
	}
	return float64(int64(x*p+0.5)) / p
}
