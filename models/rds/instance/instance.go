// Package instance owns stampede's tables of RDS and Aurora instance
// classes (classes.csv, aurora.csv): memory, vCPUs, single-AZ hourly prices,
// and the engines' default max_connections formulas on
// DBInstanceClassMemory, Aurora Serverless v2's included.
package instance

import (
	_ "embed"
	"encoding/csv"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Class is one RDS DB instance class.
type Class struct {
	Name      string  // e.g. "db.t3.medium"
	VCPUs     int     // vCPUs (burstable t classes: their full count, not the baseline)
	MemoryGiB float64 // nominal RAM
	MySQLUSD  float64 // single-AZ on-demand price per hour, MySQL, us-east-1
	PGUSD     float64 // same, PostgreSQL
	Source    string  // of the prices
}

// classes is the table in classes.csv, embedded: one row per class with its
// vCPUs, memory, prices and their source. In order of trust:
//   - sources.md [rds-pricing]: MySQL and PostgreSQL t3 micro–medium,
//     t4g micro–medium (MySQL), m5/m6g/r5/r6g large.
//   - hashicorp/terraform-provider-aws, internal/service/rds test data
//     ("Prices for mysql as of 2024-02-02 in us-west-2", the same list prices
//     as us-east-1): MySQL t3/t4g large, m7g and r7g large and xlarge, m6g and
//     r6g xlarge.
//   - derived: RDS on-demand prices double with each size step within a
//     family (the sources above agree to the cent: m6g.large 0.152,
//     xlarge 0.304); PostgreSQL where no source names it is MySQL × 1.045,
//     the PostgreSQL/MySQL ratio of m5, m6g, r5 and r6g large (1.04–1.05);
//     t4g PostgreSQL as MySQL (both 0.016 for micro).
//
// These are secondary sources (trust C in sources.md [rds-pricing]): check the AWS Price
// List before quoting a bill, or override with [pricing].
//
//go:embed classes.csv
var classesCSV string

var classes = parseClasses(classesCSV)

func parseClasses(text string) []Class {
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		panic("instance: classes.csv: " + err.Error()) // embedded: a build-time bug
	}
	var out []Class
	for _, r := range rows[1:] {
		num := func(i int) float64 {
			v, err := strconv.ParseFloat(r[i], 64)
			if err != nil {
				panic("instance: classes.csv: " + r[0] + ": " + err.Error())
			}
			return v
		}
		out = append(out, Class{Name: r[0], VCPUs: int(num(1)), MemoryGiB: num(2), MySQLUSD: num(3), PGUSD: num(4), Source: r[5]})
	}
	return out
}

// Lookup returns the class named name (e.g. "db.r6g.large").
func Lookup(name string) (Class, bool) {
	for _, c := range classes {
		if c.Name == name {
			return c, true
		}
	}
	return Class{}, false
}

// Names lists the known classes, in table order.
func Names() []string {
	out := make([]string, len(classes))
	for i, c := range classes {
		out[i] = c.Name
	}
	return out
}

// HourlyUSD is the single-AZ price per hour of class c for engine
// ("postgres" or "mysql"; for an Aurora class "aurora-postgresql" or
// "aurora-mysql"); Multi-AZ (one standby, or Aurora's reader in a second
// zone) doubles it (sources.md [rds-pricing]).
func (c Class) HourlyUSD(engine string, multiAZ bool) float64 {
	p := c.MySQLUSD
	if engine == "postgres" || engine == "aurora-postgresql" {
		p = c.PGUSD
	}
	if multiAZ {
		p *= 2
	}
	return p
}

// ClassMemoryBytes approximates RDS's DBInstanceClassMemory: the instance's
// RAM less what the OS and RDS processes reserve. AWS publishes no formula;
// a reserve of 256 MiB plus 2% of RAM reproduces the measured defaults
// within 7% (sources.md [rds-max-connections-measured], measured → this formula:
// PostgreSQL 2 GiB 198 and AWS's "187" → 192, 4 GiB 413 → 413, m5.large
// 823–856 → 855; MySQL t2.micro 66 → 62, 2 GiB 150 → 145, 4 GiB 312 → 313,
// m4.large 648 → 647, m4.xlarge 1,320 → 1,316).
func ClassMemoryBytes(memGiB float64) float64 { return classMemory(memGiB, 256, 0.02) }

// classMemory is RAM less reserveMiB and share of RAM, in bytes.
func classMemory(memGiB, reserveMiB, share float64) float64 {
	const mib = 1 << 20
	ram := memGiB * 1024 * mib
	return ram - reserveMiB*mib - share*ram
}

// postgresMaxConnections is PostgreSQL's default on RDS and Aurora alike:
// LEAST({DBInstanceClassMemory/9531392}, 5000).
func postgresMaxConnections(mem float64) int {
	return int(math.Min(math.Floor(mem/9531392), 5000))
}

// DefaultMaxConnections is the engine's RDS default parameter (sources.md [rds-max-connections]):
// MySQL {DBInstanceClassMemory/12582880}; PostgreSQL
// LEAST({DBInstanceClassMemory/9531392}, 5000).
func DefaultMaxConnections(engine string, memGiB float64) int {
	mem := ClassMemoryBytes(memGiB)
	if engine == "postgres" {
		return postgresMaxConnections(mem)
	}
	return int(math.Floor(mem / 12582880))
}

// Engines are the supported database engines.
var Engines = []string{"postgres", "mysql"}

// Families lists the class families, for error messages.
func Families() string {
	seen := []string{}
	for _, c := range classes {
		f := strings.Split(c.Name, ".")[1]
		if !slices.Contains(seen, f) {
			seen = append(seen, f)
		}
	}
	return strings.Join(seen, ", ")
}
