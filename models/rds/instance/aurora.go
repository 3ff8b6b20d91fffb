package instance

import (
	_ "embed"
	"math"
	"slices"
	"strings"
)

// Serverless is the instance class of Aurora Serverless v2: capacity in
// Aurora capacity units (ACUs) between a minimum and a maximum instead of a
// fixed class (sources.md [aurora-serverless-v2]).
const Serverless = "db.serverless"

// GiBPerACU is the memory of one ACU: "approximately 2 GiB of memory with
// corresponding CPU and networking" (sources.md [aurora-serverless-v2]).
const GiBPerACU = 2.0

// auroraClasses is the table in aurora.csv, embedded, in classes.csv's
// layout: Aurora's provisioned classes (Aurora has no db.m or small db.t
// classes) with their Aurora Standard single-instance prices, which are not
// RDS's. Aurora MySQL prices from the AWS Price List as a public AWS
// repository copied it (sources.md [aurora-pricing], trust C); the Aurora
// pricing page's prices "apply to both the MySQL-compatible and the
// PostgreSQL-compatible editions … except where noted", so PostgreSQL is
// taken as MySQL.
//
//go:embed aurora.csv
var auroraCSV string

var auroraClasses = parseClasses(auroraCSV)

// LookupAurora returns the Aurora provisioned class named name (not
// db.serverless, which has no fixed size).
func LookupAurora(name string) (Class, bool) {
	for _, c := range auroraClasses {
		if c.Name == name {
			return c, true
		}
	}
	return Class{}, false
}

// AuroraFamilies lists the Aurora class families, for error messages.
func AuroraFamilies() string {
	seen := []string{}
	for _, c := range auroraClasses {
		f := strings.Split(c.Name, ".")[1]
		if !slices.Contains(seen, f) {
			seen = append(seen, f)
		}
	}
	return strings.Join(seen, ", ")
}

// AuroraClassMemoryBytes approximates DBInstanceClassMemory on Aurora, which
// keeps more memory for itself than RDS ("Aurora MySQL and RDS for MySQL DB
// instances have different amounts of memory overhead", sources.md
// [aurora-max-connections]). AWS publishes no formula. RAM − 200 MiB − 6.17%
// of RAM is fitted to AWS's Aurora Serverless v2 table, whose PostgreSQL
// column is the same formula on the memory of the maximum ACUs (sources.md
// [aurora-serverless-v2]): at 2, 8, 16 and 32 GiB it gives the table's 189,
// 823, 1,669 and 3,360 exactly, and it reproduces every row of AWS's Aurora
// MySQL class table (tested).
func AuroraClassMemoryBytes(memGiB float64) float64 { return classMemory(memGiB, 200, 0.0617) }

// AuroraMaxConnections is the Aurora engine's default max_connections for
// an instance with memGiB of RAM (sources.md [aurora-max-connections]):
//
//	aurora-postgresql  LEAST({DBInstanceClassMemory/9531392}, 5000), truncated
//	aurora-mysql       GREATEST({log(DBInstanceClassMemory/805306368)*45},
//	                            {log(DBInstanceClassMemory/8187281408)*1000})
//
// with log base 2. Aurora MySQL's values come in whole steps ("For
// db.r6g.large, while the formula calculates 1069.2, the system implements
// 1000"): each log is rounded to a whole number, which reproduces AWS's
// table from db.t3.small (45) to db.r8g.48xlarge (8,000).
func AuroraMaxConnections(engine string, memGiB float64) int {
	mem := AuroraClassMemoryBytes(memGiB)
	if engine == "aurora-postgresql" {
		return postgresMaxConnections(mem)
	}
	small := math.Round(math.Log2(mem/805306368)) * 45
	large := math.Round(math.Log2(mem/8187281408)) * 1000
	return int(math.Max(0, math.Max(small, large)))
}

// ServerlessMaxConnections is Aurora Serverless v2's default
// max_connections, which stays fixed while the capacity moves: the engine's
// formula on the memory of the maximum ACUs, not the current ones
// (sources.md [aurora-serverless-v2]). Two rules of AWS's
// page on top: with a minimum of 0.5 ACUs, Aurora PostgreSQL caps it at
// 2,000; and AWS's table gives Aurora MySQL 90 at a maximum of 1 ACU where
// the formula on 2 GiB gives 45, so MySQL gets at least 90.
func ServerlessMaxConnections(engine string, minACU, maxACU float64) int {
	n := AuroraMaxConnections(engine, maxACU*GiBPerACU)
	if engine == "aurora-postgresql" {
		if minACU <= 0.5 {
			n = min(n, 2000)
		}
		return n
	}
	return max(n, 90)
}
