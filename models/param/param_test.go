package param_test

import (
	"strings"
	"testing"

	"github.com/stampede-sim/stampede/models/param"
	"github.com/stampede-sim/stampede/sim"
	"github.com/stampede-sim/stampede/sim/dist"
)

type color uint8

var colorNames = param.Names{"red", "green"}

func (c color) String() string        { return colorNames.Name(uint8(c)) }
func (c *color) Set(name string) bool { return colorNames.Set((*uint8)(c), name) }
func (color) Names() []string         { return colorNames }

type config struct {
	Name    string
	Size    int
	Retries *int
	Share   float64
	Weight  *float64
	Wait    sim.Time
	Delay   *sim.Time
	Time    dist.Spec
	Extra   *dist.Spec
	Color   color
	On      bool
	Seed    uint64
}

var fields = []param.Field[config]{
	{Key: "name", Required: true, Ptr: func(c *config) any { return &c.Name }},
	{Key: "size", Default: 128, Lo: 128, Hi: 1024, Unit: "MB", Ptr: func(c *config) any { return &c.Size }},
	{Key: "retries", Default: 2, Lo: 0, Hi: 2, Ptr: func(c *config) any { return &c.Retries }},
	{Key: "share", Lo: 0.0, Hi: 1.0, Ptr: func(c *config) any { return &c.Share }},
	{Key: "weight", Default: 1.0, Lo: 0.0, Hi: 1.0, Ptr: func(c *config) any { return &c.Weight }},
	{Key: "wait", Default: 3 * sim.Second, Lo: sim.Second, Hi: sim.Minute, Ptr: func(c *config) any { return &c.Wait }},
	{Key: "delay", Default: sim.Time(0), Lo: sim.Time(0), Ptr: func(c *config) any { return &c.Delay }},
	{Key: "time", Required: true, Ptr: func(c *config) any { return &c.Time }},
	{Key: "extra", Ptr: func(c *config) any { return &c.Extra }},
	{Key: "color", Ptr: func(c *config) any { return &c.Color }},
	{Key: "on", Ptr: func(c *config) any { return &c.On }},
	{Key: "seed", Default: uint64(1), Lo: uint64(1), Ptr: func(c *config) any { return &c.Seed }},
}

// Fill sets unset fields to their defaults and leaves set ones, including a
// pointer field set to its zero value.
func TestFill(t *testing.T) {
	c := config{Retries: new(0), Size: 512, Weight: new(0.0)}
	param.Fill(fields, &c)
	if c.Size != 512 || *c.Retries != 0 || *c.Weight != 0 || c.Wait != 3*sim.Second || c.Delay == nil || *c.Delay != 0 || c.Seed != 1 {
		t.Errorf("%+v", c)
	}
	var z config
	param.Fill(fields, &z)
	if z.Size != 128 || *z.Retries != 2 || *z.Weight != 1 || z.Color != 0 || z.Extra != nil {
		t.Errorf("zero: %+v", z)
	}
}

// Check reports each bad field once, with its key, value and what is allowed.
func TestCheck(t *testing.T) {
	fixed := dist.Spec{Kind: dist.Fixed, Value: sim.Millisecond}
	for _, tc := range []struct {
		name string
		edit func(*config)
		want string // "" when valid
	}{
		// A complete config is valid.
		{"valid", func(*config) {}, ""},
		// A required string must be set.
		{"missing name", func(c *config) { c.Name = "" }, "name: missing (required)"},
		// Integers: the range, with its unit.
		{"size low", func(c *config) { c.Size = 64 }, "size = 64: out of range (allowed: 128..1024 MB)"},
		// Pointers are checked when set.
		{"retries", func(c *config) { c.Retries = new(3) }, "retries = 3: out of range (allowed: 0..2)"},
		// Floats: NaN is never in range.
		{"share NaN", func(c *config) { c.Share = nanValue() }, "share = NaN: must be a number in 0..1"},
		// A float pointer is checked when set: zero is a value, not unset.
		{"weight", func(c *config) { c.Weight = new(1.5) }, "weight = 1.5: must be a number in 0..1"},
		{"weight zero", func(c *config) { c.Weight = new(0.0) }, ""},
		// Durations print as written in a file.
		{"wait", func(c *config) { c.Wait = 2 * sim.Minute }, `wait = "2m": out of range (allowed: 1s..1m)`},
		// Distributions are validated by package dist.
		{"time", func(c *config) { c.Time = dist.Spec{Kind: dist.Uniform, Min: 2, Max: 1} }, "time = "},
		// An enum value outside its names.
		{"color", func(c *config) { c.Color = 7 }, `color = "invalid(7)": not allowed (allowed: red, green)`},
		// uint64 bounds.
		{"seed", func(c *config) { c.Seed = 0 }, "seed = 0: out of range (allowed: >= 1)"},
	} {
		c := config{Name: "x", Time: fixed}
		param.Fill(fields, &c)
		tc.edit(&c)
		errs := param.Check(fields, &c)
		switch {
		case tc.want == "" && len(errs) > 0:
			t.Errorf("%s: unexpected %v", tc.name, errs)
		case tc.want != "" && (len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want)):
			t.Errorf("%s: got %v, want one error starting %q", tc.name, errs, tc.want)
		}
	}
}

func nanValue() float64 { var z float64; return z / z }

// Text prints set fields as TOML and omits unset pointers.
func TestText(t *testing.T) {
	c := config{Name: "x", Time: dist.Spec{Kind: dist.Fixed, Value: sim.Millisecond}}
	param.Fill(fields, &c)
	want := map[string]string{"name": `"x"`, "size": "128", "retries": "2", "share": "0", "weight": "1", "wait": `"3s"`,
		"delay": `"0s"`, "color": `"red"`, "on": "false", "seed": "1"}
	for _, f := range fields {
		got, ok := f.Text(&c)
		if w, expect := want[f.Key]; expect && (!ok || got != w) {
			t.Errorf("%s: got %q %v, want %q", f.Key, got, ok, w)
		}
	}
	if _, ok := fields[8].Text(&c); ok {
		t.Error("an unset pointer (extra) prints")
	}
}

// The docs' columns derive from the declaration.
func TestDocText(t *testing.T) {
	for _, tc := range []struct{ key, def, allowed string }{
		{"name", "required", ""},
		{"size", "`128`", "128..1024 MB"},
		{"delay", "`\"0s\"`", ">= 0s"},
		{"weight", "`1`", "0..1"},
		{"color", "`\"red\"`", `"red", "green"`},
		{"extra", "absent", "a distribution"},
		{"on", "`false`", "true, false"},
	} {
		f, _ := param.Find(fields, tc.key)
		if d, a := f.DefaultText(), f.AllowedText(); d != tc.def || a != tc.allowed {
			t.Errorf("%s: default %q allowed %q, want %q %q", tc.key, d, a, tc.def, tc.allowed)
		}
	}
}

// Errors nest under a prefix and join into one message.
func TestErrors(t *testing.T) {
	var errs param.Errors
	errs.Add("memory_mb", 64, "out of range")
	errs.Add("name", nil, "missing")
	got := errs.Under(param.Elem("function", 0, "api")).Error()
	if want := "function[api].memory_mb = 64: out of range; function[api].name: missing"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if (param.Errors{}).Err() != nil {
		t.Error("no errors is a nil error")
	}
	if p := param.Elem("call", 2, ""); p != "call[2]" {
		t.Error(p)
	}
}
