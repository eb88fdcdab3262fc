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

// roster reads a team's roster (teams[].roster, v its path): a CSV of the
// team's headcount by date, a row a day or a range, as a spreadsheet or
// peaksim plan (plan.csv) writes it. Its columns are found by name,
// letter case ignored, other columns ignored: team (when there, rows of
// other teams are skipped), from or date, to (a day when missing), and
// headcount or planned_headcount. It returns the rows as the team's
// headcount by date.
func (p *problems) roster(key, team string, v any, c *Calendar, file string) []Override {
	path, ok := v.(string)
	if !ok || strings.TrimSpace(path) == "" {
		p.add(key, "must be the path of a CSV file of the team's headcount by date, e.g. roster.csv or a plan.csv; got %s", describe(v))
		return nil
	}
	path, data, read := p.readBeside(key, "roster", path, file, maxRosterSize)
	if !read {
		return nil
	}
	out, problems := parseRoster(path, data, team, c)
	*p = append(*p, problems...)
	return out
}

// parseRoster reads the rows of team from a roster file's data; the
// problems name the file, the line and the column.
func parseRoster(file string, data []byte, team string, c *Calendar) ([]Override, problems) {
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
	teamAt, fromAt, toAt, countAt := column("team"), column("from", "date"), column("to"), column("headcount", "planned_headcount")
	line, _ := r.FieldPos(0)
	if fromAt < 0 || countAt < 0 {
		bad(line, "", "the first row must be a header with from (or date) and headcount (or planned_headcount), and may have team and to; got %s", show(strings.Join(head, string(r.Comma))))
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
	var out []Override
	var lines []int
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
		if len(rec) <= max(teamAt, fromAt, toAt, countAt) {
			bad(line, "", "must have at least %d fields, as the header; got %d", max(teamAt, fromAt, toAt, countAt)+1, len(rec))
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
		for j, prev := range out {
			if from.number() <= prev.To.number() && prev.From.number() <= to.number() {
				bad(line, head[fromAt], "%s to %s overlaps line %d (%s to %s)", from, to, lines[j], prev.From, prev.To)
			}
		}
		out, lines = append(out, Override{From: from, To: to, Value: n}), append(lines, line)
	}
	if len(out) == 0 && len(p) == 0 {
		bad(0, "", "has no row for team %s", team)
	}
	if len(p) > 0 {
		return nil, p
	}
	return out, nil
}
