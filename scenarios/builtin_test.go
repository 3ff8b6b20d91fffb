package scenarios

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Every built-in loads, has a description, prints as its golden TOML, and
// the printed TOML loads back to the same scenario and prints identically.
func TestBuiltins(t *testing.T) {
	list := Builtins()
	if len(list) < 4 {
		t.Fatalf("only %d built-ins", len(list))
	}
	for _, b := range list {
		t.Run(b.Name, func(t *testing.T) {
			if b.Description == "" {
				t.Error("no description")
			}
			sc, err := Load(b.Name, nil)
			if err != nil {
				t.Fatal(err)
			}
			out := TOML(sc)
			golden := filepath.Join("testdata", b.Name+".resolved.toml")
			if *update {
				os.WriteFile(golden, out, 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("resolved TOML differs from %s (run with -update if intended)", golden)
			}
			again, err := LoadBytes("printed.toml", out, nil)
			if err != nil {
				t.Fatalf("printed TOML does not load: %v", err)
			}
			again.Source = sc.Source
			if !reflect.DeepEqual(sc, again) {
				t.Errorf("round trip changed the scenario:\n%+v\n%+v", sc, again)
			}
			if !bytes.Equal(TOML(again), out) {
				t.Error("printing twice differs")
			}
		})
	}
}

// A name that is neither a file nor a built-in lists the built-ins.
func TestUnknownBuiltin(t *testing.T) {
	_, err := Load("nope", nil)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("steady-api")) {
		t.Errorf("error %v should list the built-ins", err)
	}
}

// A file that does not exist is a clear error naming it.
func TestMissingFile(t *testing.T) {
	_, err := Load("does/not/exist.toml", nil)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("does/not/exist.toml: cannot read")) {
		t.Errorf("error %v", err)
	}
}
