package cost

import (
	"encoding/json"
	"math"
	"testing"
)

const hour = 3600.0

// month is a window of one 730-hour month, where monthly tiers apply as is.
const month = 730 * hour

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

// Bills computed by hand.
func TestBill(t *testing.T) {
	p := Default()
	for _, tc := range []struct {
		name string
		u    Usage
		want Breakdown
	}{
		// 1M requests × 100 ms at 1,024 MB on x86: $0.20 + 100,000 GB-s × $0.0000166667 = $1.67.
		{"on-demand x86", Usage{WindowS: hour, Functions: []Function{{MemoryMB: 1024, Invocations: 1e6, BilledMs: 1e8}}},
			Breakdown{LambdaRequests: 0.20, LambdaDuration: 1.66667}},
		// The same on Arm: 100,000 GB-s × $0.0000133334.
		{"on-demand arm", Usage{WindowS: hour, Functions: []Function{{Arm: true, MemoryMB: 1024, Invocations: 1e6, BilledMs: 1e8}}},
			Breakdown{LambdaRequests: 0.20, LambdaDuration: 1.33334}},
		// Tiers over a month: 10 B GB-s on x86 = 6 B × $0.0000166667 + 4 B × $0.000015.
		{"duration tiers", Usage{WindowS: month, Functions: []Function{{MemoryMB: 1024, BilledMs: 1e13}}},
			Breakdown{LambdaDuration: 6e9*0.0000166667 + 4e9*0.000015}},
		// 10 PC at 2 GB for an hour: 72,000 GB-s × $0.0000041667 = $0.300; 1,000 s run on them at 2 GB:
		// 2,000 GB-s × $0.0000097222 = $0.0194.
		{"provisioned", Usage{WindowS: hour, Functions: []Function{{MemoryMB: 2048, ProvisionedEnvS: 10 * hour, BilledMsPC: 1e6}}},
			Breakdown{Provisioned: 72000*0.0000041667 + 2000*0.0000097222}},
		// A level changing in the window bills its environment-seconds (lambda.Stats rounds them
		// to 5-minute blocks): 10 for 30 min then 40 on Arm at 512 MB, 90,000 env-s × 0.5 GB ×
		// $0.0000033334; the free tier does not apply to provisioned concurrency.
		{"provisioned level over time", Usage{WindowS: hour, FreeTier: true, Functions: []Function{{Arm: true, MemoryMB: 512, ProvisionedEnvS: 10*1800 + 40*1800}}},
			Breakdown{Provisioned: 90000 * 0.5 * 0.0000033334}},
		// API Gateway: 1M HTTP calls $1.00, 1M REST calls $3.50, in a month.
		{"gateways", Usage{WindowS: month, GatewayHTTP: 1e6, GatewayREST: 1e6}, Breakdown{APIGateway: 4.50}},
		// The same calls in one hour are 730 M a month: REST past its first tier, priced pro rata.
		{"gateways at a monthly rate", Usage{WindowS: hour, GatewayHTTP: 1e6, GatewayREST: 1e6},
			Breakdown{APIGateway: (300*1.00 + 430*0.90 + 333*3.50 + 397*2.80) / 730}},
		// REST tiers over a month: 333 M × $3.50/M + 167 M × $2.80/M.
		{"rest tiers", Usage{WindowS: month, GatewayREST: 500e6}, Breakdown{APIGateway: 333*3.50 + 167*2.80}},
		// SQS: 2.5M requests (64 KB chunks already counted) × $0.40/M.
		{"sqs", Usage{WindowS: hour, SQSRequests: 2_500_000}, Breakdown{SQS: 1.00}},
		// Provisioned-mode event pollers: 3 for an hour is 3 EPU-hours × $0.00925, free tier or not.
		{"sqs provisioned pollers", Usage{WindowS: hour, FreeTier: true, SQSPollerH: 3}, Breakdown{SQS: 3 * 0.00925}},
		// db.t3.medium PostgreSQL $0.072/h for 2 h; a proxy on its 2 vCPUs: 2 × $0.015 × 2 h.
		{"rds and proxy", Usage{WindowS: 2 * hour, Databases: []Database{{HourlyUSD: 0.072, VCPUs: 2, Proxy: true}}},
			Breakdown{RDS: 0.144, RDSProxy: 0.06}},
		// The proxy bills at least 2 vCPUs, and per vCPU above: 1 vCPU → 2; 16 vCPUs → 16.
		{"proxy minimum", Usage{WindowS: hour, Databases: []Database{{VCPUs: 1, Proxy: true}, {VCPUs: 16, Proxy: true}}},
			Breakdown{RDSProxy: 0.03 + 0.24}},
		// Aurora Serverless v2 for an hour: half at 0.5 ACU, half at 16: 0.25 + 8 = 8.25 ACU-hours
		// × $0.12; its proxy bills at least 8 ACUs: (8 + 16) × 0.5 h = 12 ACU-hours × $0.015.
		{"serverless and proxy", Usage{WindowS: hour, Databases: []Database{{Proxy: true, ACUSeconds: acuSeconds(map[float64]float64{0.5: 1800, 16: 1800})}}},
			Breakdown{RDS: 8.25 * 0.12, RDSProxy: 12 * 0.015}},
		// Multi-AZ: the reader follows the writer, twice the ACU-hours; the proxy bills the writer's.
		{"serverless multi-az", Usage{WindowS: hour, Databases: []Database{{Proxy: true, MultiAZ: true, ACUSeconds: acuSeconds(map[float64]float64{4: 3600})}}},
			Breakdown{RDS: 2 * 4 * 0.12, RDSProxy: 8 * 0.015}},
		// Above the proxy's minimum it bills the capacity: 10 ACUs for 2 h.
		{"serverless above the proxy minimum", Usage{WindowS: 2 * hour, Databases: []Database{{Proxy: true, ACUSeconds: acuSeconds(map[float64]float64{10: 7200})}}},
			Breakdown{RDS: 20 * 0.12, RDSProxy: 20 * 0.015}},
		// Free tier over a month: 3M requests − 1M free; 1M GB-s − 400,000 free.
		{"free tier", Usage{WindowS: month, FreeTier: true, Functions: []Function{{MemoryMB: 1024, Invocations: 3e6, BilledMs: 1e9}}},
			Breakdown{LambdaRequests: 0.40, LambdaDuration: 600000 * 0.0000166667}},
		// The free GB-s go to x86 first, the rest to Arm.
		{"free tier across architectures", Usage{WindowS: month, FreeTier: true, Functions: []Function{
			{MemoryMB: 1024, BilledMs: 1e8}, {Arm: true, MemoryMB: 1024, BilledMs: 5e8}}},
			Breakdown{LambdaDuration: 200000 * 0.0000133334}},
	} {
		got := p.Bill(tc.u)
		for l := range NumLines {
			near(t, tc.name+": "+l.Key(), got[l], tc.want[l])
		}
	}
}

