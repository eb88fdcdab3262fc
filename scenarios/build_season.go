package scenarios

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/peaksim/peaksim/sim"
)

// The bounds of a season, which keep a file from describing an absurd run.
const (
	maxSeasonDays    = 366
	maxOrdersPerDay  = 10_000_000 // also the most contacts a day of a direct stream
	maxFactor        = 1000       // a season curve or weekday factor
	maxListItems     = 1000       // curve points, overrides, dates
	maxCapacity      = 100_000_000
	maxTransitDays   = 60
	maxExceptions    = 100
	maxPromises      = 100
	maxCostPerHour   = 1_000_000
	maxChurnContacts = 1000
	maxEffortWeight  = 1_000_000
	maxLabel         = 100
	maxStock         = 1_000_000_000_000
	// shareTolerance is how far shares that must sum to 1 may miss it:
	// enough for decimal fractions such as 0.1 + 0.2 + 0.7, far below
	// any share a user means.
	shareTolerance = 1e-9
)

// seasonOnly is the problem of a season key in a file without a calendar.
const seasonOnly = "only in a season scenario, a file with a calendar section"

// calendar checks the calendar section. The Calendar it returns is nil
// when the dates are unusable; the checks that need the season's dates are
// then skipped.
func (p *problems) calendar(r *rawCalendar) *Calendar {
	c := &Calendar{Location: time.UTC}
	start, okStart := p.requiredDate("calendar.start", r.Start, "the first day of the season, e.g. 2026-11-02")
	end, okEnd := p.requiredDate("calendar.end", r.End, "the last day of the season, e.g. 2027-01-17")
	ok := okStart && okEnd
	if ok {
		c.Start, c.End = start, end
		switch n := c.Days(); {
		case n < 1:
			p.add("calendar.end", "must not be before calendar.start (%s), got %s", start, end)
			ok = false
		case n > maxSeasonDays:
			p.add("calendar.end", "makes a season of %d days, from %s to %s; the longest is %d days", n, start, end, maxSeasonDays)
			ok = false
		}
	}
	switch tz, isString := r.TimeZone.(string); {
	case r.TimeZone == nil:
	case !isString || strings.TrimSpace(tz) == "" || strings.EqualFold(tz, "Local"):
		p.add("calendar.time_zone", "must be the name of a time zone, such as Europe/London or America/New_York; got %s", describe(r.TimeZone))
	default:
		loc, err := time.LoadLocation(tz)
		if err != nil {
			p.add("calendar.time_zone", "unknown time zone %s; use a name from the IANA time zone database, such as Europe/London or America/New_York", describe(tz))
		} else {
			c.Location = loc
		}
	}
	if !ok {
		if r.CarrierHolidays != nil {
			p.dates("calendar.carrier_holidays", r.CarrierHolidays, nil)
		}
		return nil
	}
	if r.CarrierHolidays != nil {
		c.CarrierHolidays = p.dates("calendar.carrier_holidays", r.CarrierHolidays, c)
	}
	return c
}

// date converts a date written YYYY-MM-DD. YAML reads an unquoted date as
// a timestamp; a quoted one stays text.
func (p *problems) date(key string, v any) (Date, bool) {
	switch v := v.(type) {
	case time.Time:
		if _, offset := v.Zone(); v.Hour() != 0 || v.Minute() != 0 || v.Second() != 0 || v.Nanosecond() != 0 || offset != 0 {
			p.add(key, "must be a date without a time of day, YYYY-MM-DD; got %s", v.Format(time.RFC3339Nano))
			return Date{}, false
		}
		return dateOf(v), true
	case string:
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
		if err != nil {
			p.add(key, "not a date: %s; write YYYY-MM-DD, e.g. 2026-12-24", show(v))
			return Date{}, false
		}
		return dateOf(t), true
	}
	p.add(key, "must be a date, YYYY-MM-DD, e.g. 2026-12-24; got %s", describe(v))
	return Date{}, false
}

func (p *problems) requiredDate(key string, v any, what string) (Date, bool) {
	if v == nil {
		p.add(key, "required: %s", what)
		return Date{}, false
	}
	return p.date(key, v)
}

// dateIn converts a date that must fall in the season, when the calendar
// is known (c not nil).
func (p *problems) dateIn(key string, v any, c *Calendar) (Date, bool) {
	d, ok := p.date(key, v)
	if ok && c != nil && (c.Day(d) < 0 || c.Day(d) >= c.Days()) {
		p.add(key, "%s is outside the season (%s to %s)", d, c.Start, c.End)
		return d, false
	}
	return d, ok
}

// dates converts a list of dates in the season, sorted.
func (p *problems) dates(key string, v any, c *Calendar) []Date {
	list, ok := p.list(key, v, "a list of dates, e.g. [2026-12-25, 2026-12-26]")
	if !ok {
		return nil
	}
	if len(list) > maxListItems {
		p.add(key, "must have at most %d dates, got %d", maxListItems, len(list))
		return nil
	}
	var out []Date
	seen := map[Date]int{}
	for i, item := range list {
		ik := key + "[" + strconv.Itoa(i) + "]"
		d, ok := p.dateIn(ik, item, c)
		if !ok {
			continue
		}
		if j, twice := seen[d]; twice {
			p.add(ik, "%s is given twice, here and in %s[%d]", d, key, j)
			continue
		}
		seen[d] = i
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Date) int { return a.number() - b.number() })
	return out
}

// overrides converts a list of date ranges, each with its value under
// valueKey in [0, hi]; the ranges must lie in the season and not overlap.
// ramp, for the ranges that may have one (a team's headcounts), returns
// the ramp of range i; nil for the others.
func (p *problems) overrides(key, valueKey string, n int, item func(i int) (from, to, value any), ramp func(i int) *rawRamp, hi uint64, c *Calendar) []Override {
	if n > maxListItems {
		p.add(key, "must have at most %d date ranges, got %d", maxListItems, n)
		return nil
	}
	var out []Override
	var keys []string
	for i := range n {
		ik := key + "[" + strconv.Itoa(i) + "]"
		from, to, value := item(i)
		o := Override{}
		var okFrom, okTo, okValue bool
		o.From, okFrom = p.requiredDateIn(ik+".from", from, c, "the first day of the range")
		o.To, okTo = p.requiredDateIn(ik+".to", to, c, "the last day of the range (the same as from for one day)")
		if ramp != nil && ramp(i) != nil {
			// A range without a good from has its problem reported already.
			o.Ramp = p.ramp(ik+".ramp", ramp(i), o.From, okFrom)
		}
		if value == nil {
			p.add(ik+"."+valueKey, "required: the %s on those days", strings.ReplaceAll(valueKey, "_", " "))
		} else {
			var v uint64
			v, okValue = p.integer(ik+"."+valueKey, value, 0, hi, "an integer of 0 or more")
			o.Value = int(v)
		}
		if !okFrom || !okTo || !okValue {
			continue
		}
		if o.To.number() < o.From.number() {
			p.add(ik+".to", "must not be before from (%s), got %s", o.From, o.To)
			continue
		}
		for j, prev := range out {
			if o.From.number() <= prev.To.number() && prev.From.number() <= o.To.number() {
				p.add(ik, "%s to %s overlaps %s (%s to %s)", o.From, o.To, keys[j], prev.From, prev.To)
			}
		}
		out, keys = append(out, o), append(keys, ik)
	}
	return out
}

