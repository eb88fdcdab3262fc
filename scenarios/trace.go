package scenarios

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
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

// traceSpec is how a trace file is laid out: which columns hold the time
// and the orders (found by name, letter case ignored, other columns
// ignored), how its dates are written, and its delimiter (0: a comma, or
// a semicolon when the header has semicolons and no comma).
type traceSpec struct {
	// key is the trace's key in the file (demand.trace), what counts the
	// thing its rows count (orders, contacts).
	key, what                string
	timeColumn, ordersColumn string
	// layout is a Go time layout for the time column, empty for the
	// defaults (YYYY-MM-DD, or YYYY-MM-DD HH:00 for an hourly trace);
	// hourly says whether it has the hour.
	layout string
	hourly bool
	comma  rune
}

// traceKeys are the keys of a trace written as a mapping, with the column
// of its counts: orders_column in demand.trace, contacts_column in a
// channel's.
func traceKeys(what string) []string {
	return []string{"file", "date_column", "hour_column", what + "_column", "date_format", "delimiter"}
}

// trace reads the demand's trace (v, its path, or a mapping with the path
// and the layout) into d.Trace; false if there was a problem. The path is
// read as readBeside says.
func (p *problems) trace(d *Demand, v any, c *Calendar, file string, hourProfileGiven bool) bool {
	perHour, path, hourly, ok := p.readTrace("demand.trace", "orders", v, c, file, &d.HourProfile)
	d.TraceFile = path
	if hourly && hourProfileGiven {
		p.add("demand.hour_profile", "does not apply with an hourly trace: the trace gives the orders of every hour")
		ok = false
	}
	if !ok {
		return false
	}
	d.Trace = perHour
	return true
}

// readTrace reads the trace at key (v: its path, or a mapping with the
// path and the layout) of what it counts (orders, contacts): the expected
// count in every hour of the season (a daily trace spread over the day
// with hourProfile), the path as the file gives it, whether it is hourly,
// and false if there was a problem.
func (p *problems) readTrace(key, what string, v any, c *Calendar, file string, hourProfile *[24]float64) (perHour []float64, path string, hourly, ok bool) {
	spec := traceSpec{key: key, what: what, ordersColumn: what}
	path, ok = v.(string)
	if m, isMap := v.(map[string]any); isMap {
		if path, ok = p.traceLayout(&spec, m); !ok {
			return nil, path, false, false
		}
	}
	if !ok || strings.TrimSpace(path) == "" {
		p.add(key, "must be the path of a CSV file, e.g. %[1]s.csv, or a mapping with its file and layout, e.g. {file: %[1]s.csv, date_column: Date, %[1]s_column: %[2]s, date_format: DD/MM/YYYY}; got %[3]s",
			what, strings.ToUpper(what[:1])+what[1:], describe(v))
		return nil, path, false, false
	}
	full, data, read := p.readBeside(key, "trace", path, file, maxTraceSize)
	if !read {
		return nil, path, false, false
	}
	perHour, hourly, problems := parseTrace(full, data, c, hourProfile, spec)
	if len(problems) > 0 {
		*p = append(*p, problems...)
		return nil, path, hourly, false
	}
	return perHour, path, hourly, true
}

