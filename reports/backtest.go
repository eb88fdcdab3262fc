package reports

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peaksim/peaksim/scenarios/files"
)

// BacktestFigures are the daily figures of a channel a backtest compares,
// as the actuals' columns name them. A season's series give the first four
// as <channel>.daily.<figure>; backlog is <channel>.queued, the contacts
// waiting at 23:00 of the day.
var BacktestFigures = []string{"offered", "answered", "abandoned", "service_level", "backlog"}

// BiasThreshold is the relative bias beyond which a significant one is
// flagged: smaller biases are within what a plan can absorb.
const BiasThreshold = 0.05

// BandThreshold is the share of days inside the band below which a bias
// can be flagged: with a 95% band, a correct model keeps about 95% of days
// inside.
const BandThreshold = 0.9

// Actual is one row of actuals: what happened on one channel on one day.
// Values holds one number per BacktestFigures, NaN where not given.
type Actual struct {
	Line    int
	Date    time.Time
	Channel string
	Values  []float64
}

// ReadActuals reads an actuals file: a header with date and channel and at
// least one of BacktestFigures (in any case, in any order; other columns
// are ignored), then a row per channel and day. The delimiter is the
// header's: comma, semicolon or tab. Dates are 2006-01-02; service_level
// is a share (0.8) or a percentage (80%). Every bad cell is reported.
func ReadActuals(r io.Reader, file string) ([]Actual, error) {
	t, err := files.ReadHeader(r, file, "a header (date, channel, offered, ...) and a row per channel and day")
	if err != nil {
		return nil, err
	}
	cr, header := t.Reader, t.Header
	date, channel := -1, -1
	figure := make([]int, len(BacktestFigures))
	for i := range figure {
		figure[i] = -1
	}
	for i, h := range header {
		switch name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))); name {
		case "date":
			date = i
		case "channel":
			channel = i
		default:
			for k, f := range BacktestFigures {
				if name == f {
					figure[k] = i
				}
			}
		}
	}
	var errs []error
	if date < 0 || channel < 0 {
		errs = append(errs, fmt.Errorf("%s:1: the header needs a date and a channel column; it has %s", file, strings.Join(header, ", ")))
	}
	anyFigure := false
	for _, i := range figure {
		anyFigure = anyFigure || i >= 0
	}
	if !anyFigure {
		errs = append(errs, fmt.Errorf("%s:1: the header names none of %s", file, strings.Join(BacktestFigures, ", ")))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var out []Actual
	seen := map[string]int{}
	var readErr error
	for line, rec := range files.Records(file, cr, &readErr) {
		bad := func(col int, format string, args ...any) {
			errs = append(errs, &files.CellError{File: file, Line: line, Column: header[col], Err: fmt.Errorf(format, args...)})
		}
		cell := func(col int) string { return files.Cell(rec, col) }
		a := Actual{Line: line, Channel: cell(channel), Values: make([]float64, len(BacktestFigures))}
		d, err := time.Parse(time.DateOnly, cell(date))
		if err != nil {
			bad(date, "%q: not a date (want 2006-01-02)", cell(date))
		}
		a.Date = d
		if a.Channel == "" {
			bad(channel, "empty: every row needs its channel")
		}
		for k, col := range figure {
			a.Values[k] = math.NaN()
			if col < 0 || cell(col) == "" {
				continue
			}
			v, err := parseActual(BacktestFigures[k], cell(col))
			if err != nil {
				bad(col, "%v", err)
				continue
			}
			a.Values[k] = v
		}
		key := a.Channel + "\x00" + cell(date)
		if first, dup := seen[key]; dup && err == nil {
			errs = append(errs, &files.CellError{File: file, Line: line, Err: fmt.Errorf("%s on %s again (first on line %d)", a.Channel, cell(date), first)})
		}
		seen[key] = line
		out = append(out, a)
		if len(errs) >= 20 {
			errs = append(errs, fmt.Errorf("%s: stopped after %d problems", file, len(errs)))
			break
		}
	}
	if readErr != nil {
		errs = append(errs, readErr)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no rows after the header", file)
	}
	return out, nil
}

func parseActual(figure, s string) (float64, error) {
	pct := false
	if figure == "service_level" {
		s, pct = strings.CutSuffix(s, "%")
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Errorf("%q: not a number", s)
	case pct:
		v /= 100
	}
	if v < 0 {
		return 0, fmt.Errorf("%s: negative", s)
	}
	if figure == "service_level" && v > 1 {
		return 0, fmt.Errorf("%s: a service level is a share from 0 to 1 (or 0%% to 100%%)", s)
	}
	return v, nil
}

