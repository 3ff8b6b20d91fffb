// Package plots owns stampede's pictures of a run: time series of requests,
// concurrency, database connections and queues, the latency distribution,
// and the bill, drawn with gonum/plot. Every plot takes one or more labelled
// runs, so that `compare` can overlay them; a plot with nothing to show is
// nil. Sub-package render turns a result into text, Markdown, CSV and
// HdrHistogram files; sub-package report writes every artefact of a run.
package plots
