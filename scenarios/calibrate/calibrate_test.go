package calibrate

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stampede-sim/stampede/scenarios"
)

// logs writes n REPORT lines with lognormal handler times (median e^μ),
// every tenth a cold start with a lognormal init, one a second from t0;
// line shapes the message into a format.
func logs(n int, mu, sigma, initMu, initSigma float64, line func(i int, at time.Time, msg string) string) string {
	r := rand.New(rand.NewPCG(7, 8))
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	var b strings.Builder
	for i := range n {
		d := math.Exp(mu + sigma*r.NormFloat64())
		msg := fmt.Sprintf("REPORT RequestId: 3f5c-%d\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: 512 MB\tMax Memory Used: 81 MB", i, d, int(math.Ceil(d)))
		if i%10 == 0 {
			msg += fmt.Sprintf("\tInit Duration: %.2f ms", math.Exp(initMu+initSigma*r.NormFloat64()))
		}
		b.WriteString(line(i, t0.Add(time.Duration(i)*time.Second), msg))
	}
	return b.String()
}

// REPORT logs drawn from known lognormals give back their parameters
// within four standard errors (σ/√n for μ, σ/√(2n) for σ), in every
// documented form, with and without timestamps.
func TestCalibrateRecoversParameters(t *testing.T) {
	const n, mu, sigma, initMu, initSigma = 3000, 3.8, 0.6, 5.5, 0.3
	text := func(i int, at time.Time, msg string) string { return at.Format(time.RFC3339Nano) + "\t" + msg + "\n" }
	bare := func(i int, at time.Time, msg string) string { return msg + "\n" }
	forms := map[string]string{
		"console text":   logs(n, mu, sigma, initMu, initSigma, text),
		"text, no times": logs(n, mu, sigma, initMu, initSigma, bare),
		"json": func() string {
			var ev []map[string]any
			for _, l := range strings.Split(strings.TrimSpace(logs(n, mu, sigma, initMu, initSigma, text)), "\n") {
				ts, msg, _ := strings.Cut(l, "\t")
				at, _ := time.Parse(time.RFC3339Nano, ts)
				ev = append(ev, map[string]any{"timestamp": at.UnixMilli(), "message": msg + "\n", "logStreamName": "2026/11/27/[$LATEST]abc"})
			}
			b, _ := json.Marshal(map[string]any{"events": ev})
			return string(b)
		}(),
		"insights csv": "@timestamp,@message\n" + logs(n, mu, sigma, initMu, initSigma, func(i int, at time.Time, msg string) string {
			return at.Format("2006-01-02 15:04:05.000") + ",\"" + msg + "\"\n"
		}),
	}
	for name, log := range forms {
		reps, err := Read(name, strings.NewReader(log))
		if err != nil || len(reps) != n {
			t.Fatalf("%s: %d reports, %v", name, len(reps), err)
		}
		res, err := Calibrate(reps, Options{Name: "api"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		h := res.Handler
		if math.Abs(h.Mu-mu) > 4*sigma/math.Sqrt(n) || math.Abs(h.Sigma-sigma) > 4*sigma/math.Sqrt(2*n) || !h.Lognormal {
			t.Errorf("%s: handler μ %.4f σ %.4f (lognormal %v), want %.1f and %.1f", name, h.Mu, h.Sigma, h.Lognormal, mu, sigma)
		}
		if i := res.Init; i == nil || i.N != n/10 || math.Abs(i.Mu-initMu) > 4*initSigma/math.Sqrt(n/10) {
			t.Errorf("%s: init %+v, want μ %.1f from %d cold starts", name, i, initMu, n/10)
		}
		toml := string(res.TOML)
		if res.MemoryMB != 512 || !strings.Contains(toml, `dist = "lognormal"`) {
			t.Errorf("%s: memory %d; scenario:\n%s", name, res.MemoryMB, toml)
		}
		timed := name != "text, no times"
		if strings.Contains(toml, `process = "profile"`) != timed || strings.Contains(toml, "Poisson at --rate") == timed {
			t.Errorf("%s: arrivals not from the timestamps they have (%v):\n%s", name, timed, toml)
		}
		// The profile's expected requests over the scenario are the logs'.
		sc, err := scenarios.LoadBytes("c.toml", res.TOML, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e := sc.Workloads[0].Arrivals.ExpectedCount(0, sc.Duration); timed && math.Abs(e-n) > 0.01*n {
			t.Errorf("%s: the profile expects %.0f requests over %v, the logs have %d", name, e, sc.Duration, n)
		}
	}
}

// Every documented REPORT form parses: without and with Init Duration,
// with X-Ray's fields after, with SnapStart's Restore Duration.
func TestReportForms(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		want Report
	}{
		{"REPORT RequestId: 8f5 Duration: 2.16 ms Billed Duration: 3 ms Memory Size: 128 MB Max Memory Used: 70 MB",
			Report{DurationMS: 2.16, BilledMS: 3, MemoryMB: 128, MaxMemoryMB: 70}},
		{"REPORT RequestId: 8f5\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 1024 MB\tMax Memory Used: 90 MB\tInit Duration: 420.38 ms",
			Report{DurationMS: 102.25, BilledMS: 103, MemoryMB: 1024, MaxMemoryMB: 90, InitMS: 420.38}},
		{"REPORT RequestId: 8f5 Duration: 20.0 ms Billed Duration: 20 ms Memory Size: 256 MB Max Memory Used: 60 MB Init Duration: 150.5 ms XRAY TraceId: 1-5e1b4151-5ac6c58f2c1e2a9e SegmentId: 6c2e0e94e5f2a1b0 Sampled: true",
			Report{DurationMS: 20, BilledMS: 20, MemoryMB: 256, MaxMemoryMB: 60, InitMS: 150.5}},
		{"REPORT RequestId: 8f5 Duration: 30.1 ms Billed Duration: 151 ms Memory Size: 512 MB Max Memory Used: 120 MB Restore Duration: 120.7 ms Billed Restore Duration: 120 ms",
			Report{DurationMS: 30.1, BilledMS: 151, MemoryMB: 512, MaxMemoryMB: 120, RestoreMS: 120.7}},
	} {
		got, ok := parseReport(tc.msg)
		if !ok || got != tc.want {
			t.Errorf("%q: %+v, want %+v", tc.msg, got, tc.want)
		}
	}
	if _, ok := parseReport("START RequestId: 8f5 Version: $LATEST"); ok {
		t.Error("a START line read as a REPORT")
	}
}

// Logs Insights' parsed fields (sizes in bytes) read too.
func TestInsightsFields(t *testing.T) {
	csv := "@timestamp,@duration,@billedDuration,@memorySize,@maxMemoryUsed,@initDuration\n" +
		"2026-11-27 10:00:00.000,12.5,13,134217728,73400320,\n2026-11-27 10:00:01.000,200.1,201,134217728,75497472,310.2\n"
	reps, err := Read("q.csv", strings.NewReader(csv))
	if err != nil || len(reps) != 2 || reps[0].MemoryMB != 128 || reps[0].MaxMemoryMB != 70 || reps[1].InitMS != 310.2 || reps[1].At.Second() != 1 {
		t.Errorf("%+v, %v", reps, err)
	}
}

// A handler time no lognormal fits (two modes) is given as its samples,
// and the comment says why.
func TestCalibratePoorFit(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	var reps []Report
	for i := range 2000 {
		d := 5 + r.Float64()
		if i%2 == 0 {
			d = 900 + 50*r.Float64()
		}
		reps = append(reps, Report{DurationMS: d, MemoryMB: 128})
	}
	res, err := Calibrate(reps, Options{Rate: 25})
	if err != nil {
		t.Fatal(err)
	}
	toml := string(res.TOML)
	if res.Handler.Lognormal || !strings.Contains(toml, `dist = "empirical"`) || !strings.Contains(toml, "fails, so the samples themselves (empirical, 1000 quantiles)") ||
		!strings.Contains(toml, "rate = 25") {
		t.Errorf("a bimodal handler time:\n%s", toml)
	}
	if _, err := Calibrate(nil, Options{}); err != ErrNoReports {
		t.Errorf("no reports: %v", err)
	}
}
