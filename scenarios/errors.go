package scenarios

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// FieldError is one problem in a scenario file, with where it is: the file,
// the line (0 when unknown) and the key path (such as
// channels[0].handle_time.mean; empty for the file as a whole). It prints
// as "file:line: key: problem", the form editors and CI logs link to.
//
// Load and Parse report every problem of a file at once, as an errors.Join
// of *FieldError sorted by line; use errors.As to get at the first one.
type FieldError struct {
	File string
	Line int
	Key  string
	Err  error
}

func (e *FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the problem without its location.
func (e *FieldError) Unwrap() error { return e.Err }

// reworded is an error with our own message around an underlying error, so
// that callers can still test errors.Is(err, fs.ErrNotExist) while the user
// reads "no such file" instead of an operating system's phrasing.
type reworded struct {
	msg string
	err error
}

func (e *reworded) Error() string { return e.msg }
func (e *reworded) Unwrap() error { return e.err }

// problems collects the FieldErrors of one file; the file name and lines are
// filled in at the end, once for all (see Parse).
type problems []*FieldError

func (p *problems) add(key, format string, args ...any) {
	p.addErr(key, fmt.Errorf(format, args...))
}

func (p *problems) addErr(key string, err error) {
	*p = append(*p, &FieldError{Key: key, Err: err})
}

// err sets the file and lines of every problem and joins them, sorted by
// line then key so that the output does not depend on map order; nil if
// there are none. A problem that already names a file is about another
// file (a trace) and keeps its own line; those come after the scenario
// file's.
func (p problems) err(file string, line func(key string) int) error {
	if len(p) == 0 {
		return nil
	}
	other := func(e *FieldError) bool { return e.File != "" && e.File != file }
	for _, e := range p {
		if e.File == "" {
			e.File = file
			if e.Line == 0 {
				e.Line = line(e.Key)
			}
		}
	}
	slices.SortStableFunc(p, func(a, b *FieldError) int {
		if oa, ob := other(a), other(b); oa != ob {
			if oa {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Key, b.Key))
	})
	errs := make([]error, len(p))
	for i, e := range p {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// describe renders a value read from YAML for a message, in the user's
// terms rather than Go's: strings quoted (so that "10" is visibly text), a
// float that happens to be whole with ".0" (so that it does not look like
// the integer it was rejected for not being), lists and mappings by name.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "nothing"
	case string:
		return strconv.Quote(truncate(v))
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case float64:
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !math.IsInf(v, 0) && !math.IsNaN(v) && !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return s
	case time.Time:
		return "the date " + v.Format(time.DateOnly)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return "a value of another kind"
}

// simpleToken matches what show prints without quotes: the strings a
// duration, rate, name or time-of-day field normally holds.
var simpleToken = regexp.MustCompile(`^[A-Za-z0-9./_+:-]{1,40}$`)

// show echoes a string the user typed where a duration or rate belongs:
// as typed when it is a plain token (got 90), quoted otherwise (got "5 m").
func show(s string) string {
	if simpleToken.MatchString(s) {
		return s
	}
	return strconv.Quote(truncate(s))
}

// asWritten echoes a value as the user wrote it: strings as show does,
// other values as describe does.
func asWritten(v any) string {
	if s, ok := v.(string); ok {
		return show(s)
	}
	return describe(v)
}

// truncate shortens s for a message, so that a pasted paragraph in a name
// field does not flood the terminal.
func truncate(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}

// joinFlat joins errors as errors.Join does, but one level deep: the
// problems of a joined error become problems of the result, so that every
// problem of a file is a *FieldError of the error Parse returns, however
// many passes found them. nil when all are nil.
func joinFlat(errs ...error) error {
	var flat []error
	for _, err := range errs {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			flat = append(flat, j.Unwrap()...)
		} else if err != nil {
			flat = append(flat, err)
		}
	}
	return errors.Join(flat...)
}
