package sim

import (
	"context"
	"math"
	"slices"
	"testing"
)

// directContacts runs a 48-hour hourly-rate stream served at once (more
// agents than it ever needs) and returns each contact as its arrival and
// its handle time, from the journal.
func directContacts(t *testing.T, rates []float64) map[[2]float64]bool {
	t.Helper()
	handle := mustDist(t)(NewLogNormal(0.1, 0.8))
	m := &Model{
		Name:     "hourly",
		Horizon:  float64(len(rates)),
		Teams:    []Team{{Name: "agents", Agents: 500}},
		Channels: []Channel{{Name: "enquiries", HourlyRate: rates, HandleTime: handle, QueueCapacity: Unlimited, ServiceTarget: 0.1}},
	}
	offered := map[int64]float64{}
	contacts := map[[2]float64]bool{}
	_, err := RunJournal(context.Background(), m, 3, 0, JournalFunc(func(e Entry) {
		switch e.Activity {
		case ContactOffered:
			offered[e.Contact] = e.T
		case ContactAnswered:
			if e.T != offered[e.Contact] {
				t.Fatalf("contact %d waited: the test needs every contact answered at once", e.Contact)
			}
		case ContactHandled:
			contacts[[2]float64{offered[e.Contact], e.T - offered[e.Contact]}] = true
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	return contacts
}

// TestHourlyStreamKeepsItsContacts raises an hourly-rate stream's rate, in
// one hour and then in every hour: every contact of the baseline arrives
// in the variant at the same moment with the same handle time, and an hour
// whose rate is unchanged has exactly the baseline's contacts. A stream of
// gaps would move every contact after the first changed hour.
func TestHourlyStreamKeepsItsContacts(t *testing.T) {
	base := slices.Repeat([]float64{30}, 48)
	oneHour := slices.Clone(base)
	oneHour[10] = 45
	everyHour := slices.Clone(base)
	for i := range everyHour {
		everyHour[i] *= 1.25
	}
	baseline := directContacts(t, base)
	if len(baseline) < 48*30*0.8 {
		t.Fatalf("%d contacts in 48 hours at 30 an hour", len(baseline))
	}
	for name, rates := range map[string][]float64{"hour 10 at 45": oneHour, "every hour ×1.25": everyHour} {
		variant := directContacts(t, rates)
		for c := range baseline {
			if !variant[c] {
				t.Fatalf("%s: the baseline's contact at %.6f h (handle %.6f h) is not in the variant", name, c[0], c[1])
			}
		}
		extra := 0
		for c := range variant {
			if !baseline[c] {
				extra++
				if name == "hour 10 at 45" && int(c[0]) != 10 {
					t.Fatalf("%s: a new contact at %.6f h, outside hour 10", name, c[0])
				}
			}
		}
		if extra == 0 {
			t.Errorf("%s: no contact more than the baseline", name)
		}
	}
}

// TestHourlyStreamIsPoisson checks the hour's draw: over many hours the
// count has the rate's mean and variance, and the moments within the hour
// are uniform, which with independent hours is a Poisson process of the
// hour's rate.
func TestHourlyStreamIsPoisson(t *testing.T) {
	s := &simulation{model: &Model{Horizon: 1e9}, channels: []channelState{{directKey: directKey(1, 0, "enquiries")}}}
	const hours, rate = 20000, 12.5
	var sum, sumSq float64
	var deciles [10]float64
	for h := range hours {
		s.cal = Calendar{}
		s.drawHour(0, h, rate)
		n := float64(len(s.channels[0].hour))
		sum += n
		sumSq += n * n
		for _, c := range s.channels[0].hour {
			deciles[int((c.at-float64(h))*10)]++
		}
		if !slices.IsSortedFunc(s.channels[0].hour, func(a, b directContact) int { return int(math.Copysign(1, a.at-b.at)) }) {
			t.Fatalf("hour %d: contacts not in the order of their moments", h)
		}
	}
	mean := sum / hours
	variance := sumSq/hours - mean*mean
	// The mean's sd is √(rate/hours) = 0.025; the variance's about
	// rate·√(2/hours) = 0.125.
	if math.Abs(mean-rate) > 5*math.Sqrt(rate/hours) || math.Abs(variance-rate) > 5*rate*math.Sqrt(2.0/hours) {
		t.Errorf("hourly count: mean %.4f, variance %.4f; want both %v", mean, variance, rate)
	}
	for i, c := range deciles {
		if want := sum / 10; math.Abs(c-want) > 5*math.Sqrt(want) {
			t.Errorf("tenth %d of the hour: %v contacts, want %.0f", i, c, want)
		}
	}
}
