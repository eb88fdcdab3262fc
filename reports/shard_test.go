package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// shardOf returns the JSON of a shard of one run whose cells are given.
func shardOf(t *testing.T, cells ...Cell) []byte {
	t.Helper()
	s := &Shard{SchemaVersion: SchemaVersion, Kind: ShardKind, Count: 1, Runs: []Run{{Name: "q"}}, Replications: []int{len(cells)}, Cells: cells}
	data, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// zeros is a replication whose one series holds n zeros: two bytes a value
// in the file ("0,"), eight in memory, the most a shard can grow by.
func zeros(replication, n int) Cell {
	return Cell{Replication: replication, Rep: Rep{Series: []RepSeries{{Name: "q.queued", Unit: "contacts", StepHours: 1, Values: make(Floats, n)}}}}
}

func TestReadShardKeepsToItsLimit(t *testing.T) {
	data := shardOf(t, zeros(0, 1<<20))
	// 2 MB of zeros: more than an eighth of 8 MiB, refused as it is read.
	if _, err := ReadShard(bytes.NewReader(data), 8<<20); err == nil || !strings.Contains(err.Error(), "replication 1 of the file is larger than 1 MiB") {
		t.Errorf("8 MiB: %v", err)
	}
	// With room, its values take their bytes and no spare capacity.
	s, err := ReadShard(bytes.NewReader(data), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	if v := s.Cells[0].Rep.Series[0].Values; len(v) != 1<<20 || cap(v) != len(v) {
		t.Errorf("%d values, capacity %d; want %d of each", len(v), cap(v), 1<<20)
	}
	if b := s.Cells[0].Bytes(); b < 8<<20 || b > 8<<20+1024 {
		t.Errorf("a replication of 2^20 values holds %d bytes, want 8 MiB and a little", b)
	}
	// Many small replications, each within the limit, pass it together.
	var cells []Cell
	for i := range 400 {
		cells = append(cells, zeros(i, 1000))
	}
	one := cells[0].Bytes()
	want := fmt.Sprintf("holds more than 2 MiB in memory after %d replications", 2<<20/one+1)
	if _, err := ReadShard(bytes.NewReader(shardOf(t, cells...)), 2<<20); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("400 replications of 8 kB in 2 MiB: %v", err)
	}
}

func TestReadShardRefusesWhatNoRunWrites(t *testing.T) {
	metric := func(v float64) Cell {
		return Cell{Rep: Rep{Metrics: []RepMetric{{Name: "q.offered", Unit: "contacts", Value: Float(v)}}}}
	}
	series := func(step int, v float64) Cell {
		return Cell{Rep: Rep{Series: []RepSeries{{Name: "q.queued", Unit: "contacts", StepHours: step, Values: Floats{1, Float(v)}}}}}
	}
	for _, c := range []struct {
		name string
		cell Cell
		want string // "" for a file that is read
	}{
		{"a metric of 1e308", metric(1e308), "metric q.offered is 1e+308, beyond any figure a run produces"},
		{"a metric of -1e101", metric(-1e101), "metric q.offered is -1e+101"},
		{"a series of 1e300", series(1, 1e300), "series q.queued holds 1e+300"},
		{"a step of 0 hours", series(0, 1), "series q.queued has a step of 0 hours, want at least 1"},
		{"a step of -24 hours", series(-24, 1), "a step of -24 hours"},
		{"a metric that is not a number", metric(math.NaN()), ""},
		{"a season's money", metric(8.8e16), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadShard(bytes.NewReader(shardOf(t, c.cell)), 1<<30)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestFloatsDecodeAsTheirValues(t *testing.T) {
	var f Floats
	if err := json.Unmarshal([]byte(` [ 1, -2.5e3 ,null,0, 4 ] `), &f); err != nil || len(f) != 5 || f[0] != 1 || f[1] != -2500 || !math.IsNaN(float64(f[2])) || f[4] != 4 {
		t.Errorf("%v, %v", f, err)
	}
	if err := json.Unmarshal([]byte(`[]`), &f); err != nil || len(f) != 0 {
		t.Errorf("[]: %v, %v", f, err)
	}
	for _, bad := range []string{`[1, [2]]`, `[1, "2"]`, `{"a": 1}`, `[1e400]`, `[true]`} {
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("%s: read as %v", bad, f)
		}
	}
}

func TestShardsOfOneFileTypedTwoWaysHaveOneGrid(t *testing.T) {
	a := &Shard{Count: 2, Runs: []Run{{Name: "ok", Source: "ok.yaml"}}, Replications: []int{2}}
	b := &Shard{Index: 1, Count: 2, Runs: []Run{{Name: "ok", Source: "./ok.yaml"}}, Replications: []int{2}}
	if !bytes.Equal(a.grid(), b.grid()) {
		t.Errorf("ok.yaml and ./ok.yaml make two grids")
	}
	b.Runs[0].Source = "other/ok.yaml"
	if got, want := gridDifference(a, b), "ok comes from other/ok.yaml, not ok.yaml"; got != want {
		t.Errorf("gridDifference = %q, want %q", got, want)
	}
}
