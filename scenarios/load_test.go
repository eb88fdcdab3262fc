package scenarios_test

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// small is a valid scenario that the bad inputs below break one way each.
// Its lines, for the expected line numbers:
//
//	1 name   2 run   3 horizon   4 warmup   5 teams   6-7 agents   8-9 email
//	10 channels   11-15 phone (team, arrivals, handle_time, patience)
//	16-19 mail (team, arrivals, handle_time)
const small = `name: small
run:
  horizon: 100h
  warmup: 10h
teams:
  - name: agents
    headcount: 10
  - name: email
    headcount: 3
channels:
  - name: phone
    team: agents
    arrivals: {rate: 8/h}
    handle_time: {dist: exponential, mean: 1h}
    patience: {dist: exponential, mean: 2h}
  - name: mail
    team: email
    arrivals: {rate: 2/h}
    handle_time: {dist: gamma, mean: 1h, cv: 0.5}
`

// broken returns small with old replaced by new, failing the test if old is
// not there (so that a change to small cannot make a case test nothing).
func broken(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(small, old) {
		t.Fatalf("small has no %q", old)
	}
	return strings.Replace(small, old, new, 1)
}

func TestSmallIsValid(t *testing.T) {
	s, err := scenarios.Parse("small.yaml", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Model().Validate(); err != nil {
		t.Fatal(err)
	}
}

// goPhrases are signs of an error meant for programmers reaching a user.
var goPhrases = []string{"interface {", "map[string", "[]interface", "expected type", "unconvertible", "mapstructure", "reflect", "strconv", "float64", "uint64", "%!", "panic", "goroutine"}

// checkNoGoPhrases fails if msg holds one of goPhrases that the input did
// not (a message may quote what the user wrote).
func checkNoGoPhrases(t *testing.T, msg, input string) {
	t.Helper()
	for _, p := range goPhrases {
		if strings.Contains(msg, p) && !strings.Contains(input, p) {
			t.Errorf("message shows Go internals (%q):\n%s", p, msg)
		}
	}
}

func TestBadInputIsReportedWithFileLineAndKey(t *testing.T) {
	tests := []struct {
		name, in string // in: the whole file, or else small with old replaced by new
		old, new string
		line     int    // 0: the message has no line
		key      string // "": the message is about the file
		want     string // the problem
	}{
		{"not YAML", "{{{", "", "", 1, "", "not valid YAML"},
		{"tab indentation", "name: x\nrun:\n\thorizon: 5h\n", "", "", 3, "", "not valid YAML"},
		{"empty file", "", "", "", 0, "", "empty file: a scenario needs name, run, teams and channels"},
		{"whitespace-only file", " \n\t\n", "", "", 0, "", "empty file"},
		{"comments-only file", "# nothing yet\n", "", "", 0, "", "empty file"},
		{"top-level list", "- name: x\n- name: y\n", "", "", 1, "", "the top level must be a mapping with name, run, teams and channels; got a list"},
		{"top-level scalar", "hello\n", "", "", 1, "", `the top level must be a mapping with name, run, teams and channels; got "hello"`},
		{"two documents", small + "---\nname: other\n", "", "", 20, "", "holds a second YAML document (after ---)"},
		{"unknown top-level key", small + "colour: red\n", "", "", 20, "colour", "unknown key; the keys here are name, description, calendar, run, demand, fulfilment, exceptions, customers, policies, costs, currency, teams, channels, forecast, variants, thresholds"},
		{"misspelt nested key", "", "handle_time: {dist: exponential", "handle_tme: {dist: exponential", 14, "channels[0].handle_tme", "unknown key; did you mean handle_time?"},
		{"misspelt key leaves a required one missing", "", "handle_time: {dist: exponential", "handle_tme: {dist: exponential", 11, "channels[0].handle_time", "required"},
		{"key given twice in different case", "", "    headcount: 10\n", "    headcount: 10\n    HeadCount: 12\n", 8, "teams[0].headcount", "given twice, here and on line 7"},
		{"key given twice", "", "name: small\n", "name: small\nname: big\n", 2, "name", "given twice"},
		{"headcount as text", "", "headcount: 10", `headcount: "ten"`, 7, "teams[0].headcount", `must be a positive integer, got "ten"`},
		{"headcount as a quoted number", "", "headcount: 10", `headcount: "10"`, 7, "teams[0].headcount", `must be a positive integer, got "10"`},
		{"fractional headcount", "", "headcount: 10", "headcount: 3.5", 7, "teams[0].headcount", "must be a positive integer, got 3.5"},
		{"negative headcount", "", "headcount: 10", "headcount: -3", 7, "teams[0].headcount", "must be a positive integer, got -3"},
		{"zero headcount", "", "headcount: 10", "headcount: 0", 7, "teams[0].headcount", "must be a positive integer, got 0"},
		{"huge headcount", "", "headcount: 10", "headcount: 200000", 7, "teams[0].headcount", "must be at most 100000, got 200000"},
		{"teams not a list", "", "teams:\n  - name: agents\n    headcount: 10\n  - name: email\n    headcount: 3\n", "teams: 5\n", 5, "teams", "must be a list of teams, e.g. [{name: agents, headcount: 10}]; got 5"},
		{"team not a mapping", "", "  - name: email\n    headcount: 3\n", "  - email\n", 8, "teams[1]", `must be a team: a mapping with name and headcount; got "email"`},
		{"no teams", "", "teams:\n  - name: agents\n    headcount: 10\n  - name: email\n    headcount: 3\n", "teams: []\n", 5, "teams", "required: a list of at least one team"},
		{"arrivals given as a bare rate", "", "arrivals: {rate: 8/h}", "arrivals: 8/h", 13, "channels[0].arrivals", `must be a mapping with rate or interarrival, e.g. {rate: 45/h}; got "8/h"`},
		{"handle time given as a bare duration", "", "handle_time: {dist: exponential, mean: 1h}", "handle_time: 1h", 14, "channels[0].handle_time", `must be a distribution, e.g. {dist: exponential, mean: 5m}; got "1h"`},
		{"zero rate", "", "rate: 8/h", "rate: 0/h", 13, "channels[0].arrivals.rate", "must be positive, got 0/h"},
		{"negative rate", "", "rate: 8/h", "rate: -8/h", 13, "channels[0].arrivals.rate", "must be positive, got -8/h"},
		{"rate without unit", "", "rate: 8/h", "rate: 8", 13, "channels[0].arrivals.rate", "rate needs a unit, e.g. 45/h, 1200/d or 0.75/m; got 8"},
		{"rate and interarrival", "", "arrivals: {rate: 8/h}", "arrivals: {rate: 8/h, interarrival: {dist: uniform, min: 1m, max: 3m}}", 13, "channels[0].arrivals", "give rate or interarrival, not both"},
		{"arrivals with neither", "", "arrivals: {rate: 8/h}", "arrivals: {rate: ~}", 13, "channels[0].arrivals", "needs rate (e.g. 45/h) or interarrival"},
		{"interarrival of zero mean", "", "arrivals: {rate: 8/h}", "arrivals: {interarrival: {dist: deterministic, value: 0}}", 13, "channels[0].arrivals.interarrival", "must have a positive mean"},
		{"duration without unit", "", "horizon: 100h", "horizon: 100", 3, "run.horizon", "duration needs a unit, e.g. 90s, 5m, 2h or 3d; got 100"},
		{"duration with an unknown unit", "", "horizon: 100h", "horizon: 100hours", 3, "run.horizon", `unknown unit "hours" in 100hours`},
		{"zero horizon", "", "horizon: 100h", "horizon: 0", 3, "run.horizon", "must be positive"},
		{"horizon over 100 years", "", "horizon: 100h", "horizon: 40000d", 3, "run.horizon", "must be at most 100 years"},
		{"warm-up as long as the horizon", "", "warmup: 10h", "warmup: 200h", 4, "run.warmup", "must be shorter than run.horizon (100h), got 200h"},
		{"huge replications", "", "  warmup: 10h\n", "  warmup: 10h\n  replications: 20000\n", 5, "run.replications", "must be at most 10000, got 20000"},
		{"negative seed", "", "  warmup: 10h\n", "  warmup: 10h\n  seed: -1\n", 5, "run.seed", "must be a non-negative integer, got -1"},
		{"fractional seed", "", "  warmup: 10h\n", "  warmup: 10h\n  seed: 1.0\n", 5, "run.seed", "must be a non-negative integer, got 1.0"},
		{"seed as text", "", "  warmup: 10h\n", "  warmup: 10h\n  seed: abc\n", 5, "run.seed", `must be a non-negative integer, got "abc"`},
		{"missing run", "", "run:\n  horizon: 100h\n  warmup: 10h\n", "", 0, "run", "required"},
		{"unknown distribution", "", "dist: exponential, mean: 1h}", "dist: expo, mean: 1h}", 14, "channels[0].handle_time.dist", `unknown distribution "expo"; choose one of exponential, deterministic`},
		{"distribution in capitals", "", "dist: exponential, mean: 1h}", "dist: Exponential, mean: 1h}", 14, "channels[0].handle_time.dist", `unknown distribution "Exponential" (did you mean exponential?)`},
		{"missing dist", "", "{dist: exponential, mean: 1h}", "{mean: 1h}", 14, "channels[0].handle_time.dist", "required: one of exponential, deterministic, uniform, triangular, normal, lognormal, gamma, erlang, empirical"},
		{"missing distribution parameter", "", "{dist: gamma, mean: 1h, cv: 0.5}", "{dist: gamma, mean: 1h}", 19, "channels[1].handle_time.cv", "required for dist gamma"},
		{"parameter of another distribution", "", "{dist: exponential, mean: 1h}", "{dist: exponential, mean: 1h, cv: 0.5}", 14, "channels[0].handle_time.cv", "does not apply to dist exponential"},
		{"misspelt distribution parameter", "", "{dist: exponential, mean: 1h}", "{dist: exponential, maen: 1h}", 14, "channels[0].handle_time.maen", "unknown key; did you mean mean?"},
		{"cv as text", "", "cv: 0.5", `cv: "0.5"`, 19, "channels[1].handle_time.cv", `must be a plain number from 0.001 to 10 (the standard deviation divided by the mean), got "0.5"`},
		{"erlang k out of range", "", "{dist: gamma, mean: 1h, cv: 0.5}", "{dist: erlang, mean: 1h, k: 0}", 19, "channels[1].handle_time.k", "must be an integer from 1 to 1000, got 0"},
		{"uniform with min above max", "", "{dist: exponential, mean: 1h}", "{dist: uniform, min: 30m, max: 15m}", 14, "channels[0].handle_time", "needs 0 <= min < max, got min 0.5, max 0.25 (durations in hours)"},
		{"empirical with fewer weights than values", "", "{dist: exponential, mean: 1h}", "{dist: empirical, values: [1m, 2m], weights: [1]}", 14, "channels[0].handle_time", "has 2 values but 1 weights"},
		{"empirical value without unit", "", "{dist: exponential, mean: 1h}", "{dist: empirical, values: [1m, 2]}", 14, "channels[0].handle_time.values[1]", "duration needs a unit"},
		{"empirical values not a list", "", "{dist: exponential, mean: 1h}", "{dist: empirical, values: 1m}", 14, "channels[0].handle_time.values", "must be a list of durations"},
		{"negative weight", "", "{dist: exponential, mean: 1h}", "{dist: empirical, values: [1m, 2m], weights: [1, -1]}", 14, "channels[0].handle_time.weights[1]", "must be a non-negative number, got -1"},
		{"handle time of zero mean", "", "{dist: exponential, mean: 1h}", "{dist: deterministic, value: 0s}", 14, "channels[0].handle_time", "must have a positive mean"},
		{"patience given as a bare duration", "", "patience: {dist: exponential, mean: 2h}", "patience: 2h", 15, "channels[0].patience", "must be a distribution"},
		{"unknown team reference", "", "team: email", "team: emial", 17, "channels[1].team", `no team named "emial"; teams are: agents, email`},
		{"missing team reference", "", "    team: email\n", "", 16, "channels[1].team", "required"},
		{"duplicate channel name", "", "name: mail", "name: phone", 16, "channels[1].name", `duplicate channel name "phone" (channels[0] has it`},
		{"duplicate team name in other case", "", "name: email", "name: Agents", 8, "teams[1].name", `duplicate team name "Agents"`},
		{"name with markup", "", "name: small", `name: "<script>"`, 1, "name", `must be a name of 1 to 64 letters, digits, '_' and '-' that starts with a letter; got "<script>"`},
		{"name starting with a digit", "", "name: phone", "name: 1phone", 11, "channels[0].name", `must be a name of 1 to 64 letters, digits, '_' and '-' that starts with a letter; got "1phone"`},
		{"name too long", "", "name: small", "name: " + strings.Repeat("a", 65), 1, "name", "must be a name of 1 to 64"},
		{"missing name", "", "name: small\n", "", 0, "name", "required"},
		{"description over two lines", "", "name: small\n", "name: small\ndescription: \"a\\nb\"\n", 2, "description", "must be one line"},
		{"description too long", "", "name: small\n", "name: small\ndescription: " + strings.Repeat("x", 501) + "\n", 2, "description", "must be at most 500 characters, got 501"},
		{"negative queue capacity", "", "    team: agents\n", "    team: agents\n    queue_capacity: -1\n", 13, "channels[0].queue_capacity", "must be an integer of 0 or more, got -1"},
		{"service level target without unit", "", "    team: agents\n", "    team: agents\n    service_level_target: 20\n", 13, "channels[0].service_level_target", "duration needs a unit"},
		{"a date where a duration belongs", "", "horizon: 100h", "horizon: 2025-12-24", 3, "run.horizon", "must be a duration, e.g. 90s, 5m, 2h or 3d; got the date 2025-12-24"},
		{"a dotted key", small + "run.horizon: 5h\n", "", "", 20, "run.horizon", "a key cannot contain '.'"},
		{"a mapping as a key", "? {a: 1}\n: x\n" + small, "", "", 1, "", "a key must be a plain word, got a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			if tt.old != "" {
				in = broken(t, tt.old, tt.new)
			}
			_, err := scenarios.Parse("bad.yaml", []byte(in))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			msg := err.Error()
			where := "bad.yaml"
			if tt.line > 0 {
				where += ":" + strconv.Itoa(tt.line)
			}
			where += ": "
			if tt.key != "" {
				where += tt.key + ": "
			}
			if !strings.Contains(msg, where+tt.want) {
				t.Errorf("error does not contain\n\t%s\ngot\n\t%s", where+tt.want, strings.ReplaceAll(msg, "\n", "\n\t"))
			}
			checkNoGoPhrases(t, msg, in)
			for _, fe := range fieldErrors(err) {
				if fe.File != "bad.yaml" {
					t.Errorf("FieldError.File = %q, want bad.yaml", fe.File)
				}
			}
		})
	}
}

