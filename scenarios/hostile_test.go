package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Hostile scenario files are refused quickly, with the file and where or
// what the limit is, before the parser or the position scanner sees them.
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sparse := func(size int64) string {
		p := filepath.Join(dir, "big.toml")
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, size); err != nil {
			t.Fatal(err)
		}
		return p
	}
	deep := 100_000 // 200 KB of brackets
	for _, tc := range []struct {
		name string
		path string
		want string // in the error
	}{
		// 100,000 nested arrays: the 65th bracket (line 2, column 5+64) is refused.
		{name: "deep arrays", path: write("deep.toml", "name = \"x\"\nv = "+strings.Repeat("[", deep)+strings.Repeat("]", deep)+"\n"),
			want: "deep.toml:2:69: arrays and inline tables nested more than 64 deep"},
		// Inline tables count too (the 65th `{` is at column 5+64·3); brackets
		// inside strings and comments do not.
		{name: "deep tables", path: write("tables.toml", "# [[[[\ns = \"[[[[\"\nv = "+strings.Repeat("{a=", 70)+"1"+strings.Repeat("}", 70)+"\n"),
			want: "tables.toml:3:197: arrays and inline tables nested more than 64 deep"},
		// A file past the size limit (sparse: quick to make) is refused by
		// its size.
		{name: "too large", path: sparse(MaxFileBytes + 1),
			want: "too large"},
		// A device that never ends is refused without reading it.
		{name: "device", path: "/dev/zero", want: "/dev/zero: cannot read: not a regular file"},
		// A directory.
		{name: "directory", path: dir + "/", want: "is a directory"},
	} {
		start := time.Now()
		_, err := Load(tc.path, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("%s: took %v", tc.name, d)
		}
	}
}

// Nesting up to the limit is accepted: a scenario may nest arrays (the
// profile points) and inline tables as deep as it needs.
func TestNestingAtLimit(t *testing.T) {
	v := strings.Repeat("[", MaxNesting) + strings.Repeat("]", MaxNesting)
	if p, ok := tooDeep("f.toml", []byte("v = "+v+"\n")); ok {
		t.Errorf("%d levels refused: %v", MaxNesting, p)
	}
}

// A pipe larger than the limit is read only up to it.
func TestReadLimitedPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		defer w.Close()
		buf := make([]byte, 1<<20)
		for range 20 { // 20 MiB, past the 16 MiB limit
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	}()
	_, err = readScenario("/dev/fd/" + strconv.Itoa(int(r.Fd())))
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("error %v, want too large", err)
	}
}

// A file with thousands of the same mistake lists the first MaxListed
// problems and counts the rest, so the message stays readable.
func TestManyProblemsListed(t *testing.T) {
	var b strings.Builder
	b.WriteString("name = \"many\"\n")
	for i := range 1500 {
		fmt.Fprintf(&b, "x%d = 1\n", i)
	}
	_, err := LoadBytes("many.toml", []byte(b.String()), nil)
	if err == nil {
		t.Fatal("accepted 1,500 unknown keys")
	}
	msg := err.Error()
	lines := strings.Count(msg, "\n")
	if !strings.HasPrefix(msg, "invalid scenario (1500 problems):") || lines != MaxListed+1 ||
		!strings.HasSuffix(msg, "… and 1450 more") || !strings.Contains(msg, "many.toml:2:1: x0: unknown key") {
		t.Errorf("%d lines; begins %.60q, ends %q", lines, msg, msg[max(0, len(msg)-40):])
	}
}
