package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/stampede-sim/stampede"
)

// parseFlags parses a subcommand's flags. It reports false with a nil error
// when the user asked for --help (the usage is printed), and a bad-input
// error naming the subcommand otherwise.
func parseFlags(fs *pflag.FlagSet, cmd string, args []string) (bool, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return false, nil
		}
		return false, badInput("%s: %v", cmd, err)
	}
	return true, nil
}

// check checks the flags shared by run, sweep and compare before anything
// runs: --format, --replications, --workers, --buckets, --progress and that
// --out can be written. fs tells an explicit --replications 0 from none.
func (f *runFlags) check(cmd string, fs *pflag.FlagSet) error {
	if err := checkFormat(cmd, f.format); err != nil {
		return err
	}
	switch {
	case fs.Changed("replications") && f.replications < 1:
		return badInput("%s: --replications %d: allowed: 1 or more", cmd, f.replications)
	case f.workers < 0:
		return badInput("%s: --workers %d: allowed: 0 (one per CPU) or more", cmd, f.workers)
	case f.buckets < 0 || f.buckets > stampede.MaxBuckets:
		return badInput("%s: --buckets %d: allowed: 0 (the default, 600) to %d", cmd, f.buckets, stampede.MaxBuckets)
	case f.progress != "auto" && f.progress != "always" && f.progress != "never":
		return badInput("%s: --progress %q: allowed: auto, always, never", cmd, f.progress)
	}
	return checkOut(cmd, f.out)
}

// checkOut checks before a run that --out DIR can be written (see
// stampede.CheckOutDir).
func checkOut(cmd, dir string) error {
	if dir == "" {
		return nil
	}
	if err := stampede.CheckOutDir(dir); err != nil {
		return badInput("%s: --out %q: %v", cmd, dir, err)
	}
	return nil
}

// checkFormat checks --format.
func checkFormat(cmd, format string) error {
	if format != "text" && format != "json" && format != "markdown" {
		return badInput("%s: --format %q: allowed: text, json, markdown", cmd, format)
	}
	return nil
}

// interruptible is the context of a simulation: SIGINT or SIGTERM cancels
// it, and the library stops within a second with what it simulated.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// interrupted sorts a library call's error: nil and false when it
// succeeded, true when ctx was cancelled (the result is partial and still
// worth writing), or an internal error.
func interrupted(ctx context.Context, err error) (bool, error) {
	switch {
	case err == nil:
		return false, nil
	case ctx.Err() != nil:
		return true, nil
	}
	return false, &exitError{code: exitInternal, err: err}
}

// errInterrupted is the exit of a run stopped by a signal, after its
// partial result was written.
func errInterrupted(what string) error {
	return &exitError{code: exitInterrupted, err: errors.New("interrupted: " + what + " (partial)")}
}