// fieldErrors returns the *FieldError values joined in err, failing if
// there is anything else in it.
func fieldErrors(err error) []*scenarios.FieldError {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var fes []*scenarios.FieldError
	for _, e := range errs {
		if fe, ok := e.(*scenarios.FieldError); ok {
			fes = append(fes, fe)
		}
	}
	return fes
}

func TestFileProblems(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, 10<<20+1), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.yaml")
	tests := []struct {
		name, path, want string
		is               error
	}{
		{"missing file", missing, missing + ": no such file", fs.ErrNotExist},
		{"directory", dir, dir + ": is a directory, not a scenario file", nil},
		{"file over 10 MiB", big, big + ": larger than 10 MiB, the limit for a scenario file", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.Load(tt.path)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Load(%s) error = %v, want %s", tt.path, err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
			var fe *scenarios.FieldError
			if !errors.As(err, &fe) || fe.File != tt.path || fe.Key != "" {
				t.Errorf("error is not a FieldError about the file: %#v", err)
			}
		})
	}
}

func TestLoadReadsAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "small.yaml")
	if err := os.WriteFile(path, []byte(small), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Source != path || string(s.YAML) != small {
		t.Errorf("Source = %q, YAML = %q; want the path and the file as read", s.Source, s.YAML)
	}
}

