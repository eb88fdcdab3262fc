package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/peaksim/peaksim/reports/events"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/scenarios/files"
	"github.com/peaksim/peaksim/sim"
)

// eventFlags are peaksim run's flags for the event log of one replication.
type eventFlags struct {
	path     string
	rep      int
	scenario string
}

func addEventFlags(set *flag.FlagSet, f *runFlags) {
	f.events = &eventFlags{}
	set.StringVar(&f.events.path, "events", "", "write the journeys of one replication as an OCEL 2.0 JSON event log to `FILE`, and as a flat CSV log beside it (FILE's name with .csv); docs/events.md")
	set.IntVar(&f.events.rep, "events-replication", 0, "the replication `N` (from 0) whose journeys --events writes")
	set.StringVar(&f.events.scenario, "events-scenario", "", "the scenario or variant `NAME` whose journeys --events writes, as the run's summary names it (\"christmas / as-is\", or as-is, or christmas for its first variant; default: the first run)")
}

// pick checks the event flags against the scenarios of the run and its
// output folder out, and returns the index of the scenario to log.
func (e *eventFlags) pick(scs []*scenarios.Scenario, out string, shard, precision bool) (int, error) {
	switch {
	case inside(e.path, out):
		return 0, fmt.Errorf("--events %s: inside the output folder %s, which the run replaces whole; write the log beside it", e.path, out)
	case shard:
		return 0, errors.New("--events and --shard do not go together: log a replication in a run of its own")
	case precision:
		return 0, errors.New("--events and --precision do not go together: which replications run is not known before")
	}
	j := 0
	if e.scenario != "" {
		j = -1
		var names []string
		want := normalLabel(e.scenario)
		for i, sc := range scs {
			label := sc.Name
			if sc.Variant != "" {
				label += " / " + sc.Variant
			}
			names = append(names, fmt.Sprintf("%q", label))
			if j < 0 && (want == normalLabel(label) || want == sc.Name || want == sc.Variant && sc.Variant != "") {
				j = i
			}
		}
		if j < 0 {
			return 0, fmt.Errorf("--events-scenario %q: not a scenario of this run; it runs %s", e.scenario, strings.Join(names, ", "))
		}
	}
	if n := scs[j].Replications; e.rep < 0 || e.rep >= n {
		return 0, fmt.Errorf("--events-replication %d: %s runs replications 0 to %d", e.rep, scs[j].Name, n-1)
	}
	return j, nil
}

// inside reports whether path is in the folder dir (not "" or "-").
func inside(path, dir string) bool {
	if dir == "" || dir == "-" {
		return false
	}
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// normalLabel writes "christmas/as-is" and "christmas / as-is" alike.
func normalLabel(s string) string {
	name, variant, ok := strings.Cut(s, "/")
	if !ok {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(name) + " / " + strings.TrimSpace(variant)
}

// start creates the event log of scenario j of grid g, or says, as a usage
// error, why it cannot be written.
func (e *eventFlags) start(g *runner.Grid, sc *scenarios.Scenario, j int) (*events.Output, error) {
	clock := events.Epoch
	if sc.Season != nil {
		clock = sc.Season.Calendar.Time
	}
	o, err := events.Create(e.path, g.Model(j), clock)
	if err == nil {
		return o, nil
	}
	var nr *files.NotRegularError
	var pe *fs.PathError
	switch {
	case errors.As(err, &nr):
		return nil, fmt.Errorf("--events %s: %s is a %s; name a file to write", e.path, nr.Path, nr.Kind)
	case errors.As(err, &pe):
		return nil, fmt.Errorf("--events %s: cannot write %s: %v", e.path, pe.Path, pe.Err)
	}
	return nil, fmt.Errorf("--events %s: %w", e.path, err)
}

// journal returns the runner's option that gives log to replication rep
// of scenario j, and no journal to the others.
func journal(log *events.Output, j, rep int) func(scenario, rep int) sim.Journal {
	return func(scenario, r int) sim.Journal {
		if scenario == j && r == rep {
			return log
		}
		return nil
	}
}

// finish puts the event log in place after a run that finished, or
// removes it.
func (e *eventFlags) finish(log *events.Output, ran bool, label string, human, stderr io.Writer) int {
	if !ran {
		log.Discard()
		fmt.Fprintf(stderr, "peaksim: the event log was not written: its replication did not finish\n")
		return exitOK
	}
	if err := log.Commit(); err != nil {
		return fail(stderr, exitFailed, fmt.Errorf("writing the event log %s: %w", e.path, err))
	}
	ocel, flat := log.Paths()
	fmt.Fprintf(human, "event log of %s, replication %d: %d events, %d objects in %s and %s\n", label, e.rep, log.Events(), log.Objects(), ocel, flat)
	return exitOK
}
