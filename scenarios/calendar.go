package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones work on machines without a zoneinfo database
)

// Date is a day of the calendar: a local date, without a time of day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String returns the date as YYYY-MM-DD, the form scenario files use.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.midnight().Weekday() }

// AddDays returns the date n days after d (before, for a negative n).
func (d Date) AddDays(n int) Date { return dateOf(d.midnight().AddDate(0, 0, n)) }

// IsZero reports whether d is the zero Date, which stands for no date.
func (d Date) IsZero() bool { return d == Date{} }

// midnight is d at midnight UTC: date arithmetic in UTC never meets a
// daylight-saving change.
func (d Date) midnight() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// number is the number of days from 1970-01-01 to d.
func (d Date) number() int { return int(d.midnight().Unix() / 86400) }

func dateOf(t time.Time) Date {
	y, m, day := t.Date()
	return Date{y, m, day}
}

// Calendar is the span of a season and the zone of its dates and times.
//
// Hour h of the run is local wall-clock time: day h/24 of the season
// (counting from 0 at Start), hour h%24 of that day. Every day has 24 hours
// of model time, daylight-saving changes included (see Time).
type Calendar struct {
	// Start and End are the first and the last day of the season.
	Start, End Date
	// Location is the time zone of every date and time of day in the
	// scenario.
	Location *time.Location
	// CarrierHolidays are the days the carrier neither collects nor
	// delivers, sorted.
	CarrierHolidays []Date
}

// Days returns the number of days of the season, Start and End included.
func (c *Calendar) Days() int { return c.End.number() - c.Start.number() + 1 }

// Day returns the index of d in the season: 0 for Start, Days()-1 for End,
// and outside that range for dates outside the season.
func (c *Calendar) Day(d Date) int { return d.number() - c.Start.number() }

// Date returns the date of day index day of the season.
func (c *Calendar) Date(day int) Date { return c.Start.AddDays(day) }

// Time returns the instant of model hour h: the local wall-clock time h%24
// hours after midnight on day h/24. On the day clocks go forward, the hour
// that the clocks skip is still simulated and Time gives it an instant
// nearby; on the day they go back, the repeated hour is simulated once.
func (c *Calendar) Time(h float64) time.Time {
	day := math.Floor(h / 24)
	d := c.Date(int(day))
	ns := int((h - 24*day) * float64(time.Hour))
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, ns, c.Location)
}

// Week is a weekly timetable: Week[time.Weekday][hour] is true in the hours
// it covers (a team at work, a channel open).
type Week [7][24]bool

// allWeek is the Week of every hour.
func allWeek() Week {
	var w Week
	for d := range w {
		for h := range w[d] {
			w[d][h] = true
		}
	}
	return w
}

// weekdayNames are the names of the days in a scenario file, in the order
// of a range (mon-fri): the week starts on Monday.
var weekdayNames = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// weekdayOf converts an index of weekdayNames to a time.Weekday.
func weekdayOf(i int) time.Weekday { return time.Weekday((i + 1) % 7) }

const weekdayRule = "mon, tue, wed, thu, fri, sat, sun, or a range such as mon-fri"

// weekdaySpec reads a day or a range of days ("mon", "sat-sun") and returns
// the days it covers, as indices of weekdayNames.
func weekdaySpec(s string) ([]int, error) {
	from, to, isRange := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "-")
	i, err := weekdayIndex(from, s)
	if err != nil {
		return nil, err
	}
	j := i
	if isRange {
		if j, err = weekdayIndex(to, s); err != nil {
			return nil, err
		}
		if j < i {
			return nil, fmt.Errorf("the range %s runs backwards: the week runs from mon to sun; split it, e.g. %s-sun and mon-%s", show(s), from, to)
		}
	}
	days := make([]int, 0, j-i+1)
	for k := i; k <= j; k++ {
		days = append(days, k)
	}
	return days, nil
}

func weekdayIndex(name, spec string) (int, error) {
	if i := slices.Index(weekdayNames[:], name); i >= 0 {
		return i, nil
	}
	hint := ""
	for _, n := range weekdayNames {
		if len(name) > 3 && strings.HasPrefix(name, n) {
			hint = " (did you mean " + n + "?)"
		}
	}
	if hint == "" {
		if s := closest(name, weekdayNames[:]); s != "" {
			hint = " (did you mean " + s + "?)"
		}
	}
	return 0, fmt.Errorf("unknown weekday %s%s; write %s", show(spec), hint, weekdayRule)
}

// timeOfDay reads a whole hour written "HH:MM" ("08:00", "9:00", "24:00")
// and returns the hour, 0 to 24.
func timeOfDay(s string) (int, error) {
	hh, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	switch {
	case !ok || errH != nil || errM != nil || len(hh) < 1 || len(hh) > 2 || len(mm) != 2 || strings.ContainsAny(hh+mm, "+-"):
		return 0, fmt.Errorf("not a time of day: %s; write HH:MM, e.g. 08:00 or 17:00", show(s))
	case h > 24 || m > 59 || h == 24 && m > 0:
		return 0, fmt.Errorf("not a time of day: %s; hours run from 00:00 to 24:00", show(s))
	case m != 0:
		return 0, fmt.Errorf("must be on the hour, e.g. %02d:00, got %s: the season works in whole hours", h, show(s))
	}
	return h, nil
}

// hoursSpec reads a day's hours: "08:00-20:00" (from included, to
// excluded) or "closed".
func hoursSpec(s string) (from, to int, err error) {
	if strings.EqualFold(strings.TrimSpace(s), "closed") {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("must be hours such as 08:00-20:00, or closed; got %s", show(s))
	}
	if from, err = timeOfDay(a); err != nil {
		return 0, 0, err
	}
	if to, err = timeOfDay(b); err != nil {
		return 0, 0, err
	}
	if from >= to {
		return 0, 0, fmt.Errorf("must end after it starts, got %s (hours cannot run past midnight; 24:00 is the end of the day)", show(s))
	}
	return from, to, nil
}
