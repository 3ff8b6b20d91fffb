package models_test

import (
	"strings"
	"testing"
)

// Every envelope column (NAME.max) is at least its mean in every bucket,
// and a burst shorter than a bucket shows in it: provisioned's 3-second
// bursts reach the 300 reserved environments, while no bucket's mean
// comes near.
func TestEnvelopes(t *testing.T) {
	t.Parallel()
	for _, res := range runBuiltins(t, "provisioned", "rds-proxy", "sqs-leveling") {
		cols := map[string][]float64{}
		for _, c := range res.Series.Columns() {
			cols[c.Name] = c.Values
		}
		n := 0
		for name, maxs := range cols {
			mean, ok := cols[strings.TrimSuffix(name, ".max")]
			if !strings.HasSuffix(name, ".max") || !ok {
				continue
			}
			n++
			for i := range maxs {
				if maxs[i] < mean[i]-1e-9 {
					t.Errorf("%s: bucket %d: maximum %g below the mean %g", name, i, maxs[i], mean[i])
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no envelope columns", res.Summary.Scenario)
		}
		if res.Summary.Scenario != "provisioned" {
			continue
		}
		top, topMean := 0.0, 0.0
		for i, v := range cols["concurrency.max"] {
			top, topMean = max(top, v), max(topMean, cols["concurrency"][i])
		}
		if top != 300 || topMean > 150 {
			t.Errorf("provisioned: concurrency peaks at %g in the envelope and %g in the means; want 300, and means well below", top, topMean)
		}
	}
}
