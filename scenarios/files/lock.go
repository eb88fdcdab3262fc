package files

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// ErrLocked is the error of TryLock for a lock another process, or another
// TryLock of this one, holds.
var ErrLocked = errors.New("locked")

// LockedError is TryLock's error for a lock that is held: it matches
// ErrLocked and says which process holds it, when the lock file says.
type LockedError struct {
	Path string
	PID  int // 0 when unknown
}

func (e *LockedError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("%s is held by process %d", e.Path, e.PID)
	}
	return e.Path + " is held by another process"
}

func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// A Lock is held on a lock file until Unlock. The operating system
// releases it when its process ends, however it ends (where flock exists),
// so a lock never outlives a killed run: a lock file left behind is free.
type Lock struct {
	f    *os.File
	path string
}

// TryLock takes the lock at path, creating the file if need be, without
// waiting: a lock already held gives a *LockedError. The holder's process
// id is written into the file, for the message of the one refused.
func TryLock(path string) (*Lock, error) {
	for {
		f, err := tryLock(path)
		if err != nil {
			return nil, err
		}
		// Unlock removes the file before releasing it, so the file
		// locked may be one that a holder just removed; a lock on it
		// would guard nothing. Then try again on the file at path now.
		opened, err1 := f.Stat()
		now, err2 := os.Lstat(path)
		if err1 == nil && err2 == nil && os.SameFile(opened, now) {
			l := &Lock{f: f, path: path}
			if err := l.record(); err != nil {
				l.Unlock()
				return nil, err
			}
			return l, nil
		}
		unlockFile(f)
		f.Close()
		if err1 != nil {
			return nil, err1
		}
		if err2 != nil && !errors.Is(err2, os.ErrNotExist) {
			return nil, err2
		}
	}
}

// record writes the process id into the lock file.
func (l *Lock) record() error {
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return err
}

// Unlock releases the lock and removes its file: nothing is left behind
// by a run that ends normally.
func (l *Lock) Unlock() error {
	err := os.Remove(l.path)
	unlockFile(l.f)
	return errors.Join(err, l.f.Close())
}

// holder reads the process id a lock file records, 0 if none.
func holder(path string) int {
	f, err := Open(path) // not a pipe planted there: this must not block
	if err != nil {
		return 0
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 32))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(data)))
	if err != nil || pid < 1 {
		return 0
	}
	return pid
}
