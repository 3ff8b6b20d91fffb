package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// uplotVersion is the vendored uPlot's version (uplot/README.md).
const uplotVersion = "1.6.32"

// The vendored uPlot is the npm package's files, unchanged: their hashes
// are the ones uplot/README.md records, the package says its version, and
// its MIT licence is beside it.
func TestVendoredUPlot(t *testing.T) {
	readme, err := os.ReadFile("uplot/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"uPlot.iife.min.js": uplotJS, "uPlot.min.css": uplotCSS} {
		sum := sha256.Sum256([]byte(data))
		row := "| `" + name + "` |"
		i := strings.Index(string(readme), row)
		if i < 0 || !strings.Contains(string(readme)[i:i+200], hex.EncodeToString(sum[:])) {
			t.Errorf("%s: sha256 %x is not the one uplot/README.md records", name, sum)
		}
	}
	if !strings.HasPrefix(uplotJS, "/*! https://github.com/leeoniya/uPlot (v"+uplotVersion+") */") {
		t.Errorf("uPlot.iife.min.js does not start with its v%s banner", uplotVersion)
	}
	var pkg struct{ Name, Version, License string }
	raw, err := os.ReadFile("uplot/package.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &pkg); err != nil || pkg.Name != "uplot" || pkg.Version != uplotVersion || pkg.License != "MIT" {
		t.Errorf("uplot/package.json: %+v (%v), want uplot %s, MIT", pkg, err, uplotVersion)
	}
	if lic, err := os.ReadFile("uplot/LICENSE"); err != nil || !strings.Contains(string(lic), "The MIT License") {
		t.Errorf("uplot/LICENSE: %v", err)
	}
}
