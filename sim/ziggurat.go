package sim

import (
	"math"
	"math/rand/v2"
)

// Exponential and normal variates by Marsaglia and Tsang's ziggurat ("The
// Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8),
// 2000), made to take exactly one 64-bit word of their stream, as every
// Sample does (see Dist.Sample). math/rand's ExpFloat64 and NormFloat64 use
// the same method but read another word in about one draw in a hundred, so
// that a variant whose draw took the other branch would read every later
// number of its stream one place off; inversion takes one word but costs
// two to three times as much (a logarithm or an inverse error function per
// draw).
//
// A word is split into disjoint bits: the layer (the low 8 bits, 7 for the
// normal), the normal's sign (bit 7) and a 53-bit position within the layer
// (the top 53 bits). About 99% of draws end there. The rest (the wedge
// between a layer's rectangle and the curve, and the tail) draw their
// uniforms and any new candidate from a generator seeded by the word, so
// the stream still advances by one.

const (
	zigExpLayers  = 256
	zigExpR       = 7.69711747013104972 // right edge of the base layer
	zigExpArea    = 3.949659822581572e-3
	zigNormLayers = 128
	zigNormR      = 3.442619855899
	zigNormArea   = 9.91256303526217e-3
	zigScale      = 1 << 53 // positions are 53-bit integers
)

// zigTable is one ziggurat: a position j in layer i below k[i] lies inside
// the curve at once, and stands for the value j·w[i]; f[i] is the density
// at layer i's right edge.
type zigTable struct {
	k    []uint64
	w, f []float64
}

var zigExp, zigNorm = newZigTable(zigExpLayers, zigExpR, zigExpArea, expDensity, expDensityInverse),
	newZigTable(zigNormLayers, zigNormR, zigNormArea, normDensity, normDensityInverse)

// expDensity and normDensity are the unnormalised densities e^-x and
// e^(-x²/2) on x ≥ 0; the inverses give the x of a density value.
func expDensity(x float64) float64         { return math.Exp(-x) }
func expDensityInverse(y float64) float64  { return -math.Log(y) }
func normDensity(x float64) float64        { return math.Exp(-0.5 * x * x) }
func normDensityInverse(y float64) float64 { return math.Sqrt(-2 * math.Log(y)) }

// newZigTable builds n layers of equal area v under density f, the base
// layer reaching to r and holding the tail beyond it, as in Marsaglia and
// Tsang's zigset.
func newZigTable(n int, r, v float64, f, fInverse func(float64) float64) zigTable {
	t := zigTable{k: make([]uint64, n), w: make([]float64, n), f: make([]float64, n)}
	q := v / f(r) // the base layer's width, had its tail been a rectangle
	t.k[0] = uint64(r / q * zigScale)
	t.w[0] = q / zigScale
	t.w[n-1] = r / zigScale
	t.f[0], t.f[n-1] = 1, f(r)
	edge := r
	for i := n - 2; i >= 1; i-- {
		inner := fInverse(v/edge + f(edge))
		t.k[i+1] = uint64(inner / edge * zigScale)
		edge = inner
		t.f[i] = f(edge)
		t.w[i] = edge / zigScale
	}
	return t
}

// unitExponential is an exponential variate of mean 1 from the word w.
func unitExponential(w uint64) float64 {
	i, j := w&(zigExpLayers-1), w>>11
	if j < zigExp.k[i] {
		return float64(j) * zigExp.w[i]
	}
	x, _ := zigExp.slow(w, expDensity, expTail)
	return x
}

// expTail draws beyond the base layer's edge: the edge plus an exponential
// again.
func expTail(rest rand.PCG) float64 { return zigExpR - math.Log(1-uniformOf(rest.Uint64())) }

// standardNormal is a normal variate of mean 0 and sd 1 from the word w.
func standardNormal(w uint64) float64 {
	i, j := w&(zigNormLayers-1), w>>11
	if j < zigNorm.k[i] {
		return withSign(w, float64(j)*zigNorm.w[i])
	}
	x, last := zigNorm.slow(w, normDensity, normTail)
	return withSign(last, x)
}

// normTail draws beyond the base layer's edge by Marsaglia's tail method
// (1964).
func normTail(rest rand.PCG) float64 {
	for {
		x := -math.Log(1-uniformOf(rest.Uint64())) / zigNormR
		y := -math.Log(1 - uniformOf(rest.Uint64()))
		if y+y >= x*x {
			return zigNormR + x
		}
	}
}

// slow finishes a draw from the word w whose position fell outside its
// layer's rectangle: the wedge under the density, the tail beyond the base
// layer, or new candidates, all from the word's generator. It returns the
// value's size and the word of the candidate that gave it (the normal's
// sign). The tail takes the generator by value: through a function value,
// a pointer to it would escape to the heap, an allocation per tail draw.
func (t *zigTable) slow(w uint64, density func(float64) float64, tail func(rest rand.PCG) float64) (float64, uint64) {
	rest := wordStream(w, forZiggurat)
	layers := uint64(len(t.k) - 1)
	i, j := w&layers, w>>11
	for {
		if i == 0 {
			return tail(rest), w
		}
		x := float64(j) * t.w[i]
		if t.f[i]+uniformOf(rest.Uint64())*(t.f[i-1]-t.f[i]) < density(x) {
			return x, w
		}
		w = rest.Uint64()
		i, j = w&layers, w>>11
		if j < t.k[i] {
			return float64(j) * t.w[i], w
		}
	}
}

func withSign(w uint64, x float64) float64 {
	if w&(1<<7) != 0 {
		return -x
	}
	return x
}

// wordStream is the generator a draw's further numbers come from, seeded
// by its word and what they are for: a ziggurat's wedges and tail, or
// gamma's acceptance test, so that the two never share a number.
func wordStream(w, salt uint64) rand.PCG {
	var rest rand.PCG
	reseed(&rest, w^salt)
	return rest
}

// The salts of wordStream.
const (
	forZiggurat uint64 = 0
	forGamma    uint64 = 0x6a09e667f3bcc908
)

// uniformOf is the uniform in [0, 1) that rand.Float64 makes of a word.
func uniformOf(w uint64) float64 { return float64(w<<11>>11) / (1 << 53) }
