package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// costItems are the bill's items, in the order of the spec's breakdown.
var costItems = []string{"lambda requests", "lambda duration", "provisioned", "api gateway", "sqs", "rds", "rds proxy"}

// Cost draws the monthly bill by item as bars, one group per run.
func Cost(runs []Run) *plot.Plot {
	p := newPlot("Cost per month by item (at the window's rate)", "", "USD per month")
	p.Legend.Left = false
	n := float64(len(runs))
	w := vg.Points(40) / vg.Length(n)
	drawn := false
	for i, r := range runs {
		c := r.Result.Summary.Cost
		k := 0.0
		if c.TotalUSD > 0 {
			k = c.MonthlyUSD / c.TotalUSD
		}
		b := c.Breakdown
		vals := plotter.Values{b.LambdaRequests * k, b.LambdaDuration * k, b.Provisioned * k, b.APIGateway * k,
			b.SQS * k, b.RDS * k, b.RDSProxy * k}
		bars, err := plotter.NewBarChart(vals, w)
		if err != nil {
			continue
		}
		bars.Color = plotutil.Color(i)
		bars.LineStyle.Width = 0
		bars.Offset = w * (vg.Length(i) - vg.Length(n-1)/2)
		p.Add(bars)
		if len(runs) > 1 {
			p.Legend.Add(prefix(r, "monthly"), bars)
		}
		drawn = drawn || c.TotalUSD > 0
	}
	if !drawn {
		return nil
	}
	p.NominalX(costItems...)
	return p
}
