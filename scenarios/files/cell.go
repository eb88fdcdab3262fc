package files

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
)

// CellError is a problem with one cell of a CSV file a user gave (a
// contact log, actuals): its file, line and column, as a person looks for
// it in a spreadsheet.
type CellError struct {
	File   string
	Line   int
	Column string // empty for a problem with the whole row
	Err    error
}

func (e *CellError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d: column %s: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *CellError) Unwrap() error { return e.Err }

// CSVError places an error of encoding/csv reading file at its line.
func CSVError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &CellError{File: file, Line: pe.Line, Err: pe.Err}
	}
	return fmt.Errorf("%s: %w", file, err)
}

// Records yields the records cr has left, each with its line, skipping
// blank lines. It stops at the end of the file, or at a record the CSV
// itself breaks, which it stores in *err placed in file (CSVError); a
// loop over it may break early.
func Records(file string, cr *csv.Reader, err *error) iter.Seq2[int, []string] {
	return func(yield func(int, []string) bool) {
		for {
			rec, e := cr.Read()
			if errors.Is(e, io.EOF) {
				return
			}
			if e != nil {
				*err = CSVError(file, e)
				return
			}
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			line, _ := cr.FieldPos(0)
			if !yield(line, rec) {
				return
			}
		}
	}
}

// Cell is field c of rec without its surrounding spaces, "" past its end.
func Cell(rec []string, c int) string {
	if c < 0 || c >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[c])
}
