package sim

import "math/rand/v2"

// dataErrorRepeats draws whether a new parcel for case k, whose order's
// details are wrong and uncorrected, repeats the error: with its
// exception's DataErrorRepeat chance, from the parcel's stream r. A parcel
// that does not was got right this time, and the error is gone for the
// case's later parcels. The draw is made only when the chance is below 1, so that
// a scenario without it keeps the random numbers it always had.
func (st *seasonState) dataErrorRepeats(k *kase, r *rand.Rand) bool {
	p := st.spec.Exceptions[k.exception].DataErrorRepeat
	if p == 0 || p >= 1 || r.Float64() < p {
		return true
	}
	k.dataError = false
	return false
}