// acuSeconds lays out seconds by capacity as Database.ACUSeconds does:
// index 2 × ACUs.
func acuSeconds(at map[float64]float64) []float64 {
	out := make([]float64, 2*256+1)
	for a, s := range at {
		out[int(2*a)] = s
	}
	return out
}

// A month is windows and, with [month] windows, the rest of the month at
// the baseline's rate; a case per row.
func TestMonth(t *testing.T) {
	h := Default().HoursPerMonth
	for _, tc := range []struct {
		name          string
		m             Month
		windowS       float64
		windows, rest float64
	}{
		{"an hour repeats", Month{}, 3600, 730, 0},                                   // $1 an hour is $730 a month
		{"30 minutes repeat", Month{}, 1800, 1460, 0},                                // and 30 minutes' $1 is $1,460
		{"empty window", Month{}, 0, 0, 0},                                           // nothing to scale
		{"a weekly hour", Month{Windows: 4, BaselineUSD: 100}, 3600, 4, 1 - 4.0/730}, // 4 windows, 726 h of baseline
		{"every hour of the month", Month{Windows: 730}, 3600, 730, 0},               // the windows fill it
	} {
		w, rest := tc.m.Of(tc.windowS, h)
		near(t, tc.name+": windows", w, tc.windows)
		near(t, tc.name+": rest", rest, tc.rest)
	}
	if err := (&Month{Windows: 731}).Validate(3600, h); err == nil {
		t.Error("731 hour-long windows fit in a 730-hour month")
	}
	if err := (&Month{BaselineUSD: 10}).Validate(3600, h); err == nil {
		t.Error("a baseline without windows was accepted")
	}
	if b := (Month{Windows: 4, BaselineUSD: 1000}).Basis(1800, h); b != "a month is 4 windows (2 h) plus the baseline's $1,000.00 a month for the other 728 h" {
		t.Errorf("basis %q", b)
	}
}

