package main

import (
	"context"
	"fmt"
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
		fmt.Fprintf(std.stdout, "%s: ok: scenario %s, %d teams, %d channels, %d replications of %s\n",
			sc.Source, sc.Name, len(sc.Teams), len(sc.Channels), sc.Replications, formatHours(sc.Horizon))
	}
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	return exitOK
}
