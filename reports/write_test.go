package reports

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/peaksim/peaksim/scenarios/files"
)

func TestStaleOutputTellsWhichOutputANameBelongsTo(t *testing.T) {
	tests := []struct {
		name, out string
		ok        bool
	}{
		{"out.lock", "out", true},
		{"out-123", "out", true},
		{"out-123-old", "out", true},
		{"out-5-77", "out-5", true},
		{"foo.lock-9", "foo.lock", true},
		{"foo.lock.lock", "foo.lock", true},
		{"123456", "", false},     // an older peaksim's, which did not name the output
		{"123456-old", "", false}, // and the earlier output it moved aside
		{"out-", "", false},
		{"out-12a", "", false},
		{".lock", "", false},
	}
	for _, tt := range tests {
		if out, ok := staleOutput(tt.name); out != tt.out || ok != tt.ok {
			t.Errorf("staleOutput(%q) = %q, %v; want %q, %v", tt.name, out, ok, tt.out, tt.ok)
		}
	}
}

// TestReserveCleansUpWhatKilledRunsLeft lays out beside an output what
// runs killed at various moments leave, and one output being written:
// what no process holds is removed, what another run holds is left alone,
// and what cannot be attributed is reported.
func TestReserveCleansUpWhatKilledRunsLeft(t *testing.T) {
	dir := t.TempDir()
	mkdir := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(p, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	touch := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stage, moved := mkdir(".peaksim-tmp-out-123"), mkdir(".peaksim-tmp-out-123-old")
	touch(".peaksim-tmp-out.lock")
	shard := touch(".peaksim-tmp-shard.json-77")
	busy := mkdir(".peaksim-tmp-other-55")
	held, err := files.TryLock(filepath.Join(dir, ".peaksim-tmp-other.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Unlock()
	old := mkdir(".peaksim-tmp-424242")

	o, err := Reserve(filepath.Join(dir, "out"), false)
	if err != nil {
		t.Fatal(err)
	}
	removed := slices.Sorted(slices.Values(o.Removed))
	if want := []string{shard, stage, moved}; !slices.Equal(removed, slices.Sorted(slices.Values(want))) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	if !slices.Equal(o.Strays, []string{old}) {
		t.Errorf("strays %v, want %v", o.Strays, []string{old})
	}
	for _, p := range []string{busy, old} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{".peaksim-tmp-424242", ".peaksim-tmp-other-55", ".peaksim-tmp-other.lock"}; !slices.Equal(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
}

func TestReserveHoldsTheFolderUntilClose(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a", "b", "out")
	first, err := Reserve(out, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Reserve(out, true); !errors.Is(err, ErrBusy) {
		t.Fatalf("a second reservation: %v, want ErrBusy", err)
	}
	if err := Write(out, &Results{}, true); !errors.Is(err, ErrBusy) {
		t.Fatalf("a Write meanwhile: %v, want ErrBusy", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	// Nothing was written: the folders made for it go again.
	if _, err := os.Stat(filepath.Join(dir, "a")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a reservation closed unwritten left its parent folders: %v", err)
	}
	again, err := Reserve(out, false)
	if err != nil {
		t.Fatalf("after Close: %v", err)
	}
	again.Close()
}
