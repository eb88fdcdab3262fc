package fit

import (
	"math"
	"slices"
	"sort"
	"time"
)

// Rate is a Poisson rate: Count contacts over Exposure (days or hours),
// with its exact 95% interval.
type Rate struct {
	Count    int
	Exposure float64
	Interval
}

// Handle is a channel's handle-time fit: every family tried, the best
// (lowest AIC) first, in hours; Dropped counts answered contacts without a
// positive handle time (no end, or an end at the answer), left out.
type Handle struct {
	N       int
	Dropped int
	Fits    []DistFit
}

// Patience is a channel's exponential patience: Abandons customers gave
// up over Exposure hours of waiting by everyone who waited (an answered
// contact is right-censored at its wait: it shows only that its customer's
// patience was longer). The maximum-likelihood mean is Exposure/Abandons,
// in hours.
type Patience struct {
	Abandons int
	Exposure float64
	Mean     Interval
}

// Retry is how often an abandoned contact was followed, within Window, by
// another contact of the same customer: the share of abandoned contacts
// with a known customer that were retried, the share of those retries on
// another channel, and the mean time to the retry in hours (exponential).
type Retry struct {
	Abandoned   int // abandoned contacts whose customer is known
	Retried     int
	Probability Interval
	Switch      Interval
	Delay       Interval
}

// Channel is what Estimate found for one channel.
type Channel struct {
	Name                string
	Contacts            int
	Answered, Abandoned int
	PerDay              Rate     // contacts a day over the log's days
	Weekday             [7]Rate  // contacts a day on each weekday, Monday first
	Hour                [24]Rate // contacts an hour at each hour of the day, over all days
	WeekdayHour         [7][24]Rate
	Handle              Handle
	Patience            *Patience // nil when no contact waited
	Retry               *Retry    // nil without customers
}

// Result is the fit of a whole log.
type Result struct {
	File        string
	First, Last time.Time // the first and last day of the log
	Days        int
	Skipped     int
	Window      time.Duration // the retry window
	Channels    []Channel
	// Retry is over all channels: customers.retry of a scenario is one
	// for every channel. Nil without customers.
	Retry *Retry
}

// Estimate fits every channel of log; a contact by the same customer
// within window after an abandoned one is its retry.
func Estimate(log *Log, window time.Duration) *Result {
	res := &Result{File: log.File, Skipped: log.Skipped, Window: window}
	byChannel := map[string][]*Contact{}
	var names []string
	for i := range log.Contacts {
		c := &log.Contacts[i]
		day := dateOf(c.Arrival)
		if res.First.IsZero() || day.Before(res.First) {
			res.First = day
		}
		if day.After(res.Last) {
			res.Last = day
		}
		if _, ok := byChannel[c.Channel]; !ok {
			names = append(names, c.Channel)
		}
		byChannel[c.Channel] = append(byChannel[c.Channel], c)
	}
	// Every day of the span counts, a day without contacts too: a
	// weekday's rate is over the days it occurred.
	var weekdayDays [7]int
	for d := res.First; !d.After(res.Last); d = d.AddDate(0, 0, 1) {
		weekdayDays[weekday(d)]++
		res.Days++
	}
	retries := linkRetries(log.Contacts, window)
	for _, name := range names {
		res.Channels = append(res.Channels, estimateChannel(name, byChannel[name], res.Days, weekdayDays, retries))
	}
	res.Retry = retryOf(log.Contacts, func(*Contact) bool { return true }, retries)
	return res
}

