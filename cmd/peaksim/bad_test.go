package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestBadInputCatalogue runs every broken scenario of testdata/bad through
// the real binary: exit 2, the message its first line promises (file, line,
// key and problem), no panic, and no output written.
func TestBadInputCatalogue(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	if err != nil || len(files) < 40 {
		t.Fatalf("%d files in testdata/bad, want at least 40 (%v)", len(files), err)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The README counts the files, a figure to keep right.
	claim := regexp.MustCompile("`cmd/peaksim/testdata/bad` holds (\\d+)\\s+broken").FindSubmatch(readme)
	if claim == nil {
		t.Errorf("README.md no longer says how many broken scenarios testdata/bad holds")
	} else if n := string(claim[1]); n != strconv.Itoa(len(files)) {
		t.Errorf("README.md says testdata/bad holds %s broken scenarios; it holds %d", n, len(files))
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			want := wantLine(t, file)
			out := filepath.Join(dir, "out-"+filepath.Base(file))
			cmd := exec.Command(bin, "run", file, "--quiet", "--out", out)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitBadInput {
				t.Fatalf("exit %v, want %d; stderr:\n%s", err, exitBadInput, stderr.String())
			}
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
			}
			if strings.Contains(stderr.String(), "goroutine ") || strings.Contains(stderr.String(), "panic:") {
				t.Errorf("a panic:\n%s", stderr.String())
			}
			if _, err := os.Lstat(out); !os.IsNotExist(err) {
				t.Errorf("output written: %v", err)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".peaksim-tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// wantLine returns the message fragment a bad file promises on its first
// line, "# want: FRAGMENT", with the file's name standing for its path.
func wantLine(t *testing.T, file string) string {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	want, ok := strings.CutPrefix(strings.TrimSpace(line), "# want: ")
	if !ok || want == "" {
		t.Fatalf("%s: the first line must be # want: MESSAGE", file)
	}
	return want
}
