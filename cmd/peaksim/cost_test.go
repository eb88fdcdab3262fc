package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peaksim/peaksim/reports/runner"
)

// TestHostileRunsRefusedAtOnce runs the files of testdata/bad that would
// take hours or exhaust the memory: each is refused before it starts, in
// under a second, with a message that names the file, the estimate and the
// flag that raises the limit, and a suggested value that would let it
// through.
func TestHostileRunsRefusedAtOnce(t *testing.T) {
	for _, c := range []struct {
		file, flag, estimate string
	}{
		{"retry-storm.yaml", "--max-events", `about [0-9.e+]+ events: 10 replications of about [0-9.e+]+ each, mostly customers retrying after a contact failed`},
		{"reminder-storm.yaml", "--max-events", `about [0-9.e+]+ events: 10 replications of about [0-9.e+]+ each, mostly forms sent to customers`},
		{"hundred-million-an-hour.yaml", "--max-memory", `about 48GB of memory: 2 replications at once \(--workers\) of about 24GB each, mostly 1e\+08 contacts waiting at once`},
		{"warehouse-stands-still.yaml", "--max-memory", `about [0-9.]+GB of memory: 2 replications at once \(--workers\) of about [0-9.]+GB each, mostly [0-9.e+]+ cases open at once`},
	} {
		t.Run(strings.TrimSuffix(c.file, ".yaml"), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			start := time.Now()
			code, _, stderr := peaksim(t, "run", filepath.Join("testdata", "bad", c.file), "--workers", "2", "--quiet", "--out", out)
			took := time.Since(start)
			if code != exitBadInput {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitBadInput, stderr)
			}
			if took > time.Second {
				t.Errorf("refused after %v, want under a second", took)
			}
			if !strings.Contains(stderr, c.file+": the run would") || !regexp.MustCompile(c.estimate).MatchString(stderr) {
				t.Errorf("the message does not name the file and the estimate (%s):\n%s", c.estimate, stderr)
			}
			raise := regexp.MustCompile(`raise it with ` + c.flag + ` (\S+),`).FindStringSubmatch(stderr)
			if raise == nil {
				t.Fatalf("the message does not name %s with a value:\n%s", c.flag, stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output written: %v", err)
			}
			// With the suggested value, this limit lets the run through (it
			// is not run here: it would take hours or all the memory).
			f := &runFlags{workers: 2, maxEvents: defaultMaxEvents, maxMemory: defaultMaxMemory}
			var err error
			if c.flag == "--max-events" {
				f.maxEvents, err = strconv.ParseFloat(raise[1], 64)
			} else {
				err = f.maxMemory.Set(raise[1])
			}
			if err != nil {
				t.Fatalf("%s %s: %v", c.flag, raise[1], err)
			}
			scs, err := openAll([]string{filepath.Join("testdata", "bad", c.file)})
			if err != nil {
				t.Fatal(err)
			}
			if err := checkCost(runner.Expand(scs), f, false, 1); err != nil && strings.Contains(err.Error(), c.flag) {
				t.Errorf("%s %s does not let it through: %v", c.flag, raise[1], err)
			}
		})
	}
}

// TestCostRefusalNamesTheFile: both limits, raised and lowered by their
// flags, and the file that costs most among several.
func TestCostRefusalNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := peaksim(t, "run", "contact-centre", "--max-events", "1000", "--out", filepath.Join(dir, "a"))
	if code != exitBadInput || !strings.Contains(stderr, "builtin:contact-centre: the run would process about") || !strings.Contains(stderr, "mostly contacts arriving and being served") {
		t.Errorf("--max-events 1000: exit %d\n%s", code, stderr)
	}
	code, _, stderr = peaksim(t, "run", "contact-centre", "christmas", "--replications", "1", "--max-events", "1e5", "--out", filepath.Join(dir, "b"))
	if code != exitBadInput || !strings.Contains(stderr, "builtin:christmas: the run would process about") || !strings.Contains(stderr, "of them from this file") {
		t.Errorf("two files: exit %d\n%s", code, stderr)
	}
	code, _, stderr = peaksim(t, "run", "contact-centre", "--max-memory", "1MB", "--workers", "1", "--out", filepath.Join(dir, "c"))
	if code != exitBadInput || !strings.Contains(stderr, "builtin:contact-centre: the run would need about") || !strings.Contains(stderr, "The limit is 1MB: raise it with --max-memory") {
		t.Errorf("--max-memory 1MB: exit %d\n%s", code, stderr)
	}
	for _, bad := range []string{"0", "-1GB", "lots", "4 GiB of it", "NaN", "1e400"} {
		code, _, stderr := peaksim(t, "run", "contact-centre", "--max-memory", bad, "--out", filepath.Join(dir, "d"))
		if code != exitBadInput || !strings.Contains(stderr, "want a size above 0") {
			t.Errorf("--max-memory %q: exit %d\n%s", bad, code, stderr)
		}
	}
}

func TestByteSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		out  string
	}{
		{"4GiB", 4 << 30, "4GiB"},
		{"512MB", 512e6, "512MB"},
		{"1.5GB", 1.5e9, "1.5GB"},
		{"1e9", 1e9, "1GB"},
		{"64KiB", 64 << 10, "64KiB"},
		{"190GB", 190e9, "190GB"},
		{"100B", 100, "100B"},
	} {
		var b byteSize
		if err := b.Set(c.in); err != nil || float64(b) != c.want || b.String() != c.out {
			t.Errorf("%s: %v (%v), written %s; want %v, %s", c.in, float64(b), err, b, c.want, c.out)
		}
	}
}

// TestPlanRefusesAHostileFileBeforeItsSearch: every plan the search tries
// is a run of the file, so the planner refuses what run refuses, at once.
func TestPlanRefusesAHostileFileBeforeItsSearch(t *testing.T) {
	start := time.Now()
	code, _, stderr := peaksim(t, "plan", filepath.Join("testdata", "bad", "retry-storm.yaml"), "--target", "phone.service_level >= 80%", "--quiet", "--out", filepath.Join(t.TempDir(), "out"))
	if took := time.Since(start); code != exitBadInput || took > time.Second || !strings.Contains(stderr, "retry-storm.yaml: the run would process about") {
		t.Fatalf("exit %d after %v, want %d at once naming the file and the estimate:\n%s", code, took, exitBadInput, stderr)
	}
}

// TestMemoryEstimateFollowsWhatARunKeeps: a run folds each replication's
// series into its results as it finishes, so 10,000 replications of each
// variant of the default season fit in the default --max-memory; the same
// cells as one shard keep every replication (the shard file's content),
// some 13 GB, and are refused.
func TestMemoryEstimateFollowsWhatARunKeeps(t *testing.T) {
	scs, err := openAll([]string{"christmas"})
	if err != nil {
		t.Fatal(err)
	}
	scs = runner.Expand(scs)
	for _, sc := range scs {
		sc.Replications = 10000
	}
	f := &runFlags{workers: 2, maxEvents: 1e13, maxMemory: defaultMaxMemory}
	if err := checkCost(scs, f, false, 1); err != nil {
		t.Errorf("a run: %v", err)
	}
	f.shard = "0/1"
	if err := checkCost(scs, f, false, 1); err == nil || !strings.Contains(err.Error(), "--max-memory") {
		t.Errorf("a shard of every cell: %v, want a refusal naming --max-memory", err)
	}
}
