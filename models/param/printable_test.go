package param

import "testing"

// Printable escapes what would act on a terminal and leaves the rest.
func TestPrintable(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		control        bool // HasControl
	}{
		// Plain text, with spaces and non-ASCII letters, is left alone.
		{"plain", "api · café", "api · café", false},
		// Commas and quotes are printable (CSV quotes them, not this).
		{"punctuation", `a,"b"`, `a,"b"`, false},
		// An ANSI colour escape: ESC is written \x1b.
		{"ansi", "a\x1b[31mb", `a\x1b[31mb`, true},
		// Newline, carriage return and tab are escaped: no faked lines or columns.
		{"newline", "a\nb\rc\td", `a\nb\rc\td`, true},
		// A right-to-left override is invisible: escaped as Quote does.
		{"bidi", "a\u202eb", `a\u202eb`, true},
		// An invalid byte.
		{"invalid utf-8", "a\xffb", `a\xffb`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Printable(tc.in); got != tc.want {
				t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if got := HasControl(tc.in); got != tc.control {
				t.Errorf("HasControl(%q) = %v, want %v", tc.in, got, tc.control)
			}
		})
	}
}
