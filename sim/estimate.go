package sim

import "math"

// Events per contact (arrival, departure, a patience or callback timer) and
// per case (notice, chases, retries, its work, a delivery), as measured on
// the built-in scenarios: EstimateEvents is within a factor of three of
// what they process (from 0.65 to 2.8 times), enough to refuse a run that
// would take hours.
const (
	eventsPerContact = 3
	eventsPerCase    = 8
)

// EstimateEvents returns roughly how many events one replication of m
// processes: its direct contacts, and for a season its parcels that go
// wrong, each with its contacts and work, plus the hourly bookkeeping. It
// reads the model only: nothing is simulated.
func (m *Model) EstimateEvents() float64 {
	hours := float64(m.hours())
	events := hours * float64(1+len(m.Channels))
	for _, c := range m.Channels {
		switch {
		case c.HourlyRate != nil:
			events += eventsPerContact * sum(c.HourlyRate)
		case c.Interarrival.Kind != NoDist && c.Interarrival.Mean() > 0:
			events += eventsPerContact * m.Horizon / c.Interarrival.Mean()
		}
	}
	if s := m.Season; s != nil {
		p := 0.0
		for _, e := range s.Exceptions {
			p += e.Probability
		}
		events += eventsPerCase * sum(s.OrdersPerHour) * math.Min(p, 1)
	}
	return events
}
