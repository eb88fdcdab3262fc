package files

import (
	"io/fs"
	"os"
)

// NotRegularError is the error of Open for a path that is not a regular
// file.
type NotRegularError struct {
	Path string
	// Kind says what the path is: "directory", "named pipe (FIFO)",
	// "device", "socket" or "special file".
	Kind string
}

func (e *NotRegularError) Error() string {
	return e.Path + ": is a " + e.Kind + ", not a regular file"
}

// Open opens the regular file at path for reading. Anything else is
// refused with a *NotRegularError: a named pipe would block the read (or
// the open itself) until some other process writes to it, a device may
// never end, and a folder is not an input. A symbolic link is followed.
//
// The mode is checked twice: before the open, so that a device is not
// even opened, and on the opened file, which is what is read, so that a
// path swapped for a pipe in between cannot hang the read either. The
// open itself does not block on a pipe (O_NONBLOCK where the system has
// it), and has no effect on a regular file.
func Open(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(path, info); err != nil {
		return nil, err
	}
	f, err := openNonblocking(path)
	if err != nil {
		return nil, err
	}
	if info, err = f.Stat(); err == nil {
		err = regular(path, info)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Regular returns nil when info, of path, is a regular file's, and else
// a *NotRegularError saying what it is: for a path to be written, which a
// named pipe would block and a folder cannot be.
func Regular(path string, info fs.FileInfo) error { return regular(path, info) }

// regular returns nil for a regular file, else what it is.
func regular(path string, info fs.FileInfo) error {
	m := info.Mode()
	if m.IsRegular() {
		return nil
	}
	kind := "special file"
	switch {
	case m.IsDir():
		kind = "directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "named pipe (FIFO)"
	case m&fs.ModeDevice != 0:
		kind = "device"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	}
	return &NotRegularError{Path: path, Kind: kind}
}
