package fit

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

var weekdayKeys = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// WriteYAML writes the fit as a scenario fragment: channels[] with their
// arrivals (a season's per_day, weekday_profile and hour_profile),
// handle_time and patience, and customers.retry, each estimate with its
// 95% interval in a comment. A user pastes it into a scenario file and
// adds what a log cannot tell (teams, opening hours).
func (r *Result) WriteYAML(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }
	p("# peaksim fit %s: %d contacts over %d days, %s to %s (%s to %s)", r.File, r.contacts(),
		r.Days, r.First.Format("2006-01-02"), r.Last.Format("2006-01-02"), r.First.Format("Mon"), r.Last.Format("Mon"))
	if r.Skipped > 0 {
		p("# %d rows skipped: they never reached a queue (hung up before it, or phantom)", r.Skipped)
	}
	p("# Each estimate's 95%% interval is in its comment; docs/fit.md says how each is made.")
	p("channels:")
	for i := range r.Channels {
		c := &r.Channels[i]
		p("  - name: %s", yamlString(c.Name))
		p("    # %d contacts: %d answered, %d abandoned", c.Contacts, c.Answered, c.Abandoned)
		p("    arrivals:")
		p("      per_day: %s\t# 95%%: %s to %s (%s over %s); as a rate: %s/h", num(c.PerDay.Est), num(c.PerDay.Lo), num(c.PerDay.Hi), plural(c.PerDay.Count, "contact"), plural(r.Days, "day"), num(c.PerDay.Est/24))
		p("      weekday_profile:\t# a weekday's contacts a day ÷ per_day")
		for d, wr := range c.Weekday {
			if math.IsNaN(wr.Est) {
				p("        %s: 1\t# no %s in the log: 1 is a guess", weekdayKeys[d], weekdayKeys[d])
				continue
			}
			p("        %s: %s\t# %s a day, 95%%: %s to %s (%s)", weekdayKeys[d], num(wr.Est/c.PerDay.Est), num(wr.Est), num(wr.Lo), num(wr.Hi), plural(int(wr.Exposure), "day"))
		}
		p("      hour_profile:\t# contacts an hour at each hour of the day, over all days")
		for h, hr := range c.Hour {
			p("        - %s\t# %02d:00, 95%%: %s to %s", num(hr.Est), h, num(hr.Lo), num(hr.Hi))
		}
		writeHandle(p, &c.Handle)
		writePatience(p, c.Patience)
		if c.Retry != nil {
			p("    # retries: %s", retryText(c.Retry))
		}
	}
	if r.Retry != nil && r.Retry.Retried > 0 {
		rt := r.Retry
		p("customers:")
		p("  # %s", retryText(rt))
		p("  retry: {probability: %s, delay: {dist: exponential, mean: %s}, switch: %s}", num(rt.Probability.Est), duration(rt.Delay.Est), num(rt.Switch.Est))
	} else if r.Retry != nil {
		p("# customers.retry: none of %d abandoned contacts was followed by another of the same customer within %s", r.Retry.Abandoned, r.Window)
	}
	return tw.Flush()
}

func writeHandle(p func(string, ...any), h *Handle) {
	if len(h.Fits) == 0 {
		p("    # handle_time: %d answered contacts with a handle time: too few to fit", h.N)
		return
	}
	best := h.Fits[0]
	var others []string
	for _, f := range h.Fits[1:] {
		others = append(others, fmt.Sprintf("%s +%s", f.Family, num(f.AIC-best.AIC)))
	}
	dropped := ""
	if h.Dropped > 0 {
		dropped = fmt.Sprintf("; %d answered without a positive handle time left out", h.Dropped)
	}
	p("    # handle_time: maximum likelihood over %d answered contacts%s; lowest AIC of %s (AIC %s; %s)",
		h.N, dropped, strings.Join(Families, ", "), num(best.AIC), strings.Join(others, ", "))
	if best.Family == "exponential" {
		p("    handle_time: {dist: exponential, mean: %s}\t# mean 95%%: %s to %s", duration(best.Mean.Est), duration(best.Mean.Lo), duration(best.Mean.Hi))
		return
	}
	p("    handle_time: {dist: %s, mean: %s, cv: %s}\t# mean 95%%: %s to %s; cv 95%%: %s to %s", best.Family,
		duration(best.Mean.Est), num(best.CV.Est), duration(best.Mean.Lo), duration(best.Mean.Hi), num(best.CV.Lo), num(best.CV.Hi))
}

func writePatience(p func(string, ...any), pt *Patience) {
	switch {
	case pt == nil:
		p("    # patience: no contact waited, so the log says nothing of it")
	case pt.Exposure == 0:
		p("    # patience: %d abandons, all without waiting: the log cannot tell a patience from that", pt.Abandons)
	case pt.Abandons == 0:
		p("    # patience: nobody abandoned over %s of waiting: longer than the log shows (mean above %s, 95%%)", duration(pt.Exposure), duration(pt.Mean.Lo))
	default:
		p("    # patience: exponential, maximum likelihood: %d abandons over %s of waiting by all (answered contacts censored at their wait)", pt.Abandons, duration(pt.Exposure))
		p("    patience: {dist: exponential, mean: %s}\t# mean 95%%: %s to %s", duration(pt.Mean.Est), duration(pt.Mean.Lo), duration(pt.Mean.Hi))
	}
}

func retryText(r *Retry) string {
	if r.Retried == 0 {
		return fmt.Sprintf("none of %d abandoned contacts of known customers was followed by another within the window (share 95%%: 0 to %s)", r.Abandoned, num(r.Probability.Hi))
	}
	return fmt.Sprintf("%d of %d abandoned contacts of known customers retried within the window: %s, 95%%: %s to %s; mean delay %s (%s to %s); %s of retries on another channel (%s to %s)",
		r.Retried, r.Abandoned, num(r.Probability.Est), num(r.Probability.Lo), num(r.Probability.Hi),
		duration(r.Delay.Est), duration(r.Delay.Lo), duration(r.Delay.Hi), num(r.Switch.Est), num(r.Switch.Lo), num(r.Switch.Hi))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func (r *Result) contacts() int {
	n := 0
	for _, c := range r.Channels {
		n += c.Contacts
	}
	return n
}

// num writes v with 4 significant digits, in plain decimals (YAML and
// spreadsheets alike read them).
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	if v == 0 {
		return "0"
	}
	digits := 3 - int(math.Floor(math.Log10(math.Abs(v))))
	if digits < 0 {
		digits = 0
	}
	out := strconv.FormatFloat(v, 'f', digits, 64)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	return out
}

// duration writes hours as a duration of the scenario format, in the unit
// a person would use.
func duration(h float64) string {
	switch s := h * 3600; {
	case math.IsNaN(h) || math.IsInf(h, 0):
		return "-"
	case s < 60:
		return num(s) + "s"
	case s < 3600:
		return num(s/60) + "m"
	case h < 48:
		return num(h) + "h"
	default:
		return num(h/24) + "d"
	}
}

// yamlString quotes a channel name that YAML would not read back as the
// same string.
func yamlString(s string) string {
	if s == "" || strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`") || strings.TrimSpace(s) != s {
		return strconv.Quote(s)
	}
	switch strings.ToLower(s) {
	case "yes", "no", "true", "false", "on", "off", "null", "y", "n", "~":
		return strconv.Quote(s)
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return strconv.Quote(s)
	}
	return s
}
