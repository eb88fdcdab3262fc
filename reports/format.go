package reports

import (
	"math"
	"strconv"
	"strings"
)

// A scale is how the figures of one unit are shown to a person: hours
// become seconds, minutes or days as their size asks, shares percentages.
type scale struct {
	factor float64 // displayed = value × factor
	prefix string  // written before the number: a currency's symbol
	suffix string  // written after the number, with its leading space
	// diffSuffix replaces suffix for a difference of two values, where it
	// differs: a difference of shares is in percentage points.
	diffSuffix string
}

// scaleOf picks the scale for values of unit around magnitude (the largest
// absolute value to show together, so that a mean and its interval share
// a unit).
func scaleOf(unit string, magnitude float64) scale {
	magnitude = math.Abs(magnitude)
	switch unit {
	case "hours":
		switch {
		case magnitude < 1.0/60:
			return scale{factor: 3600, suffix: " s"}
		case magnitude < 1:
			return scale{factor: 60, suffix: " min"}
		case magnitude < 48:
			return scale{factor: 1, suffix: " h"}
		default:
			return scale{factor: 1.0 / 24, suffix: " days"}
		}
	case "days":
		return scale{factor: 1, suffix: " days"}
	case "share":
		return scale{factor: 100, suffix: "%", diffSuffix: " pp"}
	case "currency", "":
		return scale{factor: 1}
	case "contacts/hour":
		return scale{factor: 1, suffix: "/h"}
	}
	if symbol, ok := currencySymbols[unit]; ok {
		return scale{factor: 1, prefix: symbol}
	}
	return scale{factor: 1, suffix: " " + unit}
}

// currencySymbols are the symbols written before an amount for the
// currencies whose symbol no other one shares here; any other ISO 4217
// code is written after the amount ("1,200 CHF").
var currencySymbols = map[string]string{"GBP": "£", "EUR": "€", "USD": "$"}

// isMoney reports whether unit is that of an amount: "currency", or the
// ISO 4217 code a scenario names (currency: GBP).
func isMoney(unit string) bool {
	return unit == "currency" || len(unit) == 3 && !strings.ContainsFunc(unit, func(r rune) bool { return r < 'A' || r > 'Z' })
}

// costAxis names a chart's axis of amounts in unit: "cost (£)".
func costAxis(unit string) string {
	if sc := scaleOf(unit, 1); sc.prefix+sc.suffix != "" {
		return "cost (" + strings.TrimSpace(sc.prefix+sc.suffix) + ")"
	}
	return "cost"
}

// format writes v in the scale with about three significant digits and
// thousands separated.
func (s scale) format(v float64) string {
	if s.prefix != "" && v < 0 {
		return "-" + s.prefix + number(-v*s.factor) + s.suffix
	}
	return s.prefix + number(v*s.factor) + s.suffix
}

// formatDiff writes a difference in the scale, without its sign (the
// words around it say which way it goes).
func (s scale) formatDiff(v float64) string {
	suffix := s.suffix
	if s.diffSuffix != "" {
		suffix = s.diffSuffix
	}
	return s.prefix + number(math.Abs(v)*s.factor) + suffix
}

// display formats one value of a metric of the given unit.
func display(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return scaleOf(unit, v).format(v)
}

// number writes v with about three significant digits: 0.0123, 1.23,
// 12.3, 123 and 12,345 (never more digits than the simulation can
// support, never fewer than the integer part).
func number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	a := math.Abs(v)
	decimals := 0
	switch {
	case a == 0 || a >= 100:
	case a >= 10:
		decimals = 1
	case a >= 1:
		decimals = 2
	default:
		decimals = min(2-int(math.Floor(math.Log10(a))), 6)
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if s == "-0" || strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return groupThousands(s)
}

// groupThousands puts commas between the thousands of the integer part of
// a formatted number.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}
