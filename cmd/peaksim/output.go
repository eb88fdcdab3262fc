package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"

	"github.com/peaksim/peaksim/reports"
)

// outputProblem turns a refused output folder into a usage error: exit 2
// with what to do; exitOK for any other error, which the caller reports.
func outputProblem(std stdio, err error) int {
	var pe *fs.PathError
	switch {
	case errors.Is(err, reports.ErrNotOutputFolder):
		return fail(std.stderr, exitBadInput, fmt.Errorf("--out %w; choose another folder", err))
	case errors.Is(err, reports.ErrExists):
		return fail(std.stderr, exitBadInput, fmt.Errorf("--out %w; add --force to replace it, or choose another folder", err))
	case errors.Is(err, reports.ErrParentNotFolder):
		return fail(std.stderr, exitBadInput, fmt.Errorf("--out %w; choose another folder", err))
	case errors.Is(err, reports.ErrBusy):
		return fail(std.stderr, exitBadInput, fmt.Errorf("--out %w; wait for it to finish, or choose another folder", err))
	case errors.Is(err, reports.ErrWorkingFolder):
		return fail(std.stderr, exitBadInput, fmt.Errorf("--out %w, and an output folder is replaced whole; name a folder inside it, e.g. --out peaksim-out", err))
	case (errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)) && errors.As(err, &pe):
		return fail(std.stderr, exitBadInput, fmt.Errorf("--out: cannot write in %s: %v; choose another folder", filepath.Dir(pe.Path), pe.Err))
	}
	return exitOK
}

// checkOutput refuses, before anything runs, an output folder that could
// not be written at the end.
func checkOutput(std stdio, dir string, replace bool) int {
	if dir == "" || dir == "-" {
		return exitOK
	}
	if err := reports.CheckOutput(dir, replace); err != nil {
		if code := outputProblem(std, err); code != exitOK {
			return code
		}
		return fail(std.stderr, exitFailed, fmt.Errorf("--out %s: %w", dir, err))
	}
	return exitOK
}

// reserveOutput reserves the output folder dir before a run (see
// reports.Reserve), and says what it cleaned up beside it. The Output is
// nil, and the code exitOK, when nothing is to be written there (no
// output, or "-" for stdout).
func reserveOutput(std stdio, dir string, replace bool) (*reports.Output, int) {
	if dir == "" || dir == "-" {
		return nil, exitOK
	}
	o, err := reports.Reserve(dir, replace)
	if err != nil {
		if code := outputProblem(std, err); code != exitOK {
			return nil, code
		}
		return nil, fail(std.stderr, exitFailed, fmt.Errorf("--out %s: %w", dir, err))
	}
	for _, p := range o.Removed {
		fmt.Fprintf(std.stderr, "peaksim: removed %s, left by a peaksim that was killed\n", p)
	}
	for _, p := range o.Strays {
		fmt.Fprintf(std.stderr, "peaksim: %s looks left by an interrupted peaksim; remove it if no peaksim is running\n", p)
	}
	return o, exitOK
}

// writeOutput writes the reserved output folder and says where the report
// went.
func writeOutput(std stdio, o *reports.Output, res *reports.Results) int {
	if err := o.Write(res); err != nil {
		if code := outputProblem(std, err); code != exitOK {
			return code
		}
		return fail(std.stderr, exitFailed, fmt.Errorf("writing %s: %w", o.Dir(), err))
	}
	fmt.Fprintf(std.stdout, "report: %s\n", filepath.Join(o.Dir(), reports.IndexFile))
	return exitOK
}
