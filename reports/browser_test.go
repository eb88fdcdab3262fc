package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	cdpnetwork "github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browserPage is what a report looked like in a real browser.
type browserPage struct {
	Errors   []string          // uncaught exceptions, console.error messages, failed requests
	Charts   int               // elements with class "chart" (each chart's container div; go-echarts gives them class "item", I will also add class "chart")
	Rendered int               // of those, the ones ECharts initialised whose canvas has non-blank content
	Cells    map[string]string // for every element with attribute data-cell: attribute value -> the element's data-mean attribute (raw number string as written)
	Text     string            // document.body.innerText
	Load     time.Duration     // from navigation start to the end of the 'load' event
	Drawn    time.Duration     // from navigation start until the report says its last chart is drawn; 0 if it never says
}

const (
	browserDeadline      = 60 * time.Second
	browserChartWait     = 10 * time.Second
	browserAnimationWait = 5 * time.Second
	browserViewportW     = 1366
	browserViewportH     = 768
)

// browserBinaries are the binaries tried in order: Debian's package, other
// distributions' name, Google's build, and chromedp's headless-shell image.
var browserBinaries = []string{"chromium", "chromium-browser", "google-chrome", "headless_shell"}

// offlineByRuleParams are Network.emulateNetworkConditionsByRule's
// parameters as Chromium 148 defines them: offline for all the rules, which
// cdproto v0.159 does not have.
type offlineByRuleParams struct {
	Offline                  bool                     `json:"offline"`
	MatchedNetworkConditions []*cdpnetwork.Conditions `json:"matchedNetworkConditions"`
}

var emulateOfflineByRule = cdp.Command[offlineByRuleParams, cdpnetwork.EmulateNetworkConditionsByRuleResult]{Method: cdpnetwork.CommandEmulateNetworkConditionsByRule}

