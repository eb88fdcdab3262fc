package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unsafe"
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

	// File names the shard in Merge's messages: the file it was read
	// from, set by the caller (not part of the file).
	File string `json:"-"`
}

// name is how messages call the shard: its file, or its number.
func (s *Shard) name() string {
	if s.File != "" {
		return s.File
	}
	return fmt.Sprintf("shard %d of %d", s.Index, s.Count)
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

// maxGridReplications bounds the replications of a scenario in a shard
// file, as --replications does.
const maxGridReplications = 10000

// maxShardFigure bounds the magnitude of a figure in a shard file. No run
// produces one near it (a season's counts, hours and money stay below
// 1e17), and below it every sum, square and difference the merge makes of
// up to 10000 replications stays finite; a larger one would turn the
// summaries into infinities that no report can draw.
const maxShardFigure = 1e100

// ReadShard decodes a shard file, holding at most limit bytes of memory
// for it: as a stream, one replication at a time, each counted as it is
// decoded (Cell.Bytes), so that a file is refused as soon as what it holds
// passes the limit, whatever its size on disk. A shard decodes into about
// half its size or less (its numbers in binary); only a file made to
// defeat that, of short numbers ("0,0,0"), decodes into up to four times
// its size before it is refused.
func ReadShard(r io.Reader, limit int64) (*Shard, error) {
	var s Shard
	// The decoder reads a replication whole before decoding it, into up to
	// three times its size (its buffer, as it grows) and then its values:
	// one larger than an eighth of the limit is refused as it is read.
	in := &capReader{r: r, left: limit / 8}
	dec := json.NewDecoder(in)
	dec.DisallowUnknownFields()
	notShard := func(err error) error {
		return fmt.Errorf("not a peaksim shard file (peaksim run --shard writes them): %v", err)
	}
	if err := expectDelim(dec, '{'); err != nil {
		return nil, notShard(err)
	}
	fields := map[string]any{
		"schema_version": &s.SchemaVersion, "kind": &s.Kind, "peaksim_version": &s.PeaksimVersion, "rng": &s.RNG,
		"index": &s.Index, "count": &s.Count, "runs": &s.Runs, "replications": &s.Replications,
	}
	seen := map[string]bool{}
	used := int64(0)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, notShard(err)
		}
		key, _ := tok.(string)
		if seen[key] {
			return nil, notShard(fmt.Errorf("key %q twice", key))
		}
		seen[key] = true
		if key != "cells" {
			field, ok := fields[key]
			if !ok {
				return nil, notShard(fmt.Errorf("unknown key %q", key))
			}
			if err := dec.Decode(field); err != nil {
				return nil, notShard(err)
			}
			continue
		}
		if err := expectDelim(dec, '['); err != nil {
			return nil, notShard(err)
		}
		for dec.More() {
			in.left = limit / 8
			var c Cell
			if err := dec.Decode(&c); errors.Is(err, errTooLarge) {
				return nil, fmt.Errorf("replication %d of the file is larger than %d MiB, the most merging reads of one (an eighth of --max-memory)", len(s.Cells)+1, limit>>23)
			} else if err != nil {
				return nil, notShard(err)
			}
			if used += c.Bytes(); used > limit {
				return nil, fmt.Errorf("holds more than %d MiB in memory after %d replications, the limit for merging (--max-memory)", limit>>20, len(s.Cells)+1)
			}
			if err := c.check(); err != nil {
				return nil, fmt.Errorf("replication %d of run %d: %w", c.Replication, c.Run, err)
			}
			s.Cells = append(s.Cells, c)
		}
		if err := expectDelim(dec, ']'); err != nil {
			return nil, notShard(err)
		}
	}
	if err := expectDelim(dec, '}'); err != nil || s.Kind != ShardKind {
		return nil, notShard(err)
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

var errTooLarge = errors.New("too large")

// capReader reads at most left bytes more from r.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// Floats is a series' values in a shard file, decoded in one pass over the
// array: its length is counted first, so that it takes its values' bytes
// and no more (a slice grown by appending takes up to twice as much).
type Floats []Float

// UnmarshalJSON implements json.Unmarshaler.
func (f *Floats) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*f = nil
		return nil
	}
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return fmt.Errorf("want an array of numbers, got %.20s", b)
	}
	body := bytes.TrimSpace(b[1 : len(b)-1])
	out := make(Floats, 0, bytes.Count(body, []byte{','})+1)
	for len(body) > 0 {
		item := body
		if i := bytes.IndexByte(body, ','); i >= 0 {
			item, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		var v Float
		if err := v.UnmarshalJSON(bytes.TrimSpace(item)); err != nil {
			return err
		}
		out = append(out, v)
	}
	*f = out
	return nil
}

// expectDelim reads the next token, which must be delim.
func expectDelim(dec *json.Decoder, delim json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != delim {
		return fmt.Errorf("want %v, got %v", delim, tok)
	}
	return nil
}

// Bytes returns about what the cell holds in memory.
func (c *Cell) Bytes() int64 {
	n := int64(unsafe.Sizeof(*c))
	for i := range c.Rep.Metrics {
		m := &c.Rep.Metrics[i]
		n += int64(unsafe.Sizeof(*m)) + int64(len(m.Name)+len(m.Unit))
	}
	for i := range c.Rep.Series {
		s := &c.Rep.Series[i]
		n += int64(unsafe.Sizeof(*s)) + int64(len(s.Name)+len(s.Unit)) + int64(cap(s.Values))*int64(unsafe.Sizeof(Float(0)))
	}
	return n
}

