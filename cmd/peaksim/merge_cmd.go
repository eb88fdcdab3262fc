package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios/files"
)

// cmdMerge puts the shard files of one run together into the output folder
// one machine would have written: the same results.json, byte for byte.
func cmdMerge(_ context.Context, args []string, std stdio) int {
	fs := newFlagSet("merge", "SHARD.json... [--out DIR]", std)
	out := fs.String("out", "peaksim-out", "write the output folder to `DIR`; - writes results.json to stdout")
	force := fs.Bool("force", false, "replace an earlier output in --out")
	maxMemory := byteSize(defaultMaxMemory)
	fs.Var(&maxMemory, "max-memory", "refuse shards that would take more memory than this `SIZE` to merge, e.g. 16GiB or 8GB")
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
	if err := checkShardSizes(names, maxMemory); err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	// The garbage collector keeps the heap under the limit that the
	// reading enforces for what it decodes.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(maxMemory)))
	var shards []*reports.Shard
	var errs []error
	left := int64(maxMemory)
	for _, name := range names {
		f, err := files.Open(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s, err := reports.ReadShard(f, left)
		f.Close()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		s.File = name
		for i := range s.Cells {
			left -= s.Cells[i].Bytes()
		}
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

// checkShardSizes refuses, before a byte is read, shard files larger
// together than maxMemory: a shard decodes into about half its size, so
// they would not fit.
func checkShardSizes(names []string, maxMemory byteSize) error {
	var total float64
	var sizes []string
	for _, name := range names {
		info, err := os.Stat(name)
		if err != nil || !info.Mode().IsRegular() {
			continue // opening it says what is wrong
		}
		total += float64(info.Size())
		sizes = append(sizes, fmt.Sprintf("%s %s", name, byteSize(info.Size())))
	}
	if total <= float64(maxMemory) {
		return nil
	}
	if len(sizes) > 4 {
		sizes = append(sizes[:3], fmt.Sprintf("and %d more", len(sizes)-3))
	}
	return fmt.Errorf("the shard files take %s (%s), and merging holds them in memory: the limit is %s; raise it with --max-memory %s",
		byteSize(total), strings.Join(sizes, ", "), maxMemory, byteSize(roundUp(total*1.1)))
}
