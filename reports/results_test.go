package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/sim"
)

func TestFloatEncodesNonFiniteAsNull(t *testing.T) {
	in := []Float{1.5, Float(math.NaN()), Float(math.Inf(1)), Float(math.Inf(-1)), 0, 1e-300}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(data), "[1.5,null,null,null,0,1e-300]"; got != want {
		t.Fatalf("encoded %s, want %s", got, want)
	}
	var out []Float
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if out[0] != 1.5 || !math.IsNaN(float64(out[1])) || out[5] != 1e-300 {
		t.Fatalf("decoded %v", out)
	}
}

// replications runs n replications of a small queue.
func repsOf(results []*sim.RepResult) []Rep {
	var reps []Rep
	for _, r := range results {
		reps = append(reps, RepOf(r))
	}
	return reps
}

func replications(t *testing.T, n int) []*sim.RepResult {
	t.Helper()
	inter, _ := sim.NewExponential(0.5)
	handle, _ := sim.NewExponential(1)
	patience, _ := sim.NewExponential(0.5)
	m := &sim.Model{
		Name: "q", Horizon: 500, Warmup: 20,
		Teams:    []sim.Team{{Name: "t", Agents: 3}},
		Channels: []sim.Channel{{Name: "phone", Interarrival: inter, HandleTime: handle, Patience: patience, QueueCapacity: sim.Unlimited, ServiceTarget: 0.1}},
	}
	var reps []*sim.RepResult
	for i := range n {
		r, err := sim.Run(context.Background(), m, 1, i)
		if err != nil {
			t.Fatal(err)
		}
		reps = append(reps, r)
	}
	return reps
}

func TestSummarizeKeepsEveryReplicationAndItsInterval(t *testing.T) {
	reps := replications(t, 5)
	sc := Summarize(Run{Name: "q", YAML: []byte("name: q\n"), Seed: 1}, repsOf(reps))
	// sha256 of "name: q\n", from sha256sum.
	if sc.Replications != 5 || sc.SHA256 != "106cc989a0efe567e4f69ff518db4e540b08f8ffebef9246320d657457b33751" {
		t.Fatalf("replications %d, sha256 %s", sc.Replications, sc.SHA256)
	}
	m := sc.Metric("phone.offered")
	if m == nil || len(m.Values) != 5 || m.N != 5 {
		t.Fatalf("phone.offered: %+v", m)
	}
	var sum float64
	for i, v := range m.Values {
		if want := float64(reps[i].Channels[0].Offered); float64(v) != want {
			t.Fatalf("value %d is %v, replication says %v", i, v, want)
		}
		sum += float64(v)
	}
	if math.Abs(float64(m.Mean)-sum/5) > 1e-9 || !(m.CI95[0] < m.Mean && m.Mean < m.CI95[1]) || !(m.CI99[0] < m.CI95[0]) {
		t.Fatalf("mean %v, ci95 %v, ci99 %v", m.Mean, m.CI95, m.CI99)
	}
	if len(sc.Metrics) != len(sim.ChannelMetrics()) {
		t.Fatalf("%d metrics, want one per channel metric (%d)", len(sc.Metrics), len(sim.ChannelMetrics()))
	}
}

func TestResultsRoundTrip(t *testing.T) {
	res := &Results{SchemaVersion: SchemaVersion, PeaksimVersion: "test",
		Scenarios: []Scenario{Summarize(Run{Name: "q", YAML: []byte("x")}, repsOf(replications(t, 3)))}}
	data, err := res.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadResults(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.Encode()
	if !bytes.Equal(data, again) {
		t.Fatal("results.json changed when read and written again")
	}
	for _, bad := range []string{`{"schema_version": 99}`, `{"schema_version": 1, "surprise": true}`, `not json`} {
		if _, err := ReadResults(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadResults accepted %s", bad)
		}
	}
}

func TestWriteReplacesOnlyItsOwnOutput(t *testing.T) {
	dir := t.TempDir()
	res := &Results{SchemaVersion: SchemaVersion,
		Scenarios: []Scenario{Summarize(Run{Name: "q", YAML: []byte("x")}, repsOf(replications(t, 2)))}}
	out := filepath.Join(dir, "nested", "out")
	if err := Write(out, res, false); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, res, false); !errors.Is(err, ErrExists) {
		t.Fatalf("replacing an earlier output unasked: %v", err)
	}
	if err := Write(out, res, true); err != nil {
		t.Fatalf("replacing an earlier output: %v", err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, res, true); !errors.Is(err, ErrNotOutputFolder) {
		t.Fatalf("writing through a symbolic link: %v", err)
	}
	foreign := filepath.Join(dir, "foreign")
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("keep"), 0o644)
	if err := Write(foreign, res, true); !errors.Is(err, ErrNotOutputFolder) {
		t.Fatalf("writing over a foreign folder: %v", err)
	}
	// A results.json does not make a folder peaksim's when it holds more.
	os.WriteFile(filepath.Join(foreign, ResultsFile), []byte("{}"), 0o644)
	if err := Write(foreign, res, true); !errors.Is(err, ErrNotOutputFolder) {
		t.Fatalf("writing over a folder with a results.json and other files: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(foreign, "notes.txt")); string(data) != "keep" {
		t.Fatal("a foreign file was touched")
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("keep"), 0o644)
	if err := Write(file, res, true); !errors.Is(err, ErrNotOutputFolder) {
		t.Fatalf("writing over a file: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "nested"))
	if len(entries) != 1 || entries[0].Name() != "out" {
		t.Fatalf("left behind: %v", entries)
	}
}

// TestHugeFilesAreRefusedUnread gives the results and shard readers a 1 GB
// file (sparse: it takes no disk): refused at once, nothing read.
func TestHugeFilesAreRefusedUnread(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadResults(f); err == nil || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("results: %v", err)
	}
	// 1 GB is under a shard's limit: read as a stream, its first byte
	// is enough to refuse it.
	if _, err := ReadShard(f, 4<<30); err == nil || !strings.Contains(err.Error(), "not a peaksim shard file") {
		t.Errorf("shard: %v", err)
	}
}
