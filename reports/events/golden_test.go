package events_test

import (
	"bytes"
	"context"
	"flag"
	"github.com/peaksim/peaksim/reports/internal/golden"
	"os"
	"path/filepath"
	"testing"

	"github.com/peaksim/peaksim/reports/events"
	"github.com/peaksim/peaksim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// tinyQueue is an hour of one agent and one phone queue whose callers
// give up: a log short enough to read, with answered and abandoned calls.
func tinyQueue(t *testing.T) *sim.Model {
	t.Helper()
	inter, err1 := sim.NewExponential(1.0 / 12)
	handle, err2 := sim.NewExponential(1.0 / 10)
	patience, err3 := sim.NewExponential(1.0 / 30)
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return &sim.Model{
		Name: "tiny", Horizon: 1,
		Teams:    []sim.Team{{Name: "agents", Agents: 1}},
		Channels: []sim.Channel{{Name: "phone", Interarrival: inter, HandleTime: handle, Patience: patience, QueueCapacity: 3, ServiceTarget: 1.0 / 180}},
	}
}

// TestLogsMatchGolden writes both logs of the tiny queue and compares them
// with testdata/golden: the format is what tools read, so any change to
// it shows here. `go test ./reports/events -run Golden -update` accepts a
// change.
func TestLogsMatchGolden(t *testing.T) {
	var ocel, flat bytes.Buffer
	spool, err := os.Create(filepath.Join(t.TempDir(), "spool"))
	if err != nil {
		t.Fatal(err)
	}
	defer spool.Close()
	m := tinyQueue(t)
	l, err := events.New(m, events.Epoch, events.Files{OCEL: &ocel, CSV: &flat, Spool: spool})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.RunJournal(context.Background(), m, 1, 0, l); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"tiny.json": ocel.Bytes(), "tiny.csv": flat.Bytes()} {
		golden.Check(t, filepath.Join("testdata", "golden", name), got, *update, "go test ./reports/events -run Golden -update")
	}
}
