//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package files

import (
	"errors"
	"os"
)

// tryLock creates path, which must not exist: without flock, the file's
// existence is the lock. A process killed while holding it leaves the
// file, and the message names it for the user to remove.
func tryLock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, &LockedError{Path: path, PID: holder(path)}
	}
	return f, err
}

func unlockFile(*os.File) {}
