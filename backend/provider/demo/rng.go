package demo

import (
	"math"
	"math/rand/v2"
)

// Every random stream is derived from (seed, name, salt) by hashing, so a
// series depends only on the seed, its symbol and its dates — never on the
// order in which goroutines run.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hash64 is FNV-1a over the seed's bytes and the parts (each followed by a
// zero byte), finished with a splitmix64 step for better avalanche.
func hash64(seed uint64, parts ...string) uint64 {
	h := uint64(fnvOffset)
	for i := range 8 {
		h ^= (seed >> (8 * i)) & 0xff
		h *= fnvPrime
	}
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= fnvPrime
		}
		h *= fnvPrime // separator: ("ab","c") ≠ ("a","bc")
	}
	return splitmix(h)
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// stream returns an independent PCG generator for (seed, parts…).
func stream(seed uint64, parts ...string) *rand.Rand {
	h := hash64(seed, parts...)
	return rand.New(rand.NewPCG(h, splitmix(h^0xda942042e4dd58b5)))
}

// unit maps a hash to [0, 1).
func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// between returns a uniform draw in [lo, hi).
func between(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// logUniform returns a draw whose logarithm is uniform in [log lo, log hi).
func logUniform(r *rand.Rand, lo, hi float64) float64 {
	return lo * math.Exp(math.Log(hi/lo)*r.Float64())
}

// studentT returns a Student-t draw with 4 degrees of freedom scaled to unit
// variance: fat tails with a finite variance. Bailey's polar method
// (T = U·sqrt(ν(W^(−2/ν) − 1)/W)) needs no logarithm.
func studentT(r *rand.Rand) float64 {
	for {
		u := 2*r.Float64() - 1
		v := 2*r.Float64() - 1
		w := u*u + v*v
		if w > 1 || w == 0 {
			continue
		}
		return u * math.Sqrt(4*(1/math.Sqrt(w)-1)/w) * (1 / math.Sqrt2)
	}
}

// studentT6 is a unit-variance Student-t draw with 6 degrees of freedom
// (kurtosis 6): the milder fat tails of diversified factors.
func studentT6(r *rand.Rand) float64 {
	for {
		u := 2*r.Float64() - 1
		v := 2*r.Float64() - 1
		w := u*u + v*v
		if w > 1 || w == 0 {
			continue
		}
		return u * math.Sqrt(6*(1/math.Cbrt(w)-1)/w) * math.Sqrt(2.0/3)
	}
}

func clamp(x, lo, hi float64) float64 { return max(lo, min(hi, x)) }

// expSmall approximates e^x for the small exponents of gaps, wicks and
// volume noise (4th-order Taylor: relative error below 3e-5 for |x| ≤ 0.3),
// about five times cheaper than math.Exp. Price paths use math.Exp.
func expSmall(x float64) float64 {
	return 1 + x*(1+x/2*(1+x/3*(1+x/4)))
}
