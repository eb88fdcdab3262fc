package scenarios

import (
	"fmt"
	"strconv"
	"strings"
)

const (
	// maxHours is the longest duration a scenario may give: 100 years of
	// 365.25 days. Anything longer is a typo, and it keeps every time the
	// engine handles far from the range where float64 hours lose precision.
	maxHours = 100 * 365.25 * 24
	// maxRate is the highest arrival rate, per hour, a scenario may give.
	maxRate = 1e9
)

const (
	durationExamples = "e.g. 90s, 5m, 2h or 3d"
	rateExamples     = "e.g. 45/h, 1200/d or 0.75/m"
	unitList         = "s, m, h, d and w"
)

// ParseDuration reads a duration such as "90s", "5m", "1.5h", "3d", "1w" or
// the compound "1h30m" (the sum of its parts) and returns it in hours. The
// units are s, m, h, d (24 h) and w (7 d); "0" is the only duration without
// a unit. Negative durations and durations over 100 years are errors.
func ParseDuration(s string) (hours float64, err error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("empty duration; write a number and a unit, %s", durationExamples)
	}
	if t[0] == '-' {
		return 0, fmt.Errorf("must not be negative, got %s", show(s))
	}
	for rest := t; rest != ""; {
		num, afterNum := leadingNumber(rest)
		if num == "" {
			return 0, fmt.Errorf("not a duration: %s; write a number and a unit, %s, or a compound such as 1h30m", show(s), durationExamples)
		}
		v, _ := strconv.ParseFloat(num, 64) // a range error gives ±Inf, which the bound below rejects
		unit, afterUnit := leadingUnit(afterNum)
		if unit == "" {
			if num == t && v == 0 {
				return 0, nil
			}
			return 0, fmt.Errorf("duration needs a unit, %s; got %s", durationExamples, show(s))
		}
		h, ok := inHours(v, unit)
		if !ok {
			return 0, fmt.Errorf("unknown unit %q in %s; the units are %s", unit, show(s), unitList)
		}
		hours += h
		if !(hours <= maxHours) {
			return 0, fmt.Errorf("must be at most 100 years (36525d), got %s", show(s))
		}
		rest = afterUnit
	}
	return hours, nil
}

// ParseRate reads an arrival rate such as "45/h", "1200/d", "0.75/m", "3/s"
// or "100/w" and returns it per hour. A rate must be positive and at most a
// billion per hour.
func ParseRate(s string) (perHour float64, err error) {
	t := strings.TrimSpace(s)
	num, unit, found := strings.Cut(t, "/")
	sign := ""
	if strings.HasPrefix(num, "-") {
		sign, num = "-", num[1:]
	}
	n, afterNum := leadingNumber(num)
	if n == "" || afterNum != "" {
		return 0, fmt.Errorf("not a rate: %s; write a number, a slash and a unit, %s", show(s), rateExamples)
	}
	if !found {
		return 0, fmt.Errorf("rate needs a unit, %s; got %s", rateExamples, show(s))
	}
	v, _ := strconv.ParseFloat(n, 64) // a range error gives +Inf, which the bound below rejects
	perHour, ok := ratePerHour(v, unit)
	if !ok {
		return 0, fmt.Errorf("unknown unit %q in %s; the units are %s", unit, show(s), unitList)
	}
	// perHour can be 0 for a v that is not: a tiny rate per week underflows.
	if sign != "" || perHour == 0 {
		return 0, fmt.Errorf("must be positive, got %s", show(s))
	}
	if !(perHour <= maxRate) {
		return 0, fmt.Errorf("must be at most a billion per hour (1000000000/h), got %s", show(s))
	}
	return perHour, nil
}

// inHours converts v units to hours. Each unit is one multiplication or
// division, so "90s" is exactly 90/3600 and "2h" exactly 2.
func inHours(v float64, unit string) (float64, bool) {
	switch unit {
	case "s":
		return v / 3600, true
	case "m":
		return v / 60, true
	case "h":
		return v, true
	case "d":
		return v * 24, true
	case "w":
		return v * 168, true
	}
	return 0, false
}

// ratePerHour converts v per unit to per hour, with one multiplication or
// division like inHours, so that "3/s" is exactly 10800/h.
func ratePerHour(v float64, unit string) (float64, bool) {
	switch unit {
	case "s":
		return v * 3600, true
	case "m":
		return v * 60, true
	case "h":
		return v, true
	case "d":
		return v / 24, true
	case "w":
		return v / 168, true
	}
	return 0, false
}

// leadingNumber splits s after its leading unsigned decimal number (digits
// with at most one point, at least one digit), which is "" if s does not
// start with one.
func leadingNumber(s string) (num, rest string) {
	i, digits := 0, 0
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return "", s
	}
	return s[:i], s[i:]
}

// leadingUnit splits s after its leading unit: everything up to the next
// number.
func leadingUnit(s string) (unit, rest string) {
	i := 0
	for i < len(s) && !isDigit(s[i]) && s[i] != '.' {
		i++
	}
	return s[:i], s[i:]
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
