package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/stampede-sim/stampede/models/lambda"
	"github.com/stampede-sim/stampede/models/rds"
)

// Cause is why a request failed in the end.
type Cause int

// Failure causes, in the order of summary.json's "failures".
const (
	CauseThrottled Cause = iota
	CauseTimeout
	CauseDBConnectionRefused
	CauseDBBorrowTimeout
	CauseFunctionError
	CauseDeadLettered
	CauseExpired
	CauseAPIGatewayThrottled
	NumCauses
)

// causeInfo names a cause (its key in summary.json's "failures", in the
// failed.CAUSE columns of timeseries.csv and in the tables) and describes it.
var causeInfo = [NumCauses]struct{ name, doc string }{
	CauseThrottled:           {"throttled", "a Lambda throttle (HTTP 429) after all client retries"},
	CauseTimeout:             {"timeout", "the function timeout, or API Gateway's integration timeout"},
	CauseDBConnectionRefused: {"db_connection_refused", "a refused database connect (every usable connection slot taken)"},
	CauseDBBorrowTimeout:     {"db_borrow_timeout", "no RDS Proxy pool connection within borrow_timeout"},
	CauseFunctionError:       {"function_error", "a handler error (the function's error_rate)"},
	CauseDeadLettered:        {"dead_lettered", "an SQS message dead-lettered after max_receive_count receives"},
	CauseExpired:             {"expired", "an async event older than async_max_event_age, or a message past the queue's retention"},
	CauseAPIGatewayThrottled: {"api_gateway_throttled", "API Gateway's own throttle (HTTP 429: the account's or the route's limit) after all client retries"},
}

// String is the cause's name: its key in summary.json's "failures".
func (c Cause) String() string { return causeInfo[c].name }

// Doc describes the cause in one line.
func (c Cause) Doc() string { return causeInfo[c].doc }

// Failures counts failed requests by the cause of their final failure,
// indexed by Cause; the causes add up to Requests.Failed. It marshals as a
// JSON object keyed by the causes' names, in Cause order.
type Failures [NumCauses]int64

// Total is the sum over causes.
func (f Failures) Total() int64 {
	var n int64
	for _, v := range f {
		n += v
	}
	return n
}

// MarshalJSON writes the failures as an object keyed by the causes' names.
func (f Failures) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for c, n := range f {
		if c > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(Cause(c).String()))
		b.WriteByte(':')
		b.WriteString(strconv.FormatInt(n, 10))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON writes; an unknown cause is an error.
func (f *Failures) UnmarshalJSON(data []byte) error {
	var m map[string]int64
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*f = Failures{}
next:
	for k, v := range m {
		for c := range NumCauses {
			if c.String() == k {
				f[c] = v
				continue next
			}
		}
		return fmt.Errorf("failures: unknown cause %q", k)
	}
	return nil
}

// causeOf maps an invocation's outcome, and a downstream's own reason, to
// the request's failure cause.
func causeOf(o lambda.Outcome) Cause {
	switch o.Status {
	case lambda.Timeout:
		return CauseTimeout
	case lambda.DownstreamFailed:
		switch rds.Failure(o.Failure) {
		case rds.Refused:
			return CauseDBConnectionRefused
		case rds.BorrowTimeout:
			return CauseDBBorrowTimeout
		}
	}
	return CauseFunctionError
}
