package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress reports finished replications on stderr: a bar with rate and
// time left on a terminal; elsewhere (CI logs, files) a plain line every
// tenth of the work or every few seconds, never a carriage return. Workers
// call done from their goroutines.
type progress struct {
	mu    sync.Mutex
	bar   *progressbar.ProgressBar // on a terminal
	w     io.Writer                // otherwise
	total int
	n     int
	start time.Time
	last  time.Time // when the last line was written
	step  int       // the tenth of the work last reported
}

// lineEvery is the longest a non-terminal goes without a progress line,
// and lineGap the shortest between two: a run of a second or less says
// nothing, a long one a line at every tenth of the work.
var lineEvery, lineGap = 5 * time.Second, time.Second

func newProgress(w io.Writer, total int, quiet bool) *progress {
	p := &progress{total: total, start: time.Now()}
	p.last = p.start
	switch {
	case quiet || total == 0:
	case isTerminal(w):
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("replications"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("reps"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionFullWidth(),
		)
	default:
		p.w = w
	}
	return p
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// done counts one finished replication.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	switch {
	case p.bar != nil:
		_ = p.bar.Add(1)
	case p.w != nil:
		now := time.Now()
		step := 10 * p.n / p.total
		if gap := now.Sub(p.last); gap >= lineEvery || (gap >= lineGap && (step > p.step || p.n == p.total)) {
			p.step, p.last = step, now
			p.line(now)
		}
	}
}

func (p *progress) line(now time.Time) {
	elapsed := now.Sub(p.start)
	rate := float64(p.n) / elapsed.Seconds()
	left := ""
	if p.n < p.total && rate > 0 {
		left = fmt.Sprintf(", about %s left", (time.Duration(float64(p.total-p.n) / rate * float64(time.Second))).Round(time.Second))
	}
	fmt.Fprintf(p.w, "peaksim: %d/%d replications (%d%%), %.1f/s%s\n", p.n, p.total, 100*p.n/p.total, rate, left)
}

// finish clears the bar.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
