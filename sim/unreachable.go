package sim

import "fmt"

// leftSomewhere is the late delivery attempt, at now, of case id's parcel
// by a driver who changed plans and could reach neither the customer nor
// the company (Exception.Unreachable): the parcel is left somewhere and
// the tracking says delivered. The case becomes one of the exception's
// UnreachableAs, set up like a new problem of a parcel due now: the
// customer, who may already be chasing the late parcel, notices that it
// never came, and the company has a new problem to work on.
func (st *seasonState) leftSomewhere(s *simulation, id int32, now float64) {
	k := &st.cases[id]
	st.res.Unreachable++
	k.unreachable, k.detectSeq = false, 0
	k.exception = int16(st.spec.Exceptions[k.exception].UnreachableAs)
	st.problemDue(s, id, now, st.next(k, forParcel))
}

// unreachableProblems checks exception e's Unreachable share and the
// exception its parcels become.
func (s *Season) unreachableProblems(e *Exception) []error {
	if e.Unreachable == 0 {
		return nil
	}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("season: exception %s: "+format, append([]any{e.Name}, args...)...))
	}
	if !(e.Unreachable > 0 && e.Unreachable <= 1) {
		bad("the share of parcels whose driver cannot reach the customer must be in [0, 1], got %v", e.Unreachable)
	}
	if e.Kind != Late || e.ResolveTeam >= 0 || len(e.Workflow) > 0 {
		bad("drivers who cannot reach the customer need a late exception the company does not work on (no resolve team or workflow)")
	}
	if i := e.UnreachableAs; i < 0 || i >= len(s.Exceptions) || (s.Exceptions[i].Kind != Lost && s.Exceptions[i].Kind != Misdelivered) {
		bad("the parcels the driver left somewhere need a lost or misdelivered exception to become, got index %d", i)
	}
	return errs
}
