// Package scenarios owns the scenario file: loading TOML, `--set` overrides,
// validation with precise errors (file:line:col, key path, value, what is
// allowed), the defaults (filled in one place), printing a resolved scenario
// back as TOML, and the library of built-in scenarios embedded in the binary.
package scenarios
