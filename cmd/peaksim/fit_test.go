package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const technionLog = "../../scenarios/fit/testdata/technion.tsv"

// TestFitTechnionLogMakesAScenario fits the Technion-layout fixture as a
// user would and pastes the fragment into a season: its channels replace
// the season's, with a team each, and its customers.retry the season's.
// The file must then validate: the fragment is a scenario's own syntax.
func TestFitTechnionLogMakesAScenario(t *testing.T) {
	dir := t.TempDir()
	rates := filepath.Join(dir, "rates.csv")
	code, fragment, stderr := peaksim(t, "fit", technionLog, "--layout", "technion", "--rates", rates)
	if code != exitOK {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"patience: {dist: exponential, mean: 2.917m}", "per_day: 3.5 ", "retry: {probability: 0.3333,"} {
		if !strings.Contains(fragment, want) {
			t.Errorf("the fragment lacks %q:\n%s", want, fragment)
		}
	}
	if !strings.Contains(stderr, "PS: 7 contacts, 3.5 a day") {
		t.Errorf("stderr does not sum up the fit: %s", stderr)
	}
	table, err := os.ReadFile(rates)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(table), "channel,weekday,hour,contacts,days,per_hour,lo95,hi95\n") || !strings.Contains(string(table), "PS,wed,09:00,2,1,2,") {
		t.Errorf("rates.csv:\n%s", table)
	}

	season, err := os.ReadFile(backtestSeason)
	if err != nil {
		t.Fatal(err)
	}
	channels, customers, _ := strings.Cut(fragment[strings.Index(fragment, "channels:\n"):], "customers:\n")
	channels = strings.ReplaceAll(channels, "  - name: PS\n", "  - name: PS\n    team: phone-agents\n")
	channels = strings.ReplaceAll(channels, "  - name: IN\n", "  - name: IN\n    team: email-agents\n")
	retry := customers[strings.Index(customers, "  retry:"):]
	text := string(season)
	text = text[:strings.Index(text, "channels:\n")] + channels + text[strings.Index(text, "variants:\n"):]
	text = strings.ReplaceAll(text, "channel_mix: {phone: 0.6, email: 0.4}", "channel_mix: {PS: 0.6, IN: 0.4}")
	text = strings.Replace(text, "  retry: {probability: 0.7, delay: {dist: exponential, mean: 2h}}\n", retry, 1)
	path := filepath.Join(dir, "fitted.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := peaksim(t, "validate", path); code != exitOK {
		t.Errorf("the season with the fitted channels does not validate: exit %d: %s\n%s", code, stderr, text)
	}
}

// TestFitRefusesBadRows: each bad cell of a log is named by file, line and
// column, all at once, with exit 2 and nothing on stdout.
func TestFitRefusesBadRows(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, body string
		args       []string
		want       []string
	}{
		{"technion", "type\tdate\tq_start\tq_exit\toutcome\tser_start\tser_exit\tcustomer_id\n" +
			"PS\t990901\t9:00:00\t9:01:00\tAGENT\t9:01:00\t9:05:00\t1\n" +
			"PS\t990931\t9:00:00\t9:01:00\tAGENT\t9:01:00\t9:05:00\t1\n" +
			"PS\t990902\t9:61:00\t9:01:00\tHANG\t0:00:00\t0:00:00\t1\n" +
			"PS\t990902\t9:00:00\t9:01:00\tBUSY\t0:00:00\t0:00:00\t1\n",
			[]string{"--layout", "technion"},
			[]string{`log.csv:3: column date: "990931": not a date`, `log.csv:4: column q_start: "9:61:00": not a time of day (want hh:mm:ss)`,
				`log.csv:5: column outcome: "BUSY": want answered or abandoned`}},
		{"timestamps", "Queue,Start,Answered,Gone,Done\n" +
			"phone,2026-12-01 09:00:00,2026-12-01 08:59:00,,2026-12-01 09:05:00\n" +
			"phone,2026-12-01 09:00:00,,,\n" +
			",2026-12-01 09:00:00,,2026-12-01 09:01:00,\n",
			[]string{"--channel", "queue", "--arrival", "start", "--answer", "answered", "--abandon", "gone", "--end", "done"},
			[]string{"log.csv:2: column Answered: 2026-12-01 08:59:00 is before the arrival 2026-12-01 09:00:00",
				"log.csv:3: column Gone: empty for a contact that was not answered", "log.csv:4: column Queue: empty: every contact needs its channel"}},
		{"columns", "channel,arrival\nphone,2026-12-01 09:00:00\n",
			[]string{"--channel", "channel", "--arrival", "arrival", "--answer", "answered_at"},
			[]string{`log.csv:1: --answer: no column "answered_at" in the header (channel, arrival)`}},
		{"unnamed", "channel,arrival\n", nil, []string{"name the log's columns"}},
		{"layout", "channel,arrival\n", []string{"--layout", "genesys"}, []string{`--layout "genesys": want one of peaksim-events, technion`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "log.csv")
			if err := os.WriteFile(path, []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := peaksim(t, append([]string{"fit", path}, c.args...)...)
			if code != exitBadInput || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}
