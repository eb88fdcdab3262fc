package sim_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// estimateFactor is how far the estimated events may be from what a
// replication processes, either way. On the built-in scenarios they come
// out at 0.9 to 1.7 times, and at 0.8 to 1.4 times on the small versions
// of the files built to defeat the estimate (testdata/estimate).
const estimateFactor = 2

// estimateScenarios returns every built-in scenario (every variant, or
// only the first in -short) and the scenarios of testdata/estimate.
func estimateScenarios(t *testing.T) []*scenarios.Scenario {
	var out []*scenarios.Scenario
	for _, info := range scenarios.Builtins() {
		sc, err := scenarios.Builtin(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case len(sc.Variants) == 0:
			out = append(out, sc)
		case testing.Short():
			out = append(out, sc.Variants[0])
		default:
			out = append(out, sc.Variants...)
		}
	}
	files, err := filepath.Glob(filepath.Join("testdata", "estimate", "*.yaml"))
	if err != nil || len(files) < 5 {
		t.Fatalf("%d files in testdata/estimate (%v)", len(files), err)
	}
	for _, file := range files {
		sc, err := scenarios.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, sc)
	}
	return out
}

// stationary reports whether nothing in m changes by the hour.
func stationary(m *sim.Model) bool {
	if m.Season != nil {
		return false
	}
	for _, t := range m.Teams {
		if t.OnDuty != nil || t.SpeedByHour != nil {
			return false
		}
	}
	for _, c := range m.Channels {
		if c.HourlyRate != nil || c.Open != nil {
			return false
		}
	}
	return true
}

// TestEstimateFollowsTheRun runs one replication of each scenario and holds
// the estimate to what it did: its events within estimateFactor, and its
// peaks of queued contacts and open cases, where they take memory, within
// twice that.
func TestEstimateFollowsTheRun(t *testing.T) {
	for _, sc := range estimateScenarios(t) {
		name := sc.Name
		if sc.Variant != "" {
			name += "/" + sc.Variant
		}
		t.Run(name, func(t *testing.T) {
			m := sc.Model()
			e := m.Estimate()
			if stationary(m) && e.Events > 3e5 && strings.HasPrefix(sc.Source, "builtin:") {
				// The textbook queues run for hundreds of thousands of
				// contacts. Their rates do not change, so a shorter horizon
				// (and warm-up) tries the estimate per contact as well,
				// for a tenth of the time.
				short := *m
				short.Horizon *= 3e5 / e.Events
				short.Warmup *= 3e5 / e.Events
				m = &short
				e = m.Estimate()
			}
			res, err := sim.Run(context.Background(), m, sc.Seed, 0)
			if err != nil {
				t.Fatal(err)
			}
			ratio := e.Events / float64(res.Events)
			t.Logf("estimate %.3g events, run %d (%.2f times); queued %.3g, run %d; cases %.3g, run %d", e.Events, res.Events, ratio, e.PeakQueued, res.PeakContacts, e.PeakCases, res.PeakCases)
			if ratio < 1.0/estimateFactor || ratio > estimateFactor {
				t.Errorf("estimated %.3g events, the run processed %d: %.2f times", e.Events, res.Events, ratio)
			}
			peak := func(what string, est float64, actual int, bytes float64) {
				// Peaks that take less than 16 MB do not matter.
				if max(est, float64(actual))*bytes < 16<<20 {
					return
				}
				if r := est / float64(actual); r < 1.0/(2*estimateFactor) || r > 2*estimateFactor {
					t.Errorf("estimated %.3g %s at once, the run had %d: %.2f times", est, what, actual, r)
				}
			}
			peak("contacts", e.PeakQueued, res.PeakContacts, sim.BytesPerContact)
			peak("cases", e.PeakCases, res.PeakCases, sim.BytesPerCase)
		})
	}
}