func (p *problems) requiredDateIn(key string, v any, c *Calendar, what string) (Date, bool) {
	if v == nil {
		p.add(key, "required: %s", what)
		return Date{}, false
	}
	return p.dateIn(key, v, c)
}

// weekMap converts a mapping of weekdays (mon, or a range such as mon-fri)
// to values, which must give every day of the week exactly once; missing
// says how to write a day that has none. It returns the values by
// time.Weekday.
func weekMap[T any](p *problems, key string, m map[string]any, missing string, conv func(key string, v any) (T, bool)) (out [7]T, ok bool) {
	ok = true
	var given [7]string // the key that gave each day, by weekdayNames index
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	for _, k := range ks {
		kk := joinKey(key, k)
		days, err := weekdaySpec(k)
		if err != nil {
			p.addErr(kk, err)
			ok = false
			continue
		}
		v, vOK := conv(kk, m[k])
		ok = ok && vOK
		for _, d := range days {
			if given[d] != "" {
				p.add(kk, "gives %s, which %s gives too", weekdayNames[d], given[d])
				ok = false
				continue
			}
			given[d] = k
			out[weekdayOf(d)] = v
		}
	}
	var absent []string
	for d, k := range given {
		if k == "" {
			absent = append(absent, weekdayNames[d])
		}
	}
	if len(absent) > 0 && ok {
		p.add(key, "must give every day of the week; %s missing (%s)", strings.Join(absent, ", "), missing)
		ok = false
	}
	return out, ok
}

// week converts opening or working hours.
func (p *problems) week(key string, m map[string]any) (Week, bool) {
	days, ok := weekMap(p, key, m, "write sun: closed for a day without hours", func(k string, v any) ([24]bool, bool) {
		var hours [24]bool
		s, isString := v.(string)
		if !isString {
			p.add(k, "must be hours such as 08:00-20:00, or closed; got %s", describe(v))
			return hours, false
		}
		from, to, err := hoursSpec(s)
		if err != nil {
			p.addErr(k, err)
			return hours, false
		}
		for h := from; h < to; h++ {
			hours[h] = true
		}
		return hours, true
	})
	return Week(days), ok
}

// shifts converts a team's shifts. It returns nil when any of them has a
// problem: the check that the team is ever on duty then waits until they
// are fixed.
func (p *problems) shifts(key string, raw []rawShift, c *Calendar) []Shift {
	switch {
	case len(raw) == 0:
		p.add(key, "must have at least one shift (or give headcount instead)")
		return nil
	case len(raw) > maxListItems:
		p.add(key, "must have at most %d shifts, got %d", maxListItems, len(raw))
		return nil
	}
	before := len(*p)
	seen := map[string]string{}
	out := make([]Shift, 0, len(raw))
	total := 0
	for i, r := range raw {
		ik := key + "[" + strconv.Itoa(i) + "]"
		sh := Shift{Name: p.name(ik+".name", r.Name)}
		p.unique(seen, ik, sh.Name, "shift")
		sh.Start, sh.End = p.shiftHours(ik+".hours", r.Hours)
		if r.Days == nil {
			p.add(ik+".days", "required: the days of the week the shift works, e.g. [mon-fri]")
		} else {
			sh.Days, _ = p.weekdays(ik+".days", r.Days)
		}
		if r.Headcount == nil {
			p.add(ik+".headcount", "required: the number of agents on the shift, e.g. 12")
		} else {
			n, _ := p.integer(ik+".headcount", r.Headcount, 1, maxHeadcount, "a positive integer")
			sh.Headcount = int(n)
			total += sh.Headcount
		}
		var fromOK, toOK bool
		if r.From != nil {
			sh.From, fromOK = p.dateIn(ik+".from", r.From, c)
		}
		if r.To != nil {
			sh.To, toOK = p.dateIn(ik+".to", r.To, c)
		}
		if fromOK && toOK && sh.To.number() < sh.From.number() {
			p.add(ik+".to", "must not be before from (%s), got %s", sh.From, sh.To)
		}
		if r.Ramp != nil {
			if r.From == nil {
				p.add(ik+".ramp", "needs the shift's from: the date its new staff start, at start_speed, e.g. from: 2026-11-23")
			}
			sh.Ramp = p.ramp(ik+".ramp", r.Ramp, sh.From, fromOK)
		}
		out = append(out, sh)
	}
	if total > maxHeadcount {
		p.add(key, "the headcounts of the shifts add up to %d; a team has at most %d agents", total, maxHeadcount)
	}
	if len(*p) > before {
		return nil
	}
	return out
}

// maxRampWeeks bounds how long new staff take to learn: a year, beyond
// which a season (at most 366 days) would never see them at full speed.
const maxRampWeeks = 52

// ramp converts the ramp of a shift or a headcount override whose from
// date is from; fromOK is false when from is missing or wrong, which the
// caller has reported. It returns nil when anything is wrong.
//
// There is no default ramp; the documented example, new staff at 0.65 of
// a tenured agent's speed who reach full speed in 12 weeks, comes from:
// new-hire handle times "often 1.3-1.8x tenured" (a speed of 0.56 to
// 0.77), proficiency "often 3-6 months for routine work", and the straight
// line as "an approximation suitable for budgeting" (WFM Labs wiki, "Speed
// to Proficiency Curve", wiki.wfmlabs.org/wiki/Speed_to_Proficiency_Curve);
// a "12-week ramp period" after five weeks of training and two of nesting
// (Center Partners, "Reducing new hire costs: increasing speed to
// competency", via thefreelibrary.com); new agents 53% as efficient in
// their first month as in their twelfth, over 1,800 agents of eight
// centres (Cinareo, "Myth #4", cinareo.com). Vendor and practitioner
// figures, not a study: give a centre's own learning curve where known.
func (p *problems) ramp(key string, r *rawRamp, from Date, fromOK bool) *Ramp {
	out := &Ramp{Start: from}
	ok := fromOK
	switch {
	case r.StartSpeed == nil:
		p.add(key+".start_speed", "required: the new staff's speed on their first day, as a share of a tenured agent's, e.g. 0.65")
		ok = false
	default:
		f, good := p.number(key+".start_speed", r.StartSpeed, 0, 1, "a number above 0 and at most 1, the new staff's speed on their first day as a share of a tenured agent's, e.g. 0.65")
		if good && f == 0 {
			p.add(key+".start_speed", "must be above 0: new staff at speed 0 never finish a contact")
		}
		out.StartSpeed, ok = f, ok && good && f > 0
	}
	switch w, isString := r.Weeks.(string); {
	case r.Weeks == nil:
		p.add(key+".weeks", "required: the weeks new staff take to reach full speed, e.g. 12")
		ok = false
	case isString:
		p.add(key+".weeks", "must be a plain number of weeks (the key gives the unit), e.g. weeks: 12; got %s", describe(w))
		ok = false
	default:
		f, good := p.number(key+".weeks", r.Weeks, 0, maxRampWeeks, "a number of weeks above 0 and at most 52, e.g. 12")
		if good && f == 0 {
			p.add(key+".weeks", "must be above 0; leave ramp out for staff at full speed from their first day")
		}
		out.Weeks, ok = f, ok && good && f > 0
	}
	if !ok {
		return nil
	}
	return out
}