// CheckActuals reports, every one at once, the rows of actuals that fall
// outside a season of days days from start (2006-01-02) or name none of
// its channels: what a backtest can tell before it runs anything.
func CheckActuals(start string, days int, channels []string, actuals []Actual, file string) error {
	first, err := time.Parse(time.DateOnly, start)
	if err != nil {
		return fmt.Errorf("the season's start %q: %w", start, err)
	}
	var errs []error
	for _, a := range actuals {
		if day := int(a.Date.Sub(first).Hours() / 24); day < 0 || day >= days {
			last := first.AddDate(0, 0, days-1).Format(time.DateOnly)
			errs = append(errs, &files.CellError{File: file, Line: a.Line, Column: "date", Err: fmt.Errorf("%s is outside the season, %s to %s", a.Date.Format(time.DateOnly), start, last)})
		}
		if !slices.Contains(channels, a.Channel) {
			errs = append(errs, &files.CellError{File: file, Line: a.Line, Column: "channel", Err: fmt.Errorf("%q: the scenario has no such channel (it has %s)", a.Channel, strings.Join(channels, ", "))})
		}
		if len(errs) >= 20 {
			errs = append(errs, fmt.Errorf("%s: stopped after %d problems", file, len(errs)))
			break
		}
	}
	return errors.Join(errs...)
}

// BacktestDay is one figure of one channel on one day: what happened, the
// simulated mean and the simulated 95% band.
type BacktestDay struct {
	Channel string `json:"channel"`
	Figure  string `json:"figure"`
	Date    string `json:"date"`
	Actual  Float  `json:"actual"`
	Mean    Float  `json:"simulated"`
	Lo      Float  `json:"lo95"`
	Hi      Float  `json:"hi95"`
	Inside  bool   `json:"inside_band"`
}

// BacktestFigure sums up one figure of one channel over the days of the
// actuals: the mean absolute percentage error (over days with a non-zero
// actual), the bias (total simulated minus total actual, as a share of
// the actual: positive when the simulation says more than happened), and
// the share of days inside the band. Flagged is set when the bias is
// beyond BiasThreshold, fewer than BandThreshold of the days are inside
// the band, and the actual total lies outside the band of a season's
// total: the sum of the days' half-widths, what a season's total could be
// if its days were perfectly correlated (a backlog carries over from one
// day to the next, and the replications keep no covariance of days). A
// t-test on the daily differences, which takes the days as independent,
// flagged a season against a draw of itself.
type BacktestFigure struct {
	Channel string `json:"channel"`
	Figure  string `json:"figure"`
	Days    int    `json:"days"`
	MAPE    Float  `json:"mape"`
	Bias    Float  `json:"bias"`
	Inside  Float  `json:"inside_band"`
	Flagged bool   `json:"bias_flagged"`
}

// Backtest compares one scenario's run with the actuals; results.json
// keeps it (Results.Backtests), so that the report draws it again.
type Backtest struct {
	Scenario     string           `json:"scenario"`
	Actuals      string           `json:"actuals"`
	Replications int              `json:"replications"`
	Figures      []BacktestFigure `json:"figures"`
	Days         []BacktestDay    `json:"days"`
}

