package arrivals

// STUB: replaced by the real implementation (helper task). Signatures are the contract.

import (
	"math/rand/v2"

	"github.com/stampede-sim/stampede/sim"
)

// Process generates successive arrival times.
type Process interface {
	// Next returns the next arrival time (non-decreasing), or sim.Forever
	// when the process has no more arrivals.
	Next() sim.Time
}

// Validate reports whether s is usable; the message says what is allowed.
func (s Spec) Validate() error { panic("stub") }

// New returns a process for s drawing from r, starting at time 0.
func (s Spec) New(r *rand.Rand) Process { panic("stub") }

// ExpectedCount is the expected number of arrivals in [from, to).
func (s Spec) ExpectedCount(from, to sim.Time) float64 { panic("stub") }

// String is s as a TOML inline table, e.g. { process = "poisson", rate = 200 }.
func (s Spec) String() string { panic("stub") }

// MarshalTOML lets BurntSushi/toml write s as an inline table.
func (s Spec) MarshalTOML() ([]byte, error) { return []byte(s.String()), nil }
