package scenarios_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
)

// tinyDemand is tiny's demand section, which the trace tests replace.
const tinyDemand = `demand:
  orders_per_day: 1000
  season_curve:
    - {date: 2026-12-20, factor: 1}
    - {date: 2026-12-24, factor: 3, label: Christmas Eve}
  weekday_profile: {mon-fri: 1, sat: 0.5, sun: 2}
  hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
`

// withTrace writes csv to orders.csv in a new directory and returns the
// path of a copy of tiny there whose demand is that trace, with demand
// lines added after the trace line.
func withTrace(t *testing.T, csv, demand string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "orders.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "tiny.yaml")
	if err := os.WriteFile(path, []byte(tinyWith(t, tinyDemand, "demand:\n  trace: orders.csv\n"+demand)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// dailyTrace gives the days of tiny 100, 200, ... 700 orders, with a row
// before and after the season that the loader ignores.
const dailyTrace = `# orders by day, from the shop's database
date,orders
2026-12-20,5
2026-12-21,100
2026-12-22,200
2026-12-23,300
2026-12-24,400
2026-12-25,500
2026-12-26,600
2026-12-27,700
2026-12-28,5
`

func TestDailyTraceIsSpreadByTheHourProfile(t *testing.T) {
	s, err := scenarios.Load(withTrace(t, dailyTrace, "  hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n"))
	if err != nil {
		t.Fatal(err)
	}
	orders := s.Model().Season.OrdersPerHour
	for day := range 7 {
		want := float64(100 * (day + 1))
		if orders[24*day+12] != want/4 || orders[24*day+13] != want*3/4 || orders[24*day+11] != 0 {
			t.Errorf("day %d: %v at 12:00, %v at 13:00; want %v and %v", day, orders[24*day+12], orders[24*day+13], want/4, want*3/4)
		}
	}
	if s.Season.Demand.TraceFile != "orders.csv" {
		t.Errorf("TraceFile %q", s.Season.Demand.TraceFile)
	}
	// A trace does not shape the direct streams: per_day is flat by day,
	// spread by the hour profile over the open hours.
	rate := s.Model().Channels[0].HourlyRate
	if math.Abs(rate[12]-240.0/4) > 1e-9 || math.Abs(rate[13]-240.0*3/4) > 1e-9 {
		t.Errorf("phone at 12:00 and 13:00: %v, %v; want 60 and 180", rate[12], rate[13])
	}
}

func TestHourlyTrace(t *testing.T) {
	var b strings.Builder
	b.WriteString("Hour,Orders\n")
	for day := 21; day <= 27; day++ {
		for h := range 24 {
			sep := " "
			if h%2 == 1 {
				sep = "T"
			}
			b.WriteString("2026-12-" + itoa2(day) + sep + itoa2(h) + ":00," + itoa2(h) + ".5\n")
		}
	}
	s, err := scenarios.Load(withTrace(t, b.String(), ""))
	if err != nil {
		t.Fatal(err)
	}
	orders := s.Model().Season.OrdersPerHour
	if len(orders) != 168 || orders[0] != 0.5 || orders[24+13] != 13.5 || orders[167] != 23.5 {
		t.Errorf("orders %v", orders)
	}
}

func itoa2(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func TestBadTrace(t *testing.T) {
	tests := []struct {
		name, csv, demand string
		want              string // after the trace's path
	}{
		{"no header", "2026-12-21,100\n", "", ":1: the first row must be a header with the columns date (a row a day) or hour (a row an hour), and orders; got \"2026-12-21,100\""},
		{"empty", "", "", ": is empty"},
		{"bad date", strings.Replace(dailyTrace, "2026-12-23,300", "2026-12-32,300", 1), "", ":6: date: not a date: 2026-12-32; write YYYY-MM-DD"},
		{"negative orders", strings.Replace(dailyTrace, "2026-12-23,300", "2026-12-23,-300", 1), "", ":6: orders: must be a number of orders from 0 to 10000000, got -300"},
		{"orders not a number", strings.Replace(dailyTrace, "2026-12-23,300", "2026-12-23,NaN", 1), "", ":6: orders: must be a number of orders from 0 to 10000000, got NaN"},
		{"a day twice", strings.Replace(dailyTrace, "2026-12-23,300", "2026-12-22,300", 1), "", ":6: date: 2026-12-22 is given twice, here and on line 5"},
		{"a missing day", strings.Replace(dailyTrace, "2026-12-23,300\n", "", 1), "", ": has no row for 1 days of the season (2026-12-21 to 2026-12-27): 2026-12-23"},
		{"one field", strings.Replace(dailyTrace, "2026-12-23,300", "2026-12-23", 1), "", ":6: must have at least 2 fields, up to date and orders; got 1"},
		{"a bare quote", strings.Replace(dailyTrace, "2026-12-23,300", `2026-12-23,3"00`, 1), "", `:6: not valid CSV: bare " in non-quoted-field`},
		{"an hour that is not one", "hour,orders\n2026-12-21 25:00,1\n", "", ":2: hour: not a date and hour: \"2026-12-21 25:00\"; write YYYY-MM-DD HH:00"},
		{"an hourly trace with an hour profile", "hour,orders\n2026-12-21 00:00,1\n", "  hour_profile: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n", ": has no row for 167 hours of the season (2026-12-21 to 2026-12-27): 2026-12-21 01:00, 2026-12-21 02:00, 2026-12-21 03:00, 2026-12-21 04:00, 2026-12-21 05:00, …"},
		{"many bad rows", "date,orders\n" + strings.Repeat("x,1\n", 30), "", ": has 31 problems; the first 20 are listed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := withTrace(t, tt.csv, tt.demand)
			_, err := scenarios.Load(path)
			if err == nil {
				t.Fatal("Load accepted it")
			}
			want := filepath.Join(filepath.Dir(path), "orders.csv") + tt.want
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error does not contain\n\t%s\ngot\n\t%s", want, strings.ReplaceAll(err.Error(), "\n", "\n\t"))
			}
			checkNoGoPhrases(t, err.Error(), tt.csv)
		})
	}
	t.Run("an hour profile with an hourly trace", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("hour,orders\n")
		for day := 21; day <= 27; day++ {
			for h := range 24 {
				b.WriteString("2026-12-" + itoa2(day) + " " + itoa2(h) + ":00,1\n")
			}
		}
		_, err := scenarios.Load(withTrace(t, b.String(), "  hour_profile: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"))
		if err == nil || !strings.Contains(err.Error(), "tiny.yaml:10: demand.hour_profile: does not apply with an hourly trace") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("a missing trace", func(t *testing.T) {
		path := withTrace(t, dailyTrace, "")
		os.Remove(filepath.Join(filepath.Dir(path), "orders.csv"))
		_, err := scenarios.Load(path)
		want := "tiny.yaml:9: demand.trace: cannot read the trace " + filepath.Join(filepath.Dir(path), "orders.csv") + ": no such file"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %s", err, want)
		}
	})
	t.Run("a relative trace without a file", func(t *testing.T) {
		in := tinyWith(t, tinyDemand, "demand:\n  trace: orders.csv\n")
		for _, file := range []string{"", "builtin:tiny"} {
			_, err := scenarios.Parse(file, []byte(in))
			if err == nil || !strings.Contains(err.Error(), "demand.trace: orders.csv is a relative path, and this scenario has no file of its own to start from; give an absolute path") {
				t.Errorf("Parse(%q): error %v", file, err)
			}
		}
	})
}

// withTraceLayout is withTrace with demand.trace written out: its file and
// layout.
func withTraceLayout(t *testing.T, csv, trace string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "orders.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "tiny.yaml")
	if err := os.WriteFile(path, []byte(tinyWith(t, tinyDemand, "demand:\n  trace: "+trace+"\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTracesAsPeopleHaveThem: a shop's export, with its own column names
// in any letter case, more columns than peaksim needs, semicolons for
// commas, day-first dates, reads as the plain trace does.
func TestTracesAsPeopleHaveThem(t *testing.T) {
	want, err := scenarios.Load(withTrace(t, dailyTrace, ""))
	if err != nil {
		t.Fatal(err)
	}
	export := func(header, sep string, date func(day int) string) string {
		var b strings.Builder
		b.WriteString(header + "\n")
		for day := 20; day <= 28; day++ {
			orders := 100 * (day - 20)
			if day == 20 || day == 28 {
				orders = 5
			}
			fmt.Fprintf(&b, "%s%s%d%s%d.50\n", date(day), sep, orders, sep, 40*orders)
		}
		return b.String()
	}
	iso := func(day int) string { return fmt.Sprintf("2026-12-%02d", day) }
	dayFirst := func(day int) string { return fmt.Sprintf("%02d/12/2026", day) }
	for _, c := range []struct{ name, csv, trace string }{
		{"named columns and a revenue", export("Date,Orders,Revenue", ",", iso), "orders.csv"},
		{"semicolons", export("DATE;ORDERS;REVENUE", ";", iso), "orders.csv"},
		{"day-first dates and own names", export("Day;Sales;Revenue", ";", dayFirst),
			"{file: orders.csv, date_column: day, orders_column: sales, date_format: DD/MM/YYYY, delimiter: ';'}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := scenarios.Load(withTraceLayout(t, c.csv, c.trace))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Model().Season.OrdersPerHour, want.Model().Season.OrdersPerHour) {
				t.Errorf("orders differ from the plain trace's")
			}
		})
	}
}

func TestBadTraceLayout(t *testing.T) {
	for _, c := range []struct{ name, csv, trace, want string }{
		{"unknown key", dailyTrace, "{file: orders.csv, colum: x}", "demand.trace.colum: unknown key; the keys here are file, date_column, hour_column, orders_column, date_format, delimiter"},
		{"no file", dailyTrace, "{date_format: DD/MM/YYYY}", "demand.trace.file: required"},
		{"a format without the day", dailyTrace, "{file: orders.csv, date_format: MM/YYYY}", "demand.trace.date_format: must name the year, month and day as YYYY, MM and DD"},
		{"a column that is not there", dailyTrace, "{file: orders.csv, orders_column: sales}", "orders.csv:2: the first row must be a header with the columns date (a row a day) or hour (a row an hour), and sales (demand.trace)"},
		{"a date not in the format", strings.Replace(dailyTrace, "2026-12-23", "23.12.2026", 1), "{file: orders.csv, date_column: date, date_format: YYYY-MM-DD}", "orders.csv:6: date: not a date in the trace's date_format: 23.12.2026"},
		{"a bad delimiter", dailyTrace, "{file: orders.csv, delimiter: '|'}", `demand.trace.delimiter: must be ",", ";" or tab, got "|"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := scenarios.Load(withTraceLayout(t, c.csv, c.trace))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

// withChannelTrace writes csv to contacts.csv beside a copy of tiny whose
// phone line's direct stream is arrivals (which names the trace).
func withChannelTrace(t *testing.T, csv, arrivals string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "contacts.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "tiny.yaml")
	if err := os.WriteFile(path, []byte(tinyWith(t, "    arrivals: {per_day: 240}\n", "    arrivals: "+arrivals+"\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDirectContactTrace: a channel's direct stream read from a trace of
// contacts, a row a day, is the same stream as per_day with the day's
// count, spread over the hours the channel is open by the hour profile;
// a row an hour gives every open hour its count; and a trace with the
// stream's other keys, or a bad row, is refused with the file, line and
// column.
func TestDirectContactTrace(t *testing.T) {
	var daily strings.Builder
	daily.WriteString("Date;Contacts;Notes\n")
	for d := 20; d <= 27; d++ {
		fmt.Fprintf(&daily, "2026-12-%d;240;x\n", d)
	}
	flat := "{per_day: 240, season_curve: [{date: 2026-12-20, factor: 1}], weekday_profile: {mon-sun: 1}}"
	want, err := scenarios.Load(withChannelTrace(t, "", flat))
	if err != nil {
		t.Fatal(err)
	}
	got, err := scenarios.Load(withChannelTrace(t, daily.String(), "{trace: {file: contacts.csv, date_column: Date, contacts_column: Contacts}}"))
	if err != nil {
		t.Fatal(err)
	}
	if w, g := want.Model().Channels[0].HourlyRate, got.Model().Channels[0].HourlyRate; !slices.Equal(w, g) {
		t.Errorf("a daily trace of 240 a day is not per_day 240 flat:\n got %v\nwant %v", g[:48], w[:48])
	}

	var hourly strings.Builder
	hourly.WriteString("hour,contacts\n")
	for d := 21; d <= 27; d++ {
		for h := range 24 {
			fmt.Fprintf(&hourly, "2026-12-%d %s:00,%d\n", d, itoa2(h), h)
		}
	}
	s, err := scenarios.Load(withChannelTrace(t, hourly.String(), "{trace: contacts.csv}"))
	if err != nil {
		t.Fatal(err)
	}
	rate := s.Model().Channels[0].HourlyRate
	for h := range 24 {
		want := float64(h)
		if h < 8 || h >= 20 { // Monday 21 December: open 08:00 to 20:00
			want = 0
		}
		if rate[h] != want {
			t.Errorf("hour %d of 21 December: rate %v, want %v", h, rate[h], want)
		}
	}

	for _, c := range []struct{ name, csv, arrivals, want string }{
		{"with per_day", daily.String(), "{trace: contacts.csv, per_day: 100}", "arrivals.per_day: not with trace"},
		{"a bad count", "date,contacts\n2026-12-21,many\n", "{trace: contacts.csv}", "contacts.csv:2: contacts: must be a number of contacts"},
		{"no count column", "date,orders\n2026-12-21,4\n", "{trace: contacts.csv}", "the columns date (a row a day) or hour (a row an hour), and contacts"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := scenarios.Load(withChannelTrace(t, c.csv, c.arrivals))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}