// TestEstimateSeesWhatARunHolds is the hostile files of
// cmd/peaksim/testdata/bad, estimated, not run: what they would hold and
// do, within a few per cent of the arithmetic.
func TestEstimateSeesWhatARunHolds(t *testing.T) {
	// Ten million calls in an hour for one agent: all of them wait.
	inter, _ := sim.NewExponential(1e-7)
	handle, _ := sim.NewExponential(5.0 / 60)
	m := &sim.Model{Name: "ten-million", Horizon: 1, Teams: []sim.Team{{Name: "agents", Agents: 1}},
		Channels: []sim.Channel{{Name: "phone", Interarrival: inter, HandleTime: handle, QueueCapacity: sim.Unlimited}}}
	e := m.Estimate()
	if e.PeakQueued < 0.99e7 || e.PeakQueued > 1e7 || e.Bytes < 2.3e9 || e.Bytes > 2.5e9 {
		t.Errorf("ten million calls waiting: estimated %.3g waiting, %.3g bytes; want 1e7 and 2.4e9 (the 240 bytes a contact of BytesPerContact)", e.PeakQueued, e.Bytes)
	}
	// A hundred million calls an hour for ten agents.
	m.Channels[0].Interarrival, _ = sim.NewExponential(1e-8)
	m.Teams[0].Agents = 10
	if e := m.Estimate(); e.Bytes < 2.3e10 || e.Events < 2e8 {
		t.Errorf("a hundred million calls: estimated %.3g bytes and %.3g events, want 2.4e10 and 2e8", e.Bytes, e.Events)
	}
	for _, c := range []struct {
		file   string
		events float64 // at least, one replication
		mostly string
	}{
		{"retry-storm.yaml", 1e9, "retrying"},
		{"reminder-storm.yaml", 5e9, "forms"},
	} {
		sc, err := scenarios.Load(filepath.Join("..", "cmd", "peaksim", "testdata", "bad", c.file))
		if err != nil {
			t.Fatal(err)
		}
		if e := sc.Model().Estimate(); e.Events < c.events || !strings.Contains(e.Mostly(), c.mostly) {
			t.Errorf("%s: estimated %.3g events, mostly %s; want at least %.3g, mostly %s", c.file, e.Events, e.Mostly(), c.events, c.mostly)
		}
	}
}

// TestEstimatedBytesCoverTheRun measures the memory a replication takes,
// in a process of its own (the peak resident size, Linux's VmHWM, less the
// size before the run), for a queue that grows to 400,000 contacts and a
// season whose 43,000 cases stay open, and holds Estimate.Bytes within a
// factor of two of it: the measurement behind BytesPerContact and
// BytesPerCase.
func TestEstimatedBytesCoverTheRun(t *testing.T) {
	if file := os.Getenv("PEAKSIM_MEMORY_OF"); file != "" {
		measureMemory(file)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads the peak resident size from /proc")
	}
	if testing.Short() {
		t.Skip("runs two replications in processes of their own; skipped with -short")
	}
	for _, name := range []string{"queue-grows.yaml", "cases-pile-up.yaml"} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join("testdata", "estimate", name)
			cmd := exec.Command(os.Args[0], "-test.run=^TestEstimatedBytesCoverTheRun$")
			cmd.Env = append(os.Environ(), "PEAKSIM_MEMORY_OF="+file)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			var used float64
			for line := range strings.SplitSeq(string(out), "\n") {
				if v, ok := strings.CutPrefix(line, "peak bytes "); ok {
					used, _ = strconv.ParseFloat(v, 64)
				}
			}
			sc, err := scenarios.Load(file)
			if err != nil {
				t.Fatal(err)
			}
			e := sc.Model().Estimate()
			t.Logf("estimated %.3g bytes, the run took %.3g", e.Bytes, used)
			if !(used > 0) || e.Bytes < used/2 || e.Bytes > 2*used {
				t.Errorf("estimated %.3g bytes, the run took %.3g", e.Bytes, used)
			}
		})
	}
}

// measureMemory runs one replication of file and prints the growth of the
// process's peak resident size.
func measureMemory(file string) {
	sc, err := scenarios.Load(file)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	m := sc.Model()
	before := procStatus("VmRSS")
	if _, err := sim.Run(context.Background(), m, sc.Seed, 0); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Printf("peak bytes %.0f\n", procStatus("VmHWM")-before)
}

// procStatus returns a size from /proc/self/status, in bytes.
func procStatus(key string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key+":"); ok {
			kB, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kB * 1024
		}
	}
	return 0
}
