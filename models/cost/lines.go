package cost

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Line is one line of the bill. Its key names it in summary.json's
// cost.breakdown, in the tables and in docs; its label in plots.
type Line int

// The bill's lines, in the order of summary.json's cost.breakdown.
const (
	LambdaRequests Line = iota
	LambdaDuration
	Provisioned // provisioned concurrency while configured, and the duration run on it
	APIGateway
	SQS
	RDS
	RDSProxy
	NumLines
)

// LineInfo names and describes a line of the bill.
type LineInfo struct {
	Key   string // summary.json key: "lambda_duration"
	Label string // for people: "Lambda duration"
	Doc   string // one line: what it charges
}

// Lines describes every line of the bill, indexed by Line.
var Lines = [NumLines]LineInfo{
	LambdaRequests: {"lambda_requests", "Lambda requests", "invocations × the price per request"},
	LambdaDuration: {"lambda_duration", "Lambda duration", "GB-seconds of on-demand environments (init + handler, per 1 ms) × the duration price by architecture"},
	Provisioned:    {"provisioned", "Provisioned", "provisioned concurrency configured × GB × time (each 5-minute block at its highest level), plus GB-seconds run on provisioned environments"},
	APIGateway:     {"api_gateway", "API Gateway", "API calls (each attempt through a gateway) × the HTTP or REST API price"},
	SQS:            {"sqs", "SQS", "SQS requests (64 KB each) × the price per request, plus provisioned-mode event poller hours (EPU-hours) × their price"},
	RDS:            {"rds", "RDS", "the database instances' hourly price × window hours; Aurora Serverless v2: the ACU-hours allocated × the ACU-hour price"},
	RDSProxy:       {"rds_proxy", "RDS Proxy", "max(vCPUs, 2) × the proxy's vCPU-hour price × window hours, per proxied database; Aurora Serverless v2: max(ACUs, 8)-hours × the proxy's ACU-hour price"},
}

// Key is the line's summary.json key.
func (l Line) Key() string { return Lines[l].Key }

// Label is the line's name for people.
func (l Line) Label() string { return Lines[l].Label }

func (l Line) String() string { return l.Key() }

// MarshalJSON writes the breakdown as an object keyed by the lines' keys.
func (b Breakdown) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for l, v := range b {
		if l > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(strconv.Quote(Lines[l].Key))
		buf.WriteByte(':')
		n, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("cost.breakdown.%s: %w", Lines[l].Key, err)
		}
		buf.Write(n)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON writes; unknown keys are errors.
func (b *Breakdown) UnmarshalJSON(data []byte) error {
	var m map[string]float64
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*b = Breakdown{}
next:
	for k, v := range m {
		for l := range NumLines {
			if Lines[l].Key == k {
				b[l] = v
				continue next
			}
		}
		return fmt.Errorf("cost.breakdown: unknown line %q", k)
	}
	return nil
}
