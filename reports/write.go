package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/peaksim/peaksim/scenarios/files"
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
	{SweepCSV, sweepCSV},             // nil, and not written, unless a sweep
	{PlanCSV, planCSV},               // nil unless a staffing plan
	{HiringCSV, hiringCSV},           // nil unless a hiring plan
	{DifferencesCSV, differencesCSV}, // nil without variants
}

// ErrWorkingFolder is returned by Reserve, Write and CheckOutput for an
// output folder that is the working folder or holds it (".", "..", "/"):
// replacing it whole would pull the ground from under the user's shell.
var ErrWorkingFolder = errors.New("is the working folder or holds it")

// ErrParentNotFolder is returned by Reserve, Write and CheckOutput for an
// output folder whose path goes through a file.
var ErrParentNotFolder = errors.New("is not a folder")

// ErrBusy is returned by Reserve, Write and WriteFile for an output that
// another peaksim is writing at the same time.
var ErrBusy = errors.New("is being written by another peaksim")

// tempPrefix starts the name of everything peaksim stages beside an
// output: the lock file of an output NAME is tempPrefix+NAME+".lock", its
// temporary folder or file tempPrefix+NAME+"-DIGITS", and the earlier
// output moved aside while it is replaced the latter plus "-old".
const tempPrefix = ".peaksim-tmp-"

// An Output is an output folder reserved for one run, from before the run
// until its results are written: Reserve takes a lock beside the folder,
// so that a second run to the same folder is refused at once instead of
// both writing it, and makes the temporary folder the results are written
// into, which proves before the run that they can be.
type Output struct {
	dir, parent, stage string
	replace            bool
	lock               *files.Lock
	created            []string // parent folders made for it, innermost last
	written            bool
	extra              []extraFile

	// Removed lists what killed runs had left beside the folder, found
	// free (no peaksim holds its lock) and removed.
	Removed []string
	// Strays lists what looks like the remains of a peaksim run but
	// could not be removed: an older peaksim's, whose names do not say
	// which output they belong to, or one that removing failed.
	Strays []string
}

// Reserve reserves the output folder dir for Write, as CheckOutput would
// accept it, and cleans up beside it what killed runs left there. The
// caller must Close the Output.
func Reserve(dir string, replace bool) (*Output, error) {
	dir = filepath.Clean(dir)
	if err := checkNotWorking(dir); err != nil {
		return nil, err
	}
	// Refused before anything is made for it; checked again under the lock.
	if err := CheckOutput(dir, replace); err != nil {
		return nil, err
	}
	o := &Output{dir: dir, parent: filepath.Dir(dir), replace: replace}
	if err := o.reserve(); err != nil {
		o.Close()
		return nil, err
	}
	return o, nil
}

func (o *Output) reserve() error {
	var err error
	if o.created, err = mkdirAll(o.parent); err != nil {
		return err
	}
	base := filepath.Base(o.dir)
	if o.lock, err = files.TryLock(filepath.Join(o.parent, tempPrefix+base+".lock")); err != nil {
		return busy(o.dir, err)
	}
	// Only now, under the lock, is what CheckOutput sees sure to stay
	// so until Write: no other peaksim can write dir meanwhile.
	if err := CheckOutput(o.dir, o.replace); err != nil {
		return err
	}
	o.Removed, o.Strays = cleanStale(o.parent, base)
	o.stage, err = os.MkdirTemp(o.parent, tempPrefix+base+"-*")
	return err
}

type extraFile struct {
	name string
	data []byte
}

// Add adds a file to what Write writes, beside the run's own files: a
// verb's own table (backtest.csv), written whole with them or not at all.
func (o *Output) Add(name string, data []byte) {
	o.extra = append(o.extra, extraFile{name, data})
}

// Dir returns the folder reserved.
func (o *Output) Dir() string { return o.dir }

// Write writes res into the reserved folder: results.json, the HTML report
// and the CSV files, into the temporary folder, renamed into place only
// once complete.
func (o *Output) Write(res *Results) error {
	if o.written {
		return errors.New("the output is already written")
	}
	data := make([][]byte, len(outputFiles))
	for i, f := range outputFiles {
		b, err := f.encode(res)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		data[i] = b
	}
	// A user may have put something there during the run.
	if err := CheckOutput(o.dir, o.replace); err != nil {
		return err
	}
	for i, f := range outputFiles {
		if data[i] == nil {
			continue
		}
		if err := writeFileSync(filepath.Join(o.stage, f.name), data[i]); err != nil {
			return err
		}
	}
	for _, f := range o.extra {
		if err := writeFileSync(filepath.Join(o.stage, f.name), f.data); err != nil {
			return err
		}
	}
	if err := os.Chmod(o.stage, 0o755); err != nil {
		return err
	}
	if err := replaceDir(o.stage, o.dir); err != nil {
		return err
	}
	o.written = true
	return nil
}

