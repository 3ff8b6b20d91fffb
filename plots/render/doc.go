// Package render turns a finalized models.Result into what people and
// scripts read: the text summary, summary.json, summary.md, timeseries.csv
// and latency.hgrm. It formats; it computes nothing that is not in the result.
package render
