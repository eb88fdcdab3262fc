package reports

import (
	"fmt"
	"math"
	"strings"

	"github.com/peaksim/peaksim/sim"
)

// apartShare is how far, relative to the baseline's, a variant's count of
// cases opened, or of a channel's contacts, may be from the baseline's
// before its figures over them are taken to be over other cases or
// contacts. A share f of members added (or taken away) moves a mean over
// them by f/(1+f) times the gap between their mean and the others',
// whatever the variant does to the members both have: within 1% that
// stays below the effects of a season's policies and staffing, while a
// staffing change that sends reships sooner, and so opens a few more or
// fewer second cases (0.1%), keeps its figures per case judged.
const apartShare = 0.01

// waitingAtEndShare is the share of a channel's contacts still waiting at
// the end, in the baseline or the variant, from which its figures per
// contact are taken over other contacts when their numbers differ. Each
// counts at its age then: contacts that arrived late count short ages
// whatever the service, so a variant whose customers chase less in the
// last weeks raises the mean time in queue of an overloaded channel while
// every contact both variants have waits as long or less
// (voicemail-full with a third callback agent: email +23.0 h over all
// contacts, 39.3 min shorter over the general enquiries both have). Where nearly
// every contact is answered, a contact more or fewer waits in the same
// queue as the others, and the figures per contact are judged.
const waitingAtEndShare = 0.1

// A population is a set a figure is a statistic over, the cases or one
// channel's contacts, as a variant's compares with its baseline's: apart
// when their numbers differ by more than apartShare (and, for contacts,
// when a tenth of them wait at the end), so that a figure over them
// compares different members. added is the share of members the variant
// has more (negative: fewer), count the difference in their number.
type population struct {
	apart   bool
	added   float64
	count   comparison
	unit    string // "cases" or "contacts"
	channel string // the channel's name, for contacts
	// standIn says that the channel's general enquiries' service level
	// and time in queue are judged in place of every contact's
	// (composition.asJudged).
	standIn bool
}

// A composition is how the populations of a variant's figures compare
// with its baseline's: its cases, each channel's contacts, and the general
// enquiries among them of the channels that have some.
type composition struct {
	cases     population
	channels  map[string]*population
	enquiries map[string]*population
	order     []string // the baseline's channels, in order
}

// compositionOf compares the cases and contacts of variant sc with those
// of base.
func compositionOf(base, sc *Scenario) *composition {
	mix := &composition{channels: map[string]*population{}, enquiries: map[string]*population{}, order: base.Channels()}
	mix.cases = countsApart(base, sc, "cases.opened", "cases")
	for _, ch := range mix.order {
		censored := max(waitingShare(base, ch), waitingShare(sc, ch)) >= waitingAtEndShare
		contactsOf := func(metric string) *population {
			p := countsApart(base, sc, sim.ChannelMetricName(ch, metric), "contacts")
			if p.unit == "" {
				return nil // the baseline has none
			}
			p.channel, p.apart = ch, p.apart && censored
			return &p
		}
		all := contactsOf("offered")
		if p := contactsOf("enquiries"); p != nil && hasEnquiries(base, ch) {
			mix.enquiries[ch] = p
			if all != nil {
				all.standIn = true
			}
		}
		if all != nil {
			mix.channels[ch] = all
		}
	}
	return mix
}

// hasEnquiries reports whether channel ch of season sc has general
// enquiries: contacts not about a case, the same contacts in two variants
// that keep the channel's arrivals. A contact centre's contacts are all
// enquiries, and its figures over every contact are theirs.
func hasEnquiries(sc *Scenario, ch string) bool {
	m := sc.Metric(sim.ChannelMetricName(ch, "enquiries"))
	return sc.Metric("cases.opened") != nil && m != nil && m.Mean > 0
}

// countsApart compares the count metric of sc with base's.
func countsApart(base, sc *Scenario, metric, unit string) population {
	bm, m := base.Metric(metric), sc.Metric(metric)
	if bm == nil || m == nil || !(bm.Mean > 0) {
		return population{}
	}
	c := compare(base, sc, bm, m)
	added := c.Mean / float64(bm.Mean)
	return population{apart: c.significant() && math.Abs(added) > apartShare, added: added, count: c, unit: unit}
}

// waitingShare is the share of channel ch's contacts still waiting at the
// end of sc, 0 for results without the figure.
func waitingShare(sc *Scenario, ch string) float64 {
	w, o := sc.Metric(sim.ChannelMetricName(ch, "waiting_at_end")), sc.Metric(sim.ChannelMetricName(ch, "offered"))
	if w == nil || o == nil || !(o.Mean > 0) || math.IsNaN(float64(w.Mean)) {
		return 0
	}
	return float64(w.Mean) / float64(o.Mean)
}

// apart lists the populations apart: the cases, then the channels in the
// baseline's order.
func (mix *composition) apart() []*population {
	var out []*population
	if mix.cases.apart {
		out = append(out, &mix.cases)
	}
	for _, ch := range mix.order {
		if p := mix.channels[ch]; p != nil && p.apart {
			out = append(out, p)
		}
	}
	return out
}

