package main

import (
	"bytes"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stampede-sim/stampede"
)

// The decision before a run: the estimate is printed for a large run only,
// and --progress auto becomes always for it; never stays never.
func TestAnnounce(t *testing.T) {
	small := stampede.Work{Requests: 1e6, Events: 2e6, Runs: 1}
	manyRequests := stampede.Work{Requests: 60e6, Events: 1e6, Runs: 1} // past 50M requests
	slow := stampede.Work{Requests: 10e6, Events: 200e6, Runs: 1}       // past 30 s at 4M events/s
	tests := []struct {
		name, mode string
		work       stampede.Work
		want       string // the mode to use
		printed    bool   // the estimate went to stderr
	}{
		// A small run: nothing printed, auto stays auto (terminal only).
		{"small auto", "auto", small, "auto", false},
		// A small run with always: unchanged.
		{"small always", "always", small, "always", false},
		// Past the request threshold: printed, progress forced.
		{"many requests", "auto", manyRequests, "always", true},
		// Past the time threshold with fewer requests: printed, progress forced.
		{"slow", "auto", slow, "always", true},
		// never wins over the size, but the estimate is still printed.
		{"never", "never", manyRequests, "never", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if got := announce(tc.mode, tc.work, &b); got != tc.want {
				t.Errorf("mode %q, want %q", got, tc.want)
			}
			if printed := strings.Contains(b.String(), "requests"); printed != tc.printed {
				t.Errorf("printed %v, want %v: %q", printed, tc.printed, b.String())
			}
		})
	}
}

// syncBuffer is a bytes.Buffer that a test may read while the run writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A run of 10^10 requests says so before it starts and shows its progress
// on a stderr that is not a terminal; interrupted as soon as it has spoken,
// it exits 130 with its partial result.
func TestLargeRunAnnounced(t *testing.T) {
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- run([]string{"run", "steady-api", "--duration", "300h", "--set", "workload.requests.arrivals.rate=10000"}, &stdout, &stderr)
	}()
	// The estimate is printed after the signal handler is installed, so
	// the interrupt cannot kill the test.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stderr.String(), "large run: about 11 billion requests") {
		if time.Now().After(deadline) {
			t.Fatalf("no estimate on stderr: %q", stderr.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
	syscall.Kill(syscall.Getpid(), syscall.SIGINT)
	select {
	case code := <-done:
		if code != exitInterrupted {
			t.Errorf("exit %d, want %d; stderr %q", code, exitInterrupted, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not stop")
	}
	if !strings.Contains(stdout.String(), "requests") {
		t.Errorf("no partial result on stdout: %q", stdout.String())
	}
}

// The progress line's time left.
func TestETA(t *testing.T) {
	eta := newETA()
	time.Sleep(2 * time.Millisecond)
	tests := []struct {
		name string
		done float64
		want string // a substring; "" for nothing said
	}{
		// Nothing done: nothing to go by.
		{"start", 0, ""},
		// Half done: as long again as so far.
		{"half", 0.5, " left"},
		// Done: nothing left to say.
		{"end", 1, ""},
	}
	for _, tc := range tests {
		got := eta(tc.done)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