func TestSeveralErrorsAreReportedTogetherInLineOrder(t *testing.T) {
	in := broken(t, "horizon: 100h", "horizon: 100")
	in = strings.Replace(in, "headcount: 10", "headcount: -3", 1)
	in = strings.Replace(in, "handle_time: {dist: exponential", "handle_tme: {dist: exponential", 1)
	in = strings.Replace(in, "handle_time: {dist: gamma, mean: 1h, cv: 0.5}", "handle_time: 1h", 1)
	in = strings.Replace(in, "team: email", "team: emial", 1)
	in += "colour: red\n"
	_, err := scenarios.Parse("bad.yaml", []byte(in))
	if err == nil {
		t.Fatal("Parse accepted it")
	}
	want := []string{
		"bad.yaml:3: run.horizon: duration needs a unit, e.g. 90s, 5m, 2h or 3d; got 100",
		"bad.yaml:7: teams[0].headcount: must be a positive integer, got -3",
		"bad.yaml:11: channels[0].handle_time: required: a distribution, e.g. {dist: exponential, mean: 5m}",
		"bad.yaml:14: channels[0].handle_tme: unknown key; did you mean handle_time?",
		`bad.yaml:17: channels[1].team: no team named "emial"; teams are: agents, email`,
		`bad.yaml:19: channels[1].handle_time: must be a distribution, e.g. {dist: exponential, mean: 5m}; got "1h"`,
		"bad.yaml:20: colour: unknown key; the keys here are name, description, calendar, run, demand, fulfilment, exceptions, customers, policies, costs, currency, teams, channels, forecast, variants, thresholds",
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	if n := len(fieldErrors(err)); n != len(want) {
		t.Errorf("%d FieldErrors, want %d", n, len(want))
	}
}

func TestUnknownKeyIsReportedBesideAValueOfTheWrongForm(t *testing.T) {
	// mapstructure forgets the unknown keys of a mapping that also holds a
	// value of the wrong form; the loader must not.
	in := broken(t, "handle_time: {dist: exponential, mean: 1h}", "handle_time: 1h\n    handle_tme: 1h")
	in = strings.Replace(in, "run:", "nmae: x\nrun:", 1)
	_, err := scenarios.Parse("bad.yaml", []byte(in))
	for _, want := range []string{
		"bad.yaml:2: nmae: unknown key; did you mean name?",
		"channels[0].handle_time: must be a distribution",
		"channels[0].handle_tme: unknown key",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error does not contain %q:\n%v", want, err)
		}
	}
}

