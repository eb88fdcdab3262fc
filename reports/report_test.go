package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// seasonResults runs the default season and a variant of it with more
// claims staff, two replications each on common random numbers, once for
// all the tests that need a real report.
var seasonResults = sync.OnceValues(func() (*Results, error) {
	base, err := scenarios.Builtin(scenarios.Default)
	if err != nil {
		return nil, err
	}
	claims := strings.Replace(string(base.YAML), "to: 2026-12-24, headcount: 32,", "to: 2026-12-24, headcount: 48,", 1)
	claims = strings.Replace(claims, "name: christmas\n", "name: more-claims-staff\n", 1)
	if !strings.Contains(claims, "headcount: 48,") {
		return nil, errors.New("christmas.yaml no longer has the claims range the variant changes")
	}
	variant, err := scenarios.Parse("more-claims.yaml", []byte(claims))
	if err != nil {
		return nil, err
	}
	res := &Results{SchemaVersion: SchemaVersion, PeaksimVersion: "test"}
	for _, sc := range []*scenarios.Scenario{base, variant} {
		var reps []Rep
		for i := range 2 {
			r, err := sim.Run(context.Background(), sc.Model(), 1, i)
			if err != nil {
				return nil, err
			}
			reps = append(reps, RepOf(r))
		}
		cal := &Calendar{Start: sc.Season.Calendar.Start.String(), TimeZone: "Europe/London"}
		for _, p := range sc.Season.Demand.SeasonCurve {
			if p.Label != "" {
				cal.KeyDates = append(cal.KeyDates, KeyDate{Date: p.Date.String(), Label: p.Label})
			}
		}
		res.Scenarios = append(res.Scenarios, Summarize(Run{Name: sc.Name, Source: sc.Source, YAML: sc.YAML,
			Seed: 1, HorizonHours: sc.Horizon, Calendar: cal}, reps))
	}
	return res, nil
})

