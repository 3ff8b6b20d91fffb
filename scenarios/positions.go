package scenarios

import (
	"fmt"
	"strconv"
	"strings"
)

// pos is a 1-based line and column.
type pos struct{ line, col int }

// positions maps key paths with array indices ("function[0].duration.p99",
// "workload[1].arrivals.states[0].rate") to where the key is written.
// BurntSushi/toml does not expose key positions, so this small scanner walks
// the text once: table headers (counting [[array]] elements), key/value
// pairs with dotted and quoted keys, strings of all four kinds, comments,
// and arrays and inline tables across lines. It runs only on text the TOML
// parser accepted, and never fails: an oddity only loses positions.
type positions map[string]pos

type scanner struct {
	src       []rune
	i         int
	line, col int
	out       positions
	arrays    map[string]int // array-of-tables path → elements so far
}

func indexPositions(text string) positions {
	s := &scanner{src: []rune(text), line: 1, col: 1, out: positions{}, arrays: map[string]int{}}
	s.document()
	return s.out
}

func (s *scanner) peek(k int) rune {
	if s.i+k < len(s.src) {
		return s.src[s.i+k]
	}
	return 0
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) advance() {
	if s.eof() {
		return
	}
	if s.src[s.i] == '\n' {
		s.line, s.col = s.line+1, 1
	} else {
		s.col++
	}
	s.i++
}

// skip passes spaces, and also newlines and comments when multiline.
func (s *scanner) skip(multiline bool) {
	for !s.eof() {
		switch c := s.peek(0); {
		case c == ' ' || c == '\t' || c == '\r':
			s.advance()
		case c == '#':
			for !s.eof() && s.peek(0) != '\n' {
				s.advance()
			}
		case c == '\n' && multiline:
			s.advance()
		default:
			return
		}
	}
}

func (s *scanner) document() {
	prefix := ""
	for guard := 0; !s.eof() && guard < len(s.src)+10; guard++ {
		s.skip(true)
		if s.eof() {
			return
		}
		start := s.i
		if s.peek(0) == '[' {
			prefix = s.header()
		} else {
			s.keyValue(prefix)
		}
		if s.i == start {
			s.advance() // never loop on an unexpected character
		}
	}
}

// header reads [a.b] or [[a.b]] and returns the index path it opens.
func (s *scanner) header() string {
	p := pos{s.line, s.col}
	array := s.peek(1) == '['
	s.advance()
	if array {
		s.advance()
	}
	s.skip(false)
	keys := s.key()
	for !s.eof() && s.peek(0) != '\n' && s.peek(0) != '#' {
		s.advance()
	}
	if len(keys) == 0 {
		return ""
	}
	path := s.resolve(keys[:len(keys)-1])
	path = join(path, keys[len(keys)-1])
	if array {
		s.arrays[path]++
		path += "[" + strconv.Itoa(s.arrays[path]-1) + "]"
	} else if n, ok := s.arrays[path]; ok {
		path += "[" + strconv.Itoa(n-1) + "]"
	}
	s.out[path] = p
	return path
}

