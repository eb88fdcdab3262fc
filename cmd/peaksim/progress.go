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
// tenth of the work or every few seconds, never a carriage return. It is
// the runner's Progress: Done is called from the workers' goroutines.
type progress struct {
	mu    sync.Mutex
	out   io.Writer
	quiet bool
	pace  pacing
	bar   *progressbar.ProgressBar // on a terminal
	w     io.Writer                // otherwise
	total int
	n     int
	start time.Time
	last  time.Time // when the last line was written
	step  int       // the tenth of the work last reported
}

// pacing is how often a non-terminal gets a progress line: at most every
// gap, and at least every every.
type pacing struct{ every, gap time.Duration }

// logPacing is the pacing of a run's log: a run of a second or less says
// nothing, a long one a line at every tenth of the work, or every five
// seconds when a tenth takes longer.
func logPacing() pacing { return pacing{every: 5 * time.Second, gap: time.Second} }

func newProgress(w io.Writer, quiet bool, pace pacing) *progress {
	return &progress{out: w, quiet: quiet, pace: pace}
}

// Begin starts the count of a batch of cells.
func (p *progress) Begin(total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total, p.n, p.step, p.bar, p.w = total, 0, 0, nil, nil
	p.start = time.Now()
	p.last = p.start
	switch {
	case p.quiet || total == 0:
	case isTerminal(p.out):
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.out),
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
		p.w = p.out
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Done counts one finished replication.
func (p *progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	switch {
	case p.bar != nil:
		_ = p.bar.Add(1)
	case p.w != nil:
		now := time.Now()
		step := 10 * p.n / p.total
		if gap := now.Sub(p.last); gap >= p.pace.every || (gap >= p.pace.gap && (step > p.step || p.n == p.total)) {
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

// End clears the bar.
func (p *progress) End() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