func estimateChannel(name string, cs []*Contact, days int, weekdayDays [7]int, retries map[*Contact]*Contact) Channel {
	ch := Channel{Name: name, Contacts: len(cs)}
	var wd [7]int
	var hr [24]int
	var wh [7][24]int
	var handle []float64
	var exposure float64
	waited := false
	for _, c := range cs {
		w, h := weekday(c.Arrival), c.Arrival.Hour()
		wd[w]++
		hr[h]++
		wh[w][h]++
		exposure += c.Wait()
		if c.Wait() > 0 || !c.Answered {
			waited = true
		}
		if c.Answered {
			ch.Answered++
			if d := c.End.Sub(c.Answer).Hours(); !c.End.IsZero() && d > 0 {
				handle = append(handle, d)
			} else {
				ch.Handle.Dropped++
			}
		} else {
			ch.Abandoned++
		}
	}
	ch.PerDay = rate(len(cs), float64(days))
	for w := range 7 {
		if weekdayDays[w] > 0 {
			ch.Weekday[w] = rate(wd[w], float64(weekdayDays[w]))
		} else {
			ch.Weekday[w] = Rate{Interval: Interval{math.NaN(), math.NaN(), math.NaN()}}
		}
		for h := range 24 {
			if weekdayDays[w] > 0 {
				ch.WeekdayHour[w][h] = rate(wh[w][h], float64(weekdayDays[w]))
			} else {
				ch.WeekdayHour[w][h] = Rate{Interval: Interval{math.NaN(), math.NaN(), math.NaN()}}
			}
		}
	}
	for h := range 24 {
		ch.Hour[h] = rate(hr[h], float64(days))
	}
	ch.Handle.N = len(handle)
	if len(handle) >= 2 && slices.Min(handle) < slices.Max(handle) {
		ch.Handle.Fits = FitDist(handle)
	}
	if waited {
		p := &Patience{Abandons: ch.Abandoned, Exposure: exposure}
		// The rate abandons/exposure is a Poisson count over the exposure;
		// the mean patience is its inverse.
		r := poisson(ch.Abandoned, exposure)
		p.Mean = Interval{1 / r.Est, 1 / r.Hi, 1 / r.Lo}
		ch.Patience = p
	}
	ch.Retry = retryOfList(cs, retries)
	return ch
}

func rate(n int, exposure float64) Rate {
	return Rate{Count: n, Exposure: exposure, Interval: poisson(n, exposure)}
}

// linkRetries maps each abandoned contact of a known customer to the next
// contact of the same customer, when it arrived within window of the
// abandonment.
func linkRetries(cs []Contact, window time.Duration) map[*Contact]*Contact {
	byCustomer := map[string][]*Contact{}
	for i := range cs {
		if c := &cs[i]; c.Customer != "" {
			byCustomer[c.Customer] = append(byCustomer[c.Customer], c)
		}
	}
	next := map[*Contact]*Contact{}
	for _, list := range byCustomer {
		sort.SliceStable(list, func(i, j int) bool { return list[i].Arrival.Before(list[j].Arrival) })
		for i, c := range list {
			if c.Answered {
				continue
			}
			for _, n := range list[i+1:] {
				if n.Arrival.Before(c.Abandon) {
					continue // arrived while this one still waited: not its retry
				}
				if n.Arrival.Sub(c.Abandon) <= window {
					next[c] = n
				}
				break
			}
		}
	}
	return next
}

func retryOfList(cs []*Contact, next map[*Contact]*Contact) *Retry {
	r := &Retry{}
	var retrySwitched int
	var delay float64
	for _, c := range cs {
		if c.Answered || c.Customer == "" {
			continue
		}
		r.Abandoned++
		if n := next[c]; n != nil {
			r.Retried++
			delay += n.Arrival.Sub(c.Abandon).Hours()
			if n.Channel != c.Channel {
				retrySwitched++
			}
		}
	}
	if r.Abandoned == 0 {
		return nil
	}
	r.Probability = wilson(r.Retried, r.Abandoned)
	r.Switch = wilson(retrySwitched, r.Retried)
	if r.Retried > 0 {
		// The delays are exponential within the window: an exact interval
		// for their mean, as for handle times (truncation at the window is
		// ignored; it matters only for a window near the mean delay).
		d := fitExponential(float64(r.Retried), delay/float64(r.Retried))
		r.Delay = d.Mean
	} else {
		r.Delay = Interval{math.NaN(), math.NaN(), math.NaN()}
	}
	return r
}

func retryOf(cs []Contact, keep func(*Contact) bool, next map[*Contact]*Contact) *Retry {
	var list []*Contact
	for i := range cs {
		if keep(&cs[i]) {
			list = append(list, &cs[i])
		}
	}
	return retryOfList(list, next)
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// weekday numbers the days from Monday, 0, as the scenario format's
// weekday mappings do.
func weekday(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }
