package dist

import (
	"math/rand/v2"
	"testing"
)

// ExpFloat64 and NormFloat64 draw what rand.Rand's methods draw from the
// same generator, value for value, over enough draws to take the
// ziggurat's rare paths (its base strip and wedges, about 1% of draws)
// thousands of times; a Go release that changed Rand's would fail here.
func TestZigguratSame(t *testing.T) {
	cases := []struct {
		name  string
		ours  func(*rand.PCG) float64
		rands func(*rand.Rand) float64
		tail  func(float64) bool // a draw from the base strip's tail
	}{
		// The exponential's tail lies beyond its base strip's edge re.
		{"exponential", ExpFloat64, (*rand.Rand).ExpFloat64, func(x float64) bool { return x > zigRe }},
		// The normal's, beyond ±rn.
		{"normal", NormFloat64, (*rand.Rand).NormFloat64, func(x float64) bool { return x > zigRn || x < -zigRn }},
	}
	n := 1_000_000
	if testing.Short() {
		n = 200_000
	}
	for _, tc := range cases {
		ours, theirs := rand.NewPCG(11, 12), rand.NewPCG(11, 12)
		r := rand.New(theirs)
		tails := 0
		for i := range n {
			got, want := tc.ours(ours), tc.rands(r)
			if got != want {
				t.Fatalf("%s: draw %d is %v, Rand's %v", tc.name, i, got, want)
			}
			if tc.tail(got) {
				tails++
			}
		}
		// About 450 (exponential) and 580 (normal) a million.
		if want := n / 20_000; tails < want {
			t.Errorf("%s: %d draws from the tail in %d, want at least %d", tc.name, tails, n, want)
		}
		if ours.Uint64() != theirs.Uint64() {
			t.Errorf("%s: the generators ended apart (a draw took a different count of numbers)", tc.name)
		}
	}
}
