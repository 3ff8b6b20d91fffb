package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/models"
)

// table is one section of the summary, rendered as text or Markdown.
type table struct {
	title  string
	header []string
	rows   [][]string
}

// cell formats a value and, with replications, its 95% CI half-width.
type cell struct{ ci bool }

// metric formats an estimate of m by m's kind and unit: counts and settings
// with thousands separators, ratios as percentages, milliseconds with three
// significant digits, dollars, and other levels with one decimal. A
// maximum (a peak, a max latency) and a setting carry no half-width: the
// mean of maxima is the expected maximum of one run, not a value an
// interval should be read around.
func (c cell) metric(m *models.Metric, e models.Estimate) string {
	if m.Agg == models.AggMeanOfMax || m.Kind == models.KindSetting {
		c.ci = false
	}
	switch {
	case m.Kind == models.KindCount || m.Kind == models.KindSetting:
		return c.count(e.Mean, e.CI95)
	case m.Kind == models.KindRatio:
		return c.pct(e.Mean, e.CI95)
	case m.Kind == models.KindMoney:
		return c.usd(e.Mean, e.CI95)
	case m.Unit == models.UnitMS:
		return c.ms(e.Mean, e.CI95)
	}
	return c.num(e.Mean, e.CI95)
}

// count writes a count as an integer, a mean over replications rounded,
// and its half-width.
func (c cell) count(v, h float64) string {
	s := thousands(v)
	if c.ci {
		s += " ± " + halfWidth(h)
	}
	return s
}

// halfWidth writes a count's half-width: whole above 1, else three
// significant digits.
func halfWidth(h float64) string {
	if h >= 1 {
		return commas(math.Round(h), 0)
	}
	return sig(h)
}

func (c cell) ms(v, h float64) string {
	s := sig(v)
	if c.ci {
		s += " ± " + sig(h)
	}
	return s
}

func (c cell) pct(v, h float64) string {
	s := trim(100*v, 2) + "%"
	if c.ci {
		s += " ± " + trim(100*h, 2) + "%" // percentage points
	}
	return s
}

func (c cell) num(v, h float64) string {
	s := trim(v, 1)
	if c.ci {
		s += " ± " + trim(h, 1)
	}
	return s
}

// usd formats dollars: cents above $1, four significant digits below,
// never in exponent form ($0.00008632).
func (c cell) usd(v, h float64) string {
	f := func(x float64) string {
		if a := math.Abs(x); a >= 1 || a == 0 {
			return "$" + commas(x, 2)
		}
		decimals := max(2, 3-int(math.Floor(math.Log10(math.Abs(x)))))
		s := strconv.FormatFloat(x, 'f', decimals, 64)
		for strings.HasSuffix(s, "0") && len(s)-strings.IndexByte(s, '.') > 3 { // keep the cents
			s = s[:len(s)-1]
		}
		return "$" + s
	}
	s := f(v)
	if c.ci {
		s += " ± " + f(h)
	}
	return s
}

// thousands formats a count with comma separators, as an integer: a mean
// over replications is rounded (its interval says how precise it is).
func thousands(v float64) string { return commas(math.Round(v), 0) }

// Commas writes v with decimals decimals (-1: as few as v needs) and its
// thousands separated: 12,000.5.
func Commas(v float64, decimals int) string { return commas(v, decimals) }

func commas(v float64, decimals int) string {
	s := trim(math.Abs(v), decimals)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

func trim(v float64, decimals int) string {
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// sig formats a latency with three significant digits (at least 0.001).
func sig(v float64) string {
	switch a := math.Abs(v); {
	case a == 0:
		return "0"
	case a >= 100:
		return trim(v, 0)
	case a >= 10:
		return trim(v, 1)
	case a >= 1:
		return trim(v, 2)
	}
	return trim(v, 3)
}

// Description is the scenario's description, marked as written for its
// defaults when overrides apply other than of its name, its description
// or the sample (seed, replications): it may no longer describe the run
// ("over a third of all requests fail" above a run with RDS Proxy
// switched on).
func Description(s *models.Summary) string {
	if s.Description == "" {
		return ""
	}
	for _, o := range s.Overrides {
		key, _, _ := strings.Cut(o, "=")
		switch strings.TrimSpace(key) {
		case "name", "description", "seed", "replications":
		default:
			return s.Description + " [Written for the scenario's defaults; the overrides below apply.]"
		}
	}
	return s.Description
}

func headline(r *models.Result) []string {
	s := r.Summary
	lines := []string{fmt.Sprintf("stampede · %s", s.Scenario)}
	if d := Description(s); d != "" {
		lines = append(lines, d)
	}
	rep := "1 replication"
	if r.Replicated() {
		rep = fmt.Sprintf("%d replications, mean ± 95%% CI half-width", r.Replications())
	}
	info := fmt.Sprintf("seed %d · %s simulated", s.Seed, seconds(s.DurationS))
	if s.WarmupS > 0 {
		info += fmt.Sprintf(" (first %s excluded as warm-up)", seconds(s.WarmupS))
	}
	lines = append(lines, info+" · "+rep)
	if len(s.Overrides) > 0 {
		lines = append(lines, "overrides: "+strings.Join(s.Overrides, " · "))
	}
	if r.Partial() {
		lines = append(lines, "PARTIAL RESULT: the run was stopped before it finished")
	}
	return lines
}

func seconds(s float64) string {
	switch {
	case s >= 86400 && math.Mod(s, 3600) == 0:
		return trim(s/3600, 0) + "h"
	case s >= 60 && math.Mod(s, 60) == 0:
		return trim(s/60, 0) + "m"
	}
	return strconv.FormatFloat(s, 'f', -1, 64) + "s"
}
