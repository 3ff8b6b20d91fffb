package dist

// STUB: replaced by the real implementation (helper task). Signatures are the contract.

import "github.com/stampede-sim/stampede/sim"

// Validate reports whether the parameters of s are usable; the message says
// what is allowed (the caller prefixes the key path).
func (s Spec) Validate() error { panic("stub") }

// New returns a sampler of s drawing from src.
func (s Spec) New(src Src) Sampler { panic("stub") }

// MeanSeconds is the closed-form mean of s in seconds.
func (s Spec) MeanSeconds() float64 { panic("stub") }

// Quantile is the closed-form p-quantile (0<p<1) of s, when one exists.
func (s Spec) Quantile(p float64) (sim.Time, bool) { panic("stub") }

// String is s as a TOML inline table, e.g. { dist = "lognormal", median = "80ms", p99 = "400ms" }.
func (s Spec) String() string { panic("stub") }

// MarshalTOML lets BurntSushi/toml write s as an inline table.
func (s Spec) MarshalTOML() ([]byte, error) { return []byte(s.String()), nil }

// LoadEmpiricalFile reads samples in milliseconds, one per line or CSV first column.
func LoadEmpiricalFile(path string) ([]sim.Time, error) { panic("stub") }
