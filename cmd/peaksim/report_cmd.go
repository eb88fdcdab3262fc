package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/peaksim/peaksim/reports"
)

// cmdReport renders the report of a saved results.json again, without
// running anything: after an upgrade of peaksim's report, or to turn
// shards' merged results into a report.
func cmdReport(_ context.Context, args []string, std stdio) int {
	fs := newFlagSet("report", "RESULTS.json [--out FOLDER]", std)
	out := fs.String("out", "", "output `folder` (default: the folder that holds RESULTS.json; - reads RESULTS.json from stdin and needs --out)")
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
		f, err := os.Open(path)
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
	return writeOutput(std, dir, res)
}

// writeOutput writes an output folder and says where the report went.
func writeOutput(std stdio, dir string, res *reports.Results) int {
	if err := reports.Write(dir, res); err != nil {
		if errors.Is(err, reports.ErrNotOutputFolder) {
			return fail(std.stderr, exitBadInput, fmt.Errorf("--out %w; choose another folder", err))
		}
		return fail(std.stderr, exitFailed, fmt.Errorf("writing %s: %w", dir, err))
	}
	fmt.Fprintf(std.stdout, "report: %s\n", filepath.Join(dir, reports.IndexFile))
	return exitOK
}
