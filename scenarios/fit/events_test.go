package fit_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/peaksim/peaksim/scenarios/fit"
)

// eventsLog is a hand-made log in peaksim's event layout: a direct call
// answered after a minute and handled for four; a case's call abandoned
// after two minutes and its retry answered at once; a call turned away; a
// caller who took a call back; a chat still waiting when the log ends; and
// rows that are not a contact's (an order, a resolution).
const eventsLog = `case_id,activity,timestamp,resource,channel,order_id,parcel_id,contact_id,exception,step,outcome,event_id
case-1,order placed,2026-12-07T08:00:00.000Z,,,order-1,,,,,,e1
contact-1,contact offered,2026-12-07T09:00:00.000Z,,phone,,,contact-1,,,,e2
contact-1,contact answered,2026-12-07T09:01:00.000Z,agents,phone,,,contact-1,,,,e3
case-1,contact offered,2026-12-07T09:02:00.000Z,,phone,order-1,,contact-2,,,,e4
contact-1,contact handled,2026-12-07T09:05:00.000Z,agents,phone,,,contact-1,,,,e5
case-1,contact abandoned,2026-12-07T09:04:00.000Z,,phone,order-1,,contact-2,,,,e6
contact-3,contact offered,2026-12-07T09:06:00.000Z,,phone,,,contact-3,,,,e7
contact-3,contact rejected,2026-12-07T09:06:00.000Z,,phone,,,contact-3,,,,e8
case-1,contact offered,2026-12-07T09:10:00.000Z,,phone,order-1,,contact-4,,,,e9
case-1,contact answered,2026-12-07T09:10:00.000Z,agents,phone,order-1,,contact-4,,,,e10
case-1,contact handled,2026-12-07T09:13:00.000Z,agents,phone,order-1,,contact-4,,,,e11
contact-5,contact offered,2026-12-07T10:00:00.000Z,,phone,,,contact-5,,,,e12
contact-5,callback accepted,2026-12-07T10:02:00.000Z,,callbacks,,,contact-5,,,,e13
contact-5,contact answered,2026-12-07T10:30:00.000Z,agents,callbacks,,,contact-5,,,,e16
contact-5,contact handled,2026-12-07T10:35:00.000Z,agents,callbacks,,,contact-5,,,,e17
contact-6,contact offered,2026-12-07T23:58:00.000Z,,chat,,,contact-6,,,,e14
case-1,resolved,2026-12-07T12:00:00.000Z,,,order-1,,,,,refunded,e15
`

// TestReadEventsGathersEachContact reads the log: the contacts that waited
// for an answer are fitted, the others skipped, and a case's contacts are
// its customer's, so the abandoned call's retry is found.
func TestReadEventsGathersEachContact(t *testing.T) {
	log, err := fit.ReadEvents(strings.NewReader(eventsLog), "events.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(log.Contacts) != 3 || log.Skipped != 3 {
		t.Fatalf("%d contacts, %d skipped; want 3 (contacts 1, 2, 4) and 3 (rejected, called back, still waiting)", len(log.Contacts), log.Skipped)
	}
	c := log.Contacts[0]
	if !c.Answered || c.Wait() != 1.0/60 || c.End.Sub(c.Answer) != 4*time.Minute || c.Customer != "" {
		t.Errorf("contact 1: %+v; want answered after 1m, handled for 4m, no customer", c)
	}
	if c := log.Contacts[1]; c.Answered || c.Wait() != 2.0/60 || c.Customer != "case-1" {
		t.Errorf("contact 2: %+v; want abandoned after 2m by case-1's customer", c)
	}
	res := fit.Estimate(log, 24*time.Hour)
	ch := res.Channels[0]
	if ch.Name != "phone" || ch.Answered != 2 || ch.Abandoned != 1 {
		t.Fatalf("channel %+v; want phone, 2 answered, 1 abandoned", ch)
	}
	// Waits 1m + 2m + 0, one abandon: patience 3 minutes. Handle 4m and 3m.
	if got := ch.Patience.Mean.Est * 60; got < 2.999 || got > 3.001 {
		t.Errorf("patience %vm, want 3m", got)
	}
	if ch.Retry == nil || ch.Retry.Retried != 1 {
		t.Errorf("retry %+v: want the abandoned call retried", ch.Retry)
	}
}

// TestReadEventsRefusesWhatIsNotItsLog names the file, the line and the
// column of each problem.
func TestReadEventsRefusesWhatIsNotItsLog(t *testing.T) {
	header := "case_id,activity,timestamp,resource,channel,order_id,parcel_id,contact_id\n"
	for _, tc := range []struct {
		name, data, want string
	}{
		{"empty", "", "events.csv: empty"},
		{"another layout", "channel,arrival\nphone,2026-12-07 09:00:00\n", `events.csv:1: no column "case_id"`},
		{"bad time", header + "contact-1,contact offered,yesterday,,phone,,,contact-1\n", `events.csv:2: column timestamp: "yesterday": not a date and time (want ISO 8601`},
		{"twice", header + "contact-1,contact offered,2026-12-07T09:00:00Z,,phone,,,contact-1\ncontact-1,contact offered,2026-12-07T09:00:00Z,,phone,,,contact-1\n", "events.csv:3: column contact_id: contact-1 offered twice"},
		{"not offered", header + "contact-1,contact answered,2026-12-07T09:00:00Z,,phone,,,contact-1\n", "events.csv:2: column activity: contact answered of contact-1, which was not offered before it"},
		{"back in time", header + "contact-1,contact offered,2026-12-07T09:00:00Z,,phone,,,contact-1\ncontact-1,contact abandoned,2026-12-07T08:00:00Z,,phone,,,contact-1\n", "events.csv:3: column timestamp: 2026-12-07T08:00:00Z is before contact-1 was offered"},
		{"unknown", header + "contact-1,contact offered,2026-12-07T09:00:00Z,,phone,,,contact-1\ncontact-1,contact lost,2026-12-07T09:01:00Z,,phone,,,contact-1\n", `events.csv:3: column activity: "contact lost": not an activity of a contact`},
		{"nothing", header + "case-1,order placed,2026-12-07T09:00:00Z,,,order-1,,\n", "events.csv: no contact that waited for an answer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fit.ReadEvents(strings.NewReader(tc.data), "events.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to say %q", err, tc.want)
			}
		})
	}
}

// FuzzReadEvents feeds the event-log reader and the estimators: a log is
// fitted or refused, never a panic.
func FuzzReadEvents(f *testing.F) {
	f.Add([]byte(eventsLog))
	f.Add([]byte("case_id,activity,timestamp,channel,contact_id\nx,contact offered,2026-12-07T09:00:00Z,phone,c\nx,contact answered,2026-12-07T09:00:00Z,phone,c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		log, err := fit.ReadEvents(bytes.NewReader(data), "events.csv")
		if err != nil {
			return
		}
		res := fit.Estimate(log, time.Hour)
		if err := res.WriteYAML(io.Discard); err != nil {
			t.Fatal(err)
		}
	})
}
