package scenarios

import (
	"io/fs"
	"testing"
)

// FuzzLoadBytes: no input makes the loader panic; it refuses with a
// *Error whose problems have a position or key; a scenario it accepts
// prints as TOML that it accepts again and prints the same (checkLoad).
func FuzzLoadBytes(f *testing.F) {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	for _, e := range entries {
		data, _ := builtinFS.ReadFile("builtin/" + e.Name())
		f.Add(data)
	}
	f.Add([]byte(base))
	f.Add([]byte("name = \"x\"\nduration = 5"))
	f.Add([]byte("[[function]]\n[[function.call]]\n[a.b]\nx = [1, [2, {a = 3}]]"))
	f.Add([]byte(`s = """a\n[x]\n"""` + "\n[t]\nk = '''\n'''"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLoad(t, data, nil) // fuzz_structured_test.go
	})
}

// FuzzParseSet: no --set text makes parsing or applying it panic, and
// applying it keeps checkLoad's contract.
func FuzzParseSet(f *testing.F) {
	for _, s := range []string{"function.api.memory_mb=2048", "workload.w.arrivals.rate=1.5", "a=", "=", "x.y.z={a=1}", "function=1", "function.api=1", "database.d.proxy.enabled=true", "queue.q.batch_size=5", "database.d.query_time={ dist = \"exponential\", mean = \"1ms\" }"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		set, err := ParseSet(s)
		if err != nil {
			return
		}
		checkLoad(t, []byte(base), []string{s}) // fuzz_structured_test.go
		_ = set
	})
}
