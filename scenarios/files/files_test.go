//go:build unix

package files_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/peaksim/peaksim/scenarios/files"
)

// within fails the test if f does not return within a few seconds: what
// is tested is precisely that nothing blocks.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s blocked", what)
	}
}

func TestOpenRefusesAnythingButARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "f.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	plain := filepath.Join(dir, "plain.yaml")
	if err := os.WriteFile(plain, []byte("name: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, kind string
	}{
		{"named pipe", fifo, "named pipe (FIFO)"},
		{"link to a named pipe", link, "named pipe (FIFO)"},
		{"directory", dir, "directory"},
		{"device", os.DevNull, "device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			within(t, "Open("+tt.path+")", func() {
				var f *os.File
				if f, err = files.Open(tt.path); f != nil {
					f.Close()
				}
			})
			var nr *files.NotRegularError
			if !errors.As(err, &nr) || nr.Kind != tt.kind {
				t.Fatalf("Open(%s) = %v, want a NotRegularError of kind %q", tt.path, err, tt.kind)
			}
			if want := tt.path + ": is a " + tt.kind + ", not a regular file"; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		})
	}
	f, err := files.Open(plain)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 16)
	if n, err := f.Read(buf); err != nil || string(buf[:n]) != "name: x\n" {
		t.Errorf("reading a regular file: %q, %v", buf[:n], err)
	}
	if _, err := files.Open(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestTryLockExcludesASecondHolderUntilUnlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.lock")
	first, err := files.TryLock(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = files.TryLock(path)
	var le *files.LockedError
	if !errors.Is(err, files.ErrLocked) || !errors.As(err, &le) || le.PID != os.Getpid() {
		t.Fatalf("second TryLock = %v, want ErrLocked naming process %d", err, os.Getpid())
	}
	if !strings.Contains(err.Error(), "process "+strconv.Itoa(os.Getpid())) {
		t.Errorf("message %q does not name the holder", err)
	}
	if err := first.Unlock(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Unlock left the lock file: %v", err)
	}
	again, err := files.TryLock(path)
	if err != nil {
		t.Fatalf("TryLock after Unlock: %v", err)
	}
	again.Unlock()
}

// A killed holder leaves its lock file, but the system has released the
// lock with the process: such a file does not hold anyone up.
func TestALeftoverLockFileIsFree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.lock")
	if err := os.WriteFile(path, []byte("999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := files.TryLock(path)
	if err != nil {
		t.Fatalf("TryLock on a leftover lock file: %v", err)
	}
	l.Unlock()
}

func TestTryLockDoesNotFollowALink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "precious")
	if err := os.WriteFile(victim, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "out.lock")
	if err := os.Symlink(victim, path); err != nil {
		t.Fatal(err)
	}
	if l, err := files.TryLock(path); err == nil {
		l.Unlock()
		t.Fatal("TryLock took a lock through a symbolic link")
	}
	if data, _ := os.ReadFile(victim); string(data) != "keep" {
		t.Fatalf("the link's target was changed: %q", data)
	}
}
