package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/peaksim/peaksim/internal/files"
	"github.com/peaksim/peaksim/reports"
)

// cmdReport renders the report of a saved results.json again, without
// running anything: after an upgrade of peaksim's report, or to turn
// shards' merged results into a report.
func cmdReport(_ context.Context, args []string, std stdio) int {
	fs := newFlagSet("report", "RESULTS.json [--out FOLDER]", std)
	out := fs.String("out", "", "output `folder` (default: the folder that holds RESULTS.json; - reads RESULTS.json from stdin and needs --out)")
	force := fs.Bool("force", false, "replace an earlier output in --out")
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) != 1 {
		fs.Usage()
		return exitBadInput
	}
	path := names[0]
	var in io.Reader = std.stdin
	if path != "-" {
		f, err := files.Open(path)
		if err != nil {
			return fail(std.stderr, exitBadInput, err)
		}
		defer f.Close()
		in = f
	}
	res, err := reports.ReadResults(in)
	if err != nil {
		return fail(std.stderr, exitBadInput, fmt.Errorf("%s: %w", path, err))
	}
	dir := *out
	if dir == "" {
		if path == "-" {
			return fail(std.stderr, exitBadInput, errors.New("--out: required when the results come from stdin"))
		}
		dir = filepath.Dir(path)
	}
	// Rendering again into the folder the results came from is what was
	// asked: no --force needed.
	return writeOutput(std, dir, res, *force || *out == "")
}

// outputProblem turns a refused output folder into a usage error: exit 2
// with what to do.
func outputProblem(std stdio, err error) int {
	switch {
	case errors.Is(err, reports.ErrNotOutputFolder):
		return fail(std.stderr, exitBadInput, fmt.Errorf("--out %w; choose another folder", err))
	case errors.Is(err, reports.ErrExists):
		return fail(std.stderr, exitBadInput, fmt.Errorf("--out %w; add --force to replace it, or choose another folder", err))
	}
	return exitOK
}

// checkOutput refuses, before anything runs, an output folder that could
// not be written at the end.
func checkOutput(std stdio, dir string, replace bool) int {
	if dir == "" || dir == "-" {
		return exitOK
	}
	if err := reports.CheckOutput(filepath.Clean(dir), replace); err != nil {
		if code := outputProblem(std, err); code != exitOK {
			return code
		}
		return fail(std.stderr, exitFailed, err)
	}
	return exitOK
}

// writeOutput writes an output folder and says where the report went.
func writeOutput(std stdio, dir string, res *reports.Results, replace bool) int {
	if err := reports.Write(dir, res, replace); err != nil {
		if code := outputProblem(std, err); code != exitOK {
			return code
		}
		return fail(std.stderr, exitFailed, fmt.Errorf("writing %s: %w", dir, err))
	}
	fmt.Fprintf(std.stdout, "report: %s\n", filepath.Join(dir, reports.IndexFile))
	return exitOK
}
