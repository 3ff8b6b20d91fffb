package plots

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/stats"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// fixture is a hand-made result: a 30-minute run in 1-minute buckets with a
// spike in minutes 10–15, refused connections during it, a queue backlog
// after it and a bill. Plot tests draw it, so model changes never move them.
func fixture() (*models.Result, *models.Scenario) {
	const n = 30
	s := &models.Series{WidthS: 60}
	col := func(f func(i int) float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = f(i)
		}
		return v
	}
	spike := func(i int) bool { return i >= 10 && i < 15 }
	wave := func(i int) float64 { return math.Sin(float64(i)) } // a fixed wiggle
	s.TS = col(func(i int) float64 { return 60 * float64(i) })
	s.Arrivals = col(func(i int) float64 {
		if spike(i) {
			return 60000 + 600*wave(i)
		}
		return 6000 + 60*wave(i)
	})
	s.Completions = col(func(i int) float64 {
		if spike(i) {
			return 35000
		}
		return 6000 + 60*wave(i)
	})
	for c := range models.NumCauses {
		s.Failed[c] = col(func(i int) float64 {
			if spike(i) && c == models.CauseDBConnectionRefused {
				return 25000
			}
			if spike(i) && c == models.CauseThrottled {
				return 1200
			}
			return 0
		})
	}
	s.ColdStarts = col(func(i int) float64 {
		if i == 10 {
			return 600
		}
		return 2
	})
	s.Busy = col(func(i int) float64 { return map[bool]float64{true: 600, false: 60}[spike(i)] + 5*wave(i) })
	s.Idle = col(func(i int) float64 {
		return map[bool]float64{true: 40, false: 30}[spike(i)] + math.Max(0, 400-40*float64(i-15))*b(i >= 15)
	})
	s.Initializing = col(func(i int) float64 { return 50 * b(i == 10) })
	s.Provisioned = col(func(i int) float64 { return 20 })
	s.P50MS = col(func(i int) float64 { return 80 + 20*b(spike(i)) })
	s.P99MS = col(func(i int) float64 { return 400 + 600*b(spike(i)) })
	s.Databases = []models.DatabaseSeries{{
		Name:     "orders",
		InUse:    col(func(i int) float64 { return 60 + 350*b(spike(i)) }),
		HeldIdle: col(func(i int) float64 { return 30 + math.Max(0, 350-50*float64(i-15))*b(i >= 15) }),
		PoolIdle: col(func(i int) float64 { return 0 }),
		CPU:      col(func(i int) float64 { return 0.08 + 0.5*b(spike(i)) }),
		CPUMax:   col(func(i int) float64 { return 0.15 + 0.85*b(spike(i)) }),
	}}
	s.Queues = []models.QueueSeries{{
		Name:       "q",
		Visible:    col(func(i int) float64 { return math.Max(0, 70000-20000*math.Abs(float64(i-15))) }),
		InFlight:   col(func(i int) float64 { return 500 }),
		OldestAgeS: col(func(i int) float64 { return math.Max(0.2, 80-20*math.Abs(float64(i-15))) }),
	}}
	h := stats.NewHistogram()
	for k := 1; k < 2000; k++ {
		h.Record(sim.Time(float64(80*sim.Millisecond) * math.Exp(0.7*math.Sqrt2*math.Erfinv(2*float64(k)/2000-1))))
	}
	sum := &models.Summary{
		Scenario: "fixture", DurationS: 1800,
		Databases: map[string]models.DatabaseSummary{"orders": {MaxConnections: 413}},
		Queues:    map[string]models.QueueSummary{"q": {}},
		Cost: models.Cost{TotalUSD: 3, MonthlyUSD: 4380, WindowsPerMonth: 1460, MonthBasis: "a month is this window repeated back to back for 730 h (1460 windows)",
			Breakdown: cost.Breakdown{cost.LambdaRequests: 0.1, cost.LambdaDuration: 2.2, cost.APIGateway: 0.5, cost.SQS: 0.1,
				cost.RDS: 0.036, cost.RDSProxy: 0.015}},
	}
	sc := &models.Scenario{Account: lambda.AccountConfig{ConcurrencyLimit: 1000},
		Functions: []models.Function{{Config: lambda.Config{Name: "api", ReservedConcurrency: new(700)}}}}
	return &models.Result{Summary: sum, Series: s, Latency: h}, sc
}

func b(x bool) float64 {
	if x {
		return 1
	}
	return 0
}

// Each plot of the fixture matches its golden image: at most 0.5% of its
// pixels differ by more than 32 in a colour channel (fonts may anti-alias
// differently across platforms; a changed line moves far more pixels).
func TestGoldenImages(t *testing.T) {
	r, sc := fixture()
	charts := All([]Run{{Result: r, Scenario: sc}})
	var names []string
	for _, c := range charts {
		names = append(names, c.Name)
	}
	want := "requests concurrency latency_cdf latency_time cold_starts connections_orders db_cpu_orders queue_depth_q queue_age_q cost"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("plots %q, want %q", got, want)
	}
	for _, c := range charts {
		data, err := c.Render("png")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", c.Name+".png")
		if *update {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		golden, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if frac := differingPixels(t, data, golden); frac > 0.005 {
			t.Errorf("%s: %.2f%% of pixels differ from %s (run with -update if intended)", c.Name, 100*frac, path)
		}
		if svg, err := c.Render("svg"); err != nil || !bytes.Contains(svg, []byte("<svg")) {
			t.Errorf("%s: SVG: %v", c.Name, err)
		}
	}
}