// check refuses what no run writes: a series without a step of at least
// an hour (report refuses it), and a figure beyond maxShardFigure.
func (c *Cell) check() error {
	for _, m := range c.Rep.Metrics {
		for _, v := range []Float{m.Value, m.Num, m.Den} {
			if math.Abs(float64(v)) > maxShardFigure {
				return fmt.Errorf("metric %s is %g, beyond any figure a run produces", m.Name, float64(v))
			}
		}
	}
	for _, s := range c.Rep.Series {
		if s.StepHours < 1 {
			return fmt.Errorf("series %s has a step of %d hours, want at least 1", s.Name, s.StepHours)
		}
		for _, v := range s.Values {
			if math.Abs(float64(v)) > maxShardFigure {
				return fmt.Errorf("series %s holds %g, beyond any figure a run produces", s.Name, float64(v))
			}
		}
	}
	return nil
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
	from := make([][]*Shard, len(first.Runs)) // the shard each replication came from
	for j, n := range first.Replications {
		reps[j] = make([]*Rep, n)
		from[j] = make([]*Shard, n)
	}
	seen := map[int]*Shard{}
	for _, s := range shards {
		if !bytes.Equal(grid, s.grid()) {
			return nil, fmt.Errorf("%s is from another run than %s (%s); every shard must run the same scenario files, seeds and replications with the same peaksim", s.name(), first.name(), gridDifference(first, s))
		}
		if twin := seen[s.Index]; twin != nil {
			if twin.File != "" && twin.File == s.File {
				return nil, fmt.Errorf("%s is given twice", s.name())
			}
			return nil, fmt.Errorf("%s and %s are both shard %d of %d", twin.name(), s.name(), s.Index, s.Count)
		}
		seen[s.Index] = s
		for i := range s.Cells {
			c := &s.Cells[i]
			if c.Run < 0 || c.Run >= len(reps) || c.Replication < 0 || c.Replication >= len(reps[c.Run]) {
				return nil, fmt.Errorf("%s: a cell outside the grid", s.name())
			}
			if reps[c.Run][c.Replication] != nil {
				return nil, fmt.Errorf("replication %d of %s is in both %s and %s", c.Replication, first.Runs[c.Run].Name, from[c.Run][c.Replication].name(), s.name())
			}
			reps[c.Run][c.Replication], from[c.Run][c.Replication] = &c.Rep, s
		}
	}
	if len(seen) != first.Count {
		var missing []string
		for k := range first.Count {
			if seen[k] == nil {
				missing = append(missing, strconv.Itoa(k))
			}
		}
		var given []string
		for _, s := range shards {
			given = append(given, s.name())
		}
		what := "shard " + missing[0] + " of " + strconv.Itoa(first.Count) + " is"
		if len(missing) > 1 {
			what = "shards " + strings.Join(missing, ", ") + " of " + strconv.Itoa(first.Count) + " are"
		}
		return nil, fmt.Errorf("%s missing (given: %s)", what, strings.Join(given, ", "))
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
// A scenario's source is compared as a clean path: ok.yaml and ./ok.yaml
// are one file, typed two ways on two machines.
func (s *Shard) grid() []byte {
	b, _ := json.Marshal(struct {
		Version string
		RNG     RNG
		Count   int
		Runs    []Run
		Reps    []int
	}{s.PeaksimVersion, s.RNG, s.Count, cleanRuns(s.Runs), s.Replications})
	return b
}

func cleanRuns(runs []Run) []Run {
	out := slices.Clone(runs)
	for i := range out {
		out[i].Source = filepath.Clean(out[i].Source)
	}
	return out
}

// gridDifference says how the grids of two shards differ, in words: the
// first difference found.
func gridDifference(a, b *Shard) string {
	switch {
	case a.PeaksimVersion != b.PeaksimVersion:
		return fmt.Sprintf("peaksim %s, not %s", b.PeaksimVersion, a.PeaksimVersion)
	case a.RNG != b.RNG:
		return "another random number generator"
	case a.Count != b.Count:
		return fmt.Sprintf("%d shards, not %d", b.Count, a.Count)
	case len(a.Runs) != len(b.Runs):
		return fmt.Sprintf("%d scenarios, not %d", len(b.Runs), len(a.Runs))
	}
	ra, rb := cleanRuns(a.Runs), cleanRuns(b.Runs)
	for j := range ra {
		x, y := &ra[j], &rb[j]
		label := x.Name
		if x.Variant != "" {
			label += " / " + x.Variant
		}
		switch {
		case x.Name != y.Name || x.Variant != y.Variant:
			return fmt.Sprintf("scenario %d is %s, not %s", j+1, y.Name, label)
		case x.Source != y.Source:
			return fmt.Sprintf("%s comes from %s, not %s", label, y.Source, x.Source)
		case !bytes.Equal(x.YAML, y.YAML):
			return fmt.Sprintf("%s's file %s has other contents", label, y.Source)
		case x.Seed != y.Seed:
			return fmt.Sprintf("%s has seed %d, not %d", label, y.Seed, x.Seed)
		case a.Replications[j] != b.Replications[j]:
			return fmt.Sprintf("%s has %d replications, not %d", label, b.Replications[j], a.Replications[j])
		}
	}
	return "their scenarios differ"
}
