package scenarios

import (
	"os"
	"strings"
	"testing"
)

const scenarioDoc = "../docs/scenario.md"

// docs/scenario.md's key tables are generated from the models' declarations:
// this fails when one is stale, and -update rewrites them.
func TestKeyTables(t *testing.T) {
	data, err := os.ReadFile(scenarioDoc)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, kt := range KeyTables() {
		start := strings.Index(text, kt.Marker()+"\n")
		if start < 0 {
			t.Errorf("docs/scenario.md has no %q", kt.Marker())
			continue
		}
		start += len(kt.Marker()) + 1
		end := strings.Index(text[start:], "\n\n")
		if end < 0 {
			end = len(text) - start
		}
		got, want := text[start:start+end+1], kt.Markdown()
		if got == want {
			continue
		}
		if *update {
			text = text[:start] + want + text[start+end+1:]
			continue
		}
		t.Errorf("docs/scenario.md: the %s table is stale; run go test ./scenarios -run KeyTables -update\ngot:\n%s\nwant:\n%s", kt.Table, got, want)
	}
	if *update {
		if err := os.WriteFile(scenarioDoc, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
