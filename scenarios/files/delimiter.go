package files

import "bytes"

// Delimiter guesses the field delimiter of a CSV file from its head: of
// tab, semicolon and comma, the one its first line holds most of (a
// comma when none), skipping blank lines and comments (#). Spreadsheets
// write CSV with semicolons where the comma is the decimal point, and
// exports come with tabs; every CSV peaksim reads (traces, contact logs,
// actuals) is read this way.
func Delimiter(head []byte) rune {
	for line := range bytes.SplitSeq(head, []byte("\n")) {
		if t := bytes.TrimSpace(line); len(t) == 0 || t[0] == '#' {
			continue
		}
		best, n := ',', bytes.Count(line, []byte(","))
		for _, d := range []byte{';', '\t'} {
			if k := bytes.Count(line, []byte{d}); k > n {
				best, n = rune(d), k
			}
		}
		return best
	}
	return ','
}
