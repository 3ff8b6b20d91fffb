package scenarios

import (
	"bytes"
	"errors"

	"github.com/BurntSushi/toml"
)

// lineOf gives a TOML syntax problem the line of the byte the parser
// points at. The parser counts one line short for an error at the end of
// the input inside an unterminated string (`x = """a\` then EOF: line 0 on
// the first line); found by FuzzLoadBytes (issue 11).
func lineOf(p Problem, err error, data []byte) Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) && pe.Position.Start >= 0 && pe.Position.Start <= len(data) {
		p.Line = 1 + bytes.Count(data[:pe.Position.Start], []byte("\n"))
	}
	return p
}
