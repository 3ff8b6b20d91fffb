package cost

import (
	"math"
	"testing"
)

// Bills computed by hand.
func TestBill(t *testing.T) {
	const hour = 3600.0
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
		// 10 PC at 2 GB for an hour: 72,000 GB-s × $0.0000041667 = $0.300; 1,000 s run on them at 2 GB:
		// 2,000 GB-s × $0.0000097222 = $0.0194.
		{"provisioned", Usage{WindowS: hour, Functions: []Function{{MemoryMB: 2048, Provisioned: 10, BilledMsPC: 1e6}}},
			Breakdown{Provisioned: 72000*0.0000041667 + 2000*0.0000097222}},
		// API Gateway: 1M HTTP calls $1.00, 1M REST calls $3.50.
		{"gateways", Usage{WindowS: hour, GatewayHTTP: 1e6, GatewayREST: 1e6}, Breakdown{APIGateway: 4.50}},
		// SQS: 2.5M requests (64 KB chunks already counted) × $0.40/M.
		{"sqs", Usage{WindowS: hour, SQSRequests: 2_500_000}, Breakdown{SQS: 1.00}},
		// db.t3.medium PostgreSQL $0.072/h for 2 h; a proxy on its 2 vCPUs: 2 × $0.015 × 2 h.
		{"rds and proxy", Usage{WindowS: 2 * hour, Databases: []Database{{HourlyUSD: 0.072, VCPUs: 2, Proxy: true}}},
			Breakdown{RDS: 0.144, RDSProxy: 0.06}},
		// The proxy bills at least 2 vCPUs, and per vCPU above: 1 vCPU → 2; 16 vCPUs → 16.
		{"proxy minimum", Usage{WindowS: hour, Databases: []Database{{VCPUs: 1, Proxy: true}, {VCPUs: 16, Proxy: true}}},
			Breakdown{RDSProxy: 0.03 + 0.24}},
	} {
		got := USEast1.Bill(tc.u)
		for _, c := range []struct {
			item      string
			got, want float64
		}{
			{"lambda_requests", got.LambdaRequests, tc.want.LambdaRequests},
			{"lambda_duration", got.LambdaDuration, tc.want.LambdaDuration},
			{"provisioned", got.Provisioned, tc.want.Provisioned},
			{"api_gateway", got.APIGateway, tc.want.APIGateway},
			{"sqs", got.SQS, tc.want.SQS},
			{"rds", got.RDS, tc.want.RDS},
			{"rds_proxy", got.RDSProxy, tc.want.RDSProxy},
		} {
			if math.Abs(c.got-c.want) > 1e-6 {
				t.Errorf("%s: %s = %.6f, want %.6f", tc.name, c.item, c.got, c.want)
			}
		}
	}
}

func TestMonthly(t *testing.T) {
	// An hour's $1 is $730 a month; 30 minutes' $1 is $1,460.
	if got := USEast1.Monthly(1, 3600); got != 730 {
		t.Errorf("1 h: %v", got)
	}
	if got := USEast1.Monthly(1, 1800); got != 1460 {
		t.Errorf("30 min: %v", got)
	}
	if got := USEast1.Monthly(1, 0); got != 0 {
		t.Errorf("empty window: %v", got)
	}
}
