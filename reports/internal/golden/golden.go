// Package golden compares a test's output with a file of what it was last
// time, for the report's, the runner's and the event logs' golden tests:
// a change shows as a diff to read, and -update accepts it. Internal to
// reports: nothing outside a test uses it.
package golden

import (
	"bytes"
	"os"
	"testing"
)

// Check fails t when got differs from the golden file at path, or writes
// got there when update is set. accept is the command that accepts a
// change, for the message.
func Check(t testing.TB, path string, got []byte, update bool, accept string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run %s to write it)", err, accept)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s changed; if that is right, run %s and read the diff\n--- got\n%s\n--- want\n%s", path, accept, got, want)
	}
}