func TestDefaults(t *testing.T) {
	s, err := scenarios.Parse("small.yaml", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	if s.Replications != 10 || s.Seed != 1 {
		t.Errorf("replications %d, seed %d; want the defaults 10 and 1", s.Replications, s.Seed)
	}
	mail := s.Channels[1]
	if mail.QueueCapacity != sim.Unlimited || mail.Patience.Kind != sim.NoDist || mail.ServiceLevelTarget != 20.0/3600 {
		t.Errorf("mail: queue capacity %d, patience %v, target %v h; want unlimited, none, 20 s",
			mail.QueueCapacity, mail.Patience, mail.ServiceLevelTarget)
	}
	noWarmup, err := scenarios.Parse("small.yaml", []byte(broken(t, "  warmup: 10h\n", "")))
	if err != nil || noWarmup.Warmup != 0 {
		t.Errorf("without warmup: %v, %v; want 0", noWarmup, err)
	}
}

func TestModelCompilesNamesToIndices(t *testing.T) {
	in := broken(t, "  warmup: 10h\n", "  warmup: 10h\n  replications: 3\n  seed: 18446744073709551615\n")
	in = strings.Replace(in, "    team: email\n", "    team: email\n    queue_capacity: 0\n    service_level_target: 24h\n", 1)
	s, err := scenarios.Parse("small.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if s.Replications != 3 || s.Seed != math.MaxUint64 {
		t.Errorf("replications %d, seed %d", s.Replications, s.Seed)
	}
	m := s.Model()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if m.Name != "small" || m.Horizon != 100 || m.Warmup != 10 {
		t.Errorf("model %q, horizon %v, warm-up %v", m.Name, m.Horizon, m.Warmup)
	}
	if len(m.Teams) != 2 || m.Teams[1].Name != "email" || m.Teams[1].Agents != 3 || m.Teams[1].OnDuty != nil || m.Teams[1].Paid != nil {
		t.Errorf("teams %+v", m.Teams)
	}
	phone, mail := m.Channels[0], m.Channels[1]
	if phone.Team != 0 || mail.Team != 1 {
		t.Errorf("team indices %d, %d; want 0, 1", phone.Team, mail.Team)
	}
	// rate 8/h is Poisson: exponential gaps of mean 1/8 h.
	if phone.Interarrival.Kind != sim.Exponential || phone.Interarrival.Mean() != 1.0/8 {
		t.Errorf("phone arrivals %v, want exponential of mean 0.125 h", phone.Interarrival)
	}
	if phone.Patience.Kind != sim.Exponential || phone.Patience.Mean() != 2 || phone.QueueCapacity != sim.Unlimited {
		t.Errorf("phone patience %v, capacity %d", phone.Patience, phone.QueueCapacity)
	}
	if mail.HandleTime.Kind != sim.Gamma || mail.HandleTime.Mean() != 1 || mail.QueueCapacity != 0 || mail.ServiceTarget != 24 {
		t.Errorf("mail handle time %v, capacity %d, target %v", mail.HandleTime, mail.QueueCapacity, mail.ServiceTarget)
	}
}

func TestEveryDistributionBuilds(t *testing.T) {
	tests := []struct {
		yaml string
		kind sim.DistKind
		mean float64 // hours
	}{
		{"{dist: exponential, mean: 6m}", sim.Exponential, 0.1},
		{"{dist: deterministic, value: 90s}", sim.Deterministic, 0.025},
		{"{dist: uniform, min: 1h, max: 3h}", sim.Uniform, 2},
		{"{dist: triangular, min: 1h, mode: 2h, max: 6h}", sim.Triangular, 3},
		{"{dist: normal, mean: 1h, sd: 1m}", sim.TruncatedNormal, 1},
		{"{dist: normal, mean: 1h, sd: 1m, min: 30m, max: 2h}", sim.TruncatedNormal, 1},
		{"{dist: lognormal, mean: 6m, cv: 0.8}", sim.LogNormal, 0.1},
		{"{dist: gamma, mean: 10m, cv: 0.6}", sim.Gamma, 1.0 / 6},
		{"{dist: erlang, mean: 1h, k: 4}", sim.Gamma, 1},
		{"{dist: empirical, values: [1h, 3h]}", sim.Empirical, 2},
		{"{dist: empirical, values: [1h, 3h], weights: [3, 1]}", sim.Empirical, 1.5},
	}
	for _, tt := range tests {
		t.Run(tt.yaml, func(t *testing.T) {
			s, err := scenarios.Parse("d.yaml", []byte(broken(t, "{dist: exponential, mean: 1h}", tt.yaml)))
			if err != nil {
				t.Fatal(err)
			}
			d := s.Channels[0].HandleTime
			if d.Kind != tt.kind || math.Abs(d.Mean()-tt.mean) > 1e-9 {
				t.Errorf("got %v (mean %v h), want %v of mean %v h", d, d.Mean(), tt.kind, tt.mean)
			}
		})
	}
}

func TestKeysAndNamesCase(t *testing.T) {
	// viper lower-cases keys; names are values and keep their case.
	in := strings.NewReplacer("name: small", "Name: Small", "handle_time:", "Handle_Time:", "name: agents", "name: Agents", "team: agents", "team: Agents").Replace(small)
	s, err := scenarios.Parse("case.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "Small" || s.Teams[0].Name != "Agents" || s.Channels[0].Team != "Agents" {
		t.Errorf("names %q, %q, %q; want their case kept", s.Name, s.Teams[0].Name, s.Channels[0].Team)
	}
}

func TestNullIsAbsent(t *testing.T) {
	s, err := scenarios.Parse("null.yaml", []byte(broken(t, "patience: {dist: exponential, mean: 2h}", "patience: ~")))
	if err != nil {
		t.Fatal(err)
	}
	if s.Channels[0].Patience.Kind != sim.NoDist {
		t.Errorf("patience %v, want none", s.Channels[0].Patience)
	}
}

// TestAGigabyteIsRefusedAfterTenMegabytes loads a 1 GB file (sparse: it
// takes no disk): refused with the limit, having read no more than it.
func TestAGigabyteIsRefusedAfterTenMegabytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = scenarios.Load(path)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "larger than 10 MiB") {
		t.Fatalf("got %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("refusing it allocated %d MiB", grew>>20)
	}
}
