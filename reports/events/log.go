package events

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/peaksim/peaksim/sim"
)

// Clock converts the simulation's hours since the start of a run to
// instants: for a season, its calendar's (scenarios.Calendar.Time).
type Clock func(hours float64) time.Time

// Epoch is the clock of a contact centre, which has no calendar: hour 0 is
// 1970-01-01T00:00:00Z, so a timestamp reads as the time since the start.
func Epoch(hours float64) time.Time {
	return time.Unix(0, 0).UTC().Add(time.Duration(hours * float64(time.Hour)))
}

// timeLayout is ISO 8601 (RFC 3339) to the millisecond, with the zone's
// offset: what OCEL's date-time and pm4py's timestamp parsing read.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// Columns are the flat CSV log's columns, in order (docs/events.md).
var Columns = []string{"case_id", "activity", "timestamp", "resource", "channel", "order_id", "parcel_id", "contact_id", "exception", "step", "outcome", "event_id"}

// Files are where a Log writes: OCEL gets the OCEL 2.0 JSON log, CSV the
// flat log (nil: none), and Spool holds the objects until the events are
// written (see the package comment); a temporary file, emptied by nobody
// but the Log.
type Files struct {
	OCEL  io.Writer
	CSV   io.Writer
	Spool io.ReadWriteSeeker
}

// A Log writes the journeys of one replication of a model as they happen:
// it is the sim.Journal of that replication. Writing errors are kept, and
// the first is returned by Close.
type Log struct {
	model           *sim.Model
	clock           Clock
	ocel, csv       *bufio.Writer
	spool           *bufio.Writer
	spoolFile       io.ReadWriteSeeker
	err             error
	events, objects int64
	closed          bool
	values          bool // the season's orders have values
	buf, row        []byte
}

// bufferSize is each output's buffer: large enough that the writes to the
// files are few, small enough not to count.
const bufferSize = 256 << 10

// New starts the logs of a replication of m, whose hours clock converts to
// instants, in f.
func New(m *sim.Model, clock Clock, f Files) (*Log, error) {
	if f.OCEL == nil || f.Spool == nil {
		return nil, errors.New("events: an OCEL log needs its writer and a spool")
	}
	l := &Log{model: m, clock: clock, ocel: bufio.NewWriterSize(f.OCEL, bufferSize),
		spool: bufio.NewWriterSize(f.Spool, bufferSize), spoolFile: f.Spool}
	if f.CSV != nil {
		l.csv = bufio.NewWriterSize(f.CSV, bufferSize)
	}
	if s := m.Season; s != nil && s.OrderValue.Kind != sim.NoDist {
		l.values = true
	}
	l.header()
	for i := range m.Teams {
		b := l.startObject("team", teamID(nil, m.Teams[i].Name))
		l.endObject(b)
	}
	return l, l.err
}

// Events counts the events written so far.
func (l *Log) Events() int64 { return l.events }

// Objects counts the objects written so far.
func (l *Log) Objects() int64 { return l.objects }

// attr is an attribute of an event or object type.
type attr struct{ name, kind string }

// objectTypes are OCEL's object types and their attributes; eventTypes
// the attributes of each activity's events.
var objectTypes = []struct {
	name  string
	attrs []attr
}{
	{"order", []attr{{"promise", "string"}, {"value", "float"}}},
	{"case", []attr{{"exception", "string"}}},
	{"parcel", []attr{{"shipment", "string"}}},
	{"contact", []attr{{"channel", "string"}}},
	{"team", nil},
}

func eventAttrs(a sim.Activity) []attr {
	switch a {
	case sim.OrderPlaced:
		return []attr{{"promise", "string"}, {"value", "float"}}
	case sim.Dispatched:
		return []attr{{"shipment", "string"}}
	case sim.ExceptionFound:
		return []attr{{"exception", "string"}}
	case sim.ContactOffered, sim.ContactAnswered, sim.ContactHandled, sim.ContactAbandoned,
		sim.ContactRejected, sim.ContactUnanswered, sim.CallbackAccepted:
		return []attr{{"channel", "string"}}
	case sim.Handoff, sim.TaskStarted, sim.TaskDone, sim.FormReturned:
		return []attr{{"step", "string"}}
	case sim.FormSent:
		return []attr{{"step", "string"}, {"again", "boolean"}}
	case sim.NoticeSent:
		return []attr{{"step", "string"}, {"promised", "time"}}
	case sim.Resolved:
		return []attr{{"outcome", "string"}}
	}
	return nil
}

