package events

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/sim"
)

// CSVPath returns the path of the flat log that goes beside the OCEL log
// at path: path with its extension replaced by .csv (journeys.json:
// journeys.csv).
func CSVPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".csv"
}

// Output is a Log written to files, the OCEL log at a path and the flat
// log at CSVPath of it, each of which appears whole at Commit or not at
// all.
type Output struct {
	*Log
	ocel, csv *reports.Pending
}

// Create starts the logs of a replication of m at path and CSVPath(path),
// or says why they could not be written (see reports.Start).
func Create(path string, m *sim.Model, clock Clock) (*Output, error) {
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return nil, errors.New("names the OCEL JSON log (journeys.json, say), beside which the CSV log goes; not a .csv file")
	}
	ocel, err := reports.Start(path)
	if err != nil {
		return nil, err
	}
	csv, err := reports.Start(CSVPath(path))
	if err != nil {
		ocel.Discard()
		return nil, err
	}
	o := &Output{ocel: ocel, csv: csv}
	spool, err := ocel.Scratch()
	if err == nil {
		o.Log, err = New(m, clock, Files{OCEL: ocel, CSV: csv, Spool: spool})
	}
	if err != nil {
		o.Discard()
		return nil, err
	}
	return o, nil
}

// Paths returns the paths of the OCEL log and of the CSV log.
func (o *Output) Paths() (ocel, csv string) { return o.ocel.Path(), o.csv.Path() }

// Commit ends the logs and puts them in place. On an error, what is not
// yet in place is removed (the OCEL log goes first: a failure to put the
// CSV log in place, after both are written, can leave the OCEL log alone).
func (o *Output) Commit() error {
	err := o.Close()
	if err == nil {
		err = o.ocel.Commit()
	}
	if err == nil {
		err = o.csv.Commit()
	}
	if err != nil {
		o.Discard()
	}
	return err
}

// Discard removes what was written of the logs.
func (o *Output) Discard() {
	o.ocel.Discard()
	o.csv.Discard()
}
