package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios/files"
)

// cmdMerge puts the shard files of one run together into the output folder
// one machine would have written: the same results.json, byte for byte.
func cmdMerge(_ context.Context, args []string, std stdio) int {
	fs := newFlagSet("merge", "SHARD.json... [--out DIR]", std)
	out := fs.String("out", "peaksim-out", "write the output folder to `DIR`; - writes results.json to stdout")
	force := fs.Bool("force", false, "replace an earlier output in --out")
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) == 0 {
		fs.Usage()
		return exitBadInput
	}
	o, code := reserveOutput(std, *out, *force)
	if code != exitOK {
		return code
	}
	if o != nil {
		defer o.Close()
	}
	var shards []*reports.Shard
	var errs []error
	for _, name := range names {
		f, err := files.Open(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s, err := reports.ReadShard(f)
		f.Close()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		s.File = name
		shards = append(shards, s)
	}
	if err := errors.Join(errs...); err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	res, err := reports.Merge(shards)
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	if *out == "-" {
		data, err := res.Encode()
		if err == nil {
			_, err = std.stdout.Write(data)
		}
		if err != nil {
			return fail(std.stderr, exitFailed, err)
		}
		return exitOK
	}
	return writeOutput(std, o, res)
}
