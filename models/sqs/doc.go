// Package sqs models an SQS standard queue and the Lambda event source
// mapping (ESM) that drains it: pollers that scale with the backlog, batches
// (size, window, payload cap), synchronous invocations, deletes on success,
// redelivery after the visibility timeout on failure or throttle, the
// dead-letter queue after max_receive_count receives, retention, and the
// SQS requests that are billed.
//
// The model and its simplifications are in docs/model.md ("SQS").
package sqs