func appendTypes(b []byte, name string, attrs []attr) []byte {
	b = append(b, `{"name":`...)
	b = appendString(b, name)
	b = append(b, `,"attributes":[`...)
	for i, a := range attrs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendString(b, a.name)
		b = append(b, `,"type":`...)
		b = appendString(b, a.kind)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// header writes the types, which are known before anything happens, and
// opens the events; and the CSV's header.
func (l *Log) header() {
	b := append(l.buf[:0], `{"objectTypes":[`...)
	for i, t := range objectTypes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n"...)
		b = appendTypes(b, t.name, t.attrs)
	}
	b = append(b, "],\n\"eventTypes\":["...)
	for i, a := range sim.Activities() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n"...)
		b = appendTypes(b, a.String(), eventAttrs(a))
	}
	b = append(b, "],\n\"events\":["...)
	l.write(l.ocel, b)
	if l.csv != nil {
		r := l.row[:0]
		for i, c := range Columns {
			if i > 0 {
				r = append(r, ',')
			}
			r = append(r, c...)
		}
		l.write(l.csv, append(r, '\n'))
		l.row = r
	}
	l.buf = b
}

func (l *Log) write(w *bufio.Writer, b []byte) {
	if l.err == nil {
		_, l.err = w.Write(b)
	}
}

// Record writes entry e: the objects it creates, its event, and its row.
func (l *Log) Record(e sim.Entry) {
	if l.err != nil || l.closed {
		return
	}
	t := l.clock(e.T)
	switch e.Activity {
	case sim.OrderPlaced:
		l.order(e, t)
	case sim.Dispatched:
		l.parcel(e, t)
	case sim.ContactOffered:
		l.contact(e, t)
	}
	l.event(e, t)
	if l.csv != nil {
		l.csvRow(e, t)
	}
}

// The object ids: order-N, case-N, parcel-N-K, contact-N, team-NAME.
func orderID(b []byte, n int64) []byte { return strconv.AppendInt(append(b, "order-"...), n, 10) }
func caseID(b []byte, n int64) []byte  { return strconv.AppendInt(append(b, "case-"...), n, 10) }
func contactID(b []byte, n int64) []byte {
	return strconv.AppendInt(append(b, "contact-"...), n, 10)
}
func parcelID(b []byte, n int64, k int32) []byte {
	b = strconv.AppendInt(append(b, "parcel-"...), n, 10)
	return strconv.AppendInt(append(b, '-'), int64(k), 10)
}
func teamID(b []byte, name string) []byte { return append(append(b, "team-"...), name...) }

// startObject begins an object of type kind with id; endObject ends it,
// with the attributes and relationships added between.
func (l *Log) startObject(kind string, id []byte) []byte {
	b := l.buf[:0]
	if l.objects > 0 {
		b = append(b, ',')
	}
	l.objects++
	b = append(b, "\n{\"id\":"...)
	b = appendString(b, id)
	b = append(b, `,"type":`...)
	b = appendString(b, kind)
	return b
}

func (l *Log) endObject(b []byte) {
	l.write(l.spool, append(b, '}'))
	l.buf = b
}

// objectAttrs adds an object's attributes, each valid from t; values
// alternate names and values.
func objectAttrs(b []byte, t time.Time, values ...string) []byte {
	b = append(b, `,"attributes":[`...)
	for i := 0; i < len(values); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendString(b, values[i])
		b = append(b, `,"value":`...)
		b = appendString(b, values[i+1])
		b = append(b, `,"time":"`...)
		b = t.AppendFormat(b, timeLayout)
		b = append(b, `"}`...)
	}
	return append(b, ']')
}

// relation adds a relationship to the object with id, qualified.
func relation(b []byte, first bool, id []byte, qualifier string) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, `{"objectId":`...)
	b = appendString(b, id)
	b = append(b, `,"qualifier":`...)
	b = appendString(b, qualifier)
	return append(b, '}')
}

