//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRunEventsRefusesANamedPipe: a pipe would block the writer, and a
// rename over it would replace it.
func TestRunEventsRefusesANamedPipe(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "log.json")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	code, _, stderr := peaksim(t, "run", smallSeason, "--quiet", "--out", "-", "--events", pipe)
	if code != exitBadInput || !strings.Contains(stderr, pipe+" is a named pipe (FIFO); name a file to write") {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitBadInput, stderr)
	}
}
