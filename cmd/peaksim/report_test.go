package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportRendersWhatTheRunWrote checks that `peaksim report` on a saved
// results.json writes the same report and CSV files as the run that saved
// it, in place and in another folder.
func TestReportRendersWhatTheRunWrote(t *testing.T) {
	dir := t.TempDir()
	runOut := filepath.Join(dir, "run")
	if code, stdout, stderr := peaksim(t, "run", "christmas", "--replications", "2", "--out", runOut); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	} else if !strings.Contains(stdout, "report: "+filepath.Join(runOut, "index.html")) {
		t.Fatalf("run does not say where the report went:\n%s", stdout)
	}
	files := []string{"index.html", "results.json", "metrics.csv", "hourly.csv", "daily.csv"}
	written := map[string][]byte{}
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(runOut, name))
		if err != nil {
			t.Fatal(err)
		}
		written[name] = data
	}
	if size := len(written["index.html"]); size > 5<<20 {
		t.Errorf("the default season's report is %d bytes, over 5 MB", size)
	}

	elsewhere := filepath.Join(dir, "again")
	if code, _, stderr := peaksim(t, "report", filepath.Join(runOut, "results.json"), "--out", elsewhere); code != exitOK {
		t.Fatalf("report --out: exit %d: %s", code, stderr)
	}
	if code, _, stderr := peaksim(t, "report", filepath.Join(runOut, "results.json")); code != exitOK {
		t.Fatalf("report in place: exit %d: %s", code, stderr)
	}
	for _, out := range []string{elsewhere, runOut} {
		for _, name := range files {
			data, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, written[name]) {
				t.Errorf("%s: report wrote a different %s from the run", out, name)
			}
		}
	}
}

func TestReportRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	notResults := writeFile(t, dir, "other.json", `{"name": "not results"}`)
	mixed := filepath.Join(dir, "mixed")
	os.Mkdir(mixed, 0o755)
	writeFile(t, mixed, "notes.txt", "keep")
	code, results, stderr := peaksim(t, "run", "mmc-c1-rho050", "--replications", "2", "--out", "-")
	if code != exitOK {
		t.Fatalf("run: %s", stderr)
	}
	// A results.json among someone's files does not make their folder
	// peaksim's to replace.
	among := writeFile(t, mixed, "results.json", results)
	// A results file with no scenario is bad input, not a failed run.
	empty := writeFile(t, dir, "empty.json", `{"schema_version": 1, "peaksim_version": "0.1.0-dev", "rng": {}, "complete": true, "scenarios": []}`)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"report"}, "usage: peaksim report"},
		{[]string{"report", filepath.Join(dir, "missing.json")}, "missing.json: no such file"},
		{[]string{"report", notResults}, "other.json: not a peaksim results file"},
		{[]string{"report", "-"}, "not a peaksim results file"},
		{[]string{"report", among}, "not a peaksim output folder (it holds notes.txt)"},
		{[]string{"report", empty, "--out", filepath.Join(dir, "out")}, "empty.json: not a peaksim results file: it holds no scenario"},
	}
	for _, c := range cases {
		code, _, stderr := peaksim(t, c.args...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want exit %d and %q", c.args, code, stderr, exitBadInput, c.want)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(mixed, "notes.txt")); string(data) != "keep" {
		t.Error("report touched a file it did not write")
	}
}