// rampsWithoutCalendar reports the ramps of a team in a file without a
// calendar, whose team has no dates for new staff to start on.
func (p *problems) rampsWithoutCalendar(key string, t rawTeam) {
	const problem = seasonOnly + ": new staff ramp up from a date of the season's calendar; in a contact centre, give the team a lower speed instead"
	for i, sh := range t.Shifts {
		if sh.Ramp != nil {
			p.add(key+".shifts["+strconv.Itoa(i)+"].ramp", "%s", problem)
		}
	}
	for i, o := range t.HeadcountByDate {
		if o.Ramp != nil {
			p.add(key+".headcount_by_date["+strconv.Itoa(i)+"].ramp", "%s", problem)
		}
	}
}

// shiftHours converts a shift's hours, "07:00-15:00" (from included, to
// excluded).
func (p *problems) shiftHours(key string, v any) (start, end int) {
	s, isString := v.(string)
	switch {
	case v == nil:
		p.add(key, "required: the local hours of the shift, e.g. 07:00-15:00")
		return 0, 0
	case !isString || !strings.Contains(s, "-"):
		// hoursSpec would accept closed, which a shift cannot be.
		p.add(key, "must be hours such as 07:00-15:00; got %s", asWritten(v))
		return 0, 0
	}
	start, end, err := hoursSpec(s)
	if err != nil {
		p.addErr(key, err)
	}
	return start, end
}

// weekdays converts a list of days and ranges of days (dispatch_days), or
// one day or range on its own.
func (p *problems) weekdays(key string, v any) (days [7]bool, ok bool) {
	list, itemKey := []any{v}, func(int) string { return key }
	if s, one := v.(string); one && strings.Contains(s, ",") {
		p.add(key, "must be a list in brackets to give several days or ranges, e.g. [mon-fri, sun]; got %s", show(s))
		return days, false
	} else if !one {
		if list, ok = p.list(key, v, "a list of weekdays, e.g. [mon, tue, wed, thu, fri] or [mon-fri], or one day or range, e.g. mon-fri"); !ok {
			return days, false
		}
		itemKey = func(i int) string { return key + "[" + strconv.Itoa(i) + "]" }
	}
	ok = true
	var given [7]bool
	for i, item := range list {
		ik := itemKey(i)
		s, isString := item.(string)
		if !isString {
			p.add(ik, "must be %s; got %s", weekdayRule, describe(item))
			ok = false
			continue
		}
		idx, err := weekdaySpec(s)
		if err != nil {
			p.addErr(ik, err)
			ok = false
			continue
		}
		for _, d := range idx {
			if given[d] {
				p.add(ik, "gives %s twice", weekdayNames[d])
				ok = false
			}
			given[d] = true
			days[weekdayOf(d)] = true
		}
	}
	if ok && !slices.Contains(days[:], true) {
		p.add(key, "must name at least one day")
		ok = false
	}
	return days, ok
}

// hourOfDay converts a time of day that must be a whole hour from 00:00 to
// 23:00.
func (p *problems) hourOfDay(key string, v any, what string) (int, bool) {
	s, isString := v.(string)
	switch {
	case v == nil:
		p.add(key, "required: %s", what)
		return 0, false
	case !isString:
		p.add(key, "must be a time of day in quotes, HH:MM, e.g. \"15:00\"; got %s", describe(v))
		return 0, false
	}
	h, err := timeOfDay(s)
	switch {
	case err != nil:
		p.addErr(key, err)
		return 0, false
	case h == 24:
		p.add(key, "must be from 00:00 to 23:00, got %s", show(s))
		return 0, false
	}
	return h, true
}

// share converts a probability or a share, from 0 to 1.
func (p *problems) share(key string, v any) (float64, bool) {
	return p.number(key, v, 0, 1, "a number from 0 to 1")
}

// sumsToOne reports shares that do not sum to 1.
func (p *problems) sumsToOne(key string, sum float64, what string) {
	if math.Abs(sum-1) > shareTolerance {
		p.add(key, "the %s must sum to 1, got %s", what, strconv.FormatFloat(sum, 'g', 12, 64))
	}
}

func (p *problems) label(key string, v any) string {
	s, ok := v.(string)
	switch {
	case v == nil:
	case !ok:
		p.add(key, "must be text, got %s", describe(v))
	case !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl):
		p.add(key, "must be one line of text, without control characters")
	case utf8.RuneCountInString(s) > maxLabel:
		p.add(key, "must be at most %d characters, got %d", maxLabel, utf8.RuneCountInString(s))
	default:
		return s
	}
	return ""
}

// season checks the sections of a season scenario other than the
// calendar, demand, teams and channels, then what needs all of them;
// demandOK says whether the demand is usable for the checks of volumes.
func (p *problems) season(s *Scenario, raw *rawScenario, demandOK bool) {
	se := s.Season
	c := &se.Calendar
	if se.Calendar.Start.IsZero() {
		c = nil
	}
	p.fulfilment(&se.Fulfilment, raw.Fulfilment, c)
	p.exceptions(s, raw.Exceptions, raw.Fulfilment != nil && raw.Fulfilment.CarrierCapacity != nil)
	p.exceptionRefs(se)
	p.unreachableRefs(se)
	p.customers(&se.Customers, raw.Customers, c)
	var teamNames []string
	for _, t := range s.Teams {
		teamNames = append(teamNames, t.Name)
	}
	p.policies(&se.Policies, raw.Policies, teamNames)
	p.seasonResources(s, raw)
	p.failureCosts(s, raw)
	if c == nil {
		return
	}
	if demandOK {
		p.volumes(s, c)
	}
	p.staffed(s, c)
}

// demand checks the demand section; false when it is not usable for the
// checks of volumes.
func (p *problems) demand(d *Demand, r *rawDemand, c *Calendar, file string) bool {
	d.Shape = flatShape()
	if r == nil {
		p.add("demand", "required in a season: a mapping with orders_per_day (and its profiles) or trace")
		return false
	}
	if r.Trace != nil {
		ok := true
		if r.HourProfile != nil {
			ok = p.hourProfile("demand.hour_profile", &d.Shape, r.HourProfile, "orders")
		}
		const notWithTrace = "does not apply with a trace: the trace gives the orders of every day"
		if r.OrdersPerDay != nil {
			p.add("demand.orders_per_day", notWithTrace)
			ok = false
		}
		if r.SeasonCurve != nil {
			p.add("demand.season_curve", notWithTrace)
			ok = false
		}
		if r.WeekdayProfile != nil {
			p.add("demand.weekday_profile", notWithTrace)
			ok = false
		}
		if ok && c != nil {
			ok = p.trace(d, r.Trace, c, file, r.HourProfile != nil)
		}
		return ok
	}
	ok := p.shape("demand", &d.Shape, r.SeasonCurve, r.WeekdayProfile, r.HourProfile, "orders_per_day", "orders")
	if r.OrdersPerDay == nil {
		p.add("demand.orders_per_day", "required: the base number of orders a day, e.g. 20000 (or give a trace)")
		ok = false
	} else if n, nOK := p.number("demand.orders_per_day", r.OrdersPerDay, 0, maxOrdersPerDay, "a number of orders from 0 to 10000000"); nOK && n > 0 {
		d.OrdersPerDay = n
	} else {
		if nOK {
			p.add("demand.orders_per_day", "must be more than 0")
		}
		ok = false
	}
	return ok
}