// traceLayout reads demand.trace written as a mapping into spec and
// returns its file.
func (p *problems) traceLayout(spec *traceSpec, m map[string]any) (string, bool) {
	key := spec.key
	ok := true
	text := func(k string) string {
		v, given := m[k]
		if !given {
			return ""
		}
		s, isText := v.(string)
		if !isText || strings.TrimSpace(s) == "" {
			p.add(key+"."+k, "must be text, got %s", describe(v))
			ok = false
		}
		return strings.TrimSpace(s)
	}
	for k := range m {
		if !slices.Contains(traceKeys(spec.what), k) {
			p.add(key+"."+k, "unknown key; the keys here are %s", strings.Join(traceKeys(spec.what), ", "))
			ok = false
		}
	}
	file := text("file")
	if _, given := m["file"]; !given {
		p.add(key+".file", "required: the path of the CSV file, e.g. %s.csv", spec.what)
		ok = false
	}
	date, hour := text("date_column"), text("hour_column")
	if date != "" && hour != "" {
		p.add(key+".hour_column", "does not go with date_column: a trace has a row a day (date_column) or a row an hour (hour_column)")
		ok = false
	}
	spec.timeColumn, spec.hourly = cmp.Or(date, hour), hour != ""
	spec.ordersColumn = cmp.Or(text(spec.what+"_column"), spec.what)
	if f := text("date_format"); f != "" {
		layout, err := dateLayout(f, spec.hourly)
		if err != nil {
			p.add(key+".date_format", "%v", err)
			ok = false
		}
		spec.layout = layout
	}
	switch d := text("delimiter"); d {
	case "":
	case ",", ";":
		spec.comma = rune(d[0])
	case "tab", "\t":
		spec.comma = '\t'
	default:
		p.add(key+".delimiter", "must be \",\", \";\" or tab, got %s", show(d))
		ok = false
	}
	return file, ok
}

// dateLayout turns a date format as people write it (DD/MM/YYYY,
// YYYY-MM-DD HH:mm) into a Go layout: YYYY the year, MM the month, DD the
// day, and for an hourly trace HH the hour and mm the minutes.
func dateLayout(format string, hourly bool) (string, error) {
	layout := format
	for _, r := range []struct{ token, goLayout string }{{"YYYY", "2006"}, {"MM", "01"}, {"DD", "02"}, {"HH", "15"}, {"mm", "04"}, {"ss", "05"}} {
		layout = strings.Replace(layout, r.token, r.goLayout, 1)
	}
	switch {
	case !strings.Contains(layout, "2006") || !strings.Contains(layout, "01") || !strings.Contains(layout, "02"):
		return "", fmt.Errorf("must name the year, month and day as YYYY, MM and DD, e.g. DD/MM/YYYY; got %s", show(format))
	case hourly != strings.Contains(layout, "15"):
		if hourly {
			return "", fmt.Errorf("an hourly trace (hour_column) needs the hour as HH, e.g. DD/MM/YYYY HH:mm; got %s", show(format))
		}
		return "", fmt.Errorf("a daily trace has no hour (HH); for a row an hour name the column with hour_column; got %s", show(format))
	}
	return layout, nil
}

