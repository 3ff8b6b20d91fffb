package models

import "errors"

// Exports for the external tests (package models_test), which load the
// built-in scenarios through package scenarios: it imports models, so tests
// inside package models cannot import it.

var (
	CheckConservation      = checkConservation
	CheckLittle            = checkLittle
	CheckQueueConservation = checkQueueConservation
)

// CheckInvariants checks the bookkeeping of every database and queue of the
// replication (rds.Database.Check, sqs.Queue.Check), after a run.
func (sys *System) CheckInvariants() error {
	var errs []error
	for _, db := range sys.databases {
		errs = append(errs, db.Check())
	}
	for _, q := range sys.queues {
		errs = append(errs, q.Check())
	}
	return errors.Join(errs...)
}
