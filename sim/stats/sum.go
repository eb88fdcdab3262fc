package stats

// Sum adds xs in order: the order is part of the result's bits, which the
// byte-identical results depend on.
func Sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
