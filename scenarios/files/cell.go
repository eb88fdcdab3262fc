package files

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
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

// Table is a CSV file a user gave, read up to its header: the reader of
// its records, the header, and each column's index by its name in lower
// case without spaces or a byte-order mark.
type Table struct {
	Reader *csv.Reader
	Header []string
	Column map[string]int
}

// ReadHeader starts reading a CSV file a user gave: its delimiter is the
// one the header holds most of (Delimiter), rows may have any number of
// fields, and a file without even a header is an error that says what
// was wanted (want: "a header line and a row per contact").
func ReadHeader(r io.Reader, file, want string) (*Table, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(4096)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	cr := csv.NewReader(br)
	cr.Comma = Delimiter(head)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty: want %s", file, want)
	}
	if err != nil {
		return nil, CSVError(file, err)
	}
	t := &Table{Reader: cr, Header: slices.Clone(header), Column: map[string]int{}} // ReuseRecord: the next row overwrites it
	for i, h := range t.Header {
		t.Column[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	return t, nil
}