// Every item of the table has a unit, a source and ordered tiers ending
// open-ended.
func TestTable(t *testing.T) {
	p := Default()
	if p.AsOf == "" || p.Region != "us-east-1" || p.HoursPerMonth != 730 || p.RDSProxyMinVCPUs != 2 {
		t.Errorf("table header %+v", p)
	}
	for _, k := range p.Keys() {
		it := p.Items[k]
		if it.Unit == "" || it.Source == "" || len(it.Tiers) == 0 || it.Tiers[len(it.Tiers)-1].Upto != 0 {
			t.Errorf("%s: %+v", k, it)
		}
		for i := 1; i < len(it.Tiers)-1; i++ {
			if it.Tiers[i].Upto <= it.Tiers[i-1].Upto {
				t.Errorf("%s: tiers out of order", k)
			}
		}
	}
	q := Default()
	if err := q.Override("lambda_request", 1e-6); err != nil {
		t.Fatal(err)
	}
	near(t, "override", q.Bill(Usage{WindowS: hour, Functions: []Function{{Invocations: 1e6}}})[LambdaRequests], 1)
	near(t, "original untouched", p.Bill(Usage{WindowS: hour, Functions: []Function{{Invocations: 1e6}}})[LambdaRequests], 0.2)
	if err := q.Override("nope", 1); err == nil {
		t.Error("unknown key accepted")
	}
}

// An always-on fleet against Lambda, by hand.
func TestCompare(t *testing.T) {
	p := Default()
	// 580 rps peak and mean; 50 rps per instance at 70%: ⌈580/35⌉ = 17 instances × $0.192 × 730 h.
	// Lambda: $13,000 a month for 1.5 B requests: $8.67 per million, so one instance ($0.192/h)
	// costs as much as Lambda at 0.192 / (3600 × 8.667e-6) = 6.15 rps.
	c := p.Compare(Alternative{HourlyUSD: 0.192, CapacityRPS: 50, TargetUtilization: 0.7}, 580, 580, 13000, 1.5e9)
	near(t, "instances", c.InstancesPeak, 17)
	near(t, "monthly", c.MonthlyUSD, 17*0.192*730)
	near(t, "saving", c.SavingMonthly, 13000-17*0.192*730)
	near(t, "break-even", c.BreakEvenRPS, 0.192/(3600*13000/1.5e9))
	// A fleet dearer per request than Lambda never breaks even.
	c = p.Compare(Alternative{HourlyUSD: 100, CapacityRPS: 1, TargetUtilization: 1}, 10, 5, 13000, 1.5e9)
	near(t, "never", c.BreakEvenRPS, 0)
	near(t, "mean-sized", c.InstancesMean, 5)
}

// The breakdown marshals as an object keyed by the lines, in order, and
// reads back.
func TestBreakdownJSON(t *testing.T) {
	b := Breakdown{LambdaDuration: 2.5, RDSProxy: 0.015}
	got, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"lambda_requests":0,"lambda_duration":2.5,"provisioned":0,"api_gateway":0,"sqs":0,"rds":0,"rds_proxy":0.015}`
	if string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
	var back Breakdown
	if err := json.Unmarshal(got, &back); err != nil || back != b {
		t.Errorf("read back %v (%v), want %v", back, err, b)
	}
	if err := json.Unmarshal([]byte(`{"lambda":1}`), &back); err == nil {
		t.Error("an unknown line was accepted")
	}
}