// differingPixels is the share of pixels of two PNGs that differ by more
// than 32 in any channel; images of different sizes differ entirely.
func differingPixels(t *testing.T, a, b []byte) float64 {
	t.Helper()
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if ia.Bounds() != ib.Bounds() {
		return 1
	}
	return diff(ia, ib)
}

func diff(a, b image.Image) float64 {
	bounds := a.Bounds()
	var bad int
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			for _, d := range []int{int(r1>>8) - int(r2>>8), int(g1>>8) - int(g2>>8), int(b1>>8) - int(b2>>8)} {
				if d > 32 || d < -32 {
					bad++
					break
				}
			}
		}
	}
	return float64(bad) / float64(bounds.Dx()*bounds.Dy())
}

// The comparison itself: identical images differ nowhere; an image with a
// block painted over differs by the block's share.
func TestDiff(t *testing.T) {
	a := image.NewRGBA(image.Rect(0, 0, 100, 100))
	c := image.NewRGBA(image.Rect(0, 0, 100, 100))
	for x := range 10 {
		for y := range 10 {
			c.Pix[4*(y*100+x)] = 255
		}
	}
	if d := diff(a, a); d != 0 {
		t.Errorf("identical: %v", d)
	}
	if d := diff(a, c); d != 0.01 {
		t.Errorf("a 10×10 block of 100×100: %v, want 0.01", d)
	}
}

// A plot with nothing to show is not drawn: no database or queue plots
// without them, no cost plot for a free run, no failure lines without
// failures.
func TestNothingToShow(t *testing.T) {
	r, sc := fixture()
	r.Summary.Databases, r.Summary.Queues = nil, nil
	r.Summary.Cost = models.Cost{}
	for _, c := range All([]Run{{Result: r, Scenario: sc}}) {
		if strings.HasPrefix(c.Name, "connections") || strings.HasPrefix(c.Name, "queue") || c.Name == "cost" {
			t.Errorf("%s drawn with nothing to show", c.Name)
		}
	}
	if p := Connections([]Run{{Result: r}}, "orders"); p != nil {
		t.Error("connections of an absent database drawn")
	}
}

// Several labelled runs overlay on one plot, each series prefixed.
func TestOverlay(t *testing.T) {
	r, sc := fixture()
	runs := []Run{{Label: "no proxy", Result: r, Scenario: sc}, {Label: "rds proxy", Result: r, Scenario: sc}}
	for _, c := range All(runs) {
		if _, err := c.Render("png"); err != nil {
			t.Errorf("%s: %v", c.Name, err)
		}
	}
}

// Axis and bar labels read as people write numbers; a case per row.
func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{50, "50"},                 // no trailing zeros (gonum wrote 50.00)
		{12000, "12,000"},          // thousands separated
		{0.25, "0.25"},             // a fraction as it is
		{1 / 3.0, "0.3333"},        // a long fraction to four significant digits
		{-1500, "-1,500"},          // negative
		{0, "0"},                   // zero
		{0.00002, "2e-05"},         // tiny: an exponent rather than zeros
		{1234567.5, "1,234,567.5"}, // a long number keeps its digits
	} {
		if got := number(tc.v); got != tc.want {
			t.Errorf("number(%g) = %q, want %q", tc.v, got, tc.want)
		}
	}
	if u, per := latencyUnit(50_000); u != "s" || per != 1000 {
		t.Errorf("50,000 ms drawn in %s (÷%g), want s", u, per)
	}
	if u, _ := latencyUnit(9_000); u != "ms" {
		t.Errorf("9,000 ms drawn in %s, want ms", u)
	}
}

// Per-function plots: drawn for one run with a few functions kept apart,
// not for one function, nor for several runs.
func TestApartPlots(t *testing.T) {
	r, sc := fixture()
	h := r.Latency
	r.ByFunction = map[string]*stats.Histogram{"api": h, "worker": h}
	r.Summary.Functions = map[string]models.FunctionSummary{
		"api":    {ColdStartMS: models.Latency{Count: 3, P50: 300, P99: 800}, ColdStartFraction: 0.01},
		"worker": {ColdStartMS: models.Latency{Count: 2, P50: 200, P99: 400}, ColdStartFraction: 0.02},
	}
	one := []Run{{Result: r, Scenario: sc}}
	if LatencyCDFApart(one, "function") == nil || ColdStartsApart(one) == nil {
		t.Error("no per-function plots for a run of two functions")
	}
	if LatencyCDFApart(one, "workload") != nil {
		t.Error("a per-workload plot without workloads kept apart")
	}
	two := []Run{{Label: "a", Result: r}, {Label: "b", Result: r}}
	if LatencyCDFApart(two, "function") != nil || ColdStartsApart(two) != nil {
		t.Error("per-function plots for a comparison")
	}
	r.ByFunction = nil
	r.Summary.Functions = map[string]models.FunctionSummary{"api": {}}
	if LatencyCDFApart(one, "function") != nil || ColdStartsApart(one) != nil {
		t.Error("per-function plots for one function")
	}
}
