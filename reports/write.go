package reports

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ResultsFile is the name of the canonical results file in an output folder.
const ResultsFile = "results.json"

// ErrNotOutputFolder is returned by Write when the target exists but is not
// a folder a previous run wrote: peaksim replaces its own output, never a
// user's files.
var ErrNotOutputFolder = errors.New("exists and is not a peaksim output folder (it has no " + ResultsFile + ")")

// Write writes the output folder dir for res: results.json now, and the
// report files as they are added. Everything is first written to a
// temporary folder beside dir and renamed into place only once complete; a
// previous peaksim output at dir is replaced, anything else is left alone
// and reported with ErrNotOutputFolder.
func Write(dir string, res *Results) error {
	data, err := res.Encode()
	if err != nil {
		return fmt.Errorf("encoding results: %w", err)
	}
	dir = filepath.Clean(dir)
	if err := checkReplaceable(dir); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, ".peaksim-tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage) // a no-op once renamed into place
	if err := writeFileSync(filepath.Join(stage, ResultsFile), data); err != nil {
		return err
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	return replaceDir(stage, dir)
}

func checkReplaceable(dir string) error {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s: %w", dir, ErrNotOutputFolder)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Lstat(filepath.Join(dir, ResultsFile)); err != nil {
		return fmt.Errorf("%s: %w", dir, ErrNotOutputFolder)
	}
	return nil
}

// replaceDir moves stage to dir. An existing dir is first moved aside, so
// that at every instant dir is either the old output or the new one.
func replaceDir(stage, dir string) error {
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = stage + "-old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(stage, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

func writeFileSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
