package fit

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/peaksim/peaksim/scenarios/files"
)

// Contact is one row of a contact log: a contact offered to a channel's
// queue at Arrival, then answered at Answer and handled until End, or
// abandoned at Abandon.
type Contact struct {
	Line     int // the line of the log it came from
	Channel  string
	Customer string // empty when the log does not say who called
	Arrival  time.Time
	Answered bool
	Answer   time.Time
	End      time.Time
	Abandon  time.Time // when not Answered
}

// Wait is how long the contact waited in the queue, in hours: until it was
// answered or abandoned.
func (c *Contact) Wait() float64 {
	if c.Answered {
		return c.Answer.Sub(c.Arrival).Hours()
	}
	return c.Abandon.Sub(c.Arrival).Hours()
}

// Columns names the columns of a log (headers are matched whatever their
// case). Channel, Arrival and one of Answer and Abandon are required.
type Columns struct {
	Channel  string // the channel (or call type) the contact came in on
	Arrival  string // when it joined the queue
	Answer   string // when an agent answered it; empty if it was not
	Abandon  string // when the customer gave up; empty if answered
	End      string // when its handling ended
	Customer string // who made it, to link retries; optional
	// Outcome, when set, says whether a contact was answered or abandoned
	// (answered, abandoned, or the Technion AGENT, HANG, PHANTOM); without
	// it, a contact is answered when its Answer is filled in.
	Outcome string
	// Date, when set, holds the day and the time columns hold times of day
	// (hh:mm:ss); a time earlier than the one before it is on the next day.
	// Without it, the time columns hold date and time (2006-01-02 15:04:05).
	Date string
	// ZeroIsEmpty reads a time of 0:00:00 as not filled in, as the Technion
	// log writes a step a call never reached.
	ZeroIsEmpty bool
	// Anonymous is a Customer value that names nobody (the Technion log's 0).
	Anonymous string
}

// Technion is the layout of the Technion "Anonymous Bank" call-centre log
// (Mandelbaum, Sakov and Zeltyn): vru+line, call_id, customer_id, priority,
// type, date, vru_entry, vru_exit, vru_time, q_start, q_exit, q_time,
// outcome, ser_start, ser_exit, ser_time, server. The channel is the call's
// type (PS, PE, IN, NE, NW, TT); a call answered without queueing has
// q_start 0:00:00 and arrives when it is answered; a call that hung up
// before the queue (in the voice response unit) or a PHANTOM one never
// reached an agent's queue and is skipped.
var Technion = Columns{
	Channel: "type", Arrival: "q_start", Answer: "ser_start", Abandon: "q_exit", End: "ser_exit",
	Customer: "customer_id", Outcome: "outcome", Date: "date", ZeroIsEmpty: true, Anonymous: "0",
}

// Layouts are the named column presets (peaksim fit --layout).
var Layouts = map[string]Columns{"technion": Technion}

// maxErrors is how many bad rows Read reports before it stops: a log with a
// wrong layout is bad on every line, and one screen says so.
const maxErrors = 20

// Log is a contact log as read: its contacts in file order, and how many
// rows were skipped because they never reached a queue.
type Log struct {
	File     string
	Contacts []Contact
	Skipped  int
}

