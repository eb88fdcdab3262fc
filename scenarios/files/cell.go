package files

import (
	"encoding/csv"
	"errors"
	"fmt"
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
