package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios/files"
)

// cmdReport renders the report of a saved results.json again, without
// running anything: after an upgrade of peaksim's report, or to turn
// shards' merged results into a report.
func cmdReport(_ context.Context, args []string, std stdio) int {
	fs := newFlagSet("report", "RESULTS.json [--out DIR]", std)
	out := fs.String("out", "", "write the output folder to `DIR` (default: the folder that holds RESULTS.json, which it replaces; needed when RESULTS.json is -, stdin)")
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
	o, code := reserveOutput(std, dir, *force || *out == "")
	if code != exitOK {
		if *out == "" && code == exitBadInput {
			fmt.Fprintln(std.stderr, "peaksim: the report is written in place of the folder that holds RESULTS.json; give --out to write it elsewhere")
		}
		return code
	}
	defer o.Close()
	return writeOutput(std, o, res)
}