// readBeside reads the data file at path (a trace, a roster) that the
// scenario at file names under key: a relative path starts from the
// scenario's directory; a scenario without a file of its own (a built-in,
// or Parse given no file name) can only name an absolute path. It returns
// the path read, and false after reporting a problem.
func (p *problems) readBeside(key, what, path, file string, limit int64) (string, []byte, bool) {
	if !filepath.IsAbs(path) {
		if file == "" || strings.HasPrefix(file, "builtin:") {
			p.add(key, "%s is a relative path, and this scenario has no file of its own to start from; give an absolute path", show(path))
			return path, nil, false
		}
		path = filepath.Join(filepath.Dir(file), path)
	}
	data, err := readCapped(path, limit)
	if err != nil {
		p.add(key, "cannot read the %s %s: %v", what, showPath(path), err)
		return path, nil, false
	}
	return path, data, true
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

// parseTrace reads a trace, CSV with a header that names its columns: a
// "date" column and a row a day (its expected orders spread over the day
// by hourProfile), or an "hour" column and a row an hour
// ("2026-11-02 13:00"), and an "orders" column; spec may name other
// columns and a date format. Other columns are ignored, and headers are
// matched whatever their letter case. Every day (or hour) of the season
// needs exactly one row; rows outside the season are ignored. It returns
// the expected orders in every hour of the season, whether the trace is
// hourly, and the problems, which name file (the trace's path), the line
// and the column.
func parseTrace(file string, data []byte, c *Calendar, hourProfile *[24]float64, spec traceSpec) (perHour []float64, hourly bool, p problems) {
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
	timePart, declared := spec.timeColumn, " ("+spec.key+")"
	if timePart == "" {
		timePart = "date (a row a day) or hour (a row an hour),"
	}
	if spec.timeColumn == "" && spec.ordersColumn == spec.what {
		declared = ""
	}
	header := fmt.Sprintf("the first row must be a header with the columns %s and %s%s", timePart, spec.ordersColumn, declared)
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.Comma = spec.comma
	if r.Comma == 0 {
		r.Comma = files.Delimiter(data)
	}
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
	column := func(name string) int {
		return slices.IndexFunc(rec, func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), name) })
	}
	timeAt, ordersAt := -1, column(spec.ordersColumn)
	hourly = spec.hourly
	switch {
	case spec.timeColumn != "":
		timeAt = column(spec.timeColumn)
	case column("date") >= 0:
		timeAt = column("date")
	case column("hour") >= 0:
		timeAt, hourly = column("hour"), true
	}
	if timeAt < 0 || ordersAt < 0 {
		bad(line, "", "%s; got %s", header, show(strings.Join(rec, string(r.Comma))))
		return nil, false, p
	}
	timeName, ordersName := strings.TrimSpace(rec[timeAt]), strings.TrimSpace(rec[ordersAt])
	slots, perDay := c.Days(), 1
	if hourly {
		slots, perDay = c.hours(), 24
	}
	values := make([]float64, slots)
	lines := make([]int, slots) // the line of each slot's row, 0 for none yet
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
		if len(rec) <= max(timeAt, ordersAt) {
			bad(line, "", "must have at least %d fields, up to %s; got %d", max(timeAt, ordersAt)+1, bothColumns(timeAt, ordersAt, timeName, ordersName), len(rec))
			continue
		}
		var slot int
		var label string
		switch {
		case spec.layout != "":
			t, err := time.Parse(spec.layout, strings.TrimSpace(rec[timeAt]))
			if err != nil || t.Minute() != 0 || t.Second() != 0 {
				bad(line, timeName, "not a %s in the trace's date_format: %s", map[bool]string{true: "date and whole hour", false: "date"}[hourly], show(rec[timeAt]))
				continue
			}
			d := dateOf(t)
			slot, label = c.Day(d), d.String()
			if hourly {
				slot, label = 24*c.Day(d)+t.Hour(), fmt.Sprintf("%s %02d:00", d, t.Hour())
			}
			if c.Day(d) < 0 || c.Day(d) >= c.Days() {
				continue
			}
		case hourly:
			d, h, err := traceHour(rec[timeAt])
			if err != nil {
				bad(line, timeName, "%v", err)
				continue
			}
			slot, label = 24*c.Day(d)+h, fmt.Sprintf("%s %02d:00", d, h)
			if c.Day(d) < 0 || c.Day(d) >= c.Days() {
				continue
			}
		default:
			t, err := time.Parse(time.DateOnly, strings.TrimSpace(rec[timeAt]))
			if err != nil {
				bad(line, timeName, "not a date: %s; write YYYY-MM-DD, e.g. 2026-12-24, or declare the format (%s.date_format: DD/MM/YYYY)", show(rec[timeAt]), spec.key)
				continue
			}
			slot, label = c.Day(dateOf(t)), dateOf(t).String()
			if slot < 0 || slot >= slots {
				continue
			}
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[ordersAt]), 64)
		if err != nil || !(v >= 0 && v <= maxOrdersPerDay) {
			bad(line, ordersName, "must be a number of %s from 0 to %d, got %s", spec.what, maxOrdersPerDay, show(rec[ordersAt]))
			continue
		}
		if lines[slot] != 0 {
			bad(line, timeName, "%s is given twice, here and on line %d", label, lines[slot])
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

// bothColumns names the columns a row must reach, in the header's order.
func bothColumns(timeAt, ordersAt int, timeName, ordersName string) string {
	if timeAt < ordersAt {
		return timeName + " and " + ordersName
	}
	return ordersName + " and " + timeName
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