func (l *Log) order(e sim.Entry, t time.Time) {
	var id [32]byte
	b := l.startObject("order", orderID(id[:0], e.Case))
	attrs := []string{"promise", l.promise(e.Promise)}
	if l.values {
		attrs = append(attrs, "value", strconv.FormatFloat(e.Value, 'g', -1, 64))
	}
	b = objectAttrs(b, t, attrs...)
	l.endObject(b)

	b = l.startObject("case", caseID(id[:0], e.Case))
	b = objectAttrs(b, t, "exception", l.exception(e.Exception))
	b = append(b, `,"relationships":[`...)
	b = relation(b, true, orderID(id[:0], e.Case), "order")
	l.endObject(append(b, ']'))
}

func (l *Log) parcel(e sim.Entry, t time.Time) {
	var id [48]byte
	b := l.startObject("parcel", parcelID(id[:0], e.Case, e.Parcel))
	b = objectAttrs(b, t, "shipment", shipment(e))
	b = append(b, `,"relationships":[`...)
	b = relation(b, true, orderID(id[:0], e.Case), "order")
	b = relation(b, false, caseID(id[:0], e.Case), "case")
	l.endObject(append(b, ']'))
}

func (l *Log) contact(e sim.Entry, t time.Time) {
	var id [32]byte
	b := l.startObject("contact", contactID(id[:0], e.Contact))
	b = objectAttrs(b, t, "channel", l.channel(e.Channel))
	if e.Case > 0 {
		b = append(b, `,"relationships":[`...)
		b = relation(b, true, caseID(id[:0], e.Case), "case")
		b = append(b, ']')
	}
	l.endObject(b)
}

// shipment says what parcel a Dispatched entry sends: the order's own, a
// replacement through the warehouse, or one by courier.
func shipment(e sim.Entry) string {
	switch {
	case e.Courier:
		return "courier"
	case e.Parcel <= 1:
		return "order"
	}
	return "replacement"
}

func (l *Log) channel(i int32) string {
	if i < 0 {
		return ""
	}
	return l.model.Channels[i].Name
}

func (l *Log) team(i int32) string {
	if i < 0 {
		return ""
	}
	return l.model.Teams[i].Name
}

func (l *Log) exception(i int32) string {
	if i < 0 || l.model.Season == nil {
		return ""
	}
	return l.model.Season.Exceptions[i].Name
}

func (l *Log) promise(i int32) string {
	if i < 0 || l.model.Season == nil {
		return ""
	}
	return l.model.Season.Promises[i].Name
}

// eventAttr adds an event's attribute.
func eventAttr(b []byte, first bool, name, value string) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, `{"name":`...)
	b = appendString(b, name)
	b = append(b, `,"value":`...)
	b = appendString(b, value)
	return append(b, '}')
}

func (l *Log) event(e sim.Entry, t time.Time) {
	b := l.buf[:0]
	if l.events > 0 {
		b = append(b, ',')
	}
	l.events++
	b = append(b, "\n{\"id\":\"e"...)
	b = strconv.AppendInt(b, l.events, 10)
	b = append(b, `","type":`...)
	b = appendString(b, e.Activity.String())
	b = append(b, `,"time":"`...)
	b = t.AppendFormat(b, timeLayout)
	b = append(b, `","attributes":[`...)
	switch e.Activity {
	case sim.OrderPlaced:
		b = eventAttr(b, true, "promise", l.promise(e.Promise))
		if l.values {
			b = eventAttr(b, false, "value", strconv.FormatFloat(e.Value, 'g', -1, 64))
		}
	case sim.Dispatched:
		b = eventAttr(b, true, "shipment", shipment(e))
	case sim.ExceptionFound:
		b = eventAttr(b, true, "exception", l.exception(e.Exception))
	case sim.ContactOffered, sim.ContactAnswered, sim.ContactHandled, sim.ContactAbandoned,
		sim.ContactRejected, sim.ContactUnanswered, sim.CallbackAccepted:
		b = eventAttr(b, true, "channel", l.channel(e.Channel))
	case sim.Handoff, sim.TaskStarted, sim.TaskDone, sim.FormReturned:
		b = eventAttr(b, true, "step", e.Step)
	case sim.FormSent:
		b = eventAttr(b, true, "step", e.Step)
		b = eventAttr(b, false, "again", strconv.FormatBool(e.Again))
	case sim.NoticeSent:
		b = eventAttr(b, true, "step", e.Step)
		if e.Due > 0 {
			b = eventAttr(b, false, "promised", l.clock(e.Due).Format(timeLayout))
		}
	case sim.Resolved:
		b = eventAttr(b, true, "outcome", e.Outcome.String())
	}
	b = append(b, `],"relationships":[`...)
	var id [48]byte
	n := len(b) // nothing related yet while len(b) == n
	if e.Case > 0 {
		b = relation(b, len(b) == n, caseID(id[:0], e.Case), "case")
	}
	switch {
	case e.Activity == sim.OrderPlaced:
		b = relation(b, len(b) == n, orderID(id[:0], e.Case), "order")
	case e.Parcel > 0 && parcelEvent(e.Activity):
		b = relation(b, len(b) == n, parcelID(id[:0], e.Case, e.Parcel), "parcel")
	}
	if e.Contact > 0 {
		b = relation(b, len(b) == n, contactID(id[:0], e.Contact), "contact")
	}
	if e.Team >= 0 {
		b = relation(b, len(b) == n, teamID(id[:0], l.team(e.Team)), "team")
	}
	b = append(b, "]}"...)
	l.write(l.ocel, b)
	l.buf = b
}

