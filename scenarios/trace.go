package scenarios

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/peaksim/peaksim/scenarios/files"
)

// The bounds of a trace file.
const (
	maxTraceSize = 10 << 20
	maxTraceRows = 100_000
	// maxTraceProblems is how many problems of a trace are listed: a
	// trace in the wrong format would otherwise print a line per row.
	maxTraceProblems = 20
)

// trace reads the demand's trace (v, its path) into d.Trace; false if
// there was a problem. A relative path starts from the directory of file,
// the scenario's own path; a scenario without one (a built-in, or Parse
// given no file name) can only name an absolute path.
func (p *problems) trace(d *Demand, v any, c *Calendar, file string, hourProfileGiven bool) bool {
	const key = "demand.trace"
	path, ok := v.(string)
	if !ok || strings.TrimSpace(path) == "" {
		p.add(key, "must be the path of a CSV file, e.g. orders.csv; got %s", describe(v))
		return false
	}
	d.TraceFile = path
	if !filepath.IsAbs(path) {
		if file == "" || strings.HasPrefix(file, "builtin:") {
			p.add(key, "%s is a relative path, and this scenario has no file of its own to start from; give an absolute path", show(path))
			return false
		}
		path = filepath.Join(filepath.Dir(file), path)
	}
	data, err := readCapped(path, maxTraceSize)
	if err != nil {
		p.add(key, "cannot read the trace %s: %v", showPath(path), err)
		return false
	}
	perHour, hourly, problems := parseTrace(path, data, c, &d.HourProfile)
	if hourly && hourProfileGiven {
		p.add("demand.hour_profile", "does not apply with an hourly trace: the trace gives the orders of every hour")
		ok = false
	}
	if len(problems) > 0 {
		*p = append(*p, problems...)
		return false
	}
	d.Trace = perHour
	return ok
}

// showPath echoes a path in full, quoted if it holds spaces or characters
// that would not print.
func showPath(path string) string {
	if strings.ContainsFunc(path, func(r rune) bool { return r == ' ' || r == '"' || !unicode.IsPrint(r) }) {
		return strconv.Quote(path)
	}
	return path
}

