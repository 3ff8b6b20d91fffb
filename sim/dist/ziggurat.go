package dist

import (
	"math"
	"math/rand/v2"
)

// The ziggurat draws of math/rand/v2 made straight from a PCG (issue 12).
// rand.Rand reaches its source through an interface, a call per draw that
// profile-guided inlining turns into a test and a call it cannot inline
// further; a sampler that owns its PCG calls it directly instead. The
// draws are Rand's, value for value (TestZigguratSame), so a sampler may
// use either and gonum's distributions, which draw through a Rand, agree.

// zigRe and zigRn are the right edges of the exponential and the normal
// ziggurats' base layers (Marsaglia & Tsang, 2000; math/rand/v2's re, rn).
const (
	zigRe = 7.69711747013104972
	zigRn = 3.442619855899
)

// float64Of is rand.Rand.Float64 of p: a uniform in [0, 1) from 53 bits.
func float64Of(p *rand.PCG) float64 { return float64(p.Uint64()<<11>>11) / (1 << 53) }

// ExpFloat64 is rand.New(p).ExpFloat64(): an exponential of rate 1.
func ExpFloat64(p *rand.PCG) float64 {
	for {
		u := p.Uint64()
		j := uint32(u)
		i := uint8(u >> 32)
		x := float64(j) * float64(we[i])
		if j < ke[i] {
			return x
		}
		if i == 0 {
			return zigRe - math.Log(float64Of(p))
		}
		if fe[i]+float32(float64Of(p))*(fe[i-1]-fe[i]) < float32(math.Exp(-x)) {
			return x
		}
	}
}

// NormFloat64 is rand.New(p).NormFloat64(): a standard normal.
func NormFloat64(p *rand.PCG) float64 {
	for {
		u := p.Uint64()
		j := int32(u) // possibly negative
		i := u >> 32 & 0x7F
		x := float64(j) * float64(wn[i])
		if absInt32(j) < kn[i] {
			return x // better than 99% of the time
		}
		if i == 0 {
			// The base strip's tail.
			for {
				x = -math.Log(float64Of(p)) * (1.0 / zigRn)
				y := -math.Log(float64Of(p))
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return zigRn + x
			}
			return -zigRn - x
		}
		if fn[i]+float32(float64Of(p))*(fn[i-1]-fn[i]) < float32(math.Exp(-.5*x*x)) {
			return x
		}
	}
}

func absInt32(i int32) uint32 {
	if i < 0 {
		return uint32(-i)
	}
	return uint32(i)
}
