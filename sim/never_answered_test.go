package sim

import (
	"strings"
	"testing"
)

// unansweredWorld is smallSeason whose email box never answers a share of
// the messages it takes.
func unansweredWorld(t *testing.T, share float64) func(rep int) *RepResult {
	return func(rep int) *RepResult {
		m := smallSeason(t)
		m.Channels[1].NeverAnswered = share
		return runSeason(t, m, rep)
	}
}

// TestUnansweredMessagesMeanChasing is a direction test: when a share of
// the emails the box takes is never answered, their customers wait in vain
// and write again, so cases need more contacts and stay open longer, and
// fewer emails are answered within the target.
func TestUnansweredMessagesMeanChasing(t *testing.T) {
	answered := replications(6, unansweredWorld(t, 0))
	lost := replications(6, unansweredWorld(t, 0.3))
	expectRise(t, "30% of emails never answered minus none", answered, lost, map[string]func(*RepResult) float64{
		"contacts per case":             func(r *RepResult) float64 { return r.Season.Contacts.Mean() },
		"days open":                     daysOpen,
		"emails not answered in target": func(r *RepResult) float64 { return -ratio(r.Channels[1].AnsweredInTarget, r.Channels[1].Offered) },
	})
	if c := lost[0].Channels[1]; c.NeverAnswered == 0 || answered[0].Channels[1].NeverAnswered != 0 || c.Rejected != 0 {
		t.Errorf("emails never answered: %d (%d rejected); %d in a box that answers all", c.NeverAnswered, c.Rejected, answered[0].Channels[1].NeverAnswered)
	}
}

// TestFullBoxRejectsBeforeItLoses checks that only a message the box has
// room for is lost: a full voicemail box still turns callers away. A box
// for one message turns away about 20 a season (a box for two, none in one
// replication of four).
func TestFullBoxRejectsBeforeItLoses(t *testing.T) {
	m := smallSeason(t)
	m.Channels[1].QueueCapacity, m.Channels[1].NeverAnswered = 1, 0.5
	if c := runSeason(t, m, 0).Channels[1]; c.Rejected == 0 || c.NeverAnswered == 0 {
		t.Errorf("a small box that loses half its messages: %d rejected, %d never answered", c.Rejected, c.NeverAnswered)
	}
}

func TestOnlyDeferredChannelsLeaveContactsUnanswered(t *testing.T) {
	m := smallSeason(t)
	m.Channels[0].NeverAnswered = 0.2
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "only on a deferred channel") {
		t.Fatalf("got %v, want the phone refused", err)
	}
}
