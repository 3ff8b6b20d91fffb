package scenarios

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/models"
	"github.com/stampede-sim/stampede/models/apigw"
	"github.com/stampede-sim/stampede/models/cost"
	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/models/rds"
	"github.com/stampede-sim/stampede/models/sqs"
)

// TOML prints a resolved scenario with every default filled in, each table's
// keys in the order their model declares them. Loading the output gives the
// same scenario, and printing that gives the same bytes.
func TOML(s *models.Scenario) []byte {
	var b bytes.Buffer
	printFields(&b, models.Fields, s)
	b.WriteString("\n[account]\n")
	printFields(&b, lambda.AccountFields, &s.Account)
	b.WriteString("\n[api_gateway]\n")
	printFields(&b, apigw.Fields, &s.APIGateway)
	for i := range s.Functions {
		f := &s.Functions[i]
		b.WriteString("\n[[function]]\n")
		printFunction(&b, &f.Config)
		for k := range f.Calls {
			b.WriteString("\n[[function.call]]\n")
			printFields(&b, rds.CallFields, &f.Calls[k])
		}
	}
	for i := range s.Workloads {
		printWorkload(&b, &s.Workloads[i])
	}
	for i := range s.Queues {
		b.WriteString("\n[[queue]]\n")
		printFields(&b, sqs.Fields, &s.Queues[i])
	}
	for i := range s.Databases {
		b.WriteString("\n[[database]]\n")
		printFields(&b, rds.Fields, &s.Databases[i])
		b.WriteString("\n[database.proxy]\n")
		printFields(&b, rds.ProxyFields, &s.Databases[i].Proxy)
	}
	printPricing(&b, s)
	return b.Bytes()
}

// printFields writes one line per set field.
func printFields[C any](b *bytes.Buffer, fields []param.Field[C], c *C) {
	for _, f := range fields {
		if text, ok := f.Text(c); ok {
			fmt.Fprintf(b, "%s = %s\n", f.Key, text)
		}
	}
}

// printFunction writes a function's keys; provisioned_concurrency with a
// schedule or target tracking is an inline table.
func printFunction(b *bytes.Buffer, c *lambda.Config) {
	for _, f := range lambda.Fields {
		text, ok := f.Text(c)
		if !ok {
			continue
		}
		if f.Key == "provisioned_concurrency" && c.ProvisionedScaling != nil {
			text = provisionedTable(c)
		}
		fmt.Fprintf(b, "%s = %s\n", f.Key, text)
	}
}

// provisionedTable is the table form of provisioned_concurrency: initial,
// the scaling's set keys, the schedule.
func provisionedTable(c *lambda.Config) string {
	p := c.ProvisionedScaling
	parts := []string{"initial = " + param.Show(c.ProvisionedConcurrency)}
	for _, f := range lambda.ProvisionedFields {
		if text, ok := f.Text(p); ok {
			parts = append(parts, f.Key+" = "+text)
		}
	}
	if len(p.Schedule) > 0 {
		steps := make([]string, len(p.Schedule))
		for i, a := range p.Schedule {
			steps[i] = "[" + param.Show(a.At) + ", " + param.Show(a.Level) + "]"
		}
		parts = append(parts, "schedule = ["+strings.Join(steps, ", ")+"]")
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// printWorkload writes a workload: a queue target has no invocation, via or
// client; the client is an inline table.
func printWorkload(b *bytes.Buffer, w *models.Workload) {
	b.WriteString("\n[[workload]]\n")
	show := func(key string) {
		f, _ := param.Find(models.WorkloadFields, key)
		text, _ := f.Text(w)
		fmt.Fprintf(b, "%s = %s\n", key, text)
	}
	show("name")
	if w.Queue != "" {
		show("queue")
		fmt.Fprintf(b, "arrivals = %s\n", w.Arrivals.String())
		return
	}
	show("function")
	show("invocation")
	show("via")
	for _, key := range []string{"rate_limit", "burst_limit"} { // only when set
		f, _ := param.Find(models.WorkloadFields, key)
		if text, ok := f.Text(w); ok {
			fmt.Fprintf(b, "%s = %s\n", key, text)
		}
	}
	fmt.Fprintf(b, "arrivals = %s\n", w.Arrivals.String())
	var parts []string
	for _, f := range models.ClientFields {
		text, _ := f.Text(&w.Client)
		parts = append(parts, f.Key+" = "+text)
	}
	fmt.Fprintf(b, "client = { %s }\n", strings.Join(parts, ", "))
}

func printPricing(b *bytes.Buffer, s *models.Scenario) {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for i := range s.Alternatives {
		b.WriteString("\n[[alternative]]\n")
		printFields(b, cost.AlternativeFields, &s.Alternatives[i])
	}
	b.WriteString("\n[month]\n")
	printFields(b, cost.MonthFields, &s.Month)
	p := s.Pricing
	b.WriteString("\n[pricing]\n")
	fmt.Fprintf(b, "free_tier = %t\n", p.FreeTier)
	for _, k := range slices.Sorted(maps.Keys(p.Overrides)) {
		fmt.Fprintf(b, "%s = %s\n", k, f(p.Overrides[k]))
	}
	if len(p.RDSHourly) > 0 {
		b.WriteString("\n[pricing.rds_instance_hourly]\n")
		for _, k := range slices.Sorted(maps.Keys(p.RDSHourly)) {
			fmt.Fprintf(b, "%s = %s\n", param.Quote(k), f(p.RDSHourly[k]))
		}
	}
}
