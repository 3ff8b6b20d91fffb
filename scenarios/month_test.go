package scenarios

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
)

// monthly is steady-api for an hour, with a [month] table appended.
const monthly = `name = "m"
duration = "1h"
[[function]]
name = "api"
duration = { dist = "lognormal", median = "50ms", p99 = "200ms" }
[[workload]]
name = "w"
function = "api"
arrivals = { process = "poisson", rate = 20 }
`

// [month] decodes, prints back and prices the month as that many windows
// and the baseline for the rest.
func TestMonthTable(t *testing.T) {
	sc, err := LoadBytes("m.toml", []byte(monthly+"[month]\nwindows = 4\nbaseline_usd = 1500\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(TOML(sc)), "[month]\nwindows = 4\nbaseline_usd = 1500\n") {
		t.Errorf("printed scenario lacks [month]:\n%s", TOML(sc))
	}
	res, err := models.RunScenario(sc, 1, models.RunOptions{Buckets: 10})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Summary.Cost
	want := 4*c.TotalUSD + 1500*(1-4.0/730)
	if c.WindowsPerMonth != 4 || c.BaselineUSD != 1500*(1-4.0/730) || c.MonthlyUSD != want {
		t.Errorf("month: %g windows, baseline $%g, $%g; want 4, $%g, $%g", c.WindowsPerMonth, c.BaselineUSD, c.MonthlyUSD, 1500*(1-4.0/730), want)
	}
	if !strings.HasPrefix(c.MonthBasis, "a month is 4 windows (4 h) plus the baseline's $1,500.00 a month for the other 726 h") {
		t.Errorf("basis %q", c.MonthBasis)
	}
}

// Bad [month] values are refused with their key path.
func TestMonthValidation(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		// More hour-long windows than a month has hours.
		{"too many", monthly + "[month]\nwindows = 731\n", "month.windows = 731: 731 windows of 3600 s are more than a month (730 h)"},
		// A baseline needs windows: a repeating window has no rest of the month.
		{"baseline alone", monthly + "[month]\nbaseline_usd = 10\n", "month.baseline_usd = 10: needs windows"},
		// Negative counts are out of range.
		{"negative", monthly + "[month]\nwindows = -1\n", "month.windows = -1"},
		// An unknown key names the allowed ones.
		{"unknown key", monthly + "[month]\nweeks = 4\n", "windows"},
	} {
		if got := loadErr(t, tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("%s:\n%s\nwant %s", tc.name, got, tc.want)
		}
	}
}
