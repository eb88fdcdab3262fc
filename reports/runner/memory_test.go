package runner_test

import (
	"context"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
)

// heapWatch measures the heap of a run on one worker: what is live, as
// marked by a collection it forces every so many replications (a
// Progress: after a replication is folded and before the next starts, so
// that what it sees is what the run holds, not the engine's working
// memory of the replication in flight) and at the end; and the most in
// use, live or not yet collected (the runtime's HeapInuse, which the
// collector lets grow to about twice what is live), sampled every 2 ms.
type heapWatch struct {
	every    int64
	finished atomic.Int64
	mu       sync.Mutex
	live     uint64
	inUse    uint64
}

func (h *heapWatch) Begin(int) {}
func (h *heapWatch) End()      {}
func (h *heapWatch) Done() {
	if h.finished.Add(1)%h.every == 0 {
		h.collect()
	}
}

func (h *heapWatch) collect() {
	runtime.GC()
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	h.mu.Lock()
	h.live = max(h.live, live[0].Value.Uint64())
	h.mu.Unlock()
}

// watch runs f, giving it h to hear of its replications.
func (h *heapWatch) watch(f func(runner.Progress)) {
	runtime.GC()
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				metrics.Read(samples)
				h.mu.Lock()
				h.inUse = max(h.inUse, samples[0].Value.Uint64()+samples[1].Value.Uint64())
				h.mu.Unlock()
			}
		}
	}()
	f(h)
	close(stop)
	<-stopped
	h.collect() // with f's results still held
}

// metricBytes is what the results hold of every replication by design:
// each metric's value (and a rate's numerator and denominator).
func metricBytes(res *reports.Results) uint64 {
	n := 0
	for _, sc := range res.Scenarios {
		for _, m := range sc.Metrics {
			n += len(m.Values) + len(m.Num) + len(m.Den)
		}
	}
	return 8 * uint64(n)
}

// TestMemoryIsFlatInReplications: 10,000 replications of a three-day
// season hold no more memory than 100 of it, but for what results.json
// keeps of each replication (its metric values) and the series values held
// in memory before the run moves them to a file (a few MB): a
// replication's series are folded as it finishes, not kept. Holding every
// replication until the end, as runs did before, this test measured 2.2 MB
// at 100 and 185 MB at 10,000; folding them, 1.3 MB and 16.5 MB, of which
// 11.2 MB are the metric values.
func TestMemoryIsFlatInReplications(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 replications: about 8 s")
	}
	var res *reports.Results
	measure := func(reps int) (*heapWatch, time.Duration) {
		scs := tiny(t, reps)[:1]
		h := &heapWatch{every: int64(reps / 100)}
		start := time.Now()
		h.watch(func(p runner.Progress) {
			var err error
			if res, err = runner.Run(context.Background(), scs, "test", runner.Options{Workers: 1, Progress: p}); err != nil {
				t.Fatal(err)
			}
		})
		return h, time.Since(start)
	}
	small, took100 := measure(100)
	large, took := measure(10000)
	kept := metricBytes(res)
	const mb = 1e6
	t.Logf("live heap at most %.1f MB at 100 replications (%v), %.1f MB at 10,000 (%v), whose metric values take %.1f MB; in use at most %.1f and %.1f MB",
		float64(small.live)/mb, took100.Round(time.Millisecond), float64(large.live)/mb, took.Round(time.Millisecond), float64(kept)/mb, float64(small.inUse)/mb, float64(large.inUse)/mb)
	if limit := small.live*3/2 + kept + runner.SeriesInMemory + 1<<20; large.live > limit {
		t.Errorf("10,000 replications held %.1f MB of live heap, 100 held %.1f MB: more than 1.5 times as much plus the metric values (%.1f MB), the series held in memory (%.1f MB) and 1 MiB",
			float64(large.live)/mb, float64(small.live)/mb, float64(kept)/mb, float64(runner.SeriesInMemory)/mb)
	}
}