// shape converts the season curve, weekday profile and hour profile given
// under key (demand, or a channel's arrivals) into sh; a part not given
// (nil) keeps what sh holds. base names the daily volume they shape
// (orders_per_day) and unit what it counts (orders), for the messages.
// False if there was a problem.
func (p *problems) shape(key string, sh *Shape, curve []rawCurvePoint, weekday map[string]any, hour any, base, unit string) bool {
	ok := true
	if hour != nil {
		ok = p.hourProfile(key+".hour_profile", sh, hour, unit)
	}
	switch ck := key + ".season_curve"; {
	case curve == nil:
	case len(curve) > maxListItems:
		p.add(ck, "must have at most %d points, got %d", maxListItems, len(curve))
		ok = false
	default:
		sh.SeasonCurve = nil
		for i, pt := range curve {
			ik := ck + "[" + strconv.Itoa(i) + "]"
			cp := CurvePoint{Label: p.label(ik+".label", pt.Label)}
			var dOK, fOK bool
			cp.Date, dOK = p.requiredDate(ik+".date", pt.Date, "the date of the point, e.g. 2026-11-27")
			if pt.Factor == nil {
				p.add(ik+".factor", "required: the multiplier of %s on that date, e.g. 3.2", base)
			} else {
				cp.Factor, fOK = p.number(ik+".factor", pt.Factor, 0, maxFactor, "a number from 0 to 1000")
			}
			if dOK && len(sh.SeasonCurve) > 0 {
				if prev := sh.SeasonCurve[len(sh.SeasonCurve)-1].Date; cp.Date.number() <= prev.number() {
					p.add(ik+".date", "must be after the point before it (%s), got %s: the points go in date order", prev, cp.Date)
					dOK = false
				}
			}
			ok = ok && dOK && fOK
			if dOK && fOK {
				sh.SeasonCurve = append(sh.SeasonCurve, cp)
			}
		}
	}
	if weekday != nil {
		w, wOK := weekMap(p, key+".weekday_profile", weekday, "write sun: 0 for a day without "+unit, func(k string, v any) (float64, bool) {
			return p.number(k, v, 0, maxFactor, "a number from 0 to 1000")
		})
		sh.WeekdayProfile = w
		ok = ok && wOK
	}
	return ok
}

func (p *problems) hourProfile(key string, sh *Shape, v any, unit string) bool {
	list, ok := p.list(key, v, "a list of 24 weights, one per hour from 00:00")
	if !ok {
		return false
	}
	if len(list) != 24 {
		p.add(key, "must have 24 weights, one per hour from 00:00 to 23:00; got %d", len(list))
		return false
	}
	var w [24]float64
	var sum float64
	for h, item := range list {
		x, xOK := p.number(key+"["+strconv.Itoa(h)+"]", item, 0, maxWeight, "a non-negative number")
		ok = ok && xOK
		w[h] = x
		sum += x
	}
	if !ok {
		return false
	}
	if sum == 0 {
		p.add(key, "must have a weight above 0: these are the shares of a day's %s by hour", unit)
		return false
	}
	for h := range w {
		sh.HourProfile[h] = w[h] / sum
	}
	return true
}

func (p *problems) fulfilment(f *Fulfilment, r *rawFulfilment, c *Calendar) {
	for _, w := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday} {
		f.DispatchDays[w] = true
	}
	if r == nil {
		p.add("fulfilment", "required in a season: a mapping with dispatch_capacity, cutoff, delivery_hour and promises")
		return
	}
	if r.DispatchCapacity == nil {
		p.add("fulfilment.dispatch_capacity", "required: the orders the warehouse can dispatch a day, e.g. 30000")
	} else {
		n, _ := p.integer("fulfilment.dispatch_capacity", r.DispatchCapacity, 1, maxCapacity, "a positive integer")
		f.DispatchCapacity = int(n)
	}
	f.DispatchCapacityByDate = p.overrides("fulfilment.dispatch_capacity_by_date", "capacity", len(r.DispatchCapacityByDate), func(i int) (any, any, any) {
		o := r.DispatchCapacityByDate[i]
		return o.From, o.To, o.Capacity
	}, nil, maxCapacity, c)
	f.Cutoff, _ = p.hourOfDay("fulfilment.cutoff", r.Cutoff, `the local time the day's dispatch leaves, e.g. "15:00"`)
	f.DeliveryHour, _ = p.hourOfDay("fulfilment.delivery_hour", r.DeliveryHour, `the local time parcels arrive, e.g. "13:00"`)
	if r.DispatchDays != nil {
		f.DispatchDays, _ = p.weekdays("fulfilment.dispatch_days", r.DispatchDays)
	}
	f.DeliveryDays = f.DispatchDays
	if r.DeliveryDays != nil {
		f.DeliveryDays, _ = p.weekdays("fulfilment.delivery_days", r.DeliveryDays)
	}
	switch {
	case len(r.Promises) == 0:
		p.add("fulfilment.promises", "required: a list of at least one delivery promise, e.g. [{name: standard, share: 1, transit_days: 3}]")
	case len(r.Promises) > maxPromises:
		p.add("fulfilment.promises", "must have at most %d promises, got %d", maxPromises, len(r.Promises))
	default:
		seen := map[string]string{}
		sum, ok := 0.0, true
		for i, pr := range r.Promises {
			key := "fulfilment.promises[" + strconv.Itoa(i) + "]"
			out := sim.Promise{Name: p.name(key+".name", pr.Name)}
			p.unique(seen, key, out.Name, "promise")
			var sOK bool
			if pr.Share == nil {
				p.add(key+".share", "required: the share of orders placed with this promise, e.g. 0.75")
			} else {
				out.Share, sOK = p.share(key+".share", pr.Share)
			}
			ok = ok && sOK
			sum += out.Share
			switch {
			case pr.TransitDays != nil && pr.Transit != nil:
				p.add(key, "give transit_days or transit, not both")
			case pr.Transit != nil:
				out.Transit, _ = p.transit(key+".transit", pr.Transit)
			case pr.TransitDays != nil:
				n, _ := p.integer(key+".transit_days", pr.TransitDays, 1, maxTransitDays, "an integer from 1 to 60")
				out.TransitDays = int(n)
			default:
				p.add(key+".transit_days", "required: the carrier days from dispatch to delivery, e.g. 3 (1 is the next carrier day); or transit, a distribution of that time")
			}
			f.Promises = append(f.Promises, out)
		}
		if ok {
			p.sumsToOne("fulfilment.promises", sum, "shares of the promises")
		}
	}
	if r.CarrierCapacity != nil {
		n, _ := p.integer("fulfilment.carrier_capacity", r.CarrierCapacity, 1, maxCapacity, "a positive integer")
		f.CarrierCapacity = int(n)
	}
	if r.CarrierCapacityByDate != nil && r.CarrierCapacity == nil {
		p.add("fulfilment.carrier_capacity_by_date", "needs fulfilment.carrier_capacity, the capacity on the other days")
	}
	f.CarrierCapacityByDate = p.overrides("fulfilment.carrier_capacity_by_date", "capacity", len(r.CarrierCapacityByDate), func(i int) (any, any, any) {
		o := r.CarrierCapacityByDate[i]
		return o.From, o.To, o.Capacity
	}, nil, maxCapacity, c)
	for i, o := range f.CarrierCapacityByDate {
		if o.Value == 0 {
			p.add("fulfilment.carrier_capacity_by_date["+strconv.Itoa(i)+"].capacity", "must be at least 1: for days the carrier does not work, use delivery_days or calendar.carrier_holidays")
		}
	}
	switch name, isString := r.CarrierOverflow.(string); {
	case r.CarrierOverflow == nil && r.CarrierCapacity != nil:
		p.add("fulfilment.carrier_overflow", "required with carrier_capacity: the name of the late exception that parcels over the capacity become")
	case r.CarrierOverflow == nil:
	case r.CarrierCapacity == nil:
		p.add("fulfilment.carrier_overflow", "needs fulfilment.carrier_capacity")
	case !isString:
		p.add("fulfilment.carrier_overflow", "must be the name of an exception of kind late, got %s", describe(r.CarrierOverflow))
	default:
		f.CarrierOverflow = name
	}
	switch name, isString := r.LateOrders.(string); {
	case r.LateOrders == nil:
	case !isString || name == "":
		p.add("fulfilment.late_orders", "must be the name of an exception of kind late (or none), got %s", describe(r.LateOrders))
	default:
		f.LateOrders = name
	}
	if st := r.StaleTracking; st != nil {
		const key = "fulfilment.stale_tracking"
		if st.Share == nil {
			p.add(key+".share", "required: the share of customers who write in when the page still says \"in fulfillment\", e.g. 0.2")
		} else {
			f.StaleTracking.Share, _ = p.share(key+".share", st.Share)
		}
		if st.After == nil {
			p.add(key+".after", "required: how long after the promised cut-off they look, e.g. 1d")
		} else if h, ok := p.duration(key+".after", st.After); ok {
			f.StaleTracking.After = h
		}
	}
	p.stock(f, r.Stock, c)
	if c == nil {
		return
	}
	dispatches, delivers := false, false
	for day := range c.Days() {
		date := c.Date(day)
		if slices.Contains(c.CarrierHolidays, date) {
			continue
		}
		dispatches = dispatches || f.DispatchDays[date.Weekday()] && overridden(c, f.DispatchCapacity, f.DispatchCapacityByDate, day) > 0
		delivers = delivers || f.DeliveryDays[date.Weekday()]
	}
	if !dispatches && f.DispatchCapacity > 0 {
		p.add("fulfilment", "no day of the season dispatches any order (dispatch_days, carrier holidays and capacities leave none)")
	}
	if !delivers {
		p.add("fulfilment", "the carrier delivers on no day of the season (delivery_days and carrier holidays leave none)")
	}
}

