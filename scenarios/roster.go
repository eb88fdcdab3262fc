package scenarios

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peaksim/peaksim/scenarios/files"
)

// maxRosterSize bounds a roster file, as maxTraceSize does a trace.
const maxRosterSize = 10 << 20

// rosterRow is a row of a roster: a team's (or one of its shifts')
// headcount from one date to another.
type rosterRow struct {
	Override
	shift string
	line  int
}

// roster reads a team's roster (teams[].roster, v its path): a CSV of the
// team's headcount by date, a row a day or a range, as a spreadsheet or
// peaksim plan (plan.csv) writes it. Its columns are found by name,
// letter case ignored, other columns ignored: team (when there, rows of
// other teams are skipped), from or date, to (a day when missing),
// headcount or planned_headcount, and for a team in shifts, shift. It
// returns the rows as the team's headcount by date, or for a team in
// shifts its shifts with the roster's headcounts on the roster's dates.
func (p *problems) roster(key, team string, v any, c *Calendar, file string, shifts []Shift) ([]Override, []Shift) {
	path, ok := v.(string)
	if !ok || strings.TrimSpace(path) == "" {
		p.add(key, "must be the path of a CSV file of the team's headcount by date, e.g. roster.csv or a plan.csv; got %s", describe(v))
		return nil, shifts
	}
	path, data, read := p.readBeside(key, "roster", path, file, maxRosterSize)
	if !read {
		return nil, shifts
	}
	var names []string
	for _, s := range shifts {
		names = append(names, s.Name)
	}
	rows, problems := parseRoster(path, data, team, c, names)
	*p = append(*p, problems...)
	if len(problems) > 0 {
		return nil, shifts
	}
	if shifts != nil {
		return nil, rosterShifts(c, shifts, rows)
	}
	var out []Override
	for _, r := range rows {
		out = append(out, r.Override)
	}
	return out, nil
}

// rosterShifts returns the team's shifts with the roster's headcounts:
// each shift's headcount day by day, its own on its dates and the
// roster's on the rows that name it, cut into shifts of one headcount
// each (the first keeps the shift's name, the others add their first
// date), with the shift's hours, days and ramp.
func rosterShifts(c *Calendar, shifts []Shift, rows []rosterRow) []Shift {
	var out []Shift
	for _, s := range shifts {
		daily := make([]int, c.Days())
		for d := range daily {
			if (s.From.IsZero() || c.Day(s.From) <= d) && (s.To.IsZero() || d <= c.Day(s.To)) {
				daily[d] = s.Headcount
			}
		}
		for _, r := range rows {
			if r.shift == s.Name {
				for d := c.Day(r.From); d <= c.Day(r.To); d++ {
					daily[d] = r.Value
				}
			}
		}
		named := false
		for d := 0; d < len(daily); {
			end := d
			for end+1 < len(daily) && daily[end+1] == daily[d] {
				end++
			}
			if daily[d] > 0 {
				piece := s
				piece.Headcount, piece.From, piece.To = daily[d], c.Date(d), c.Date(end)
				if named {
					piece.Name = s.Name + "-" + c.Date(d).String()
				}
				named = true
				out = append(out, piece)
			}
			d = end + 1
		}
	}
	return out
}

