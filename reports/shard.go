package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
)

// ShardKind marks a shard file, so that a results.json is not taken for one.
const ShardKind = "peaksim-shard"

// Shard is one machine's part of a run: the replications of the cells of
// the grid that fell to it. The grid numbers every (scenario, replication)
// pair, scenario by scenario; shard Index of Count runs the cells whose
// number is Index modulo Count. Merge puts the shards of a run together
// into exactly the results.json one machine would have written.
type Shard struct {
	SchemaVersion  int    `json:"schema_version"`
	Kind           string `json:"kind"`
	PeaksimVersion string `json:"peaksim_version"`
	RNG            RNG    `json:"rng"`
	Index          int    `json:"index"`
	Count          int    `json:"count"`
	// Runs are the scenarios of the whole run, in order, and Replications
	// their numbers of replications: the grid, the same in every shard.
	Runs         []Run  `json:"runs"`
	Replications []int  `json:"replications"`
	Cells        []Cell `json:"cells"`
}

// Cell is one replication of one scenario of the grid.
type Cell struct {
	Run         int `json:"run"`
	Replication int `json:"replication"`
	Rep         Rep `json:"rep"`
}

// Encode returns the shard as JSON.
func (s *Shard) Encode() ([]byte, error) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxShardSize bounds a shard file: it carries every replication's series,
// some 600 kB each for the default season.
const maxShardSize = 2 << 30

// maxGridReplications bounds the replications of a scenario in a shard
// file, as --replications does.
const maxGridReplications = 10000

// ReadShard decodes a shard file.
func ReadShard(r io.Reader) (*Shard, error) {
	in, err := atMost(r, maxShardSize, "shard file")
	if err != nil {
		return nil, err
	}
	var s Shard
	dec := json.NewDecoder(in)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil || s.Kind != ShardKind {
		return nil, fmt.Errorf("not a peaksim shard file (peaksim run --shard writes them): %v", err)
	}
	if s.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("shard schema version %d, this peaksim reads version %d", s.SchemaVersion, SchemaVersion)
	}
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count || len(s.Replications) != len(s.Runs) ||
		slices.ContainsFunc(s.Replications, func(n int) bool { return n < 0 || n > maxGridReplications }) {
		return nil, errors.New("not a peaksim shard file: its grid does not add up")
	}
	return &s, nil
}

// Merge puts the shards of one run together. They must come from the same
// grid (the same scenarios, seeds and replications, and the same peaksim),
// and hold every cell of it exactly once.
func Merge(shards []*Shard) (*Results, error) {
	if len(shards) == 0 {
		return nil, errors.New("no shards to merge")
	}
	first := shards[0]
	grid := first.grid()
	reps := make([][]*Rep, len(first.Runs))
	for j, n := range first.Replications {
		reps[j] = make([]*Rep, n)
	}
	seen := map[int]bool{}
	for _, s := range shards {
		if !bytes.Equal(grid, s.grid()) {
			return nil, fmt.Errorf("shard %d of %d is from another run (other scenarios, seeds, replications, shard count or peaksim version) than shard %d", s.Index, s.Count, first.Index)
		}
		if seen[s.Index] {
			return nil, fmt.Errorf("shard %d of %d is given twice", s.Index, s.Count)
		}
		seen[s.Index] = true
		for i := range s.Cells {
			c := &s.Cells[i]
			if c.Run < 0 || c.Run >= len(reps) || c.Replication < 0 || c.Replication >= len(reps[c.Run]) {
				return nil, fmt.Errorf("shard %d: a cell outside the grid", s.Index)
			}
			if reps[c.Run][c.Replication] != nil {
				return nil, fmt.Errorf("shard %d: replication %d of %s is in two shards", s.Index, c.Replication, first.Runs[c.Run].Name)
			}
			reps[c.Run][c.Replication] = &c.Rep
		}
	}
	if len(seen) != first.Count {
		var missing []int
		for k := range first.Count {
			if !seen[k] {
				missing = append(missing, k)
			}
		}
		return nil, fmt.Errorf("shards %v of %d are missing", missing, first.Count)
	}
	res := &Results{SchemaVersion: SchemaVersion, PeaksimVersion: first.PeaksimVersion, RNG: first.RNG, Complete: true}
	for j, run := range first.Runs {
		var done []Rep
		for i, r := range reps[j] {
			if r == nil {
				return nil, fmt.Errorf("replication %d of %s is in no shard", i, run.Name)
			}
			if i > 0 && !sameShape(r, &done[0]) {
				return nil, fmt.Errorf("replication %d of %s has other metrics or series than replication 0", i, run.Name)
			}
			done = append(done, *r)
		}
		res.Scenarios = append(res.Scenarios, Summarize(run, done))
	}
	AddDifferences(res)
	return res, nil
}

// sameShape reports whether two replications of a scenario measured the
// same metrics and series, of the same lengths: as every run of one model
// does, and as folding them needs.
func sameShape(a, b *Rep) bool {
	if len(a.Metrics) != len(b.Metrics) || len(a.Series) != len(b.Series) {
		return false
	}
	for k := range a.Metrics {
		if a.Metrics[k].Name != b.Metrics[k].Name {
			return false
		}
	}
	for k := range a.Series {
		if a.Series[k].Name != b.Series[k].Name || len(a.Series[k].Values) != len(b.Series[k].Values) {
			return false
		}
	}
	return true
}

// grid is what every shard of one run has in common, as bytes to compare.
func (s *Shard) grid() []byte {
	b, _ := json.Marshal(struct {
		Version string
		RNG     RNG
		Count   int
		Runs    []Run
		Reps    []int
	}{s.PeaksimVersion, s.RNG, s.Count, s.Runs, s.Replications})
	return b
}