// Close releases the folder: it removes the temporary folder, and the
// parent folders Reserve made, unless Write wrote into them, and the lock.
func (o *Output) Close() error {
	var errs []error
	if !o.written {
		if o.stage != "" {
			errs = append(errs, os.RemoveAll(o.stage))
		}
	}
	if o.lock != nil {
		errs = append(errs, o.lock.Unlock())
		o.lock = nil
	}
	if !o.written {
		for _, d := range slices.Backward(o.created) {
			if os.Remove(d) != nil {
				break // not empty: someone else's now
			}
		}
	}
	o.created = nil
	return errors.Join(errs...)
}

// Write writes the output folder dir for res (see Output.Write). A
// previous peaksim output at dir is replaced when replace is set (else
// ErrExists); anything else is left alone and reported with
// ErrNotOutputFolder.
func Write(dir string, res *Results, replace bool) error {
	o, err := Reserve(dir, replace)
	if err != nil {
		return err
	}
	return errors.Join(o.Write(res), o.Close())
}

// CheckOutput reports whether Write may write the output folder dir: it
// is not the working folder nor holds it, does not exist, is empty, or
// (with replace) holds an earlier output and nothing else; and the folder
// it would be written into can be written. A symbolic link is never
// followed: the output goes where it is asked, not elsewhere. Commands
// call it before they run, so that a long run does not end in a refusal.
func CheckOutput(dir string, replace bool) error {
	dir = filepath.Clean(dir)
	if err := checkNotWorking(dir); err != nil {
		return err
	}
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return checkWritable(dir)
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
	if len(entries) > 0 {
		// Only a folder of peaksim's own files, results.json among them,
		// is replaced: anything else in it might be someone's work.
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
	}
	return checkWritable(dir)
}

// checkNotWorking refuses dir if it is the working folder or one of the
// folders that hold it, however it is written (".", "..", an absolute
// path, a path through a link).
func checkNotWorking(dir string) error {
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return nil // it does not exist, or CheckOutput refuses it anyway
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	for {
		if w, err := os.Stat(wd); err == nil && os.SameFile(info, w) {
			return fmt.Errorf("%s: %w", dir, ErrWorkingFolder)
		}
		up := filepath.Dir(wd)
		if up == wd {
			return nil
		}
		wd = up
	}
}

// checkWritable makes and removes a temporary folder beside dir, or in the
// nearest folder above it that exists (Write makes the rest): the one
// sure test that the output can be written there.
func checkWritable(dir string) error {
	parent := filepath.Dir(dir)
	for {
		info, err := os.Stat(parent)
		if err == nil && !info.IsDir() {
			return fmt.Errorf("%s: %s %w", dir, parent, ErrParentNotFolder)
		}
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		up := filepath.Dir(parent)
		if up == parent {
			return err
		}
		parent = up
	}
	// Not tempPrefix: any name after it could be an output's.
	probe, err := os.MkdirTemp(parent, ".peaksim-probe-*")
	if err != nil {
		return err
	}
	return os.Remove(probe)
}

// mkdirAll makes dir and the folders above it that are missing, and
// returns those it made, outermost first.
func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; {
		if _, err := os.Lstat(d); err == nil {
			break
		}
		missing = append(missing, d)
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
	}
	var made []string
	for _, d := range slices.Backward(missing) {
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return made, err
		}
		made = append(made, d)
	}
	// Lstat found them missing, but a link among them would have stopped
	// Mkdir: MkdirAll says what is wrong in its own words.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return made, err
	}
	return made, nil
}

// busy words a lock held by another process as ErrBusy.
func busy(dir string, err error) error {
	var le *files.LockedError
	if !errors.As(err, &le) {
		return err
	}
	if le.PID > 0 {
		return fmt.Errorf("%s: %w (process %d)", dir, ErrBusy, le.PID)
	}
	return fmt.Errorf("%s: %w", dir, ErrBusy)
}

// cleanStale removes what killed runs left in parent: temporary folders
// and files, folders moved aside, and lock files, of every output whose
// lock no process holds (the system releases a killed process's lock).
// The caller holds the lock of the output own; another output's is taken
// for the time of the removal, and one being written is left alone. What
// it cannot attribute (an older peaksim's leftovers) or remove it returns
// as strays.
func cleanStale(parent, own string) (removed, strays []string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil, nil
	}
	byOutput := map[string][]string{}
	var order []string
	for _, e := range entries {
		name, ok := strings.CutPrefix(e.Name(), tempPrefix)
		if !ok {
			continue
		}
		out, ok := staleOutput(name)
		if !ok {
			strays = append(strays, filepath.Join(parent, e.Name()))
			continue
		}
		if _, seen := byOutput[out]; !seen {
			order = append(order, out)
		}
		if !strings.HasSuffix(name, ".lock") {
			byOutput[out] = append(byOutput[out], filepath.Join(parent, e.Name()))
		} else if byOutput[out] == nil {
			byOutput[out] = []string{}
		}
	}
	for _, out := range order {
		if out != own {
			// A lock that is free (and removed again at once) means no
			// peaksim is writing that output.
			l, err := files.TryLock(filepath.Join(parent, tempPrefix+out+".lock"))
			if errors.Is(err, files.ErrLocked) {
				continue // being written
			}
			if err != nil {
				strays = append(strays, byOutput[out]...)
				continue
			}
			defer l.Unlock()
		}
		for _, p := range byOutput[out] {
			if os.RemoveAll(p) == nil {
				removed = append(removed, p)
			} else {
				strays = append(strays, p)
			}
		}
	}
	return removed, strays
}