func browserBinary() string {
	for _, name := range browserBinaries {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserFacts is read from the page in one evaluation, after the charts settled.
type browserFacts struct {
	Charts   int               `json:"charts"`
	Rendered int               `json:"rendered"`
	Cells    map[string]string `json:"cells"`
	Text     string            `json:"text"`
	DrawnMS  float64           `json:"drawnMS"`
}

// browserFactsJS counts a chart as rendered only when its pixels differ: an ECharts
// instance with an empty or broken option still creates its canvas, so
// "instance exists" or "canvas exists" would pass a blank chart. The canvas is
// scaled into a small offscreen copy, which keeps the pixel scan cheap while
// still showing axes and lines as differing pixels.
const browserFactsJS = `(() => {
  const hasEcharts = typeof echarts !== 'undefined';
  const drawn = (c) => {
    const r = c.getBoundingClientRect();
    if (r.width < 100 || r.height < 100 || c.width === 0 || c.height === 0) return false;
    const w = Math.min(c.width, 256), h = Math.min(c.height, 256);
    const o = document.createElement('canvas');
    o.width = w; o.height = h;
    const g = o.getContext('2d');
    g.drawImage(c, 0, 0, w, h);
    let px;
    try {
      px = new Uint32Array(g.getImageData(0, 0, w, h).data.buffer);
    } catch (e) {
      return true; // a tainted canvas cannot be read back; something was drawn into it
    }
    for (let i = 1; i < px.length; i++) if (px[i] !== px[0]) return true;
    return false;
  };
  const charts = [...document.querySelectorAll('.chart')];
  let rendered = 0;
  for (const el of charts) {
    if (!hasEcharts || !echarts.getInstanceByDom(el)) continue;
    if ([...el.querySelectorAll('canvas')].some(drawn)) rendered++;
  }
  const cells = {};
  for (const el of document.querySelectorAll('[data-cell]')) {
    cells[el.getAttribute('data-cell')] = el.getAttribute('data-mean') ?? '';
  }
  const drawnMS = Number(document.documentElement.dataset.chartsDrawn || 0);
  return {charts: charts.length, rendered, cells, text: document.body ? document.body.innerText : '', drawnMS};
})()`

// browserChartsReadyJS is true once every chart container has an ECharts instance; a
// page without charts is ready at once.
const browserChartsReadyJS = `[...document.querySelectorAll('.chart')].every(el => typeof echarts !== 'undefined' && !!echarts.getInstanceByDom(el))`

// browserLoadTimeJS gives 0 (falsy, so Poll keeps waiting) until the load event has
// finished, because Navigate can return while loadEventEnd is still unset.
const browserLoadTimeJS = `(() => {
  const n = performance.getEntriesByType('navigation')[0];
  return n && n.loadEventEnd > 0 ? n.loadEventEnd - n.startTime : 0;
})()`

// browserChartsIdleJS is true once no chart is animating. ECharts draws a
// line chart progressively over about a second after setOption, so without
// this a screenshot shows half-drawn lines. getZr is public ECharts API;
// _needsRefresh is zrender's own flag and reads as undefined (idle) if it
// ever goes away.
const browserChartsIdleJS = `[...document.querySelectorAll('.chart')].every(el => {
  const inst = typeof echarts !== 'undefined' && echarts.getInstanceByDom(el);
  const zr = inst && inst.getZr();
  return !zr || (zr.animation.isFinished() && !zr._needsRefresh);
})`

// browserSettleJS waits two animation frames so that a chart's first paint is on the
// canvas; the timeout covers a page that gets no frames.
const browserSettleJS = `new Promise(r => { requestAnimationFrame(() => requestAnimationFrame(() => r(true))); setTimeout(() => r(true), 500); })`

// openInBrowser opens the file at path (absolute or relative) in headless Chromium, waits until load plus until every chart has an ECharts instance (poll up to 10 s), optionally saves a PNG screenshot of the full page to shot (if shot != ""), at a 1366x768 viewport, and returns what it found. It skips the test with a clear message when no chromium binary is found, unless the environment has CI=true, in which case it fails the test.
func openInBrowser(t *testing.T, path, shot string) browserPage {
	t.Helper()
	return openInBrowserShot(t, path, shot, "")
}

// openInBrowserShot is openInBrowser with the screenshot of the element
// the CSS selector sel finds, whole even where it runs beyond the
// viewport, instead of the full page when sel is not empty.
func openInBrowserShot(t *testing.T, path, shot, sel string) browserPage {
	t.Helper()
	bin := browserBinary()
	if bin == "" {
		msg := "no headless browser: none of " + strings.Join(browserBinaries, ", ") +
			" is on PATH; install one (Debian: apt-get install chromium) to run the browser tests"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true, so this fails instead of skipping)")
		}
		t.Skip(msg)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		t.Fatal(err)
	}
	fileURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()

	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox, // tests run as root in containers, where Chromium refuses to start sandboxed
		chromedp.WindowSize(browserViewportW, browserViewportH),
	)...)
	defer cancelAlloc()
	tctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	// The first Do starts the browser and binds its life to tctx, so the
	// deadline goes on a context derived after it, not on this one.
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	ctx, cancel := context.WithTimeout(tctx, browserDeadline)
	defer cancel()

	var (
		mu       sync.Mutex
		errs     []string
		urls     = map[cdpnetwork.RequestID]string{}
		closed   bool
		handlers sync.WaitGroup
	)
	addErr := func(format string, args ...any) {
		mu.Lock()
		errs = append(errs, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	// The listener runs on the goroutine that reads the browser's messages, so
	// it must not send commands itself: dismissing a dialog happens on its own
	// goroutine. Until it is dismissed, alert() stalls the page and Navigate
	// never returns.
	dismiss := func() {
		mu.Lock()
		defer mu.Unlock()
		if closed {
			return
		}
		handlers.Go(func() {
			_, err := chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
			if err != nil && ctx.Err() == nil {
				addErr("dismissing dialog: %v", err)
			}
		})
	}
	err = chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *cdpruntime.EventExceptionThrown:
			addErr("exception: %s", browserExceptionText(e.ExceptionDetails))
		case *cdpruntime.EventConsoleAPICalled:
			if e.Type == cdpruntime.ConsoleAPICalledTypeError || e.Type == cdpruntime.ConsoleAPICalledTypeAssert {
				addErr("console.%s: %s", e.Type, browserArgsText(e.Args))
			}
		case *cdplog.EventEntryAdded:
			if e.Entry != nil && e.Entry.Level == cdplog.EntryLevelError {
				addErr("log %s: %s%s", e.Entry.Source, e.Entry.Text, browserAt(e.Entry.URL))
			}
		case *cdppage.EventJavascriptDialogOpening:
			addErr("dialog: %s %q", e.Type, e.Message)
			dismiss()
		case *cdpnetwork.EventRequestWillBeSent:
			if e.Request == nil {
				return
			}
			mu.Lock()
			urls[e.RequestID] = e.Request.URL
			mu.Unlock()
			if !browserLocalURL(e.Request.URL) {
				addErr("network request to %s", browserShortURL(e.Request.URL))
			}
		case *cdpnetwork.EventWebSocketCreated:
			addErr("network request to %s", browserShortURL(e.URL))
		case *cdpnetwork.EventLoadingFailed:
			mu.Lock()
			u := urls[e.RequestID]
			mu.Unlock()
			// Remote requests are already reported above; a missing local
			// file or a broken data: URL is only visible here.
			if !e.Canceled && browserLocalURL(u) {
				addErr("request failed: %s: %s", browserShortURL(u), e.ErrorText)
			}
		}
	})
	if err != nil {
		t.Fatalf("listening to the browser: %v", err)
	}
	// Collect errors even when a step below fails, so the failure message
	// says what the page did.
	finish := func() []string {
		cancel()
		mu.Lock()
		closed = true
		mu.Unlock()
		handlers.Wait()
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
	fail := func(step string, err error) {
		t.Helper()
		t.Fatalf("%s %s: %v; page errors so far: %q", step, path, err, finish())
	}

	offline := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		// An empty URL pattern matches every request. cdproto v0.159 has only
		// the rule-based form (Network.emulateNetworkConditions is
		// deprecated), and puts offline in each rule; Chromium 148 wants it
		// beside the rules and refuses the call without it, so the
		// parameters are ours.
		if _, err := cdp.Call(ctx, tg, emulateOfflineByRule, offlineByRuleParams{
			Offline:                  true,
			MatchedNetworkConditions: []*cdpnetwork.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			return fmt.Errorf("emulating offline: %w", err)
		}
		if _, err := cdp.Call(ctx, tg, cdpnetwork.OverrideNetworkState, cdpnetwork.OverrideNetworkStateParams{
			Offline: true, DownloadThroughput: -1, UploadThroughput: -1,
		}); err != nil {
			return fmt.Errorf("setting navigator.onLine: %w", err)
		}
		// Blocking as well, in case a Chromium build ignores the emulation
		// for some kind of request.
		var block []*cdpnetwork.BlockPattern
		for _, scheme := range []string{"http", "https", "ws", "wss"} {
			block = append(block, &cdpnetwork.BlockPattern{URLPattern: scheme + "://*:*/*", Block: true})
		}
		if _, err := cdp.Call(ctx, tg, cdpnetwork.SetBlockedURLs, cdpnetwork.SetBlockedURLsParams{URLPatterns: block}); err != nil {
			return fmt.Errorf("blocking URLs: %w", err)
		}
		return nil
	})
	if err := chromedp.Do(ctx,
		offline,
		chromedp.EmulateViewport(browserViewportW, browserViewportH),
		chromedp.Navigate(fileURL),
	); err != nil {
		fail("navigating to", err)
	}

	var got browserPage
	loadMS, err := chromedp.Run(ctx, chromedp.Poll[float64](browserLoadTimeJS,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(browserChartWait)))
	if err != nil {
		fail("waiting for the load event of", err)
	}
	got.Load = time.Duration(loadMS * float64(time.Millisecond))

	_, err = chromedp.Run(ctx, chromedp.Poll[bool](browserChartsReadyJS,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(browserChartWait)))
	switch {
	case errors.Is(err, chromedp.ErrPollingTimeout):
		// Not fatal: Rendered < Charts tells the caller, and Errors usually says why.
		t.Logf("%s: not every chart had an ECharts instance after %v", path, browserChartWait)
	case err != nil:
		fail("waiting for the charts of", err)
	}
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](browserChartsIdleJS,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(browserAnimationWait)))
	switch {
	case errors.Is(err, chromedp.ErrPollingTimeout):
		// A chart that animates for ever is still drawn; only the screenshot
		// may catch it mid-frame.
		t.Logf("%s: charts still animating after %v", path, browserAnimationWait)
	case err != nil:
		fail("waiting for the chart animations of", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](browserSettleJS, chromedp.EvalAwaitPromise)); err != nil {
		fail("waiting for a frame in", err)
	}

	facts, err := chromedp.Run(ctx, chromedp.Evaluate[browserFacts](browserFactsJS))
	if err != nil {
		fail("reading", err)
	}
	got.Charts, got.Rendered, got.Cells, got.Text = facts.Charts, facts.Rendered, facts.Cells, facts.Text
	got.Drawn = time.Duration(facts.DrawnMS * float64(time.Millisecond))
	if got.Cells == nil {
		got.Cells = map[string]string{}
	}

	if shot != "" {
		// Quality 100 is what makes FullScreenshot produce PNG; anything else is JPEG.
		capture := chromedp.FullScreenshot(100)
		if sel != "" {
			capture = chromedp.Screenshot(chromedp.CSS(sel))
		}
		buf, err := chromedp.Run(ctx, capture)
		if err != nil {
			fail("taking a screenshot of", err)
		}
		if err := os.WriteFile(shot, buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	got.Errors = finish()
	return got
}

func browserExceptionText(d *cdpruntime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	s := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		// Description is "SyntaxError: Unexpected token ';'" plus the stack;
		// Text alone is only "Uncaught".
		desc, _, _ := strings.Cut(d.Exception.Description, "\n")
		s += " " + desc
	}
	return fmt.Sprintf("%s (line %d:%d%s)", s, d.LineNumber+1, d.ColumnNumber+1, browserAt(d.URL))
}

