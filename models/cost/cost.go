// Package cost owns stampede's price table and turns a run's usage into a
// bill: what the simulated window costs, and that rate over a 730-hour month.
//
// List prices, us-east-1, without free tier, tiers or savings plans: the
// rates that apply at the margin to an account already past its free tier
// (see docs/metrics.md "Cost").
package cost

// Prices are list prices in USD.
type Prices struct {
	LambdaRequest float64 // per request
	DurationX86   float64 // per GB-s, on-demand
	DurationArm   float64
	PCX86         float64 // per GB-s of configured provisioned concurrency
	PCArm         float64
	PCDurationX86 float64 // per GB-s executed on provisioned environments
	PCDurationArm float64
	GatewayHTTP   float64 // per API call
	GatewayREST   float64
	SQSRequest    float64 // standard queue, per request (64 KB chunk)
	ProxyVCPUHour float64 // RDS Proxy, per vCPU-hour of the database
	ProxyMinVCPUs int
	HoursPerMonth float64
}

// USEast1 is the price table, from aws-facts §5 (2026-11):
//   - Lambda requests $0.20/M; duration $0.0000166667 (x86) and
//     $0.0000133334 (Arm) per GB-s, first tier: aws.amazon.com/lambda/pricing.
//   - Provisioned concurrency $0.0000041667 (x86) and $0.0000033334 (Arm)
//     per GB-s configured, plus $0.0000097222 (x86) and $0.0000077778 (Arm)
//     per GB-s executed (Arm rates secondary sources, confidence C).
//   - API Gateway HTTP $1.00/M, REST $3.50/M (first tiers).
//   - SQS standard $0.40/M requests, each 64 KB of payload one request.
//   - RDS Proxy $0.015 per vCPU-hour, minimum 2 vCPUs.
//   - A month is 730 hours.
var USEast1 = Prices{
	LambdaRequest: 0.20 / 1e6,
	DurationX86:   0.0000166667,
	DurationArm:   0.0000133334,
	PCX86:         0.0000041667,
	PCArm:         0.0000033334,
	PCDurationX86: 0.0000097222,
	PCDurationArm: 0.0000077778,
	GatewayHTTP:   1.00 / 1e6,
	GatewayREST:   3.50 / 1e6,
	SQSRequest:    0.40 / 1e6,
	ProxyVCPUHour: 0.015,
	ProxyMinVCPUs: 2,
	HoursPerMonth: 730,
}

// Function is one function's usage in the window.
type Function struct {
	Arm         bool
	MemoryMB    int
	Invocations int64
	BilledMs    int64 // on-demand environments
	BilledMsPC  int64 // provisioned environments
	Provisioned int   // configured provisioned concurrency, all window long
}

// Database is one database's usage in the window.
type Database struct {
	HourlyUSD float64 // the instance, Multi-AZ included
	VCPUs     int
	Proxy     bool
}

// Usage is what a run used over its statistics window.
type Usage struct {
	WindowS     float64
	Functions   []Function
	GatewayHTTP int64 // API calls
	GatewayREST int64
	SQSRequests int64
	Databases   []Database
}

// Breakdown is the bill by item, in USD for the window.
type Breakdown struct {
	LambdaRequests float64 `json:"lambda_requests"`
	LambdaDuration float64 `json:"lambda_duration"`
	Provisioned    float64 `json:"provisioned"` // configured PC and the duration run on it
	APIGateway     float64 `json:"api_gateway"`
	SQS            float64 `json:"sqs"`
	RDS            float64 `json:"rds"`
	RDSProxy       float64 `json:"rds_proxy"`
}

// Total is the sum of the items.
func (b Breakdown) Total() float64 {
	return b.LambdaRequests + b.LambdaDuration + b.Provisioned + b.APIGateway + b.SQS + b.RDS + b.RDSProxy
}

// Bill prices usage:
//
//	lambda_requests = invocations × request price
//	lambda_duration = Σ billed ms/1000 × memory GB × duration price   (on-demand)
//	provisioned     = PC × memory GB × window s × PC price + Σ billed ms on PC × PC duration price
//	api_gateway     = API calls × price of their type
//	sqs             = SQS requests (64 KB chunks) × $0.40/M
//	rds             = instance hourly price × window h
//	rds_proxy       = max(vCPUs, 2) × $0.015 × window h
func (p Prices) Bill(u Usage) Breakdown {
	var b Breakdown
	hours := u.WindowS / 3600
	for _, f := range u.Functions {
		gb := float64(f.MemoryMB) / 1024
		dur, pc, pcDur := p.DurationX86, p.PCX86, p.PCDurationX86
		if f.Arm {
			dur, pc, pcDur = p.DurationArm, p.PCArm, p.PCDurationArm
		}
		b.LambdaRequests += float64(f.Invocations) * p.LambdaRequest
		b.LambdaDuration += float64(f.BilledMs) / 1000 * gb * dur
		b.Provisioned += float64(f.Provisioned)*gb*u.WindowS*pc + float64(f.BilledMsPC)/1000*gb*pcDur
	}
	b.APIGateway = float64(u.GatewayHTTP)*p.GatewayHTTP + float64(u.GatewayREST)*p.GatewayREST
	b.SQS = float64(u.SQSRequests) * p.SQSRequest
	for _, d := range u.Databases {
		b.RDS += d.HourlyUSD * hours
		if d.Proxy {
			b.RDSProxy += float64(max(d.VCPUs, p.ProxyMinVCPUs)) * p.ProxyVCPUHour * hours
		}
	}
	return b
}

// Monthly scales a window's cost to a 730-hour month.
func (p Prices) Monthly(windowUSD, windowS float64) float64 {
	if windowS <= 0 {
		return 0
	}
	return windowUSD * p.HoursPerMonth * 3600 / windowS
}