// Read reads the log in r, named file in errors, with the columns cols. The
// delimiter is the header's: a comma, a semicolon or a tab. Every bad row
// is reported (up to 20), each with its line and column.
func Read(r io.Reader, file string, cols Columns) (*Log, error) {
	t, err := files.ReadHeader(r, file, "a header line and a row per contact")
	if err != nil {
		return nil, err
	}
	cr, header, at := t.Reader, t.Header, t.Column
	idx := func(name string, required bool) (int, error) {
		if name == "" {
			if required {
				return -1, errors.New("a required column is not named")
			}
			return -1, nil
		}
		i, ok := at[strings.ToLower(name)]
		if !ok {
			return -1, fmt.Errorf("no column %q in the header (%s)", name, strings.Join(header, ", "))
		}
		return i, nil
	}
	var c struct{ channel, arrival, answer, abandon, end, customer, outcome, date int }
	var errs []error
	for _, f := range []struct {
		dst      *int
		flag     string
		name     string
		required bool
	}{
		{&c.channel, "channel", cols.Channel, true}, {&c.arrival, "arrival", cols.Arrival, true},
		{&c.answer, "answer", cols.Answer, false}, {&c.abandon, "abandon", cols.Abandon, false},
		{&c.end, "end", cols.End, false}, {&c.customer, "customer", cols.Customer, false},
		{&c.outcome, "outcome", cols.Outcome, false}, {&c.date, "date", cols.Date, false},
	} {
		i, err := idx(f.name, f.required)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:1: --%s: %w", file, f.flag, err))
		}
		*f.dst = i
	}
	if len(errs) == 0 && c.answer < 0 && c.abandon < 0 {
		errs = append(errs, fmt.Errorf("%s: name the answer column (--answer) or the abandonment column (--abandon), or both", file))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	log := &Log{File: file}
	var readErr error
	for line, rec := range files.Records(file, cr, &readErr) {
		p := rowParser{file: file, line: line, rec: rec, header: header, cols: cols}
		ct, skip := p.contact(c.channel, c.arrival, c.answer, c.abandon, c.end, c.customer, c.outcome, c.date)
		if len(p.errs) > 0 {
			errs = append(errs, p.errs...)
			if len(errs) >= maxErrors {
				errs = append(errs, fmt.Errorf("%s: stopped after %d problems", file, len(errs)))
				break
			}
			continue
		}
		if skip {
			log.Skipped++
			continue
		}
		log.Contacts = append(log.Contacts, ct)
	}
	if readErr != nil {
		errs = append(errs, readErr)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(log.Contacts) == 0 {
		return nil, fmt.Errorf("%s: no contact that reached a queue (%d rows skipped)", file, log.Skipped)
	}
	return log, nil
}

type rowParser struct {
	file   string
	line   int
	rec    []string
	header []string
	cols   Columns
	errs   []error
}

func (p *rowParser) fail(col int, format string, args ...any) {
	name := ""
	if col >= 0 && col < len(p.header) {
		name = p.header[col]
	}
	p.errs = append(p.errs, &files.CellError{File: p.file, Line: p.line, Column: name, Err: fmt.Errorf(format, args...)})
}

func (p *rowParser) cell(col int) string {
	if col < 0 || col >= len(p.rec) {
		return ""
	}
	return strings.TrimSpace(p.rec[col])
}

// contact reads the row; skip is set for a row that never reached a queue.
func (p *rowParser) contact(channel, arrival, answer, abandon, end, customer, outcome, date int) (Contact, bool) {
	ct := Contact{Line: p.line, Channel: p.cell(channel), Customer: p.cell(customer)}
	if ct.Customer == p.cols.Anonymous && p.cols.Anonymous != "" {
		ct.Customer = ""
	}
	if ct.Channel == "" {
		p.fail(channel, "empty: every contact needs its channel")
	}
	var day time.Time
	if date >= 0 {
		d, err := parseDate(p.cell(date))
		if err != nil {
			p.fail(date, "%v", err)
			return ct, false
		}
		day = d
	}
	// In a log of times of day, each step is after the one before it,
	// crossing midnight if its clock reads earlier.
	prev := time.Time{}
	at := func(col int) (time.Time, bool) {
		v := p.cell(col)
		if v == "" {
			return time.Time{}, false
		}
		if date < 0 {
			t, err := parseTimestamp(v)
			if err != nil {
				p.fail(col, "%v", err)
				return time.Time{}, false
			}
			return t, true
		}
		tod, err := parseClock(v)
		if err != nil {
			p.fail(col, "%v", err)
			return time.Time{}, false
		}
		if tod == 0 && p.cols.ZeroIsEmpty {
			return time.Time{}, false
		}
		t := day.Add(tod)
		for !prev.IsZero() && t.Before(prev) {
			t = t.Add(24 * time.Hour)
		}
		return t, true
	}
	arr, hasArr := at(arrival)
	if hasArr {
		prev = arr
	}
	var answered, decided bool
	if outcome >= 0 {
		switch v := strings.ToUpper(p.cell(outcome)); v {
		case "AGENT", "ANSWERED":
			answered, decided = true, true
		case "HANG", "ABANDONED":
			decided = true
		case "PHANTOM":
			return ct, true
		default:
			p.fail(outcome, "%q: want answered or abandoned (AGENT, HANG or PHANTOM in the Technion layout)", p.cell(outcome))
			return ct, false
		}
	}
	ans, hasAns := at(answer)
	if !decided {
		answered = hasAns
	}
	if answered {
		if !hasAns {
			if len(p.errs) == 0 {
				p.fail(answer, "empty for an answered contact")
			}
			return ct, false
		}
		if !hasArr {
			// Answered at once, without queueing (the Technion log's
			// q_start 0:00:00).
			arr, hasArr = ans, true
		}
		if date < 0 && ans.Before(arr) {
			p.fail(answer, "%s is before the arrival %s", ans.Format(time.DateTime), arr.Format(time.DateTime))
		}
		prev = ans
		ct.Answered, ct.Arrival, ct.Answer = true, arr, ans
		if e, ok := at(end); ok {
			if date < 0 && e.Before(ans) {
				p.fail(end, "%s is before the answer %s", e.Format(time.DateTime), ans.Format(time.DateTime))
			}
			ct.End = e
		}
		return ct, false
	}
	if !hasArr {
		if len(p.errs) > 0 {
			return ct, false
		}
		if p.cols.ZeroIsEmpty {
			return ct, true // hung up before the queue
		}
		p.fail(arrival, "empty: every contact needs its arrival")
		return ct, false
	}
	if abandon < 0 {
		p.fail(answer, "empty, and no abandonment column is named (--abandon): neither answered nor abandoned")
		return ct, false
	}
	ab, ok := at(abandon)
	if !ok {
		if len(p.errs) == 0 {
			p.fail(abandon, "empty for a contact that was not answered")
		}
		return ct, false
	}
	if date < 0 && ab.Before(arr) {
		p.fail(abandon, "%s is before the arrival %s", ab.Format(time.DateTime), arr.Format(time.DateTime))
	}
	ct.Arrival, ct.Abandon = arr, ab
	return ct, false
}

// parseDate reads a day as 2006-01-02 or as the Technion log's six digits,
// yymmdd.
func parseDate(v string) (time.Time, error) {
	if len(v) == 6 && strings.Trim(v, "0123456789") == "" {
		if t, err := time.Parse("060102", v); err == nil {
			return t, nil
		}
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: not a date (want 2006-01-02, or yymmdd)", v)
	}
	return t, nil
}

// parseClock reads a time of day, h:mm:ss or hh:mm, as a duration since
// midnight.
func parseClock(v string) (time.Duration, error) {
	parts := strings.Split(v, ":")
	bad := fmt.Errorf("%q: not a time of day (want hh:mm:ss)", v)
	if len(parts) < 2 || len(parts) > 3 {
		return 0, bad
	}
	var n [3]int
	for i, s := range parts {
		k, err := strconv.Atoi(s)
		if err != nil || k < 0 || (i > 0 && (k > 59 || len(s) != 2)) || (i == 0 && k > 23) {
			return 0, bad
		}
		n[i] = k
	}
	return time.Duration(n[0])*time.Hour + time.Duration(n[1])*time.Minute + time.Duration(n[2])*time.Second, nil
}

// timestampLayouts are the date-and-time forms a log's time columns may take.
var timestampLayouts = []string{time.DateTime, "2006-01-02T15:04:05", time.RFC3339, "2006-01-02 15:04"}

// parseTimestamp reads a date and time; a time zone, when given, is kept
// and its wall clock is what weekdays and hours are counted by.
func parseTimestamp(v string) (time.Time, error) {
	for _, l := range timestampLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: not a date and time (want 2006-01-02 15:04:05, or give --date for a column of days)", v)
}
