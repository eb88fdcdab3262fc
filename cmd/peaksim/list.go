package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/peaksim/peaksim/scenarios"
)

func cmdList(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("list", "", std)
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) > 0 {
		fs.Usage()
		return exitBadInput
	}
	tw := tabwriter.NewWriter(std.stdout, 0, 0, 2, ' ', 0)
	for _, b := range scenarios.Builtins() {
		fmt.Fprintf(tw, "%s\t%s\n", b.Name, b.Description)
	}
	tw.Flush()
	return exitOK
}

func cmdShow(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("show", "NAME", std)
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
		return fail(std.stderr, exitBadInput, err)
	}
	std.stdout.Write(sc.YAML)
	return exitOK
}

func cmdVersion(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("version", "", std)
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) > 0 {
		fs.Usage()
		return exitBadInput
	}
	fmt.Fprintf(std.stdout, "peaksim %s (%s)\n", Version, goVersion())
	return exitOK
}
