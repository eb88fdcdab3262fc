package events_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaFile is the OCEL 2.0 JSON schema as the standard publishes it
// (testdata/ocel20-schema-json.md says where from).
const schemaFile = "testdata/ocel20-schema-json.json"

// ocelSchema compiles the standard's schema, with its date-time format
// asserted, as draft-07 (its $schema) says.
func ocelSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schemaFile, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestOCELLogValidatesAgainstTheStandardsSchema writes the OCEL log of a
// small season, in which every kind of event and object occurs, and of a
// contact centre, and validates each against the published schema.
func TestOCELLogValidatesAgainstTheStandardsSchema(t *testing.T) {
	sch := ocelSchema(t)
	for _, name := range []string{"small-season", "contact-centre"} {
		t.Run(name, func(t *testing.T) {
			sc := smallSeason(t)
			if name != "small-season" {
				sc = builtin(t, name)
			}
			got := runLogged(t, sc, 0)
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(got.ocel))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Fatalf("the OCEL log does not validate: %v", err)
			}
		})
	}
}

// TestSchemaRefusesWhatItShould makes sure the validation is not vacuous:
// the schema, as compiled, refuses a log without its events, an event
// without a time, a time that is not a date-time, and a number where the
// standard wants a string.
func TestSchemaRefusesWhatItShould(t *testing.T) {
	sch := ocelSchema(t)
	const good = `{"objectTypes":[{"name":"case","attributes":[]}],"eventTypes":[{"name":"noticed","attributes":[]}],` +
		`"objects":[{"id":"case-1","type":"case"}],` +
		`"events":[{"id":"e1","type":"noticed","time":"2026-12-07T10:00:00.000Z","attributes":[],"relationships":[{"objectId":"case-1","qualifier":"case"}]}]}`
	for _, tc := range []struct {
		name     string
		old, new string
	}{
		{"as it is", "", ""},
		{"no events", `,"events":[{"id":"e1","type":"noticed","time":"2026-12-07T10:00:00.000Z","attributes":[],"relationships":[{"objectId":"case-1","qualifier":"case"}]}]`, ""},
		{"no time", `"time":"2026-12-07T10:00:00.000Z",`, ""},
		{"not a date-time", `2026-12-07T10:00:00.000Z`, `7 December 2026`},
		{"a number for a string", `"attributes":[],"relationships"`, `"attributes":[{"name":"value","value":45.5}],"relationships"`},
	} {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(good, tc.old, tc.new, 1)))
		if err != nil {
			t.Fatal(err)
		}
		err = sch.Validate(doc)
		if tc.old == "" && err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if tc.old != "" && err == nil {
			t.Errorf("%s: validates, want refused", tc.name)
		}
	}
}
