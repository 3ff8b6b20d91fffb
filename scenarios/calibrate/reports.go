// Package calibrate turns a Lambda function's CloudWatch logs into a
// scenario that behaves like it: it reads the REPORT lines Lambda writes
// after each invocation (as the console prints them, as the JSON of
// `aws logs filter-log-events`, or as a Logs Insights CSV export), fits the
// handler and init times, estimates the arrivals from the timestamps, and
// writes a runnable scenario whose comments say where each value came
// from.
package calibrate

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Report is one invocation's REPORT line: times in milliseconds, sizes in
// MB. Init is 0 for a warm invocation; At is the zero time when the log
// gave none.
type Report struct {
	At          time.Time
	DurationMS  float64
	BilledMS    float64
	MemoryMB    int
	MaxMemoryMB int
	InitMS      float64 // Init Duration: a cold start
	RestoreMS   float64 // Restore Duration: a SnapStart resume
}

// reportRE matches REPORT's fields wherever they are in a message:
// "REPORT RequestId: … Duration: 12.34 ms Billed Duration: 13 ms Memory
// Size: 128 MB Max Memory Used: 70 MB Init Duration: 150.12 ms", with
// optional Restore Duration (SnapStart) and X-Ray fields after.
var (
	reportRE  = regexp.MustCompile(`REPORT RequestId:`)
	fieldRE   = regexp.MustCompile(`(Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Duration|Memory Size|Max Memory Used):\s*([0-9.]+)\s*(ms|MB)`)
	leadingTS = regexp.MustCompile(`^\s*(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)`)
)

// parseReport reads the fields of one REPORT message; ok false when the
// message is not a REPORT line or lacks its Duration.
func parseReport(msg string) (Report, bool) {
	if !reportRE.MatchString(msg) {
		return Report{}, false
	}
	var r Report
	seen := false
	for _, m := range fieldRE.FindAllStringSubmatch(msg, -1) {
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			return Report{}, false
		}
		switch m[1] {
		case "Duration":
			r.DurationMS, seen = v, true
		case "Billed Duration":
			r.BilledMS = v
		case "Memory Size":
			r.MemoryMB = int(v)
		case "Max Memory Used":
			r.MaxMemoryMB = int(v)
		case "Init Duration":
			r.InitMS = v
		case "Restore Duration":
			r.RestoreMS = v
		}
	}
	return r, seen
}

// parseTime reads a log timestamp: RFC 3339, Logs Insights' "2006-01-02
// 15:04:05.000", or epoch milliseconds.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.000", "2006-01-02 15:04:05", "2006-01-02T15:04:05.000"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil && ms > 0 {
		return time.UnixMilli(ms).UTC(), true
	}
	return time.Time{}, false
}

// Read reads every REPORT of a log, in whichever of the three forms it is:
// JSON (an object with "events", each with "timestamp" and "message"), a
// CSV export (a header naming @message, or Logs Insights' @duration,
// @billedDuration, @memorySize, @maxMemoryUsed and @initDuration), or
// plain text (a REPORT per line, optionally after a timestamp). name is
// for messages.
func Read(name string, r io.Reader) ([]Report, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(1 << 12)
	trimmed := strings.TrimSpace(string(head))
	switch {
	case strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "["):
		return readJSON(name, br)
	case isCSVHeader(trimmed):
		return readCSV(name, br)
	}
	return readText(br)
}

func isCSVHeader(head string) bool {
	first, _, _ := strings.Cut(head, "\n")
	return strings.Contains(first, "@message") || strings.Contains(first, "@duration")
}

func readText(r io.Reader) ([]Report, error) {
	var out []Report
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		rep, ok := parseReport(line)
		if !ok {
			continue
		}
		if m := leadingTS.FindStringSubmatch(line); m != nil {
			rep.At, _ = parseTime(m[1])
		}
		out = append(out, rep)
	}
	return out, sc.Err()
}

func readJSON(name string, r io.Reader) ([]Report, error) {
	var doc struct {
		Events []struct {
			Timestamp int64  `json:"timestamp"`
			Message   string `json:"message"`
		} `json:"events"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: not the JSON of aws logs filter-log-events: %v", name, err)
	}
	var out []Report
	for _, e := range doc.Events {
		if rep, ok := parseReport(e.Message); ok {
			if e.Timestamp > 0 {
				rep.At = time.UnixMilli(e.Timestamp).UTC()
			}
			out = append(out, rep)
		}
	}
	return out, nil
}

func readCSV(name string, r io.Reader) ([]Report, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	get := func(rec []string, key string) (string, bool) {
		i, ok := col[key]
		if !ok || i >= len(rec) {
			return "", false
		}
		return rec[i], rec[i] != ""
	}
	num := func(rec []string, key string) float64 {
		s, _ := get(rec, key)
		v, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return v
	}
	var out []Report
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: %v", name, line, err)
		}
		var rep Report
		ok := false
		if msg, has := get(rec, "@message"); has {
			rep, ok = parseReport(msg)
		} else if d, has := get(rec, "@duration"); has {
			rep.DurationMS, _ = strconv.ParseFloat(strings.TrimSpace(d), 64)
			rep.BilledMS, rep.InitMS = num(rec, "@billedDuration"), num(rec, "@initDuration")
			rep.MemoryMB, rep.MaxMemoryMB = megabytes(num(rec, "@memorySize")), megabytes(num(rec, "@maxMemoryUsed"))
			ok = true
		}
		if !ok {
			continue
		}
		if ts, has := get(rec, "@timestamp"); has {
			rep.At, _ = parseTime(ts)
		}
		out = append(out, rep)
	}
}

// megabytes reads a Logs Insights size: bytes (as @memorySize is), or
// already MB when small.
func megabytes(v float64) int {
	if v > 1<<20 {
		return int(v/(1<<20) + 0.5)
	}
	return int(v + 0.5)
}
