// Package rds models the databases Lambda functions call: an RDS instance's
// connection slots (max_connections), its CPU (a first-come-first-served
// queue with one server per vCPU, or per share of Aurora Serverless v2's
// moving capacity), the server's idle timeout, RDS Proxy's
// connection pool with its borrow queue and pinning, and the client side of
// a function's [[function.call]]s, which drives all of these for each
// execution environment.
//
// The model and its simplifications are in docs/model.md ("Databases").
package rds