// unjudged returns the population apart over which change c of figure f
// (baseline metric bm) compares other members and is not judged, or nil
// when it is judged. A channel's service level and mean time in queue
// over other contacts are never judged where its general enquiries' are
// judged in their place (asJudged).
func (mix *composition) unjudged(f figure, c comparison, bm *Metric) *population {
	var p *population
	ch, overContacts := sim.OverContacts(f.metric)
	switch {
	case sim.OverCases(f.metric):
		p = &mix.cases
	case standsIn(f.metric):
		p = mix.enquiries[ch]
	case overContacts:
		p = mix.channels[ch]
		if p != nil && p.apart && p.standIn && standIns[strings.TrimPrefix(f.metric, ch+".")] != "" {
			return p
		}
	}
	if p == nil || !p.apart || p.beyond(f, c, bm) {
		return nil
	}
	return p
}

// standIns maps each figure of every contact of a channel to the one of
// its general enquiries that is judged in its place (asJudged).
var standIns = map[string]string{"service_level": "enquiries_service_level", "backlog_age.mean": "enquiries_age.mean"}

// standsIn reports whether metric is a figure of a channel's general
// enquiries that asJudged judges in place of every contact's.
func standsIn(metric string) bool {
	ch, ok := sim.OverContacts(metric)
	if !ok {
		return false
	}
	for _, key := range standIns {
		if metric == sim.ChannelMetricName(ch, key) {
			return true
		}
	}
	return false
}

// asJudged is figure f as the variant's comparison judges it: a channel's
// general enquiries' service level and mean time in queue, shown for what
// they explain, are judged in place of every contact's when the channel's
// contacts are apart, so that the channel's service counts once, and over
// the same contacts.
func (mix *composition) asJudged(f figure) figure {
	if standsIn(f.metric) {
		ch, _ := sim.OverContacts(f.metric)
		p := mix.channels[ch]
		f.judged = p != nil && p.apart
	}
	return f
}

// beyond reports whether change c of figure f, its whole 95% interval,
// lies beyond what the members one variant has and the other has not
// could make of it alone. A mean of values that are never negative
// (times, counts, effort points; a share of contacts is a mean of 0s and
// 1s) falls by at most base·f/(1+f) when a share f more members join it,
// every one of them at 0, and rises by at most base·(−f)/(1+f) when a
// share −f of them leave, every one at 0: a fall beyond the first, or a
// rise beyond the second, is the members both have. A share that is
// better higher is judged by what it misses. Any other change could be
// the other members' alone: a rise with more members, which they can
// raise without bound; a fall with fewer, which may have been the worst;
// a percentile; a share of cases, whose denominator is not the cases
// opened.
func (p *population) beyond(f figure, c comparison, bm *Metric) bool {
	lo, hi, base := c.Lo95, c.Hi95, float64(bm.Mean)
	side := sim.SideOf(f.metric)
	share := p.unit == "contacts" && bm.Unit == "share"
	switch {
	case side == sim.LessIsBetter && (share || strings.HasSuffix(f.metric, ".mean")):
	case side == sim.MoreIsBetter && share:
		lo, hi, base = -c.Hi95, -c.Lo95, 1-base
	default:
		return false
	}
	if !(base >= 0) {
		return false
	}
	if p.added > 0 {
		return hi < -base*p.added/(1+p.added)
	}
	return lo > base*-p.added/(1+p.added)
}

// units names the members of a population for a verdict ("lower, over
// other cases"), "" for none.
func (p *population) units() string {
	if p == nil {
		return ""
	}
	return p.unit
}

// howMany is how many members the variant has more or fewer: "121 cases
// more".
func (p *population) howMany() string {
	return scaleOf(p.unit, p.count.Mean).formatDiff(p.count.Mean) + " " + pick(p.added > 0, "more", "fewer")
}

// cannotJudge is why the baseline gate fails a figure over the
// population, which changed by difference.
func (p *population) cannotJudge(difference string) string {
	if p.unit == "cases" {
		return fmt.Sprintf("cannot judge: the run opens %s than the baseline (%s), so this figure per case compares different cases "+
			"and may move with no case both have changing (%s); judge the totals, or make a run reviewed with these cases the baseline",
			p.howMany(), percentOf(p.added, 1), difference)
	}
	return fmt.Sprintf("cannot judge: the run's %s takes %s than the baseline's (%s), with a tenth or more still waiting at the end, "+
		"so this figure per contact compares different contacts and may move with no contact both have changing (%s); "+
		"judge its queue length, or make a run reviewed with these contacts the baseline", safeLabel(p.channel), p.howMany(), percentOf(p.added, 1), difference)
}

// clause says, after the verdict, that the variant has other members, so
// that nobody reads a figure over them as a change for the members both
// variants have, and names the figures it does not judge (unjudged, a
// list).
func (p *population) clause(unjudged string) string {
	more := p.added > 0
	howMany := p.howMany() + " (" + percentOf(p.added, 1) + ")"
	var text string
	if p.unit == "cases" {
		text = " It opens " + howMany + ", so a figure per case compares different cases: a mean per case counts only when it " +
			pick(more, "falls by more than that many cases at zero could lower it.", "rises by more than leaving out that many cases at zero could raise it.")
	} else {
		name := safeLabel(p.channel)
		text = " Its " + name + " takes " + howMany + ", with a tenth or more still waiting at the end, so a figure per contact there compares different contacts: a mean or share per contact counts only when it is " +
			pick(more, "better by more than that many contacts, each answered at once, could make it.", "worse by more than leaving out that many contacts, each answered at once, could make it.")
		if p.standIn {
			text += " Its general enquiries, the same contacts in both, are judged for its service level and time in queue."
		}
	}
	if unjudged != "" {
		text += " Not judged: " + unjudged + "."
	}
	return text
}