// transit converts a delivery promise's transit time. The engine rounds
// each draw to whole carrier days, so every draw must be from 1d to 60d:
// a parcel takes 1 to 60 carrier days, as with transit_days.
func (p *problems) transit(key string, r *rawDist) (sim.Dist, bool) {
	d, family, args, ok := p.distWith(key, r)
	if !ok {
		return d, false
	}
	const rule = "a parcel takes 1 to 60 carrier days, so every draw must be from 1d to 60d"
	lo, hi, bounded := drawBounds(family)
	if !bounded {
		p.add(joinKey(key, "dist"), "%s can draw any time from 0 up, without bound; %s: use deterministic, uniform, triangular, normal with min and max, or empirical", family, rule)
		return d, false
	}
	inRange := func(k string, h float64, raw any) bool {
		if h < 24 || h > 24*maxTransitDays {
			p.add(k, "must be from 1d to %dd, got %s: %s", maxTransitDays, asWritten(raw), rule)
			return false
		}
		return true
	}
	if family == "empirical" {
		list, _ := r.Values.([]any)
		for i, h := range args.values {
			ok = inRange(joinKey(key, "values")+"["+strconv.Itoa(i)+"]", h, list[i]) && ok
		}
		return d, ok
	}
	given := map[string]any{"value": r.Value, "min": r.Min, "max": r.Max}
	for _, param := range slices.Compact([]string{lo, hi}) {
		if given[param] == nil {
			p.add(joinKey(key, param), "required for a transit: %s", rule)
			ok = false
			continue
		}
		ok = inRange(joinKey(key, param), args.hours[param], given[param]) && ok
	}
	return d, ok
}

// exceptions checks the exceptions; carrierCapacity says whether the file
// gives the carrier a capacity, valid or not.
func (p *problems) exceptions(s *Scenario, raw []rawException, carrierCapacity bool) {
	switch {
	case len(raw) == 0:
		p.add("exceptions", "required in a season: a list of at least one exception, e.g. [{name: lost, kind: lost, probability: 0.005, ...}]")
		return
	case len(raw) > maxExceptions:
		p.add("exceptions", "must have at most %d exceptions, got %d", maxExceptions, len(raw))
		return
	}
	var teamNames, channelNames []string
	for _, t := range s.Teams {
		teamNames = append(teamNames, t.Name)
	}
	for _, ch := range s.Channels {
		channelNames = append(channelNames, ch.Name)
	}
	seen := map[string]string{}
	total, allOK := 0.0, true
	for i, r := range raw {
		key := "exceptions[" + strconv.Itoa(i) + "]"
		e := Exception{Name: p.name(key+".name", r.Name)}
		p.unique(seen, key, e.Name, "exception")
		kindOK := false
		switch k, isString := r.Kind.(string); {
		case r.Kind == nil:
			p.add(key+".kind", "required: one of %s", strings.Join(exceptionKinds, ", "))
		case !isString:
			p.add(key+".kind", "must be one of %s; got %s", strings.Join(exceptionKinds, ", "), describe(r.Kind))
		case !slices.Contains(exceptionKinds, k):
			hint := ""
			if c := closest(k, exceptionKinds); c != "" {
				hint = " (did you mean " + c + "?)"
			}
			p.add(key+".kind", "unknown kind %s%s; choose one of %s", describe(k), hint, strings.Join(exceptionKinds, ", "))
		default:
			e.Kind = sim.ExceptionKind(slices.Index(exceptionKinds, k))
			kindOK = true
		}
		backordered := kindOK && e.Kind == sim.Backordered
		switch {
		case backordered && r.Probability != nil:
			if f, ok := numeric(r.Probability); !ok || f != 0 {
				p.add(key+".probability", "does not apply to kind backordered: backorders come from the stock running out (fulfilment.stock)")
			}
		case backordered:
		case r.Probability == nil:
			p.add(key+".probability", "required: the chance that a shipped parcel has this exception, e.g. 0.005")
			allOK = false
		default:
			var ok bool
			e.Probability, ok = p.share(key+".probability", r.Probability)
			allOK = allOK && ok
			total += e.Probability
		}
		late := kindOK && e.Kind == sim.Late
		switch {
		case r.Delay != nil && kindOK && !late:
			p.add(key+".delay", "only for kind late (how late the parcel arrives)")
		case r.Delay != nil:
			if d, ok := p.dist(key+".delay", r.Delay); ok && !(d.Mean() > 0) {
				p.add(key+".delay", "must have a positive mean: a late parcel arrives after its promised date")
			} else {
				e.Delay = d
			}
		case late:
			p.add(key+".delay", "required for kind late: how late the parcel arrives, e.g. {dist: gamma, mean: 2d, cv: 0.8}")
		}
		if r.NoticeDelay == nil {
			p.add(key+".notice_delay", "required: how long after the promised date (or the delivery) the customer first gets in touch, e.g. {dist: gamma, mean: 1d, cv: 0.7}")
		} else {
			e.NoticeDelay, _ = p.dist(key+".notice_delay", r.NoticeDelay)
		}
		e.ChannelMix = p.channelMix(key+".channel_mix", r.ChannelMix, channelNames)
		if r.LoadRise != nil {
			e.LoadRise, _ = p.number(key+".load_rise", r.LoadRise, 0, maxFactor, "a non-negative number, e.g. 0.5 (the probability × 1.5 at full carrier capacity)")
			if !carrierCapacity {
				p.add(key+".load_rise", "needs fulfilment.carrier_capacity: the rise is with the carrier's load")
			}
		}
		if d := r.Detect; d != nil {
			if d.Probability == nil {
				p.add(key+".detect.probability", "required: the chance that the company finds the problem before the customer does, e.g. 0.5")
			} else {
				e.DetectProbability, _ = p.share(key+".detect.probability", d.Probability)
			}
			switch {
			case d.Delay != nil:
				e.DetectDelay, _ = p.dist(key+".detect.delay", d.Delay)
			case e.DetectProbability > 0:
				p.add(key+".detect.delay", "required: the time from the promised date until the company finds the problem, e.g. {dist: exponential, mean: 1d}")
			}
			if r.Resolve == nil && r.Workflow == nil && e.DetectProbability > 0 {
				p.add(key+".detect", "needs resolve or workflow: what the company detects, a team resolves")
			}
		}
		switch {
		case r.Resolve != nil && r.Workflow != nil:
			p.add(key+".workflow", "replaces resolve: give one or the other")
		case r.Resolve != nil:
			e.Resolve = p.resolve(key+".resolve", r.Resolve, teamNames)
		case r.Workflow != nil:
			if len(r.Workflow) == 0 {
				p.add(key+".workflow", "must have at least one step, the last a resolve step")
			} else {
				e.Workflow = p.workflow(key+".workflow", r.Workflow, teamNames)
			}
		case kindOK && !late:
			p.add(key+".resolve", "required for kind %s: the team, handle_time and outcomes of the work that resolves the case (or a workflow)", exceptionKinds[e.Kind])
		}
		if r.SelfService != nil {
			e.SelfService, _ = p.share(key+".self_service", r.SelfService)
		}
		if r.DataError != nil {
			e.DataError, _ = p.share(key+".data_error", r.DataError)
		}
		e.DataErrorRepeat = p.dataErrorRepeat(key, r)
		if r.Unreachable != nil {
			p.unreachable(key, r, &e, kindOK)
		}
		if r.ReshipPromise != nil {
			e.ReshipPromise = p.reshipPromise(key+".reship_promise", r.ReshipPromise, s.Season.Fulfilment.Promises)
		}
		s.Season.Exceptions = append(s.Season.Exceptions, e)
	}
	if allOK && total > 1+shareTolerance {
		p.add("exceptions", "the probabilities of the exceptions sum to %s; a parcel has at most one exception, so they must sum to at most 1", strconv.FormatFloat(total, 'g', 12, 64))
	}
}

