// Package cost owns stampede's price table (prices.toml, embedded: AWS list
// prices for us-east-1 with monthly tiers and a source per item) and turns a
// run's usage into a bill: what the simulated window costs, and that rate
// over a 730-hour month. It also sizes an always-on alternative and finds
// the request rate at which it breaks even with Lambda.
//
// Tiers are monthly: a window's usage is scaled to a month at the window's
// rate, priced through the tiers (after the free tier, when enabled), and
// scaled back:
//
//	window cost = tiered(max(0, units × M/W − free)) × W/M,   M = 730 h, W = window
package cost

import (
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

//go:embed prices.toml
var pricesTOML string

// Tier is one step of a price: USD per unit up to Upto units a month
// (cumulative; 0 on the last tier: no end).
type Tier struct {
	Upto float64 `toml:"upto"`
	USD  float64 `toml:"usd"`
}

// Item is one priced thing.
type Item struct {
	Unit   string `toml:"unit"`
	Tiers  []Tier `toml:"tiers"`
	Source string `toml:"source"`
}

// Table is a price table.
type Table struct {
	Region           string             `toml:"region"`
	AsOf             string             `toml:"as_of"`
	HoursPerMonth    float64            `toml:"hours_per_month"`
	RDSProxyMinVCPUs int                `toml:"rds_proxy_min_vcpus"`
	RDSProxyMinACUs  float64            `toml:"rds_proxy_min_acus"`
	Items            map[string]Item    `toml:"items"`
	FreeTier         map[string]float64 `toml:"free_tier"`
}

// Default returns a fresh copy of the built-in table.
func Default() Table {
	var t Table
	if _, err := toml.Decode(pricesTOML, &t); err != nil {
		panic("cost: prices.toml: " + err.Error()) // embedded: a build-time bug
	}
	return t
}

// Keys lists the table's items, sorted.
func (t Table) Keys() []string {
	keys := make([]string, 0, len(t.Items))
	for k := range t.Items {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Override replaces item key's tiers by one flat price.
func (t *Table) Override(key string, usd float64) error {
	it, ok := t.Items[key]
	if !ok {
		return fmt.Errorf("no price %q (known: %s)", key, strings.Join(t.Keys(), ", "))
	}
	items := make(map[string]Item, len(t.Items))
	for k, v := range t.Items {
		items[k] = v
	}
	it.Tiers = []Tier{{USD: usd}}
	it.Source = "scenario [pricing]"
	items[key] = it
	t.Items = items
	return nil
}

// tiered prices monthly units of item key through its tiers.
func (t Table) tiered(key string, units float64) float64 {
	var usd, from float64
	for _, tier := range t.Items[key].Tiers {
		if units <= from {
			break
		}
		to := units
		if tier.Upto > 0 {
			to = math.Min(units, tier.Upto)
		}
		usd += (to - from) * tier.USD
		from = to
	}
	return usd
}
