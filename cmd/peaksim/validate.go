package main

import (
	"context"
	"fmt"
	"strings"
)

func cmdValidate(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("validate", "FILE|NAME...", std)
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) == 0 {
		fs.Usage()
		return exitBadInput
	}
	scs, err := openAll(names)
	for _, sc := range scs {
		// Each variant was checked like a file of its own; naming them
		// shows which ran through the checks.
		variants := ""
		if len(sc.Variants) > 0 {
			names := make([]string, len(sc.Variants))
			for i, v := range sc.Variants {
				names[i] = v.Variant
			}
			variants = "; variants " + strings.Join(names, ", ")
		}
		fmt.Fprintf(std.stdout, "%s: ok: scenario %s, %d teams, %d channels, %d replications of %s%s\n",
			sc.Source, sc.Name, len(sc.Teams), len(sc.Channels), sc.Replications, formatHours(sc.Horizon), variants)
	}
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	return exitOK
}
