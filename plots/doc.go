// Package plots owns stampede's pictures of a run. Its sub-package render
// turns a finalized result into text, Markdown, CSV and HdrHistogram files.
package plots
