package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports"
)

// TestMergeBoundsItsMemory: a shard of 32 MB of zeros, the file that grows
// most in memory, is refused with --max-memory 64MB as it is read, by a
// process (this test's binary, run again) whose peak resident size stays
// under the limit; shard files larger together than the limit are refused
// before a byte is read.
func TestMergeBoundsItsMemory(t *testing.T) {
	if file := os.Getenv("PEAKSIM_MERGE_OF"); file != "" {
		var stderr strings.Builder
		code := run(context.Background(), []string{"merge", file, "--max-memory", "64MB", "--out", os.Getenv("PEAKSIM_MERGE_OUT")}, os.Getenv, strings.NewReader(""), io.Discard, &stderr)
		fmt.Printf("exit %d\npeak %.0f\n%s", code, peakResident(), stderr.String())
		return
	}
	dir := t.TempDir()
	s := &reports.Shard{SchemaVersion: reports.SchemaVersion, Kind: reports.ShardKind, Count: 1, Runs: []reports.Run{{Name: "q"}}, Replications: []int{1},
		Cells: []reports.Cell{{Rep: reports.Rep{Series: []reports.RepSeries{{Name: "q.queued", Unit: "contacts", StepHours: 1, Values: reports.Floats{0}}}}}}}
	data, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	// 16 million zeros in its series.
	data = []byte(strings.Replace(string(data), `"values":[0]`, `"values":[0`+strings.Repeat(",0", 16<<20-1)+`]`, 1))
	zeros := writeFile(t, dir, "zeros.json", string(data))
	if runtime.GOOS == "linux" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMergeBoundsItsMemory$")
		cmd.Env = append(os.Environ(), "PEAKSIM_MERGE_OF="+zeros, "PEAKSIM_MERGE_OUT="+filepath.Join(dir, "out"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if !strings.Contains(string(out), "exit 2\n") || !strings.Contains(string(out), "zeros.json: replication 1 of the file is larger than 7 MiB, the most merging reads of one (an eighth of --max-memory)") {
			t.Errorf("not refused as it is read:\n%s", out)
		}
		var peak float64
		fmt.Sscanf(string(out[strings.Index(string(out), "peak "):]), "peak %g", &peak)
		if !(peak > 0) || peak > 64e6 {
			t.Errorf("merge held %.3g bytes at its peak, want under --max-memory 64MB", peak)
		}
	}

	// 2 GB on disk (sparse: it takes none) and a limit of 1 GB: refused
	// unread, naming the files.
	huge := filepath.Join(dir, "huge.json")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(2e9); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, _, stderr := peaksim(t, "merge", huge, zeros, "--max-memory", "1GB", "--out", filepath.Join(dir, "out"))
	total := 2e9 + float64(len(data))
	want := fmt.Sprintf("the shard files take %s (%s 2GB, %s %s), and merging holds them in memory: the limit is 1GB; raise it with --max-memory %s",
		byteSize(total), huge, zeros, byteSize(len(data)), byteSize(roundUp(total*1.1)))
	if code != exitBadInput || !strings.Contains(stderr, want) {
		t.Errorf("exit %d:\n%s\nwant %s", code, stderr, want)
	}
}

// peakResident returns the process's peak resident size, from /proc.
func peakResident() float64 {
	data, _ := os.ReadFile("/proc/self/status")
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kB, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kB * 1024
		}
	}
	return 0
}

// TestMergeRefusesFiguresNoRunWrites: a shard edited to hold 1e308, or a
// series without a step, is bad input (exit 2) naming the file, not a
// failed run (exit 3) or a results file that report then refuses.
func TestMergeRefusesFiguresNoRunWrites(t *testing.T) {
	dir := t.TempDir()
	shard := filepath.Join(dir, "shard.json")
	if code, _, stderr := peaksim(t, "run", "next-day-misdelivery", "--replications", "2", "--shard", "0/1", "--quiet", "--out", shard); code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	for _, c := range []struct {
		name, want string
		edit       func(rep map[string]any)
	}{
		{"1e308", "replication 0 of run 0: metric ", func(rep map[string]any) {
			for _, m := range rep["metrics"].([]any) {
				m.(map[string]any)["value"] = 1e308
			}
		}},
		{"step-0", "replication 0 of run 0: series orders.placed has a step of 0 hours, want at least 1", func(rep map[string]any) {
			for _, s := range rep["series"].([]any) {
				s.(map[string]any)["step_hours"] = 0
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, err := os.ReadFile(shard)
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			for _, cell := range doc["cells"].([]any) {
				c.edit(cell.(map[string]any)["rep"].(map[string]any))
			}
			data, _ = json.Marshal(doc)
			edited := writeFile(t, dir, c.name+".json", string(data))
			out := filepath.Join(dir, "out-"+c.name)
			code, _, stderr := peaksim(t, "merge", edited, "--out", out)
			if code != exitBadInput || !strings.Contains(stderr, edited+": "+c.want) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, exitBadInput, c.want, stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output written: %v", err)
			}
		})
	}
}