// channelMix converts a mapping of channel names to shares. Its keys come
// lower-cased (viper's doing); channel names differ in more than case, so
// each key finds its channel, and the mix keeps the channel's own name.
func (p *problems) channelMix(key string, m map[string]any, channelNames []string) map[string]float64 {
	if m == nil {
		p.add(key, "required: the channels of the first contact about such a case, with their shares, e.g. {phone: 0.6, email: 0.4}")
		return nil
	}
	lower := make([]string, len(channelNames))
	for i, n := range channelNames {
		lower[i] = strings.ToLower(n)
	}
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	mix := map[string]float64{}
	sum, ok := 0.0, true
	for _, k := range ks {
		kk := joinKey(key, k)
		share, sOK := p.share(kk, m[k])
		ok = ok && sOK
		sum += share
		i := slices.Index(lower, strings.ToLower(k))
		switch {
		case i >= 0:
			mix[channelNames[i]] = share
		case len(channelNames) == 0:
		case closest(strings.ToLower(k), lower) != "":
			p.add(kk, "no channel named %s; did you mean %s?", describe(k), channelNames[slices.Index(lower, closest(strings.ToLower(k), lower))])
			ok = false
		default:
			p.add(kk, "no channel named %s; channels are: %s", describe(k), strings.Join(channelNames, ", "))
			ok = false
		}
	}
	if ok {
		p.sumsToOne(key, sum, "shares of the channels")
	}
	return mix
}

func (p *problems) resolve(key string, r *rawResolve, teamNames []string) *Resolve {
	out := &Resolve{Team: p.teamRef(key+".team", r.Team, teamNames, "resolves these cases")}
	if r.HandleTime == nil {
		p.add(key+".handle_time", "required: the time the work takes, e.g. {dist: lognormal, mean: 15m, cv: 0.6}")
	} else if d, ok := p.dist(key+".handle_time", r.HandleTime); ok {
		if !(d.Mean() > 0) {
			p.add(key+".handle_time", "must have a positive mean: the work takes time")
		}
		out.HandleTime = d
	}
	if r.Outcomes == nil {
		p.add(key+".outcomes", "required: the shares of reship, refund and credit, e.g. {reship: 0.7, refund: 0.3}")
		return out
	}
	ok := true
	for _, o := range []struct {
		name string
		v    any
		to   *float64
	}{{"reship", r.Outcomes.Reship, &out.Reship}, {"refund", r.Outcomes.Refund, &out.Refund}, {"credit", r.Outcomes.Credit, &out.Credit}} {
		if o.v != nil {
			var sOK bool
			*o.to, sOK = p.share(key+".outcomes."+o.name, o.v)
			ok = ok && sOK
		}
	}
	if ok {
		p.sumsToOne(key+".outcomes", out.Reship+out.Refund+out.Credit, "shares of reship, refund and credit")
	}
	return out
}

