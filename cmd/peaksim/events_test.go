package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const smallSeason = "../../reports/events/testdata/small-season.yaml"

// TestRunEventsWritesBothLogs runs a small season with --events: the OCEL
// log and the CSV log beside it are written, the command says so, and
// results.json is byte for byte the one of the same run without them.
func TestRunEventsWritesBothLogs(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "journeys.json")
	code, stdout, stderr := peaksim(t, "run", smallSeason, "--quiet", "--out", filepath.Join(dir, "with"),
		"--events", log, "--events-replication", "1")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "event log of small-season, replication 1: ") || !strings.Contains(stdout, "journeys.csv") {
		t.Errorf("stdout does not say where the logs went:\n%s", stdout)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte(`{"objectTypes":[`)) || !bytes.HasSuffix(data, []byte("]}\n")) {
		t.Errorf("the OCEL log is not whole: %q...%q", data[:40], data[len(data)-40:])
	}
	f, err := os.Open(filepath.Join(dir, "journeys.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 100 || strings.Join(rows[0][:4], ",") != "case_id,activity,timestamp,resource" {
		t.Errorf("the CSV log has %d rows, header %v", len(rows), rows[0])
	}
	if code, _, stderr := peaksim(t, "run", smallSeason, "--quiet", "--out", filepath.Join(dir, "without")); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	with, err := os.ReadFile(filepath.Join(dir, "with", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	without, err := os.ReadFile(filepath.Join(dir, "without", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(with, without) {
		t.Error("results.json differs with --events")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "journeys.csv journeys.json with without" {
		t.Errorf("the folder holds %s; want the two logs and the two outputs, no temporary file", got)
	}
}

// TestFitReadsTheEventLog fits the CSV log of a run as a user would, with
// --layout peaksim-events: the fragment has the scenario's channels.
func TestFitReadsTheEventLog(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "journeys.json")
	if code, _, stderr := peaksim(t, "run", smallSeason, "--quiet", "--out", "-", "--events", log); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	code, fragment, stderr := peaksim(t, "fit", filepath.Join(dir, "journeys.csv"), "--layout", "peaksim-events")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"- name: phone", "- name: email", "patience: {dist: exponential"} {
		if !strings.Contains(fragment, want) {
			t.Errorf("the fragment lacks %q:\n%s", want, fragment)
		}
	}
	code, _, stderr = peaksim(t, "fit", filepath.Join(dir, "journeys.csv"), "--layout", "peaksim-events", "--channel", "type")
	if code != exitBadInput || !strings.Contains(stderr, "--layout peaksim-events: its columns are peaksim's own; --channel do not apply") {
		t.Errorf("exit %d, want %d refusing --channel; stderr:\n%s", code, exitBadInput, stderr)
	}
}

// TestRunEventsRefusesBadInput gives --events what it cannot use: each
// exits 2 with what is wrong, before anything runs, and leaves nothing
// behind.
func TestRunEventsRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "a-folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no such folder", []string{"--events", filepath.Join(dir, "nowhere", "log.json")}, "--events " + filepath.Join(dir, "nowhere", "log.json") + ": cannot write"},
		{"folder is a file", []string{"--events", filepath.Join(file, "log.json")}, "a-file/: not a directory"},
		{"a folder", []string{"--events", filepath.Join(dir, "a-folder")}, "a-folder is a directory; name a file to write"},
		{"a csv", []string{"--events", filepath.Join(dir, "log.csv")}, "names the OCEL JSON log"},
		{"replication", []string{"--events", filepath.Join(dir, "log.json"), "--events-replication", "2"}, "--events-replication 2: small-season runs replications 0 to 1"},
		{"negative", []string{"--events", filepath.Join(dir, "log.json"), "--events-replication", "-1"}, "--events-replication -1: small-season runs replications 0 to 1"},
		{"scenario", []string{"--events", filepath.Join(dir, "log.json"), "--events-scenario", "christmas"}, `--events-scenario "christmas": not a scenario of this run; it runs "small-season"`},
		{"shard", []string{"--events", filepath.Join(dir, "log.json"), "--shard", "0/2"}, "--events and --shard do not go together"},
		{"in the output", []string{"--events", filepath.Join(out, "log.json")}, "inside the output folder " + out + ", which the run replaces whole"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := peaksim(t, append([]string{"run", smallSeason, "--quiet", "--out", out}, c.args...)...)
			if code != exitBadInput || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, want %d saying %q; stderr:\n%s", code, exitBadInput, c.want, stderr)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 2 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Fatalf("left behind: %v", names)
			}
		})
	}
}

// TestRunEventsPicksAVariant logs a variant of a scenario by its name.
func TestRunEventsPicksAVariant(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log.json")
	code, _, stderr := peaksim(t, "run", "statutory-declaration", "--replications", "1", "--quiet", "--out", "-",
		"--events", log, "--events-scenario", "statutory-declaration/by-email")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	// With --out -, stdout carries results.json and stderr the people's lines.
	if !strings.Contains(stderr, "event log of statutory-declaration / by-email, replication 0") {
		t.Errorf("stderr:\n%s", stderr)
	}
}
