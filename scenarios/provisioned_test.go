package scenarios

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/sim"
)

// The table form of provisioned_concurrency: docs/scenario.md's example
// decodes to its Go form, prints as one inline table with every default
// filled in, loads back to the same scenario, and --set reaches its keys.
func TestProvisionedTable(t *testing.T) {
	const table = `provisioned_concurrency = { initial = 20, min = 10, max = 500, target_utilization = 0.7, schedule = [["8h", 200], ["20h", 20]], repeat = "24h" }`
	doc := strings.Replace(base, `duration = "10ms"`, "duration = \"10ms\"\n"+table, 1)
	for _, tc := range []struct {
		name  string
		text  string
		sets  []string
		check func(t *testing.T, c *lambda.Config)
	}{
		// The example as written, the default preparation filled in.
		{"example", doc, nil, func(t *testing.T, c *lambda.Config) {
			p := c.ProvisionedScaling
			want := &lambda.ProvisionedScaling{Min: 10, Max: 500, TargetUtilization: new(0.7),
				Schedule:    []lambda.ScheduledAction{{At: 8 * sim.Hour, Level: 200}, {At: 20 * sim.Hour, Level: 20}},
				Repeat:      new(24 * sim.Hour),
				Preparation: new(lambda.DefaultPreparation)}
			if c.ProvisionedConcurrency != 20 || !reflect.DeepEqual(p, want) {
				t.Errorf("initial %d, scaling %+v; want 20, %+v", c.ProvisionedConcurrency, p, want)
			}
		}},
		// --set writes into the table.
		{"set max", doc, []string{"function.api.provisioned_concurrency.max=600"}, func(t *testing.T, c *lambda.Config) {
			if c.ProvisionedScaling.Max != 600 {
				t.Errorf("max %d, want 600", c.ProvisionedScaling.Max)
			}
		}},
		// A schedule alone: no target tracking, so no target; initial defaults to min, 0.
		{"schedule only", strings.Replace(doc, table, `provisioned_concurrency = { schedule = [["10m", 50]] }`, 1), nil, func(t *testing.T, c *lambda.Config) {
			p := c.ProvisionedScaling
			if c.ProvisionedConcurrency != 0 || p.Tracking() || p.TargetUtilization != nil || len(p.Schedule) != 1 {
				t.Errorf("initial %d, scaling %+v", c.ProvisionedConcurrency, p)
			}
		}},
		// The integer form stays an integer.
		{"integer", strings.Replace(doc, table, "provisioned_concurrency = 20", 1), nil, func(t *testing.T, c *lambda.Config) {
			if c.ProvisionedConcurrency != 20 || c.ProvisionedScaling != nil {
				t.Errorf("initial %d, scaling %+v; want 20, nil", c.ProvisionedConcurrency, c.ProvisionedScaling)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := LoadBytes("s.toml", []byte(tc.text), tc.sets)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, &sc.Functions[0].Config)
			out := TOML(sc)
			again, err := LoadBytes("printed.toml", out, nil)
			if err != nil {
				t.Fatalf("printed TOML does not load: %v\n%s", err, out)
			}
			again.Source, again.Overrides = sc.Source, sc.Overrides
			if !reflect.DeepEqual(sc, again) {
				t.Errorf("round trip changed the scenario:\n%s", out)
			}
			if !bytes.Equal(TOML(again), out) {
				t.Error("printing twice differs")
			}
		})
	}
	sc, _ := LoadBytes("s.toml", []byte(doc), nil)
	want := `provisioned_concurrency = { initial = 20, min = 10, max = 500, target_utilization = 0.7, repeat = "1d", preparation = "1m30s", schedule = [["8h", 200], ["20h", 20]] }`
	if out := string(TOML(sc)); !strings.Contains(out, want+"\n") {
		t.Errorf("printed:\n%s\nwant a line\n%s", out, want)
	}
}