func (p *problems) customers(cu *Customers, r *rawCustomers, c *Calendar) {
	cu.EffortWeights = sim.DefaultEffortWeights()
	cu.BrokenChase = defaultBrokenChase
	if r == nil {
		return
	}
	if n := r.Notices; n != nil {
		const key = "customers.notices"
		if n.Distrust != nil {
			cu.NoticeDistrust, _ = p.share(key+".distrust", n.Distrust)
		}
		if n.Tolerance != nil {
			if d, ok := p.dist(key+".tolerance", n.Tolerance); ok {
				cu.NoticeTolerance = d
			}
		}
		if n.BrokenChase != nil {
			if f, ok := p.share(key+".broken_chase", n.BrokenChase); ok && f == 0 {
				p.add(key+".broken_chase", "must be above 0: a customer whose notice was broken still waits a little before chasing (1: as long as before)")
			} else {
				cu.BrokenChase = f
			}
		}
	}
	if r.ChaseInterval != nil {
		if d, ok := p.dist("customers.chase_interval", r.ChaseInterval); ok {
			if !(d.Mean() > 0) {
				p.add("customers.chase_interval", "must have a positive mean (leave chase_interval out for customers who never chase)")
			}
			cu.ChaseInterval = d
		}
	}
	if rt := r.Retry; rt != nil {
		const key = "customers.retry"
		if rt.Probability == nil {
			p.add(key+".probability", "required: the chance that a customer whose contact failed tries again, e.g. 0.7")
		} else {
			cu.RetryProbability, _ = p.share(key+".probability", rt.Probability)
		}
		switch {
		case rt.Delay != nil:
			if d, ok := p.dist(key+".delay", rt.Delay); ok {
				if !(d.Mean() > 0) {
					p.add(key+".delay", "must have a positive mean: a customer tries again later")
				}
				cu.RetryDelay = d
			}
		case cu.RetryProbability > 0:
			p.add(key+".delay", "required: the time before the customer tries again, e.g. {dist: exponential, mean: 2h}")
		}
		if rt.Switch != nil {
			cu.SwitchProbability, _ = p.share(key+".switch", rt.Switch)
		}
	}
	if dl := r.Deadline; dl != nil {
		const key = "customers.deadline"
		d, ok := p.requiredDateIn(key+".date", dl.Date, c, "the date by which the case must be resolved, e.g. 2026-12-24")
		if ok {
			cu.Deadline = d
		}
		if dl.Share == nil {
			p.add(key+".share", "required: the share of customers with this deadline, e.g. 0.35")
		} else {
			cu.DeadlineShare, _ = p.share(key+".share", dl.Share)
		}
	}
	if r.ChurnContacts != nil {
		n, _ := p.integer("customers.churn_contacts", r.ChurnContacts, 0, maxChurnContacts, "an integer of 0 or more")
		cu.ChurnContacts = int(n)
	}
	if w := r.EffortWeights; w != nil {
		for _, x := range []struct {
			name string
			v    any
			to   *float64
		}{{"contacts", w.Contacts, &cu.EffortWeights.Contacts}, {"failed", w.Failed, &cu.EffortWeights.Failed}, {"wait_hours", w.WaitHours, &cu.EffortWeights.WaitHours},
			{"reply_wait_days", w.ReplyWaitDays, &cu.EffortWeights.ReplyWaitDays}, {"days_open", w.DaysOpen, &cu.EffortWeights.DaysOpen},
			{"actions", w.Actions, &cu.EffortWeights.Actions}, {"handoffs", w.Handoffs, &cu.EffortWeights.Handoffs}} {
			if x.v != nil {
				*x.to, _ = p.number("customers.effort_weights."+x.name, x.v, 0, maxEffortWeight, "a non-negative number")
			}
		}
	}
}

// defaultBrokenChase is the factor of a customer's chase interval once a
// dated notice has been broken. Assumed: they chase twice as often, as a
// customer who has been let down once watches the date closely.
const defaultBrokenChase = 0.5

// volumes checks that no day of the season has more orders, or more
// contacts on a direct stream, than the bounds allow.
func (p *problems) volumes(s *Scenario, c *Calendar) {
	d := &s.Season.Demand
	peak, peakDay := 0.0, 0
	for day := range c.Days() {
		var orders float64
		if d.Trace != nil {
			for _, x := range d.Trace[24*day : 24*day+24] {
				orders += x
			}
		} else {
			orders = d.OrdersPerDay * d.dayFactor(c, day)
		}
		if orders > peak {
			peak, peakDay = orders, day
		}
	}
	if peak > maxOrdersPerDay {
		p.add("demand", "makes %.0f orders on %s; the most a day may have is %d", peak, c.Date(peakDay), maxOrdersPerDay)
	}
	for i, ch := range s.Channels {
		if ch.PerDay == 0 {
			continue
		}
		sh := ch.Shape
		if sh == nil {
			sh = &d.Shape
		}
		factor := 1.0
		for day := range c.Days() {
			factor = max(factor, sh.dayFactor(c, day))
		}
		if ch.PerDay*factor > maxOrdersPerDay {
			p.add("channels["+strconv.Itoa(i)+"].arrivals.per_day", "makes %.0f contacts on the busiest day of the season; the most a day may have is %d", ch.PerDay*factor, maxOrdersPerDay)
		}
	}
}

// staffed checks that every team someone relies on is at work at some
// hour of the season, and every channel open at some hour.
func (p *problems) staffed(s *Scenario, c *Calendar) {
	needed := map[string]bool{}
	for _, ch := range s.Channels {
		needed[ch.Team] = true
	}
	for _, e := range s.Season.Exceptions {
		if e.Resolve != nil {
			needed[e.Resolve.Team] = true
		}
		for _, st := range e.Workflow {
			if st.Kind == sim.StepWork && st.Team >= 0 && st.Team < len(s.Teams) {
				needed[s.Teams[st.Team].Name] = true
			}
		}
	}
	for i := range s.Teams {
		t := &s.Teams[i]
		if t.Name == "" || !needed[t.Name] || t.Headcount == 0 && t.Shifts == nil {
			continue
		}
		onDuty, _, _ := t.Staffing(c)
		if slices.ContainsFunc(onDuty, func(n int) bool { return n > 0 }) {
			continue
		}
		what := "headcount, headcount_by_date, working_hours"
		if t.Shifts != nil {
			what = "shifts"
		}
		if t.ClosedOn != nil {
			what += ", closed_on"
		}
		p.add("teams["+strconv.Itoa(i)+"]", "has nobody on duty at any hour of the season (%s and shrinkage %v leave nobody)", what, t.Shrinkage)
	}
	for i := range s.Channels {
		if open := s.Channels[i].open(c); open != nil && !slices.Contains(open, true) {
			p.add("channels["+strconv.Itoa(i)+"]", "is open at no hour of the season (opening_hours and closed_on leave none)")
		}
	}
}

func (p *problems) post(key string, r *rawPost, ch *Channel) {
	if r.Transit == nil {
		p.add(key+".transit", "required: the time a letter takes to arrive, e.g. {dist: uniform, min: 1d, max: 3d}")
	} else {
		ch.Transit, _ = p.dist(key+".transit", r.Transit)
	}
	if r.Loss != nil {
		ch.Loss, _ = p.share(key+".loss", r.Loss)
	}
}

// stock checks the product groups.
func (p *problems) stock(f *Fulfilment, raw []rawStockGroup, c *Calendar) {
	const key = "fulfilment.stock"
	switch {
	case raw == nil:
		return
	case len(raw) == 0:
		p.add(key, "must have at least one product group (leave stock out when it never runs out)")
		return
	case len(raw) > maxPromises:
		p.add(key, "must have at most %d product groups, got %d", maxPromises, len(raw))
		return
	}
	seen := map[string]string{}
	sum, ok := 0.0, true
	f.Stock = []StockGroup{}
	for i, r := range raw {
		gk := key + "[" + strconv.Itoa(i) + "]"
		g := StockGroup{Name: p.name(gk+".name", r.Name)}
		p.unique(seen, gk, g.Name, "product group")
		if r.Share == nil {
			p.add(gk+".share", "required: the share of orders for this group, e.g. 0.3")
			ok = false
		} else {
			var sOK bool
			g.Share, sOK = p.share(gk+".share", r.Share)
			ok = ok && sOK
			sum += g.Share
		}
		if r.Initial == nil {
			p.add(gk+".initial", "required: the units in stock at the start, e.g. 50000")
		} else {
			n, _ := p.integer(gk+".initial", r.Initial, 0, maxStock, "an integer of 0 or more")
			g.Initial = int64(n)
		}
		if len(r.Restocks) > maxListItems {
			p.add(gk+".restocks", "must have at most %d deliveries, got %d", maxListItems, len(r.Restocks))
		} else {
			for j, rs := range r.Restocks {
				rk := gk + ".restocks[" + strconv.Itoa(j) + "]"
				d, dOK := p.requiredDateIn(rk+".date", rs.Date, c, "the day the delivery arrives, e.g. 2026-12-07")
				var units uint64
				if rs.Units == nil {
					p.add(rk+".units", "required: the units delivered, e.g. 20000")
				} else {
					units, _ = p.integer(rk+".units", rs.Units, 0, maxStock, "an integer of 0 or more")
				}
				if !dOK {
					continue
				}
				if n := len(g.Restocks); n > 0 && d.number() <= g.Restocks[n-1].Date.number() {
					p.add(rk+".date", "must be after the delivery before it (%s), got %s: deliveries go in date order", g.Restocks[n-1].Date, d)
					continue
				}
				g.Restocks = append(g.Restocks, Restock{Date: d, Units: int64(units)})
			}
		}
		f.Stock = append(f.Stock, g)
	}
	if ok {
		p.sumsToOne(key, sum, "shares of the product groups")
	}
}

