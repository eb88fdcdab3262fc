package sim

import "testing"

// formWorld is smallSeason whose lost parcels need a declaration by post
// (two days each way, 10% lost each way), changed by change.
func formWorld(t *testing.T, change func(st *Step)) func(rep int) *RepResult {
	return func(rep int) *RepResult {
		w := declaration(t, 48, 0.1)
		change(&w[1])
		return runSeason(t, withWorkflow(t, w), rep)
	}
}

func daysOpen(r *RepResult) float64 { return r.Season.DaysOpen.Mean() }

// TestFormsToTheRecipientSpoilSurprises is a direction test: a form sent
// to the order's recipient spoils the surprise of the gifts (the customers
// with a deadline), and one sent to the customer spoils none.
func TestFormsToTheRecipientSpoilSurprises(t *testing.T) {
	toCustomer := replications(6, formWorld(t, func(*Step) {}))
	toRecipient := replications(6, formWorld(t, func(st *Step) { st.ToRecipient = true }))
	spoiled := func(r *RepResult) float64 { return float64(r.Season.SpoiledSurprises) }
	if d := pairedFigure(toCustomer, toRecipient, spoiled); !(d.Lo95 > 0) || spoiled(toCustomer[0]) != 0 {
		t.Errorf("spoiled surprises: %v with forms to the customer; to the recipient adds %.1f [%.1f, %.1f]", spoiled(toCustomer[0]), d.Mean, d.Lo95, d.Hi95)
	}
	for _, r := range toRecipient {
		if s := r.Season; s.SpoiledSurprises > s.WithDeadline {
			t.Errorf("%d surprises spoiled, but only %d cases of customers with a deadline", s.SpoiledSurprises, s.WithDeadline)
		}
	}
	noGifts := func(rep int) *RepResult {
		w := declaration(t, 48, 0.1)
		w[1].ToRecipient = true
		m := withWorkflow(t, w)
		m.Season.Customer.DeadlineShare = 0
		return runSeason(t, m, rep)
	}
	if n := noGifts(0).Season.SpoiledSurprises; n != 0 {
		t.Errorf("%d surprises spoiled without a gift among the orders", n)
	}
}

// TestFormsLostOnReceiptAreRedone is a direction test: a company that
// loses forms that came back asks for them again, which costs the customer
// an action and the case days.
func TestFormsLostOnReceiptAreRedone(t *testing.T) {
	kept := replications(6, formWorld(t, func(*Step) {}))
	mislaid := replications(6, formWorld(t, func(st *Step) { st.LostOnReceipt = 0.3 }))
	for _, f := range []struct {
		name   string
		figure func(*RepResult) float64
	}{
		{"forms resent", func(r *RepResult) float64 { return float64(r.Season.FormsResent) }},
		{"forms lost", func(r *RepResult) float64 { return float64(r.Season.FormsLost) }},
		{"actions per case", func(r *RepResult) float64 { return r.Season.Actions.Mean() }},
		{"days open", daysOpen},
	} {
		if d := pairedFigure(kept, mislaid, f.figure); !(d.Lo95 > 0) {
			t.Errorf("%s, forms lost on receipt minus none: %.3g [%.3g, %.3g]", f.name, d.Mean, d.Lo95, d.Hi95)
		}
	}
	if s := mislaid[0].Season; s.FormsLostOnReceipt == 0 || s.FormsLostOnReceipt > s.FormsLost || kept[0].Season.FormsLostOnReceipt != 0 {
		t.Errorf("forms lost on receipt: %d of %d lost; %d without the company losing any", s.FormsLostOnReceipt, s.FormsLost, kept[0].Season.FormsLostOnReceipt)
	}
}

// TestAskingForEmailCutsDays is a direction test: customers who ask for
// the declaration by email instead of post get it, and send it back, in
// minutes rather than days, and lose fewer.
func TestAskingForEmailCutsDays(t *testing.T) {
	post := replications(6, formWorld(t, func(*Step) {}))
	email := replications(6, formWorld(t, func(st *Step) {
		st.Switch = AskSwitch{Share: 0.5, Transit: mustDist(t)(NewDeterministic(0.05))}
	}))
	if d := pairedFigure(post, email, daysOpen); !(d.Hi95 < 0) {
		t.Errorf("days open, half asking for email minus post only: %.3g [%.3g, %.3g]", d.Mean, d.Lo95, d.Hi95)
	}
	lost := func(r *RepResult) float64 { return float64(r.Season.FormsLost) }
	if d := pairedFigure(post, email, lost); !(d.Hi95 < 0) {
		t.Errorf("forms lost, half asking for email minus post only: %.3g [%.3g, %.3g]", d.Mean, d.Lo95, d.Hi95)
	}
	if s := email[0].Season; !(s.FormsSwitched > 0 && s.FormsSwitched < s.CasesOpened) || post[0].Season.FormsSwitched != 0 {
		t.Errorf("%d of %d cases asked for email; %d with nobody asking", s.FormsSwitched, s.CasesOpened, post[0].Season.FormsSwitched)
	}
}
