package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/scenarios/files"
	"github.com/peaksim/peaksim/scenarios/fit"
)

// cmdFit fits a contact log and writes the scenario fragment of its
// estimates: the estimators are scenarios/fit's; this reads the flags and
// writes the files.
func cmdFit(_ context.Context, args []string, std stdio) int {
	fs := newFlagSet("fit", "LOG.csv [--layout NAME | --channel NAME --arrival NAME ...] [flags]", std)
	layout := fs.String("layout", "", "read the log in a known layout, `NAME`: technion (the Technion \"Anonymous Bank\" call-centre log; the column flags override it), or peaksim-events (the CSV event log of peaksim run --events)")
	var cols fit.Columns
	column := func(dst *string, name, what string) { fs.StringVar(dst, name, "", "the column `NAME` of "+what) }
	column(&cols.Channel, "channel", "the channel (or call type)")
	column(&cols.Arrival, "arrival", "when the contact joined the queue")
	column(&cols.Answer, "answer", "when an agent answered it (empty if not)")
	column(&cols.Abandon, "abandon", "when the customer gave up (empty if answered)")
	column(&cols.End, "end", "when its handling ended")
	column(&cols.Customer, "customer", "who made it, to link retries (optional)")
	column(&cols.Outcome, "outcome", "the outcome, answered or abandoned (optional: without it, a contact with an answer time was answered)")
	column(&cols.Date, "date", "the day, when the time columns hold times of day (hh:mm:ss)")
	window := fs.String("retry-window", "24h", "a contact by the same customer within `DURATION` after an abandoned one is its retry")
	out := fs.String("out", "-", "write the scenario fragment to `FILE`; - writes it to stdout")
	rates := fs.String("rates", "", "also write each channel's rate by weekday and hour, with 95% intervals, to the CSV `FILE`")
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) != 1 {
		fs.Usage()
		return exitBadInput
	}
	events := strings.EqualFold(*layout, fit.EventsLayout)
	use := fit.Columns{}
	if *layout != "" && !events {
		l, ok := fit.Layouts[strings.ToLower(*layout)]
		if !ok {
			return fail(std.stderr, exitBadInput, fmt.Errorf("--layout %q: want one of %s", *layout, strings.Join(layoutNames(), ", ")))
		}
		use = l
	}
	// A column flag overrides the layout's column.
	for _, c := range []struct {
		flag     string
		dst, src *string
	}{
		{"channel", &use.Channel, &cols.Channel}, {"arrival", &use.Arrival, &cols.Arrival}, {"answer", &use.Answer, &cols.Answer},
		{"abandon", &use.Abandon, &cols.Abandon}, {"end", &use.End, &cols.End}, {"customer", &use.Customer, &cols.Customer},
		{"outcome", &use.Outcome, &cols.Outcome}, {"date", &use.Date, &cols.Date},
	} {
		if given(fs, c.flag) {
			*c.dst = *c.src
		}
	}
	if events {
		var columns []string
		for _, c := range []string{"channel", "arrival", "answer", "abandon", "end", "customer", "outcome", "date"} {
			if given(fs, c) {
				columns = append(columns, "--"+c)
			}
		}
		if len(columns) > 0 {
			return fail(std.stderr, exitBadInput, fmt.Errorf("--layout %s: its columns are peaksim's own; %s do not apply", fit.EventsLayout, strings.Join(columns, ", ")))
		}
	} else if use.Channel == "" || use.Arrival == "" {
		return fail(std.stderr, exitBadInput, errors.New("name the log's columns (at least --channel and --arrival, and --answer or --abandon), or give --layout technion (docs/fit.md)"))
	}
	hours, err := scenarios.ParseDuration(*window)
	if err != nil || hours <= 0 {
		return fail(std.stderr, exitBadInput, fmt.Errorf("--retry-window %q: want a positive duration such as 24h or 30m", *window))
	}
	path := names[0]
	f, err := files.Open(path)
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	defer f.Close()
	var log *fit.Log
	if events {
		log, err = fit.ReadEvents(f, path)
	} else {
		log, err = fit.Read(f, path, use)
	}
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	res := fit.Estimate(log, time.Duration(hours*float64(time.Hour)))

	var yaml bytes.Buffer
	if err := res.WriteYAML(&yaml); err != nil {
		return fail(std.stderr, exitFailed, err)
	}
	var table bytes.Buffer
	if *rates != "" {
		if err := res.WriteRatesCSV(&table); err != nil {
			return fail(std.stderr, exitFailed, err)
		}
	}
	write := func(to string, data []byte) int {
		if to == "-" {
			if _, err := std.stdout.Write(data); err != nil {
				return fail(std.stderr, exitFailed, err)
			}
			return exitOK
		}
		if err := reports.WriteFile(to, data); err != nil {
			return fail(std.stderr, exitFailed, fmt.Errorf("writing %s: %w", to, err))
		}
		return exitOK
	}
	if code := write(*out, yaml.Bytes()); code != exitOK {
		return code
	}
	if *rates != "" {
		if code := write(*rates, table.Bytes()); code != exitOK {
			return code
		}
	}
	summarizeFit(std.stderr, res)
	return exitOK
}

// summarizeFit tells the person at the terminal what was fitted; the
// fragment itself may be on stdout.
func summarizeFit(w io.Writer, res *fit.Result) {
	fmt.Fprintf(w, "peaksim: fit %s: %d days, %d channels", res.File, res.Days, len(res.Channels))
	if res.Skipped > 0 {
		fmt.Fprintf(w, ", %d rows skipped (never queued)", res.Skipped)
	}
	fmt.Fprintln(w)
	for _, c := range res.Channels {
		handle := "too few to fit"
		if len(c.Handle.Fits) > 0 {
			b := c.Handle.Fits[0]
			handle = fmt.Sprintf("%s, mean %s", b.Family, formatHours(b.Mean.Est))
		}
		patience := "-"
		if c.Patience != nil && c.Patience.Abandons > 0 {
			patience = formatHours(c.Patience.Mean.Est)
		}
		fmt.Fprintf(w, "peaksim:   %s: %d contacts, %.1f a day; handle time %s; patience %s\n", c.Name, c.Contacts, c.PerDay.Est, handle, patience)
	}
}

func layoutNames() []string {
	names := []string{fit.EventsLayout}
	for n := range fit.Layouts {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