// readCapped reads the file at path, refusing one of more than limit
// bytes, with an error in the user's words.
func readCapped(path string, limit int64) ([]byte, error) {
	f, err := files.Open(path)
	if err != nil {
		return nil, readError(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, readError(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("it is larger than %d MiB, the limit", limit>>20)
	}
	return data, nil
}

func readError(err error) error {
	var pe *fs.PathError
	var nr *files.NotRegularError
	switch {
	case errors.As(err, &nr):
		return fmt.Errorf("it is a %s, not a regular file", nr.Kind)
	case errors.Is(err, fs.ErrNotExist):
		return &reworded{"no such file", err}
	case errors.Is(err, fs.ErrPermission):
		return &reworded{"permission denied", err}
	case errors.As(err, &pe):
		return pe.Err
	}
	return err
}

// parseTrace reads a trace, CSV with a header: "date,orders" and a row a
// day (a date and its expected orders, spread over the day by
// hourProfile), or "hour,orders" and a row an hour ("2026-11-02 13:00").
// Every day (or hour) of the season needs exactly one row; rows outside the
// season are ignored. It returns the expected orders in every hour of the
// season, whether the trace is hourly, and the problems, which name file
// (the trace's path) and the line.
func parseTrace(file string, data []byte, c *Calendar, hourProfile *[24]float64) (perHour []float64, hourly bool, p problems) {
	listed := 0
	bad := func(line int, key, format string, args ...any) {
		listed++
		if listed <= maxTraceProblems {
			p = append(p, &FieldError{File: file, Line: line, Key: key, Err: fmt.Errorf(format, args...)})
		}
	}
	defer func() {
		if listed > maxTraceProblems {
			p = append(p, &FieldError{File: file, Err: fmt.Errorf("has %d problems; the first %d are listed", listed, maxTraceProblems)})
		}
	}()
	const header = "the first row must be the header date,orders (a row a day) or hour,orders (a row an hour)"
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	rec, err := r.Read()
	switch {
	case err == io.EOF:
		bad(0, "", "is empty; %s", header)
		return nil, false, p
	case err != nil:
		bad(csvLine(err), "", "not valid CSV: %v", csvProblem(err))
		return nil, false, p
	}
	line, _ := r.FieldPos(0)
	switch strings.ToLower(strings.TrimSpace(strings.Join(rec, ","))) {
	case "date,orders":
	case "hour,orders":
		hourly = true
	default:
		bad(line, "", "%s; got %s", header, show(strings.Join(rec, ",")))
		return nil, false, p
	}
	slots, perDay := c.Days(), 1
	if hourly {
		slots, perDay = c.hours(), 24
	}
	values := make([]float64, slots)
	lines := make([]int, slots) // the line of each slot's row, 0 for none yet
	column := rec[0]
	for rows := 0; ; rows++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			bad(csvLine(err), "", "not valid CSV: %v", csvProblem(err))
			return nil, hourly, p
		}
		if rows == maxTraceRows {
			line, _ := r.FieldPos(0)
			bad(line, "", "has more than %d rows, the limit", maxTraceRows)
			return nil, hourly, p
		}
		line, _ := r.FieldPos(0)
		if len(rec) != 2 {
			bad(line, "", "must have 2 fields, %s and orders; got %d", column, len(rec))
			continue
		}
		var slot int
		var label string
		if hourly {
			d, h, err := traceHour(rec[0])
			if err != nil {
				bad(line, "hour", "%v", err)
				continue
			}
			slot, label = 24*c.Day(d)+h, fmt.Sprintf("%s %02d:00", d, h)
			if c.Day(d) < 0 || c.Day(d) >= c.Days() {
				continue
			}
		} else {
			t, err := time.Parse(time.DateOnly, strings.TrimSpace(rec[0]))
			if err != nil {
				bad(line, "date", "not a date: %s; write YYYY-MM-DD, e.g. 2026-12-24", show(rec[0]))
				continue
			}
			slot, label = c.Day(dateOf(t)), dateOf(t).String()
			if slot < 0 || slot >= slots {
				continue
			}
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[1]), 64)
		if err != nil || !(v >= 0 && v <= maxOrdersPerDay) {
			bad(line, "orders", "must be a number of orders from 0 to %d, got %s", maxOrdersPerDay, show(rec[1]))
			continue
		}
		if lines[slot] != 0 {
			bad(line, column, "%s is given twice, here and on line %d", label, lines[slot])
			continue
		}
		values[slot], lines[slot] = v, line
	}
	var missing []string
	for slot, l := range lines {
		if l == 0 {
			day, h := slot/perDay, slot%perDay
			label := c.Date(day).String()
			if hourly {
				label += fmt.Sprintf(" %02d:00", h)
			}
			missing = append(missing, label)
		}
	}
	if len(missing) > 0 {
		unit := "days"
		if hourly {
			unit = "hours"
		}
		shown := missing[:min(len(missing), 5)]
		more := ""
		if len(missing) > len(shown) {
			more = ", …"
		}
		bad(0, "", "has no row for %d %s of the season (%s to %s): %s%s", len(missing), unit, c.Start, c.End, strings.Join(shown, ", "), more)
	}
	if len(p) > 0 {
		return nil, hourly, p
	}
	if hourly {
		return values, true, nil
	}
	perHour = make([]float64, c.hours())
	for day, v := range values {
		for h, w := range hourProfile {
			perHour[24*day+h] = v * w
		}
	}
	return perHour, false, nil
}

// traceHour reads a local date and hour, "2026-11-02 13:00" (or with a T
// for the space, or with :00 seconds).
func traceHour(s string) (Date, int, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("not a date and hour: %s; write YYYY-MM-DD HH:00, e.g. 2026-12-24 13:00", show(s))
	if len(s) < len("2006-01-02 1:00") || (s[10] != ' ' && s[10] != 'T') {
		return Date{}, 0, bad
	}
	t, err := time.Parse(time.DateOnly, s[:10])
	if err != nil {
		return Date{}, 0, bad
	}
	clock := s[11:]
	if strings.Count(clock, ":") == 2 {
		var ok bool
		if clock, ok = strings.CutSuffix(clock, ":00"); !ok {
			return Date{}, 0, bad
		}
	}
	h, err := timeOfDay(clock)
	if err != nil || h == 24 {
		return Date{}, 0, bad
	}
	return dateOf(t), h, nil
}

// csvLine returns the line of a CSV error.
func csvLine(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Line
	}
	return 0
}

// csvProblem returns a CSV error without its position, which the
// FieldError gives.
func csvProblem(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
