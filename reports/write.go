package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// ResultsFile is the name of the canonical results file in an output folder.
const ResultsFile = "results.json"

// ErrNotOutputFolder is returned by Write when the target exists but is not
// a folder a previous run wrote: peaksim replaces its own output, never a
// user's files.
var ErrNotOutputFolder = errors.New("exists and is not a peaksim output folder")

// ErrExists is returned by Write and CheckOutput for an earlier output that
// the caller did not ask to replace.
var ErrExists = errors.New("exists and holds an earlier output")

// An outputFile is a file of an output folder and how it is made.
type outputFile struct {
	name   string
	encode func(*Results) ([]byte, error)
}

// outputFiles are the files of an output folder, in the order written.
var outputFiles = []outputFile{
	{ResultsFile, (*Results).Encode},
	{IndexFile, func(r *Results) ([]byte, error) {
		var buf bytes.Buffer
		err := HTML(&buf, r)
		return buf.Bytes(), err
	}},
	{MetricsCSV, metricsCSV},
	{HourlyCSV, func(r *Results) ([]byte, error) { return seriesCSV(r, 1) }},
	{DailyCSV, func(r *Results) ([]byte, error) { return seriesCSV(r, 24) }},
	{SweepCSV, sweepCSV}, // nil, and not written, unless a sweep
	{PlanCSV, planCSV},   // nil unless a staffing plan
}

// Write writes the output folder dir for res: results.json, the HTML
// report and the CSV files. Everything is first written to a temporary
// folder beside dir and renamed into place only once complete. A previous
// peaksim output at dir is replaced when replace is set (else ErrExists);
// anything else is left alone and reported with ErrNotOutputFolder.
func Write(dir string, res *Results, replace bool) error {
	files := make([][]byte, len(outputFiles))
	for i, f := range outputFiles {
		data, err := f.encode(res)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		files[i] = data
	}
	dir = filepath.Clean(dir)
	if err := CheckOutput(dir, replace); err != nil {
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
	for i, f := range outputFiles {
		if files[i] == nil {
			continue
		}
		if err := writeFileSync(filepath.Join(stage, f.name), files[i]); err != nil {
			return err
		}
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	return replaceDir(stage, dir)
}

// CheckOutput reports whether Write may write the output folder dir: it
// does not exist, is empty, or (with replace) holds an earlier output and
// nothing else. A symbolic link is never followed: the output goes where
// it is asked, not elsewhere. Commands call it before they run, so that a
// long run does not end in a refusal.
func CheckOutput(dir string, replace bool) error {
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
	// Only a folder of peaksim's own files, results.json among them, is
	// replaced: anything else in it might be someone's work.
	ours := false
	for _, e := range entries {
		known := slices.ContainsFunc(outputFiles, func(f outputFile) bool { return f.name == e.Name() })
		if !known || !e.Type().IsRegular() {
			return fmt.Errorf("%s: %w (it holds %s)", dir, ErrNotOutputFolder, e.Name())
		}
		ours = ours || e.Name() == ResultsFile
	}
	if !ours {
		return fmt.Errorf("%s: %w (it has no %s)", dir, ErrNotOutputFolder, ResultsFile)
	}
	if !replace {
		return fmt.Errorf("%s: %w", dir, ErrExists)
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

// WriteFile writes a single output file, such as a shard file, whole or
// not at all: to a temporary file beside it, then renamed into place.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".peaksim-tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
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
