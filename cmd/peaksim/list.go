package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/peaksim/peaksim/scenarios"
)

func cmdList(ctx context.Context, args []string, io stdio) int {
	fs := newFlagSet("list", "", io)
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) > 0 {
		return fail(io.stderr, exitBadInput, fmt.Errorf("list takes no arguments, got %q", names))
	}
	tw := tabwriter.NewWriter(io.stdout, 0, 0, 2, ' ', 0)
	for _, b := range scenarios.Builtins() {
		fmt.Fprintf(tw, "%s\t%s\n", b.Name, b.Description)
	}
	tw.Flush()
	return exitOK
}

func cmdShow(ctx context.Context, args []string, io stdio) int {
	fs := newFlagSet("show", "NAME", io)
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) != 1 {
		fs.Usage()
		return exitBadInput
	}
	sc, err := scenarios.Builtin(names[0])
	if err != nil {
		return fail(io.stderr, exitBadInput, err)
	}
	io.stdout.Write(sc.YAML)
	return exitOK
}

func cmdVersion(ctx context.Context, args []string, io stdio) int {
	fmt.Fprintf(io.stdout, "peaksim %s (%s)\n", Version, goVersion())
	return exitOK
}