// staleOutput returns the output that name, a staged name without
// tempPrefix, belongs to: NAME.lock, NAME-DIGITS or NAME-DIGITS-old.
func staleOutput(name string) (string, bool) {
	if out, ok := strings.CutSuffix(name, ".lock"); ok {
		return out, out != ""
	}
	name = strings.TrimSuffix(name, "-old")
	i := strings.LastIndexByte(name, '-')
	if i < 1 || i == len(name)-1 {
		return "", false
	}
	for _, r := range name[i+1:] {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return name[:i], true
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
// not at all: to a temporary file beside it, then renamed into place. A
// lock beside it keeps two peaksims from writing it at once.
func WriteFile(path string, data []byte) error {
	dir, base := filepath.Split(filepath.Clean(path))
	if dir == "" {
		dir = "."
	}
	lock, err := files.TryLock(filepath.Join(dir, tempPrefix+base+".lock"))
	if err != nil {
		return busy(path, err)
	}
	defer lock.Unlock()
	cleanStale(dir, base)
	f, err := os.CreateTemp(dir, tempPrefix+base+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	if err := writeAndSync(f, data); err != nil {
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
	return writeAndSync(f, data)
}

// writeAndSync writes data to f, flushes it to the disk and closes f: a
// file renamed into place after it is whole, even after a crash.
func writeAndSync(f *os.File, data []byte) error {
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

// A Pending is a file being written as a stream, too large to hold in
// memory, that appears whole or not at all, like WriteFile's: written to a
// temporary file beside its path, under a lock, and renamed into place by
// Commit. Until then the path keeps what it had.
type Pending struct {
	*os.File
	path    string
	lock    *files.Lock
	scratch []*os.File
	done    bool // committed or discarded
}

// Start starts writing the file at path, or says at once why it could not
// be: its folder does not exist or cannot be written, the path is a
// folder, a named pipe or another thing that is not a regular file
// (*files.NotRegularError; a file already there is replaced at Commit), or
// another peaksim is writing it (ErrBusy).
func Start(path string) (*Pending, error) {
	dir, base := filepath.Split(filepath.Clean(path))
	if dir == "" {
		dir = "."
	}
	if info, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !info.IsDir() {
		return nil, fmt.Errorf("%s: %w", dir, ErrParentNotFolder)
	}
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, files.Regular(path, info)
	}
	lock, err := files.TryLock(filepath.Join(dir, tempPrefix+base+".lock"))
	if err != nil {
		return nil, busy(path, err)
	}
	cleanStale(dir, base)
	f, err := os.CreateTemp(dir, tempPrefix+base+"-*")
	if err != nil {
		lock.Unlock()
		return nil, err
	}
	return &Pending{File: f, path: path, lock: lock}, nil
}

// Path returns the path the file will have.
func (p *Pending) Path() string { return p.path }

// Scratch returns a temporary file beside the pending one, for the
// writer's own use, removed by Commit and Discard: a killed run's is
// cleaned up with its pending file.
func (p *Pending) Scratch() (*os.File, error) {
	dir, base := filepath.Split(filepath.Clean(p.path))
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, tempPrefix+base+"-*")
	if err != nil {
		return nil, err
	}
	p.scratch = append(p.scratch, f)
	return f, nil
}

func (p *Pending) removeScratch() {
	for _, f := range p.scratch {
		f.Close()
		os.Remove(f.Name())
	}
	p.scratch = nil
}

// Commit flushes the file to the disk and renames it into place. After
// Commit, or Discard, Commit and Discard do nothing.
func (p *Pending) Commit() error {
	if p.done {
		return nil
	}
	p.done = true
	defer p.lock.Unlock()
	defer os.Remove(p.Name()) // a no-op once renamed
	p.removeScratch()
	if err := p.Sync(); err != nil {
		p.Close()
		return err
	}
	if err := p.Close(); err != nil {
		return err
	}
	if err := os.Chmod(p.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(p.Name(), p.path)
}

// Discard removes what was written, leaving the path as it was.
func (p *Pending) Discard() {
	if p.done {
		return
	}
	p.done = true
	p.removeScratch()
	p.Close()
	os.Remove(p.Name())
	p.lock.Unlock()
}
