// Package sqs models an SQS standard queue and the Lambda event source
// mapping (ESM) that drains it: pollers that scale with the backlog and back
// when traffic is low, or provisioned mode's dedicated pollers, batches
// (size, window, payload cap), synchronous invocations, deletes on success,
// redelivery after the visibility timeout on failure, retries of a throttled
// batch within its visibility timeout, the dead-letter queue after
// max_receive_count receives, retention, and the SQS requests that are
// billed.
//
// The model and its simplifications are in docs/model.md ("SQS").
package sqs