// CompareActuals compares the season sc with the actuals read from file.
// The band of a day is where one more replication would fall with 95%
// probability (a prediction interval: mean ± t·sd·√(1+1/n) over the n
// replications), the right yardstick for one season that happened;
// the series' own interval, of the mean, is √(n+1) times narrower.
func CompareActuals(sc *Scenario, actuals []Actual, file string) (*Backtest, error) {
	if sc.Calendar == nil {
		return nil, fmt.Errorf("%s is not a season (it has no calendar): its results have no days to compare", sc.Label())
	}
	if sc.Replications < 2 {
		return nil, fmt.Errorf("%s: a band needs at least 2 replications, the run has %d", sc.Label(), sc.Replications)
	}
	start, err := time.Parse(time.DateOnly, sc.Calendar.Start)
	if err != nil {
		return nil, fmt.Errorf("%s: calendar start %q: %w", sc.Label(), sc.Calendar.Start, err)
	}
	series := map[string]*Series{}
	var channels []string
	for i := range sc.Series {
		s := &sc.Series[i]
		series[s.Name] = s
		if ch, ok := strings.CutSuffix(s.Name, ".daily.offered"); ok {
			channels = append(channels, ch)
		}
	}
	days := int(math.Round(sc.HorizonHours / 24))
	scale := math.Sqrt(float64(sc.Replications) + 1)
	bt := &Backtest{Scenario: sc.Label(), Actuals: file, Replications: sc.Replications}
	var errs []error
	type key struct{ ch, fig string }
	byFigure := map[key][]BacktestDay{}
	var order []key
	if err := CheckActuals(sc.Calendar.Start, days, channels, actuals, file); err != nil {
		return nil, err
	}
	for _, a := range actuals {
		day := int(a.Date.Sub(start).Hours() / 24)
		for k, fig := range BacktestFigures {
			if math.IsNaN(a.Values[k]) {
				continue
			}
			name, i := a.Channel+".daily."+fig, day
			if fig == "backlog" {
				name, i = a.Channel+".queued", 24*day+23
			}
			s := series[name]
			if s == nil || i >= len(s.Mean) {
				errs = append(errs, &files.CellError{File: file, Line: a.Line, Column: fig, Err: fmt.Errorf("the run has no %s series", name)})
				continue
			}
			mean := float64(s.Mean[i])
			if math.IsNaN(mean) {
				continue // undefined that day in the run (a service level without contacts)
			}
			half := (float64(s.Hi95[i]) - mean) * scale
			if math.IsNaN(half) {
				half = 0 // every replication gave the same value
			}
			lo, hi := math.Max(0, mean-half), mean+half
			if fig == "service_level" {
				hi = math.Min(1, hi)
			}
			d := BacktestDay{Channel: a.Channel, Figure: fig, Date: a.Date.Format(time.DateOnly), Actual: Float(a.Values[k]),
				Mean: Float(mean), Lo: Float(lo), Hi: Float(hi), Inside: lo <= a.Values[k] && a.Values[k] <= hi}
			kk := key{a.Channel, fig}
			if _, ok := byFigure[kk]; !ok {
				order = append(order, kk)
			}
			byFigure[kk] = append(byFigure[kk], d)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, kk := range order {
		ds := byFigure[kk]
		bt.Days = append(bt.Days, ds...)
		bt.Figures = append(bt.Figures, summarizeBacktest(kk.ch, kk.fig, ds))
	}
	return bt, nil
}

func summarizeBacktest(ch, fig string, ds []BacktestDay) BacktestFigure {
	f := BacktestFigure{Channel: ch, Figure: fig, Days: len(ds)}
	var ape, sim, act, inside, seasonBand float64
	var nape int
	for _, d := range ds {
		sim += float64(d.Mean)
		act += float64(d.Actual)
		seasonBand += float64(max(d.Hi-d.Mean, d.Mean-d.Lo))
		if d.Actual != 0 {
			ape += math.Abs(float64(d.Mean-d.Actual)) / float64(d.Actual)
			nape++
		}
		if d.Inside {
			inside++
		}
	}
	f.MAPE, f.Bias, f.Inside = Float(math.NaN()), Float(math.NaN()), Float(inside/float64(len(ds)))
	if nape > 0 {
		f.MAPE = Float(ape / float64(nape))
	}
	if act > 0 {
		f.Bias = Float((sim - act) / act)
	}
	if math.Abs(float64(f.Bias)) > BiasThreshold && f.Inside < BandThreshold {
		f.Flagged = math.Abs(sim-act) > seasonBand
	}
	return f
}

// CSV returns the summary per channel and figure, backtest.csv.
func (b *Backtest) CSV() ([]byte, error) {
	rows := [][]string{{"scenario", "channel", "figure", "days", "mape", "bias", "bias_flagged", "inside_band"}}
	for _, f := range b.Figures {
		rows = append(rows, []string{b.Scenario, f.Channel, f.Figure, strconv.Itoa(f.Days), csvFloat(f.MAPE),
			csvFloat(f.Bias), strconv.FormatBool(f.Flagged), csvFloat(f.Inside)})
	}
	return encodeCSV(rows)
}

// DaysCSV returns the comparison day by day, backtest-days.csv.
func (b *Backtest) DaysCSV() ([]byte, error) {
	rows := [][]string{{"scenario", "channel", "figure", "date", "actual", "simulated", "lo95", "hi95", "inside_band"}}
	for _, d := range b.Days {
		rows = append(rows, []string{b.Scenario, d.Channel, d.Figure, d.Date, csvFloat(d.Actual), csvFloat(d.Mean),
			csvFloat(d.Lo), csvFloat(d.Hi), strconv.FormatBool(d.Inside)})
	}
	return encodeCSV(rows)
}

// WriteTable prints the summary for a person: a line per channel and
// figure.
func (b *Backtest) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "%s against the actuals (%d replications; band: 95%% of seasons):\n", b.Scenario, b.Replications)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  channel\tfigure\tdays\tMAPE\tbias\tinside band\t")
	pct := func(f Float) string {
		v := float64(f)
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*v)
	}
	for _, f := range b.Figures {
		bias := pct(f.Bias)
		if f.Bias > 0 {
			bias = "+" + bias
		}
		if f.Flagged {
			if f.Bias > 0 {
				bias += " (biased: simulates too much)"
			} else {
				bias += " (biased: simulates too little)"
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%s\t%s\t\n", f.Channel, f.Figure, f.Days, pct(f.MAPE), bias, pct(f.Inside))
	}
	return tw.Flush()
}
