package models

import "github.com/stampede-sim/stampede/models/lambda"

// Cause is why a request failed in the end.
type Cause int

// Failure causes; their names are the keys of summary.json's "failures".
const (
	CauseThrottled Cause = iota
	CauseTimeout
	CauseDBConnectionRefused
	CauseDBBorrowTimeout
	CauseFunctionError
	CauseDeadLettered
	CauseExpired
	NumCauses
)

// CauseNames are the output names of the causes.
var CauseNames = [NumCauses]string{
	"throttled", "timeout", "db_connection_refused", "db_borrow_timeout",
	"function_error", "dead_lettered", "expired",
}

func causeOf(st lambda.Status) Cause {
	switch st {
	case lambda.Timeout:
		return CauseTimeout
	case lambda.DBRefused:
		return CauseDBConnectionRefused
	case lambda.DBBorrowTimeout:
		return CauseDBBorrowTimeout
	}
	return CauseFunctionError
}