// exceptionRefs checks what names an exception or needs one: the late
// orders, the carrier's overflow, and the backorders of the stock.
func (p *problems) exceptionRefs(se *Season) {
	f := &se.Fulfilment
	var late []string
	for _, e := range se.Exceptions {
		if e.Kind == sim.Late && e.Name != "" {
			late = append(late, e.Name)
		}
	}
	if name := f.LateOrders; name != "" && name != NoLateOrders && len(se.Exceptions) > 0 {
		switch {
		case slices.Contains(late, name):
		case len(late) == 0:
			p.add("fulfilment.late_orders", "no exception of kind late, which orders late against their promise become; add one, or write none")
		case closest(name, late) != "":
			p.add("fulfilment.late_orders", "no late exception named %s; did you mean %s?", describe(name), closest(name, late))
		default:
			p.add("fulfilment.late_orders", "no late exception named %s; the late exceptions are: %s (or none)", describe(name), strings.Join(late, ", "))
		}
	}
	if f.StaleTracking.Share > 0 && len(se.Exceptions) > 0 && se.lateOrderException() < 0 {
		p.add("fulfilment.stale_tracking", "needs an exception of kind late for the customers who write in to open (fulfilment.late_orders is none, or there is none)")
	}
	if f.CarrierOverflow != "" && len(se.Exceptions) > 0 {
		switch {
		case slices.Contains(late, f.CarrierOverflow):
		case len(late) == 0:
			p.add("fulfilment.carrier_overflow", "no exception of kind late, which parcels over the carrier's capacity become; add one")
		case closest(f.CarrierOverflow, late) != "":
			p.add("fulfilment.carrier_overflow", "no late exception named %s; did you mean %s?", describe(f.CarrierOverflow), closest(f.CarrierOverflow, late))
		default:
			p.add("fulfilment.carrier_overflow", "no late exception named %s; the late exceptions are: %s", describe(f.CarrierOverflow), strings.Join(late, ", "))
		}
	}
	var backordered []int
	for i, e := range se.Exceptions {
		if e.Kind == sim.Backordered {
			backordered = append(backordered, i)
		}
	}
	switch {
	case len(backordered) > 0 && f.Stock == nil:
		p.add("exceptions["+strconv.Itoa(backordered[0])+"].kind", "backordered needs fulfilment.stock: backorders come from the stock running out")
	case len(backordered) > 1:
		p.add("exceptions["+strconv.Itoa(backordered[1])+"].kind", "only one exception may be of kind backordered; exceptions[%d] is too", backordered[0])
	case len(backordered) == 0 && len(f.Stock) > 0 && len(se.Exceptions) > 0:
		p.add("fulfilment.stock", "needs an exception of kind backordered, which the orders beyond the stock become; add one")
	}
}

// dataErrorRepeat converts the chance that a new parcel repeats an
// exception's data error: 1 (every new parcel, until a step verifies the
// details) unless the file says otherwise.
func (p *problems) dataErrorRepeat(key string, r rawException) float64 {
	if r.DataErrorRepeat == nil {
		return 1
	}
	k := key + ".data_error_repeat"
	f, ok := p.share(k, r.DataErrorRepeat)
	switch {
	case !ok:
	case r.DataError == nil:
		p.add(k, "needs data_error: the chance that the problem comes from wrong order details, which a new parcel may then repeat")
	case f == 0:
		p.add(k, "must be above 0 (1: every new parcel repeats the error); for an error that never repeats, leave data_error out")
	}
	return f
}

// unreachable converts the share of a late exception's parcels whose
// driver could not reach the customer, and the name of the exception they
// become (checked by unreachableRefs once every exception is known).
func (p *problems) unreachable(key string, r rawException, e *Exception, kindOK bool) {
	k := key + ".unreachable"
	switch {
	case kindOK && e.Kind != sim.Late:
		p.add(k, "only for kind late: the driver who changed plans delivers late, or, unable to reach the customer, leaves the parcel somewhere")
	case r.Resolve != nil || r.Workflow != nil:
		p.add(k, "only for a late exception the company does not work on (no resolve or workflow): the case becomes one of unreachable.becomes, which has the company's work")
	}
	u := r.Unreachable
	if u.Share == nil {
		p.add(k+".share", "required: the share of these parcels whose driver could not reach the customer, e.g. 0.4")
	} else {
		e.Unreachable, _ = p.share(k+".share", u.Share)
	}
	switch name, isString := u.Becomes.(string); {
	case u.Becomes == nil:
		p.add(k+".becomes", "required: the name of the exception of kind misdelivered or lost that the parcels left somewhere become")
	case !isString || name == "":
		p.add(k+".becomes", "must be the name of an exception of kind misdelivered or lost, got %s", describe(u.Becomes))
	default:
		e.UnreachableBecomes = name
	}
}

// unreachableRefs checks that each exception's unreachable.becomes names
// an exception of kind misdelivered or lost.
func (p *problems) unreachableRefs(se *Season) {
	var targets []string
	for _, e := range se.Exceptions {
		if (e.Kind == sim.Misdelivered || e.Kind == sim.Lost) && e.Name != "" {
			targets = append(targets, e.Name)
		}
	}
	for i, e := range se.Exceptions {
		name := e.UnreachableBecomes
		if name == "" || slices.Contains(targets, name) {
			continue
		}
		k := "exceptions[" + strconv.Itoa(i) + "].unreachable.becomes"
		switch {
		case len(targets) == 0:
			p.add(k, "no exception of kind misdelivered or lost, which the parcels left somewhere become; add one")
		case closest(name, targets) != "":
			p.add(k, "no misdelivered or lost exception named %s; did you mean %s?", describe(name), closest(name, targets))
		default:
			p.add(k, "no misdelivered or lost exception named %s; they are: %s", describe(name), strings.Join(targets, ", "))
		}
	}
}

// reshipPromise converts the name of the promise an exception's reships
// are sent with: one of the fulfilment's promises.
func (p *problems) reshipPromise(k string, v any, promises []sim.Promise) string {
	var names []string
	for _, pr := range promises {
		if pr.Name != "" {
			names = append(names, pr.Name)
		}
	}
	name, isString := v.(string)
	switch {
	case !isString || name == "":
		p.add(k, "must be the name of a promise of fulfilment.promises, e.g. standard; got %s", describe(v))
	case slices.Contains(names, name), len(names) == 0:
		return name
	case closest(name, names) != "":
		p.add(k, "no promise named %s; did you mean %s?", describe(name), closest(name, names))
	default:
		p.add(k, "no promise named %s; the promises are: %s", describe(name), strings.Join(names, ", "))
	}
	return ""
}
