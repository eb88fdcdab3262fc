package reports

import (
	"math"
	"strconv"
	"strings"
)

// safeLabel makes a name from a scenario file (scenario, team, channel,
// key date) safe to give go-echarts. go-echarts writes chart options into a
// <script> without HTML escaping, and rewrites every "__f__" on the page
// into raw JavaScript; ECharts then puts names into tooltips and legends as
// HTML. So the characters that could end a script or start markup are
// replaced by look-alikes that are only text, and "__f__" is broken up,
// which keeps a hostile name readable for what it is.
func safeLabel(s string) string {
	s = labelReplacer.Replace(s)
	for strings.Contains(s, "__f__") {
		s = strings.ReplaceAll(s, "__f__", "_\u2009_f_\u2009_")
	}
	return s
}

var labelReplacer = strings.NewReplacer(
	"<", "‹", ">", "›", "&", "＆", `"`, "”", "'", "’", "`", "ʼ", `\`, "∖",
	"\n", " ", "\r", " ", "\t", " ", "\u2028", " ", "\u2029", " ",
)

// chartValue returns v as ECharts wants it in a data item: the number,
// rounded to 5 significant digits (more would only make the page bigger),
// or "-", ECharts' mark of a missing value, for NaN and ±Inf. go-echarts
// drops an option that fails to encode and leaves a broken script in its
// place, so no NaN may reach it.
func chartValue(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return round5(v)
}

func round5(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 5, 64), 64)
	return r
}