// resolve turns header key segments into an index path, entering the current
// element of every array of tables on the way.
func (s *scanner) resolve(keys []string) string {
	path := ""
	for _, k := range keys {
		path = join(path, k)
		if n, ok := s.arrays[path]; ok {
			path += "[" + strconv.Itoa(n-1) + "]"
		}
	}
	return path
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// keyValue reads key = value under prefix, recording positions.
func (s *scanner) keyValue(prefix string) {
	p := pos{s.line, s.col}
	keys := s.key()
	if len(keys) == 0 {
		return
	}
	path := prefix
	for _, k := range keys {
		path = join(path, k)
		if _, ok := s.out[path]; !ok {
			s.out[path] = p
		}
	}
	s.out[path] = p
	s.skip(false)
	if s.peek(0) != '=' {
		return
	}
	s.advance()
	s.skip(false)
	s.value(path)
}

// key reads a dotted key of bare and quoted parts.
func (s *scanner) key() []string {
	var parts []string
	for !s.eof() {
		s.skip(false)
		c := s.peek(0)
		switch {
		case c == '"' || c == '\'':
			parts = append(parts, s.str())
		case isBare(c):
			start := s.i
			for !s.eof() && isBare(s.peek(0)) {
				s.advance()
			}
			parts = append(parts, string(s.src[start:s.i]))
		default:
			return parts
		}
		s.skip(false)
		if s.peek(0) != '.' {
			return parts
		}
		s.advance()
	}
	return parts
}

func isBare(c rune) bool {
	return c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// value skips one value, recording positions inside arrays and inline tables.
func (s *scanner) value(path string) {
	switch s.peek(0) {
	case '"', '\'':
		s.str()
	case '[':
		s.advance()
		for k := 0; !s.eof(); k++ {
			s.skip(true)
			if s.peek(0) == ']' {
				s.advance()
				return
			}
			elem := path + "[" + strconv.Itoa(k) + "]"
			s.out[elem] = pos{s.line, s.col}
			start := s.i
			s.value(elem)
			s.skip(true)
			if s.peek(0) == ',' {
				s.advance()
			} else if s.i == start {
				s.advance()
			}
		}
	case '{':
		s.advance()
		for !s.eof() {
			s.skip(true)
			if s.peek(0) == '}' {
				s.advance()
				return
			}
			start := s.i
			s.keyValue(path)
			s.skip(true)
			if s.peek(0) == ',' {
				s.advance()
			} else if s.i == start {
				s.advance()
			}
		}
	default:
		for !s.eof() && !strings.ContainsRune(",]}\n#", s.peek(0)) {
			s.advance()
		}
	}
}

// str reads a basic, literal or multi-line string and returns its raw text
// (escapes undecoded: good enough for key names).
func (s *scanner) str() string {
	q := s.peek(0)
	multi := s.peek(1) == q && s.peek(2) == q
	n := 1
	if multi {
		n = 3
	}
	for range n {
		s.advance()
	}
	start := s.i
	for !s.eof() {
		c := s.peek(0)
		if c == '\\' && q == '"' {
			s.advance()
			s.advance()
			continue
		}
		if c == '\n' && !multi {
			break
		}
		if c == q && (!multi || (s.peek(1) == q && s.peek(2) == q)) {
			text := string(s.src[start:s.i])
			for range n {
				s.advance()
			}
			for multi && s.peek(0) == q { // up to two quotes may close a multi-line string
				s.advance()
			}
			return text
		}
		s.advance()
	}
	return string(s.src[start:s.i])
}

// MaxNesting bounds how deeply arrays and inline tables may nest in a
// scenario file. Real scenarios nest three or four levels; the parser and
// the position scanner above both cost more per level, so a hostile
// `[[[[…]]]]` is refused before either sees it.
const MaxNesting = 64

// tooDeep reports the first bracket of data nested deeper than MaxNesting,
// as a problem at its line and column. It is one linear pass that skips
// strings and comments; brackets it miscounts in malformed text only move
// the error to the parser.
func tooDeep(file string, data []byte) (Problem, bool) {
	depth, line, col := 0, 1, 1
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case '\n':
			line, col = line+1, 1
			continue
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			// Skip the string, counting the lines a multi-line one spans.
			q := c
			n := 1
			if i+2 < len(data) && data[i+1] == q && data[i+2] == q {
				n = 3
			}
			i += n
			col += n
			for ; i < len(data); i++ {
				if data[i] == '\\' && q == '"' {
					i++
					col += 2
					continue
				}
				if data[i] == '\n' {
					if n == 1 {
						break
					}
					line, col = line+1, 1
					continue
				}
				if data[i] == q && (n == 1 || (i+2 < len(data) && data[i+1] == q && data[i+2] == q)) {
					i += n - 1
					break
				}
				if data[i]&0xC0 != 0x80 {
					col++
				}
			}
			if i < len(data) && data[i] == '\n' {
				i-- // a single-line string ended at the newline: count it above
			}
		case '[', '{':
			depth++
			if depth > MaxNesting {
				return Problem{File: file, Line: line, Col: col,
					Msg: fmt.Sprintf("arrays and inline tables nested more than %d deep", MaxNesting)}, true
			}
		case ']', '}':
			depth = max(0, depth-1)
		}
		if c&0xC0 != 0x80 {
			col++
		}
	}
	return Problem{}, false
}
