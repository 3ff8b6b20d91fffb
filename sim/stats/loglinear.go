package stats

import "math/bits"

// loglinear locates v among log-linear bins of 2^(sub−1) to an octave,
// found with bit operations: values below 2^sub exactly, in chunks 0 and 1
// of 2^(sub−1) bins; chunk c ≥ 2 is the octave [2^(sub−2+c), 2^(sub−1+c)) in
// bins of 2^(c−1). A bin spans at most 1/2^(sub−1) of its values. It returns
// the chunk c and the index i in it. Histogram and LogHistogram both bin
// this way, at their own resolutions and units.
func loglinear(v uint64, sub int) (c, i int) {
	half := 1 << (sub - 1)
	if v < 1<<sub {
		return int(v >> (sub - 1)), int(v) & (half - 1)
	}
	e := bits.Len64(v) - sub
	return e + 1, int(v>>e) - half
}

// loglinearMid is the midpoint of loglinear's bin (c, i).
func loglinearMid(c, i, sub int) float64 {
	half := 1 << (sub - 1)
	if c < 2 {
		return float64(c*half + i)
	}
	e := c - 1
	lo := uint64(i+half) << e
	return float64(lo) + float64(uint64(1)<<e-1)/2
}
