package demo

import (
	"math"
	"testing"
)

func TestStudentT(t *testing.T) {
	r := stream(1, "t")
	const n = 400000
	var s1, s2, big float64
	for range n {
		x := studentT(r)
		s1 += x
		s2 += x * x
		if math.Abs(x) > 4 {
			big++
		}
	}
	mean, v := s1/n, s2/n
	// Unit variance, and far more 4σ events than a normal (6e-5): for the
	// scaled t(4), P(|T| > 4) = P(|t4| > 5.66) ≈ 0.0048.
	if math.Abs(mean) > 0.01 || math.Abs(v-1) > 0.05 || big/n < 0.003 || big/n > 0.007 {
		t.Errorf("mean %.4f var %.4f tail %.5f", mean, v, big/n)
	}
}

func TestStudentT6(t *testing.T) {
	r := stream(1, "t6")
	const n = 400000
	var s2 float64
	for range n {
		x := studentT6(r)
		s2 += x * x
	}
	if v := s2 / n; math.Abs(v-1) > 0.03 {
		t.Errorf("var %.4f", v)
	}
}

func TestHashStreams(t *testing.T) {
	if hash64(1, "ab", "c") == hash64(1, "a", "bc") || hash64(1, "a") == hash64(2, "a") {
		t.Error("hash collisions on trivially different inputs")
	}
	a, b := stream(7, "AAPL", "px"), stream(7, "AAPL", "px")
	for range 10 {
		if a.Uint64() != b.Uint64() {
			t.Fatal("streams are not reproducible")
		}
	}
}

func TestExpSmall(t *testing.T) {
	for x := -0.3; x <= 0.3; x += 0.01 {
		if d := math.Abs(expSmall(x)/math.Exp(x) - 1); d > 3e-5 {
			t.Errorf("expSmall(%v) off by %v", x, d)
		}
	}
}
