package param

import "testing"

// FormatFloat keeps ordinary numbers plain and puts extreme ones in
// exponent form, still valid TOML.
func TestFormatFloat(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0"},              // zero is plain
		{0.25, "0.25"},        // a fraction
		{1e6, "1000000"},      // a large ordinary number
		{1e300, "1e+300"},     // a hostile one: 301 digits otherwise
		{-2.5e-9, "-2.5e-09"}, // tiny and negative
	} {
		if got := FormatFloat(tc.x); got != tc.want {
			t.Errorf("FormatFloat(%g) = %q, want %q", tc.x, got, tc.want)
		}
	}
}
