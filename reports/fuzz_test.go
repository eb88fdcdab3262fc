package reports

import (
	"bytes"
	"io"
	"testing"
)

// FuzzReadResults feeds report, merge and check's reader: a results file
// is read or refused, never a panic, and one that is read writes a report.
func FuzzReadResults(f *testing.F) {
	res := &Results{SchemaVersion: SchemaVersion, Complete: true,
		Scenarios: []Scenario{Summarize(Run{Name: "q", YAML: []byte("x")}, nil)}}
	data, _ := res.Encode()
	f.Add(data)
	f.Add([]byte(`{"schema_version": 1, "scenarios": [{"name": "<b>", "metrics": [{"name": "cases.opened", "mean": null, "values": [1, null]}]}]}`))
	f.Add([]byte(`{"schema_version": 1, "scenarios": [{"name": "a", "variant": "b", "series": [{"name": "backlog.open_cases", "step_hours": 1, "mean": [1], "lo95": [], "hi95": [2, 3]}]}]}`))
	f.Add([]byte(`{"schema_version": 99}`))
	f.Add([]byte(`[[[[[[[[[[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ReadResults(bytes.NewReader(data))
		if err != nil {
			return
		}
		if _, err := res.Encode(); err != nil {
			t.Fatal(err)
		}
		_ = HTML(io.Discard, res) // an error is fine; a panic is not
		_, _ = metricsCSV(res)
		_, _ = seriesCSV(res, 1)
		AddDifferences(res)
	})
}

// FuzzReadShard feeds merge's reader and the merge itself.
func FuzzReadShard(f *testing.F) {
	s := &Shard{SchemaVersion: SchemaVersion, Kind: ShardKind, Count: 1, Runs: []Run{{Name: "q"}}, Replications: []int{1},
		Cells: []Cell{{Run: 0, Replication: 0, Rep: Rep{Events: 3, Metrics: []RepMetric{{Name: "q.offered", Unit: "contacts", Value: 2}, {Name: "q.abandon_rate", Unit: "share", Value: 0.5, Num: 1, Den: 2}}}}}}
	data, _ := s.Encode()
	f.Add(data)
	f.Add([]byte(`{"schema_version": 1, "kind": "peaksim-shard", "count": 2, "index": 5, "runs": [{}], "replications": [-1], "cells": [{"run": 7}]}`))
	f.Add([]byte(`{"schema_version": 1, "kind": "peaksim-shard", "count": 1, "runs": [{"name": "a"}], "replications": [2], "cells": [{"run": 0, "replication": 0, "rep": {"series": [{"values": [1, 2]}]}}, {"run": 0, "replication": 1, "rep": {"series": [{"values": [1]}]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadShard(bytes.NewReader(data), 1<<30)
		if err != nil {
			return
		}
		if res, err := Merge([]*Shard{s}); err == nil {
			if _, err := res.Encode(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