func season(t *testing.T) *Results {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the default season; skipped with -short")
	}
	res, err := seasonResults()
	if err != nil {
		t.Fatal(err)
	}
	// A copy, so that a test may change it.
	data, err := res.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadResults(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func renderHTML(t *testing.T, res *Results) string {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// hostileNames are names a scenario file could hold that would run code in
// a report that trusted them: markup that closes the chart's script, and
// go-echarts' marker for raw JavaScript.
var hostileNames = []string{
	`</script><img src=x onerror=alert(1)>`,
	`__f__alert(2)__f__`,
	`"};alert(3);//`,
	`<b onmouseover=alert(4)>x</b> & "quotes" 'too'`,
}

// withHostileNames renames the baseline, a channel, a team and a key date
// of res to hostile names, everywhere they appear.
func withHostileNames(t *testing.T, res *Results) *Results {
	t.Helper()
	data, err := res.Encode()
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for old, hostile := range map[string]string{
		`"name": "christmas"`: `"name": ` + jsonString(hostileNames[0]),
		`"email.`:             `"` + strings.Trim(jsonString(hostileNames[1]), `"`) + `.`,
		`"teams.claims.`:      `"teams.` + strings.Trim(jsonString(hostileNames[2]), `"`) + `.`,
		`"Black Friday"`:      jsonString(hostileNames[3]),
	} {
		if !strings.Contains(text, old) {
			t.Fatalf("fixture has no %s to replace", old)
		}
		text = strings.ReplaceAll(text, old, hostile)
	}
	back, err := ReadResults(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// withoutECharts returns the page with the ECharts library's text taken
// out, leaving what peaksim wrote.
func withoutECharts(t *testing.T, page string) string {
	t.Helper()
	if !strings.Contains(page, echartsJS) {
		t.Fatal("the page does not embed ECharts")
	}
	return strings.Replace(page, echartsJS, "", 1)
}

var nonFiniteValue = regexp.MustCompile(`.{0,80}[\[,:]\s*-?(NaN|Infinity)`)

// jsString matches a double- or single-quoted JavaScript string literal.
var jsString = regexp.MustCompile(`"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'`)

var scriptElement = regexp.MustCompile(`(?s)<script[^>]*>(.*?)</script>`)

// TestHostileNamesStayText renders a report whose names try to break out
// of the chart scripts, and checks that every script on the page is one
// peaksim wrote: ECharts itself and one per chart, none holding a name's
// markup or a raw-JavaScript marker.
func TestHostileNamesStayText(t *testing.T) {
	res := withHostileNames(t, season(t))
	page := withoutECharts(t, renderHTML(t, res))
	checkScriptsAreOurs(t, page, res)
	// The names are still there for a person to read, escaped.
	if !strings.Contains(page, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("the hostile scenario name is not shown as text in the table")
	}
}

// checkScriptsAreOurs checks that every script on a page of res (with
// ECharts taken out) is one peaksim wrote, ECharts itself and one per
// chart, none holding a name's markup or a raw-JavaScript marker, and that
// no name's markup reached the page as markup.
func checkScriptsAreOurs(t *testing.T, page string, res *Results) {
	t.Helper()
	p, err := buildPage(res)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(page, "<script"), 2+pageCharts(p); got != want {
		t.Fatalf("page has %d script elements, want %d (ECharts, the drawing queue and one per chart)", got, want)
	}
	if strings.Contains(page, "<img") || strings.Contains(page, "<b ") {
		t.Fatal("a name's markup reached the page as markup")
	}
	for _, m := range scriptElement.FindAllStringSubmatch(page, -1) {
		for _, bad := range []string{"__f__", "</", "<img"} {
			if strings.Contains(m[1], bad) {
				t.Fatalf("a chart script contains %q:\n%.300s", bad, m[1][strings.Index(m[1], bad)-min(strings.Index(m[1], bad), 100):])
			}
		}
		// A name may read "alert(1)", but only inside a string.
		if code := jsString.ReplaceAllString(m[1], `""`); strings.Contains(code, "alert(") {
			t.Fatalf("a hostile name became code:\n%.300s", code[strings.Index(code, "alert(")-min(strings.Index(code, "alert("), 200):])
		}
	}
}

// pageCharts counts the charts of a page: the staffing plan's and the
// others.
func pageCharts(p *reportPage) int {
	n := len(p.Charts)
	if p.Plan != nil {
		n += len(p.Plan.Charts)
	}
	return n
}

// TestNonFiniteValuesDoNotBreakCharts puts NaN and infinities where
// go-echarts would otherwise drop a chart's whole option: in series, and in
// metrics that charts and the table read.
func TestNonFiniteValuesDoNotBreakCharts(t *testing.T) {
	res := season(t)
	sc := &res.Scenarios[1]
	for i := range sc.Series {
		s := &sc.Series[i]
		s.Mean[3], s.Lo95[4], s.Hi95[5] = Float(math.NaN()), Float(math.Inf(1)), Float(math.Inf(-1))
	}
	for i := range sc.Metrics {
		if strings.HasPrefix(sc.Metrics[i].Name, "cases.resolution.") || strings.HasPrefix(sc.Metrics[i].Name, "effort.") {
			sc.Metrics[i].Mean = Float(math.NaN())
		}
	}
	page := withoutECharts(t, renderHTML(t, res))
	if bad := nonFiniteValue.FindString(page); bad != "" {
		t.Fatalf("a non-finite value reached the page: %q", bad)
	}
	for _, m := range scriptElement.FindAllStringSubmatch(page, -1) {
		if strings.Contains(m[1], "= ;") || strings.Contains(m[1], "=\n") {
			t.Fatalf("a chart script lost its option:\n%.300s", m[1])
		}
	}
}

// TestSummaryComparesAgainstTheBaseline checks the table and the sentences
// against the numbers: more claims staff resolve cases sooner, on common
// random numbers, and the report says so.
func TestSummaryComparesAgainstTheBaseline(t *testing.T) {
	res := season(t)
	p, err := buildPage(res)
	if err != nil {
		t.Fatal(err)
	}
	base, variant := &res.Scenarios[0], &res.Scenarios[1]
	c := compare(base, variant, base.Metric("cases.resolution.p90"), variant.Metric("cases.resolution.p90"))
	if !c.paired || !c.significant() || c.Mean >= 0 {
		t.Fatalf("more claims staff: p90 resolution difference %+v, want a significant reduction", c.Summary)
	}
	better, _, _ := strings.Cut(strings.SplitN(p.Sentences[1], " Better, largest change first: ", 2)[1], " Worse: ")
	want := "p90 resolution " + scaleOf("hours", -c.Mean).formatDiff(c.Mean) + " shorter"
	// What the extra agents buy, as two replications' interval says it.
	buys := "the cost of failure, which includes it, shows no significant difference"
	if f := compare(base, variant, base.Metric("costs.failure"), variant.Metric("costs.failure")); f.significant() {
		buys = map[bool]string{true: "lowers", false: "raises"}[f.Mean < 0] + " the cost of failure, which includes it, by "
	}
	if !strings.Contains(better, want) || !strings.HasPrefix(p.Sentences[1], "more-claims-staff against christmas: better on ") ||
		!strings.Contains(p.Sentences[1], "; it costs "+display(compare(base, variant, base.Metric("agents.cost"), variant.Metric("agents.cost")).Mean, "GBP")+" more in agent cost, and "+buys) {
		t.Errorf("sentence %q does not give the verdict, the running cost and what it buys (%q) and, among the better figures, %q", p.Sentences[1], buys, want)
	}
	var row *row
	for i := range p.Rows {
		if p.Rows[i].Label == "Resolution time, p90" {
			row = &p.Rows[i]
		}
	}
	if row == nil {
		t.Fatal("no p90 resolution row")
	}
	if got := row.Cells[2]; got.Verdict != "better" || got.Class != "better" {
		t.Errorf("p90 difference cell %+v, want marked better", got)
	}
	if got, want := row.Cells[0].Raw, rawNumber(base.Metric("cases.resolution.p90").Mean); got != want {
		t.Errorf("data-mean %s, want %s", got, want)
	}
}

// TestReportInBrowser opens the report of the season and its variant in
// headless Chromium with the network off: no errors, every chart drawn,
// the summary table holding the figures of results.json, and a page that
// loads in under two seconds. It also writes the screenshot of the docs
// when PEAKSIM_SCREENSHOT names a file.
func TestReportInBrowser(t *testing.T) {
	res := season(t)
	dir := t.TempDir()
	if err := Write(filepath.Join(dir, "out"), res, false); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(dir, "out", IndexFile)
	info, err := os.Stat(index)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > 5<<20 {
		t.Errorf("report is %d bytes, over 5 MB", info.Size())
	}
	got := openInBrowser(t, index, os.Getenv("PEAKSIM_SCREENSHOT"))
	checkRendered(t, got, res)
	if got.Load > 2*time.Second {
		t.Errorf("the report took %v to load, over 2 s", got.Load)
	}
	if got.Drawn == 0 || got.Drawn > 10*time.Second {
		t.Errorf("the report drew its last chart after %v", got.Drawn)
	}
	t.Logf("%d bytes, %d charts, loaded in %v, all charts drawn after %v", info.Size(), got.Charts, got.Load, got.Drawn)
}

// TestHostileReportInBrowser opens the report with hostile names: nothing
// runs (no dialog, no error), every chart is drawn, and the names read as
// they were written.
func TestHostileReportInBrowser(t *testing.T) {
	res := withHostileNames(t, season(t))
	path := filepath.Join(t.TempDir(), IndexFile)
	if err := os.WriteFile(path, []byte(renderHTML(t, res)), 0o644); err != nil {
		t.Fatal(err)
	}
	got := openInBrowser(t, path, "")
	checkRendered(t, got, res)
	if !strings.Contains(got.Text, hostileNames[0]) {
		t.Error("the hostile scenario name is not shown as text")
	}
}

func checkRendered(t *testing.T, got browserPage, res *Results) {
	t.Helper()
	if len(got.Errors) > 0 {
		t.Errorf("browser errors: %q", got.Errors)
	}
	p, err := buildPage(res)
	if err != nil {
		t.Fatal(err)
	}
	if want := pageCharts(p); got.Charts != want || got.Rendered != got.Charts {
		t.Errorf("%d charts on the page, %d drawn, want %d drawn", got.Charts, got.Rendered, want)
	}
	cells := 0
	for i, sc := range res.Scenarios {
		for _, f := range figures(&res.Scenarios[0]) {
			m := sc.Metric(f.metric)
			if m == nil {
				continue
			}
			key := strconv.Itoa(i) + "/" + f.metric
			if raw, ok := got.Cells[key]; !ok || raw != rawNumber(m.Mean) {
				t.Errorf("summary cell %s holds %q, results.json %q", key, raw, rawNumber(m.Mean))
			}
			cells++
		}
	}
	if cells == 0 || len(got.Cells) != cells {
		t.Errorf("summary table has %d cells with figures, results.json %d", len(got.Cells), cells)
	}
}