// parcelEvent reports whether an event of activity a concerns the case's
// current parcel.
func parcelEvent(a sim.Activity) bool {
	return a == sim.Dispatched || a == sim.Delivered || a == sim.ExceptionFound
}

// csvRow writes e's row of the flat log. Every event concerns one case (a
// contact without one is its own case), so an event is one row.
func (l *Log) csvRow(e sim.Entry, t time.Time) {
	r := l.row[:0]
	switch {
	case e.Case > 0:
		r = caseID(r, e.Case)
	default:
		r = contactID(r, e.Contact)
	}
	r = append(r, ',')
	r = appendField(r, e.Activity.String())
	r = append(r, ',')
	r = t.AppendFormat(r, timeLayout)
	r = append(r, ',')
	r = appendField(r, l.team(e.Team))
	r = append(r, ',')
	r = appendField(r, l.channel(e.Channel))
	r = append(r, ',')
	if e.Case > 0 {
		r = orderID(r, e.Case)
	}
	r = append(r, ',')
	if e.Parcel > 0 && parcelEvent(e.Activity) {
		r = parcelID(r, e.Case, e.Parcel)
	}
	r = append(r, ',')
	if e.Contact > 0 {
		r = contactID(r, e.Contact)
	}
	r = append(r, ',')
	if e.Activity == sim.ExceptionFound {
		r = appendField(r, l.exception(e.Exception))
	}
	r = append(r, ',')
	r = appendField(r, e.Step)
	r = append(r, ',')
	if e.Activity == sim.Resolved {
		r = append(r, e.Outcome.String()...)
	}
	r = append(r, ",e"...)
	r = strconv.AppendInt(r, l.events, 10)
	r = append(r, '\n')
	l.write(l.csv, r)
	l.row = r
}

// Close ends the logs: the objects follow the events in the OCEL log. It
// returns the first error of any write.
func (l *Log) Close() error {
	if l.closed {
		return l.err
	}
	l.closed = true
	l.write(l.ocel, []byte("],\n\"objects\":["))
	if l.err == nil {
		l.err = l.spool.Flush()
	}
	if l.err == nil {
		_, l.err = l.spoolFile.Seek(0, io.SeekStart)
	}
	if l.err == nil {
		_, l.err = l.ocel.ReadFrom(l.spoolFile)
	}
	l.write(l.ocel, []byte("]}\n"))
	if l.err == nil {
		l.err = l.ocel.Flush()
	}
	if l.err == nil && l.csv != nil {
		l.err = l.csv.Flush()
	}
	if l.err != nil {
		l.err = fmt.Errorf("event log: %w", l.err)
	}
	return l.err
}

// appendString appends s as a JSON string.
func appendString[T string | []byte](b []byte, s T) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// appendField appends s as a CSV field, quoted when it must be.
func appendField(b []byte, s string) []byte {
	quote := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
