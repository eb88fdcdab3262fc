//go:build unix

package scenarios_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/peaksim/peaksim/scenarios"
)

// A named pipe would block a read until something writes to it: as a
// scenario file or as the trace a season names, it is refused at once.
func TestANamedPipeIsRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "orders.csv")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	season := filepath.Join(dir, "tiny.yaml")
	if err := os.WriteFile(season, []byte(tinyWith(t, tinyDemand, "demand:\n  trace: orders.csv\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, want string }{
		{"scenario file", pipe, pipe + ": is a named pipe (FIFO), not a scenario file"},
		{"trace", season, "demand.trace: cannot read the trace " + pipe + ": it is a named pipe (FIFO), not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := scenarios.Load(tt.path)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("Load(%s) = %v, want %q", tt.path, err, tt.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("Load(%s) blocked on the pipe", tt.path)
			}
		})
	}
}
