package main

import (
	"fmt"
	"io"
	"time"

	"github.com/stampede-sim/stampede"
)

// announce is what a run, sweep or comparison does about its size before it
// starts (issue 11). A large one (stampede.Work.Large: past 50 million
// requests or 30 s of CPU) gets its estimate printed to stderr, whatever
// --progress, and --progress auto turns into always, so that its progress
// shows on any stderr, terminal or not; never stays never. It returns the
// --progress mode to use.
func announce(mode string, w stampede.Work, stderr io.Writer) string {
	if !w.Large() {
		return mode
	}
	fmt.Fprintf(stderr, "large run: %v; interrupt (Ctrl-C) to stop it with what was simulated\n", w)
	if mode == "auto" {
		return "always"
	}
	return mode
}

// newETA returns what the progress line says about the time spent and
// left, from the wall time since newETA and the fraction done: " · 3m10s
// elapsed · 52m left", or "" before there is anything to go by.
func newETA() func(done float64) string {
	start := time.Now()
	return func(done float64) string {
		if done <= 0 || done >= 1 {
			return ""
		}
		spent := time.Since(start)
		left := time.Duration(float64(spent) * (1 - done) / done)
		return " · " + spent.Round(100*time.Millisecond).String() + " elapsed · " + left.Round(time.Second).String() + " left"
	}
}
