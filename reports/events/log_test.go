package events_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaksim/peaksim/reports/events"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// logged is a replication run with its event logs.
type logged struct {
	res       *sim.RepResult
	ocel, csv []byte
	events    int64
}

// runLogged runs replication rep of sc with a Log writing to files in a
// temporary folder, and reads them back.
func runLogged(t *testing.T, sc *scenarios.Scenario, rep int) logged {
	t.Helper()
	dir := t.TempDir()
	create := func(name string) *os.File {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	ocel, flat, spool := create("log.json"), create("log.csv"), create("spool")
	m := sc.Model()
	l, err := events.New(m, clockOf(sc), events.Files{OCEL: ocel, CSV: flat, Spool: spool})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.RunJournal(context.Background(), m, sc.Seed, rep, l)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	return logged{res: res, ocel: read("log.json"), csv: read("log.csv"), events: l.Events()}
}

func clockOf(sc *scenarios.Scenario) events.Clock {
	if sc.Season == nil {
		return events.Epoch
	}
	return sc.Season.Calendar.Time
}

func builtin(t testing.TB, name string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func smallSeason(t testing.TB) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load("testdata/small-season.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// ocelLog is the part of an OCEL 2.0 JSON log the tests look at.
type ocelLog struct {
	ObjectTypes []ocelType `json:"objectTypes"`
	EventTypes  []ocelType `json:"eventTypes"`
	Objects     []struct {
		ID            string         `json:"id"`
		Type          string         `json:"type"`
		Attributes    []ocelAttr     `json:"attributes"`
		Relationships []ocelRelation `json:"relationships"`
	} `json:"objects"`
	Events []struct {
		ID            string         `json:"id"`
		Type          string         `json:"type"`
		Time          string         `json:"time"`
		Attributes    []ocelAttr     `json:"attributes"`
		Relationships []ocelRelation `json:"relationships"`
	} `json:"events"`
}

type ocelType struct {
	Name       string `json:"name"`
	Attributes []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"attributes"`
}

type ocelAttr struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Time  string `json:"time"`
}

type ocelRelation struct {
	ObjectID  string `json:"objectId"`
	Qualifier string `json:"qualifier"`
}

// declared returns, by type name, the names of each type's attributes.
func declared(types []ocelType) map[string][]string {
	out := map[string][]string{}
	for _, t := range types {
		out[t.Name] = []string{}
		for _, a := range t.Attributes {
			out[t.Name] = append(out[t.Name], a.Name)
		}
	}
	return out
}

// TestOCELLogIsConsistent checks what the schema cannot: every event and
// object is of a declared type with declared attributes, ids are unique,
// every relationship names an object of the log, and the log tells
// exactly the counts of the replication's results.
func TestOCELLogIsConsistent(t *testing.T) {
	got := runLogged(t, smallSeason(t), 0)
	var log ocelLog
	if err := json.Unmarshal(got.ocel, &log); err != nil {
		t.Fatal(err)
	}
	objectTypes, eventTypes := declared(log.ObjectTypes), declared(log.EventTypes)
	ids := map[string]string{}
	for _, o := range log.Objects {
		if _, dup := ids[o.ID]; dup {
			t.Fatalf("object %s twice", o.ID)
		}
		ids[o.ID] = o.Type
		attrs, ok := objectTypes[o.Type]
		if !ok {
			t.Fatalf("object %s: type %q not declared", o.ID, o.Type)
		}
		for _, a := range o.Attributes {
			if !slices.Contains(attrs, a.Name) {
				t.Errorf("object %s: attribute %q not declared for %s", o.ID, a.Name, o.Type)
			}
		}
	}
	counts := map[string]int{}
	seen := map[string]bool{}
	for _, e := range log.Events {
		if seen[e.ID] {
			t.Fatalf("event %s twice", e.ID)
		}
		seen[e.ID] = true
		counts[e.Type]++
		attrs, ok := eventTypes[e.Type]
		if !ok {
			t.Fatalf("event %s: type %q not declared", e.ID, e.Type)
		}
		for _, a := range e.Attributes {
			if !slices.Contains(attrs, a.Name) {
				t.Errorf("event %s: attribute %q not declared for %s", e.ID, a.Name, e.Type)
			}
		}
		if _, err := time.Parse(time.RFC3339, e.Time); err != nil {
			t.Errorf("event %s: %v", e.ID, err)
		}
		for _, r := range e.Relationships {
			if _, ok := ids[r.ObjectID]; !ok {
				t.Errorf("event %s (%s): relates to %s, which is not an object of the log", e.ID, e.Type, r.ObjectID)
			}
		}
	}
	for _, o := range log.Objects {
		for _, r := range o.Relationships {
			if _, ok := ids[r.ObjectID]; !ok {
				t.Errorf("object %s: relates to %s, which is not an object of the log", o.ID, r.ObjectID)
			}
		}
	}
	if int64(len(log.Events)) != got.events {
		t.Errorf("%d events in the file, the log counted %d", len(log.Events), got.events)
	}
	// Every activity of the engine happens in this season.
	for _, a := range sim.Activities() {
		if counts[a.String()] == 0 {
			t.Errorf("no %q event: the small season should have every kind", a)
		}
	}
	s := got.res.Season
	if n := counts["order placed"]; int64(n) != s.Parcels {
		t.Errorf("%d orders placed in the log, %d cases (parcels that went wrong) in the results", n, s.Parcels)
	}
	var resolved int64
	for _, n := range s.Outcomes[sim.DeliveredLate:sim.Unresolved] {
		resolved += n
	}
	if n := counts["resolved"]; int64(n) != resolved-s.LateUnnoticed {
		t.Errorf("%d resolutions in the log, %d in the results (%d late orders unnoticed are no case)", n, resolved-s.LateUnnoticed, s.LateUnnoticed)
	}
	var offered, rejected, abandoned int64
	for _, c := range got.res.Channels {
		offered += c.Offered - c.CallbacksAccepted
		rejected += c.Rejected
		abandoned += c.Abandoned
	}
	for name, want := range map[string]int64{"contact offered": offered, "contact rejected": rejected, "contact abandoned": abandoned} {
		if int64(counts[name]) != want {
			t.Errorf("%d %q events, want %d from the results", counts[name], name, want)
		}
	}
}

// TestCSVLogTellsEachCaseInTimeOrder reads the flat log as a process-mining
// tool would: every row names a documented activity, a case's rows are in
// time order, and a season case starts with its order's placement.
func TestCSVLogTellsEachCaseInTimeOrder(t *testing.T) {
	for _, name := range []string{"small-season", "contact-centre"} {
		t.Run(name, func(t *testing.T) {
			sc := smallSeason(t)
			if name != "small-season" {
				sc = builtin(t, name)
			}
			got := runLogged(t, sc, 1)
			r := csv.NewReader(bytes.NewReader(got.csv))
			header, err := r.Read()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(header, events.Columns) {
				t.Fatalf("header %v, want %v", header, events.Columns)
			}
			known := map[string]bool{}
			for _, a := range sim.Activities() {
				known[a.String()] = true
			}
			last := map[string]time.Time{}
			first := map[string]string{}
			rows := 0
			for {
				rec, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				rows++
				id, activity := rec[0], rec[1]
				if !known[activity] {
					t.Fatalf("row %d: activity %q is not one of the documented ones", rows, activity)
				}
				at, err := time.Parse(time.RFC3339, rec[2])
				if err != nil {
					t.Fatal(err)
				}
				if prev, ok := last[id]; ok && at.Before(prev) {
					t.Fatalf("row %d: case %s goes back in time, %s after %s", rows, id, at, prev)
				}
				last[id] = at
				if _, ok := first[id]; !ok {
					first[id] = activity
				}
			}
			if int64(rows) != got.events {
				t.Errorf("%d rows, %d events", rows, got.events)
			}
			for id, a := range first {
				want := "order placed"
				if strings.HasPrefix(id, "contact-") {
					want = "contact offered"
				}
				if a != want {
					t.Fatalf("case %s starts with %q, want %q", id, a, want)
				}
			}
		})
	}
}

// TestJournalLeavesResultsAlone runs replications with and without a log:
// the log only listens, so the results are identical.
func TestJournalLeavesResultsAlone(t *testing.T) {
	for _, name := range []string{"small-season", "contact-centre"} {
		sc := smallSeason(t)
		if name != "small-season" {
			sc = builtin(t, name)
		}
		plain, err := sim.Run(context.Background(), sc.Model(), sc.Seed, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := runLogged(t, sc, 1); !reflect.DeepEqual(got.res, plain) {
			t.Errorf("%s: a replication with a log has other results than without", name)
		}
	}
}
