//go:build !unix

package files

import "os"

// openNonblocking opens path for reading. Without O_NONBLOCK, the mode
// checks of Open stand alone.
func openNonblocking(path string) (*os.File, error) {
	return os.Open(path)
}
