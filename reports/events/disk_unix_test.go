//go:build unix

package events_test

import "syscall"

// freeBytes is the space left on the file system of dir, or -1 when it
// cannot be told.
func freeBytes(dir string) int64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return -1
	}
	return int64(st.Bavail) * int64(st.Bsize)
}
