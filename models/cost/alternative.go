package cost

import "math"

// Alternative is an always-on fleet that could serve the same requests.
type Alternative struct {
	Name              string
	HourlyUSD         float64 // per instance
	CapacityRPS       float64 // requests/s one instance serves at 100% utilization
	TargetUtilization float64 // 0..1: the share of capacity planned for
}

// Comparison sizes an alternative for a load and prices it against Lambda.
type Comparison struct {
	InstancesPeak  float64 `json:"instances_peak"`   // ⌈peak rps / (capacity × target)⌉
	InstancesMean  float64 `json:"instances_mean"`   // ⌈mean rps / (capacity × target)⌉
	MonthlyUSD     float64 `json:"monthly_usd"`      // sized for the peak, always on
	MonthlyMeanUSD float64 `json:"monthly_mean_usd"` // sized for the mean (a lower bound)
	LambdaMonthly  float64 `json:"lambda_monthly_usd"`
	SavingMonthly  float64 `json:"saving_monthly_usd"` // Lambda − fleet: positive when the fleet is cheaper
	BreakEvenRPS   float64 `json:"break_even_rps"`     // sustained rate above which the fleet is cheaper; 0: never
}

// Compare sizes a against a load of peakRPS and meanRPS whose Lambda-side
// bill (Lambda and API Gateway) is lambdaMonthly for requestsMonthly
// requests a month.
//
// Lambda costs c_L = lambdaMonthly / requestsMonthly per request, at any
// rate. One instance costs h per hour whatever it serves, up to
// capacity × target requests/s. At a sustained rate r the fleet needs
// ⌈r / (capacity × target)⌉ instances; it is cheaper than Lambda once
// r · 3600 · c_L > h, that is above r* = h / (3600 · c_L), provided a full
// instance is cheaper than the same requests on Lambda (c_L > h /
// (3600 · capacity · target)); otherwise it never is.
func (t Table) Compare(a Alternative, peakRPS, meanRPS, lambdaMonthly, requestsMonthly float64) Comparison {
	per := a.CapacityRPS * a.TargetUtilization
	c := Comparison{
		InstancesPeak: math.Max(1, math.Ceil(peakRPS/per)),
		InstancesMean: math.Max(1, math.Ceil(meanRPS/per)),
		LambdaMonthly: lambdaMonthly,
	}
	c.MonthlyUSD = c.InstancesPeak * a.HourlyUSD * t.HoursPerMonth
	c.MonthlyMeanUSD = c.InstancesMean * a.HourlyUSD * t.HoursPerMonth
	c.SavingMonthly = lambdaMonthly - c.MonthlyUSD
	if requestsMonthly > 0 && lambdaMonthly > 0 {
		perRequest := lambdaMonthly / requestsMonthly
		if perRequest > a.HourlyUSD/(3600*per) {
			c.BreakEvenRPS = a.HourlyUSD / (3600 * perRequest)
		}
	}
	return c
}