func browserArgsText(args []*cdpruntime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a == nil:
		case a.Type == cdpruntime.RemoteObjectTypeString && len(a.Value) > 0:
			var s string
			if err := json.Unmarshal(a.Value, &s); err == nil {
				parts = append(parts, s)
			} else {
				parts = append(parts, string(a.Value))
			}
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		case a.UnserializableValue != "":
			parts = append(parts, string(a.UnserializableValue))
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

func browserLocalURL(u string) bool {
	return strings.HasPrefix(u, "file:") || strings.HasPrefix(u, "data:")
}

// browserShortURL keeps error messages readable when a page loads a large data: URL.
func browserShortURL(u string) string {
	if len(u) > 200 {
		return u[:200] + "…"
	}
	return u
}

func browserAt(u string) string {
	if u == "" {
		return ""
	}
	return " at " + browserShortURL(u)
}

// TestBrowserHelperCatchesBrokenPages checks openInBrowser itself: that it
// sees a drawn chart, that it reports what a broken page does instead of
// hanging on it, and that an initialised but empty chart is not "rendered".
func TestBrowserHelperCatchesBrokenPages(t *testing.T) {
	const chart = `<div class="item chart" id="c1" style="width:600px;height:300px"></div>`
	const drawLine = `<script>
const c1 = echarts.init(document.getElementById('c1'));
c1.setOption({xAxis: {type: 'category', data: ['a', 'b', 'c', 'd']}, yAxis: {type: 'value'},
  series: [{type: 'line', data: [1, 3, 2, 4]}]});
</script>`
	const cells = `<table><tr><td data-cell="0/x" data-mean="1.5">1.50</td><td data-cell="1/wait p95" data-mean="12.25">12.3</td></tr></table>`
	write := func(name, body string) string {
		html := "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + name + "</title>\n<script>" +
			echartsJS + "</script>\n</head><body>\n" + body + "\n</body></html>\n"
		p := filepath.Join(t.TempDir(), name+".html")
		if err := os.WriteFile(p, []byte(html), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	t.Run("good", func(t *testing.T) {
		shot := filepath.Join(t.TempDir(), "good.png")
		got := openInBrowser(t, write("good", chart+drawLine+cells), shot)
		if len(got.Errors) != 0 {
			t.Errorf("errors on a good page: %q", got.Errors)
		}
		if got.Charts != 1 || got.Rendered != 1 {
			t.Errorf("Charts, Rendered = %d, %d; want 1, 1", got.Charts, got.Rendered)
		}
		if got.Cells["0/x"] != "1.5" || got.Cells["1/wait p95"] != "12.25" || len(got.Cells) != 2 {
			t.Errorf("Cells = %q", got.Cells)
		}
		if !strings.Contains(got.Text, "1.50") {
			t.Errorf("Text %q lacks the table", got.Text)
		}
		if got.Load <= 0 || got.Load > browserDeadline {
			t.Errorf("Load = %v", got.Load)
		}
		data, err := os.ReadFile(shot)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("screenshot is not a PNG: %v", err)
		}
		if w := img.Bounds().Dx(); w != browserViewportW {
			t.Errorf("screenshot is %d px wide, want the %d px viewport", w, browserViewportW)
		}
		t.Logf("load %v, screenshot %d bytes %v", got.Load, len(data), img.Bounds().Size())
	})

	t.Run("bad", func(t *testing.T) {
		body := chart + drawLine + `
<script>let option = ;</script>
<script>console.error('boom', 42);</script>
<script>alert(1)</script>
<img src="http://example.com/x.png">` + cells
		start := time.Now()
		got := openInBrowser(t, write("bad", body), "")
		if d := time.Since(start); d > browserDeadline/2 {
			t.Errorf("took %v; the dialog probably blocked the page until a timeout", d)
		}
		for _, want := range []string{
			"exception: Uncaught SyntaxError",
			"console.error: boom 42",
			`dialog: alert "1"`,
			"network request to http://example.com/x.png",
		} {
			if !browserHasPrefix(got.Errors, want) {
				t.Errorf("errors lack %q: %q", want, got.Errors)
			}
		}
		// The chart's own script ran before the broken one.
		if got.Charts != 1 || got.Rendered != 1 {
			t.Errorf("Charts, Rendered = %d, %d; want 1, 1", got.Charts, got.Rendered)
		}
		t.Logf("errors: %q", got.Errors)
	})

	// example.com is unreachable from most test machines anyway, so the bad
	// page cannot tell "reported" from "blocked"; a server that counts its
	// hits can.
	t.Run("offline", func(t *testing.T) {
		var hits atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
		defer srv.Close()
		body := `<img src="` + srv.URL + `/x.png"><script src="` + srv.URL + `/x.js"></script>
<script>fetch('` + srv.URL + `/api').catch(() => {});</script>`
		got := openInBrowser(t, write("offline", body), "")
		if n := hits.Load(); n != 0 {
			t.Errorf("the page reached the network: %d requests got through", n)
		}
		for _, p := range []string{"/x.png", "/x.js", "/api"} {
			if want := "network request to " + srv.URL + p; !browserHasPrefix(got.Errors, want) {
				t.Errorf("errors lack %q: %q", want, got.Errors)
			}
		}
	})

	t.Run("blank", func(t *testing.T) {
		body := chart + `<script>echarts.init(document.getElementById('c1')).setOption({});</script>`
		got := openInBrowser(t, write("blank", body), "")
		if len(got.Errors) != 0 {
			t.Errorf("errors: %q", got.Errors)
		}
		if got.Charts != 1 || got.Rendered != 0 {
			t.Errorf("Charts, Rendered = %d, %d; want 1, 0 (an empty option draws nothing)", got.Charts, got.Rendered)
		}
	})
}

func browserHasPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