// parseRoster reads the rows of team from a roster file's data; the
// problems name the file, the line and the column. A team in shifts
// (shifts, their names) needs a shift column naming one of them on every
// row; a team without must not name one.
func parseRoster(file string, data []byte, team string, c *Calendar, shifts []string) ([]rosterRow, problems) {
	var p problems
	bad := func(line int, col, format string, args ...any) {
		if len(p) < maxTraceProblems {
			p = append(p, &FieldError{File: file, Line: line, Key: col, Err: fmt.Errorf(format, args...)})
		}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment, r.FieldsPerRecord, r.TrimLeadingSpace = '#', -1, true
	r.Comma = files.Delimiter(data)
	head, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			bad(0, "", "is empty; the first row must be a header with from (or date) and headcount (or planned_headcount)")
		} else {
			bad(csvLine(err), "", "not valid CSV: %v", csvProblem(err))
		}
		return nil, p
	}
	column := func(names ...string) int {
		return slices.IndexFunc(head, func(h string) bool {
			return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(strings.TrimSpace(h), n) })
		})
	}
	teamAt, fromAt, toAt, countAt, shiftAt := column("team"), column("from", "date"), column("to"), column("headcount", "planned_headcount"), column("shift")
	line, _ := r.FieldPos(0)
	if fromAt < 0 || countAt < 0 {
		bad(line, "", "the first row must be a header with from (or date) and headcount (or planned_headcount), and may have team and to; got %s", show(strings.Join(head, string(r.Comma))))
		return nil, p
	}
	if shifts != nil && shiftAt < 0 {
		bad(line, "", "the team works in shifts (%s): the header needs a shift column naming the shift of each row; got %s", strings.Join(shifts, ", "), show(strings.Join(head, string(r.Comma))))
		return nil, p
	}
	date := func(line, at int, rec []string) (Date, bool) {
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(rec[at]))
		if err != nil {
			bad(line, head[at], "not a date: %s; write YYYY-MM-DD, e.g. 2026-12-24", show(rec[at]))
			return Date{}, false
		}
		d := dateOf(t)
		if day := c.Day(d); day < 0 || day >= c.Days() {
			bad(line, head[at], "%s is not a day of the season (%s to %s)", d, c.Start, c.End)
			return Date{}, false
		}
		return d, true
	}
	var out []rosterRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			bad(csvLine(err), "", "not valid CSV: %v", csvProblem(err))
			return nil, p
		}
		line, _ := r.FieldPos(0)
		if len(rec) <= max(teamAt, fromAt, toAt, countAt, shiftAt) {
			bad(line, "", "must have at least %d fields, as the header; got %d", max(teamAt, fromAt, toAt, countAt, shiftAt)+1, len(rec))
			continue
		}
		if teamAt >= 0 && strings.TrimSpace(rec[teamAt]) != team {
			continue
		}
		from, okFrom := date(line, fromAt, rec)
		to, okTo := from, okFrom
		if toAt >= 0 && strings.TrimSpace(rec[toAt]) != "" {
			to, okTo = date(line, toAt, rec)
		}
		n, err := strconv.Atoi(strings.TrimSpace(rec[countAt]))
		if err != nil || n < 0 || n > maxHeadcount {
			bad(line, head[countAt], "must be a whole number of agents from 0 to %d, got %s", maxHeadcount, show(rec[countAt]))
			continue
		}
		if !okFrom || !okTo {
			continue
		}
		if to.number() < from.number() {
			bad(line, head[toAt], "must not be before %s (%s), got %s", head[fromAt], from, to)
			continue
		}
		shift := ""
		if shiftAt >= 0 {
			shift = strings.TrimSpace(rec[shiftAt])
		}
		switch {
		case shifts == nil && shift != "":
			bad(line, head[shiftAt], "the team has no shifts: leave it empty, or give the team shifts, got %s", show(shift))
			continue
		case shifts != nil && !slices.Contains(shifts, shift):
			bad(line, head[shiftAt], "must name one of the team's shifts (%s), got %s", strings.Join(shifts, ", "), show(shift))
			continue
		}
		for _, prev := range out {
			if prev.shift == shift && from.number() <= prev.To.number() && prev.From.number() <= to.number() {
				bad(line, head[fromAt], "%s to %s overlaps line %d (%s to %s)", from, to, prev.line, prev.From, prev.To)
			}
		}
		out = append(out, rosterRow{Override: Override{From: from, To: to, Value: n}, shift: shift, line: line})
	}
	if len(out) == 0 && len(p) == 0 {
		bad(0, "", "has no row for team %s", team)
	}
	if len(p) > 0 {
		return nil, p
	}
	return out, nil
}
