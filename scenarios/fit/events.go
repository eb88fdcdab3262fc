package fit

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/peaksim/peaksim/scenarios/files"
)

// EventsLayout names the layout of peaksim's own flat event log (peaksim
// run --events, docs/events.md), which ReadEvents reads: so a simulated
// season is fitted as a real log is.
const EventsLayout = "peaksim-events"

// ReadEvents reads a flat event log in peaksim's layout (a row per event,
// with the columns case_id, activity, timestamp, channel and contact_id;
// any others are ignored) and gathers each contact's rows into a Contact:
// offered, then answered and handled, or abandoned. The customer of a
// contact about a case is its case, so that a retry is linked to the
// contact before it.
//
// A contact that never waited in a queue for an answer is skipped, as
// Read skips a call that never reached one: one turned away by a full
// queue, one taken by a channel that never answers, and one still waiting
// when the log ends. So is a caller who took a call back (their wait in
// the first queue ended neither way).
func ReadEvents(r io.Reader, file string) (*Log, error) {
	t, err := files.ReadHeader(r, file, "peaksim's event log, with a header line (docs/events.md)")
	if err != nil {
		return nil, err
	}
	cr, header, col := t.Reader, t.Header, t.Column
	var idx [5]int
	var errs []error
	for i, name := range []string{"case_id", "activity", "timestamp", "channel", "contact_id"} {
		j, ok := col[name]
		if !ok {
			errs = append(errs, fmt.Errorf("%s:1: no column %q: not peaksim's event log (its header is case_id,activity,timestamp,...; docs/events.md)", file, name))
		}
		idx[i] = j
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	caseCol, activityCol, timeCol, channelCol, contactCol := idx[0], idx[1], idx[2], idx[3], idx[4]

	type pending struct {
		Contact
		done, skip bool
	}
	var contacts []*pending
	open := map[string]*pending{}
	log := &Log{File: file}
	fail := func(line, c int, format string, args ...any) {
		errs = append(errs, &files.CellError{File: file, Line: line, Column: header[c], Err: fmt.Errorf(format, args...)})
	}
	var readErr error
	for line, rec := range files.Records(file, cr, &readErr) {
		if len(errs) >= maxErrors {
			break
		}
		cell := func(c int) string { return files.Cell(rec, c) }
		id, activity := cell(contactCol), cell(activityCol)
		if id == "" || !strings.HasPrefix(activity, "contact ") && activity != "callback accepted" {
			continue // not a contact's event: the case's, its parcel's
		}
		at, err := time.Parse(time.RFC3339, cell(timeCol))
		if err != nil {
			fail(line, timeCol, "%q: not a date and time (want ISO 8601, as peaksim writes it: 2026-12-07T09:00:00.000Z)", cell(timeCol))
			continue
		}
		c := open[id]
		if activity == "contact offered" {
			if c != nil {
				fail(line, contactCol, "%s offered twice", id)
				continue
			}
			c = &pending{Contact: Contact{Line: line, Channel: cell(channelCol), Arrival: at}}
			if k := cell(caseCol); strings.HasPrefix(k, "case-") {
				c.Customer = k
			}
			if c.Channel == "" {
				fail(line, channelCol, "empty: every contact needs its channel")
			}
			open[id] = c
			contacts = append(contacts, c)
			continue
		}
		if c == nil {
			fail(line, activityCol, "%s of %s, which was not offered before it", activity, id)
			continue
		}
		if c.skip {
			// A caller who took a call back: their wait on the callback
			// channel follows, and ends the contact's rows.
			if activity == "contact handled" || activity == "contact abandoned" {
				delete(open, id)
			}
			continue
		}
		if at.Before(c.Arrival) {
			fail(line, timeCol, "%s is before %s was offered, at %s", cell(timeCol), id, c.Arrival.Format(time.RFC3339))
			continue
		}
		switch activity {
		case "contact answered":
			c.Answered, c.Answer = true, at
		case "contact handled":
			c.End, c.done = at, true
		case "contact abandoned":
			c.Abandon, c.done = at, true
		case "contact rejected", "contact never answered", "callback accepted":
			c.skip = true
		default:
			fail(line, activityCol, "%q: not an activity of a contact in peaksim's event log (docs/events.md)", activity)
			continue
		}
		if c.done || c.skip && activity != "callback accepted" {
			delete(open, id) // its rows are all read
		}
	}
	if readErr != nil {
		errs = append(errs, readErr)
	}
	if len(errs) >= maxErrors {
		errs = append(errs, fmt.Errorf("%s: stopped after %d problems", file, len(errs)))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, c := range contacts {
		// A contact answered but not yet handled when the log ends has no
		// handle time; fit counts it among the dropped.
		if c.skip || !c.done && !c.Answered {
			log.Skipped++
			continue
		}
		log.Contacts = append(log.Contacts, c.Contact)
	}
	if len(log.Contacts) == 0 {
		return nil, fmt.Errorf("%s: no contact that waited for an answer (%d skipped)", file, log.Skipped)
	}
	return log, nil
}
