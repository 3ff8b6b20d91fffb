package param

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Printable is the one escaping rule for text bound for a terminal (the
// text summary, error messages): every rune strconv.Quote would escape (a
// control character such as ESC or a newline, an invisible format
// character, an invalid byte) is written as Quote writes it (\x1b, \n,
// \u202e), the rest is left as it is. Text from a scenario thus cannot
// move the cursor, recolour the terminal or fake a line of output.
func Printable(s string) string {
	if !strings.ContainsFunc(s, needsEscape) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i]), 16))
		case needsEscape(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(r rune) bool { return r != ' ' && !strconv.IsPrint(r) }

// HasControl reports whether s holds a character Printable would escape:
// names must not (they reach terminals, file names and CSV headers).
func HasControl(s string) bool {
	return !utf8.ValidString(s) || strings.ContainsFunc(s, needsEscape)
}
