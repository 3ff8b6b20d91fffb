package cost

import "math"

// Function is one function's usage in the window.
type Function struct {
	Arm         bool
	MemoryMB    int
	Invocations int64
	BilledMs    int64 // on-demand environments
	BilledMsPC  int64 // provisioned environments
	// ProvisionedEnvS is provisioned concurrency's billed
	// environment-seconds: each 5-minute block of the window at the highest
	// level configured in it (lambda.Stats.ProvisionedEnvS, sources.md
	// [pc-pricing]). The free tier never applies to it.
	ProvisionedEnvS float64
}

// Database is one database's usage in the window.
type Database struct {
	HourlyUSD float64 // the instance, Multi-AZ included
	VCPUs     int
	Proxy     bool
	// ACUSeconds is Aurora Serverless v2's capacity over the window:
	// ACUSeconds[i] seconds at i/2 ACUs; nil for an instance class. MultiAZ
	// doubles its ACU charge: the reader in a second zone (failover tier 0
	// or 1) scales with the writer (sources.md [aurora-serverless-v2]).
	ACUSeconds []float64
	MultiAZ    bool
}

// Usage is what a run used over its statistics window.
type Usage struct {
	WindowS float64
	// WindowsPerMonth is how many such windows a month has (Month.Of): the
	// monthly tiers apply to that many windows' usage.
	WindowsPerMonth float64
	Functions       []Function
	GatewayHTTP     int64 // API calls
	GatewayREST     int64
	SQSRequests     int64
	SQSPollerH      float64 // provisioned-mode event poller hours (EPU-hours)
	Databases       []Database
	FreeTier        bool
}

// Breakdown is the bill by line, in USD for the window: b[LambdaDuration].
// It marshals as a JSON object keyed by the lines' keys, in Lines order.
type Breakdown [NumLines]float64

// Total is the sum of the lines, in Lines order.
func (b Breakdown) Total() float64 {
	t := 0.0
	for _, v := range b {
		t += v
	}
	return t
}

// LambdaSide is what an always-on fleet would replace: Lambda and API Gateway.
func (b Breakdown) LambdaSide() float64 {
	return b[LambdaRequests] + b[LambdaDuration] + b[Provisioned] + b[APIGateway]
}

// Bill prices usage:
//
//	lambda_requests = invocations, through lambda_request
//	lambda_duration = Σ billed ms/1000 × memory GB (on-demand), through the duration tiers by architecture
//	provisioned     = Σ PC environment-seconds × memory GB, through provisioned_*,
//	                  + Σ billed ms on PC × memory GB, through provisioned_duration_*
//	api_gateway     = API calls, through api_gateway_http and api_gateway_rest
//	sqs             = SQS requests (64 KB chunks), through sqs_request,
//	                  + provisioned-mode EPU-hours of event source mappings, through sqs_esm_epu
//	rds             = Σ instance hourly price × window hours
//	                  + Σ ∫ ACUs dt (hours; ×2 Multi-AZ), through aurora_serverless_v2_acu_hour
//	rds_proxy       = Σ max(vCPUs, 2) × window hours, through rds_proxy_vcpu_hour;
//	                  Aurora Serverless v2: Σ ∫ max(ACUs, 8) dt, through rds_proxy_acu_hour
//
// With FreeTier the monthly allowances come off first: Lambda requests and
// GB-s (x86 before Arm), API Gateway calls (HTTP before REST), SQS requests.
func (t Table) Bill(u Usage) Breakdown {
	var b Breakdown
	if u.WindowS <= 0 {
		return b
	}
	scale := u.WindowsPerMonth // window → month
	if scale <= 0 {
		scale = t.HoursPerMonth * 3600 / u.WindowS
	}
	free := func(k string) float64 {
		if !u.FreeTier {
			return 0
		}
		return t.FreeTier[k]
	}
	// price runs window units through item key's monthly tiers after an
	// allowance, and returns the window's cost and what is left of the allowance.
	price := func(key string, units, allowance float64) (float64, float64) {
		m := units * scale
		used := math.Min(m, allowance)
		return t.tiered(key, m-used) / scale, allowance - used
	}
	var inv, gbsX86, gbsArm, pcGBs, pcDurX86, pcDurArm, pcGBsArm float64
	for _, f := range u.Functions {
		gb := float64(f.MemoryMB) / 1024
		inv += float64(f.Invocations)
		if f.Arm {
			gbsArm += float64(f.BilledMs) / 1000 * gb
			pcGBsArm += f.ProvisionedEnvS * gb
			pcDurArm += float64(f.BilledMsPC) / 1000 * gb
		} else {
			gbsX86 += float64(f.BilledMs) / 1000 * gb
			pcGBs += f.ProvisionedEnvS * gb
			pcDurX86 += float64(f.BilledMsPC) / 1000 * gb
		}
	}
	b[LambdaRequests], _ = price("lambda_request", inv, free("lambda_request"))
	x86, left := price("lambda_duration_x86", gbsX86, free("lambda_duration"))
	arm, _ := price("lambda_duration_arm", gbsArm, left)
	b[LambdaDuration] = x86 + arm
	for _, p := range []struct {
		key   string
		units float64
	}{
		{"provisioned_x86", pcGBs}, {"provisioned_arm", pcGBsArm},
		{"provisioned_duration_x86", pcDurX86}, {"provisioned_duration_arm", pcDurArm},
	} {
		c, _ := price(p.key, p.units, 0)
		b[Provisioned] += c
	}
	httpC, left := price("api_gateway_http", float64(u.GatewayHTTP), free("api_gateway"))
	restC, _ := price("api_gateway_rest", float64(u.GatewayREST), left)
	b[APIGateway] = httpC + restC
	b[SQS], _ = price("sqs_request", float64(u.SQSRequests), free("sqs_request"))
	epu, _ := price("sqs_esm_epu", u.SQSPollerH, 0)
	b[SQS] += epu
	hours := u.WindowS / 3600
	for _, d := range u.Databases {
		b[RDS] += d.HourlyUSD * hours
		if d.ACUSeconds != nil {
			acuH, proxyH := 0.0, 0.0
			for i, s := range d.ACUSeconds {
				a := float64(i) / 2
				acuH += a * s / 3600
				proxyH += max(a, t.RDSProxyMinACUs) * s / 3600
			}
			if d.MultiAZ {
				acuH *= 2
			}
			c, _ := price("aurora_serverless_v2_acu_hour", acuH, 0)
			b[RDS] += c
			if d.Proxy {
				c, _ := price("rds_proxy_acu_hour", proxyH, 0)
				b[RDSProxy] += c
			}
			continue
		}
		if d.Proxy {
			c, _ := price("rds_proxy_vcpu_hour", float64(max(d.VCPUs, t.RDSProxyMinVCPUs))*hours, 0)
			b[RDSProxy] += c
		}
	}
	return b
}
