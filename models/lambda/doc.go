// Package lambda owns AWS Lambda's execution model: the account's concurrency
// pools (reserved and unreserved), provisioned concurrency, the scaling-rate
// and requests-per-second limits, and each function's execution environments
// (initializing, busy, idle) with cold starts, keep-alive and reclaim.
//
// A caller (a client, an async queue, later an SQS poller) asks a Function to
// Invoke a request. Invoke answers at once whether the attempt was throttled;
// an admitted attempt ends later with a call to the caller's Complete.
//
// Semantics (sources in docs/model.md and docs/sources.md):
//   - One request per environment. An arriving request takes an idle
//     provisioned environment first, then the most recently freed idle
//     on-demand environment, and only then starts a new one (a cold start:
//     init time, then the handler).
//   - Concurrency counts environments serving a request, including their init.
//     Idle environments do not count. A function with reserved concurrency R
//     draws from a private pool of R; the others share the account's
//     unreserved pool (limit − Σ reserved). Provisioned concurrency is
//     claimed from its pool while configured; provisioned environments
//     serve at most 10 requests/s each, the rest spill over to on-demand.
//   - Provisioned concurrency may change during the run (ProvisionedScaling:
//     scheduled actions, target tracking of its utilization); an increase
//     serves only once allocated, after a preparation, at 6,000 a minute.
//   - New environments also need a scaling token: "2023" scaling gives each
//     function a bucket of 1,000 refilled at 100/s; "legacy" one account-wide
//     bucket of the region's burst (3,000/1,000/500) refilled at 500/min.
//   - Invocations are also limited to 10 × the concurrency quota per second
//     (account, and function for reserved concurrency).
//   - A handler running past the timeout is stopped at the timeout and its
//     environment is reset (an on-demand one is discarded; a provisioned one
//     re-initializes in the background).
//   - Handler times are stated at one memory size and architecture; at
//     another, their CPU-bound share scales with the CPU memory buys (one
//     vCPU per 1,769 MB) and with arm64_speed (Config.HandlerFactor).
package lambda
