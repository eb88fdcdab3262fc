package events_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/peaksim/peaksim/reports/events"
	"github.com/peaksim/peaksim/sim"
)

// peakHeap runs f and returns the most heap its objects took meanwhile
// (live and not yet collected), sampled every millisecond, after a
// collection has emptied the heap of what came before.
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		peak := read()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				done <- max(peak, read())
				return
			case <-tick.C:
				peak = max(peak, read())
			}
		}
	}()
	f()
	close(stop)
	return <-done
}

// TestLogOfChristmasKeepsPeakMemory writes the event logs of a christmas
// replication (some 1.5 million events) and compares the peak heap with
// that of the same replication without them: the logs are streamed, so
// they may add their buffers and the garbage of formatting, never the
// season. The bound is 1.5 times; docs/events.md quotes the
// figures this logs, and the logs' sizes.
func TestLogOfChristmasKeepsPeakMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes some 600 MB of logs")
	}
	dir := t.TempDir()
	if free := freeBytes(dir); free >= 0 && free < 2<<30 {
		t.Skipf("writes some 600 MB of logs, and %s has %d MB free", dir, free>>20)
	}
	sc := builtin(t, "christmas")
	m := sc.Model()
	run := func(j sim.Journal) {
		if _, err := sim.RunJournal(context.Background(), m, sc.Seed, 0, j); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	without := peakHeap(func() { run(nil) })
	plain := time.Since(start)

	path := filepath.Join(dir, "christmas.json")
	var log *events.Output
	start = time.Now()
	with := peakHeap(func() {
		var err error
		if log, err = events.Create(path, m, sc.Season.Calendar.Time); err != nil {
			t.Fatal(err)
		}
		run(log)
		if err := log.Commit(); err != nil {
			t.Fatal(err)
		}
	})
	logged := time.Since(start)
	size := func(p string) float64 {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return float64(info.Size()) / 1e6
	}
	ratio := float64(with) / float64(without)
	t.Logf("christmas replication 0: peak heap %.1f MB without the logs, %.1f MB with them (%.2f×); %s and %s",
		float64(without)/1e6, float64(with)/1e6, ratio, plain.Round(time.Millisecond), logged.Round(time.Millisecond))
	t.Logf("%d events, %d objects: OCEL log %.0f MB, CSV log %.0f MB", log.Events(), log.Objects(), size(path), size(events.CSVPath(path)))
	if ratio > 1.5 {
		t.Errorf("the logs take the peak heap to %.2f× that of the replication without them; want at most 1.5×", ratio)
	}
}
